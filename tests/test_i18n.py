"""The English catalogue is complete, and an English page shows no Chinese of its own.

Three guards, each naming what it finds so that the fix is obvious:
- the catalogue has no untranslated or fuzzy entry, keeps every placeholder, and is compiled;
- every Chinese string marked for translation in the code is in the catalogue (a string added
  after the last `scripts/i18n.sh` run fails here until it is extracted and translated);
- pages rendered in English on ASCII-named data contain no CJK character at all, so any
  Chinese on them is a string that escaped translation.
"""

import ast
import collections
import datetime as dt
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import override
from django.utils.translation.template import templatize

from tests.conftest import rows_kept_for_the_module

PACKAGE = Path(settings.BASE_DIR)
PO_PATH = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
# Han characters: on an English page built from ASCII data, any one is an untranslated string.
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# CJK punctuation (、。〔〕) and full-width forms (（），：): Chinese typography leaking into English.
# The ideographic space U+3000 is left out: unit menus indent the tree with it.
CJK_PUNCT = re.compile(r"[\u3001-\u303f\uff00-\uffef]")
CJK = re.compile(f"{HAN.pattern}|{CJK_PUNCT.pattern}")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)[sdif]|%%")
GETTEXT_NAMES = {"_", "_l", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy",
                 "pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}


def _catalogue() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def _live(po):
    return [e for e in po if not e.obsolete]


# --- (a) the catalogue itself -------------------------------------------------------------

def test_catalogue_has_no_untranslated_entries():
    missing = [e.msgid for e in _live(_catalogue()) if not e.translated() and "fuzzy" not in e.flags]
    assert not missing, (f"{len(missing)} msgids have no English yet; run scripts/i18n.sh and translate them:\n"
                         + "\n".join(missing))


def test_catalogue_has_no_fuzzy_entries():
    fuzzy = [f"{e.msgid} -> {e.msgstr}" for e in _live(_catalogue()) if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy entries are guesses by msgmerge; check them and drop the flag:\n" + "\n".join(fuzzy)


def test_translations_keep_every_placeholder():
    def ph(text):
        return collections.Counter(PLACEHOLDER.findall(text))

    wrong = []
    for e in _live(_catalogue()):
        if e.msgid_plural:
            # English singular may drop nothing either: "%(n)s line" still names the count.
            pairs = [(e.msgid, e.msgstr_plural.get(0, "")), (e.msgid_plural, e.msgstr_plural.get(1, ""))]
        else:
            pairs = [(e.msgid, e.msgstr)]
        wrong += [f"{src!r} -> {dst!r}" for src, dst in pairs if dst and ph(src) != ph(dst)]
    assert not wrong, "placeholders differ between msgid and msgstr:\n" + "\n".join(wrong)


def test_english_catalogue_is_english():
    """A msgstr that is still Chinese is a copy, not a translation; the few deliberate ones are
    examples of Chinese data the user has to type (document numbers, plan numbering)."""
    chinese = [e.msgid for e in _live(_catalogue())
               if e.msgstr and CJK.search(e.msgstr) and not _is_deliberate_chinese(e)]
    assert not chinese, "msgstrs still in Chinese:\n" + "\n".join(chinese)


# Kept in Chinese on purpose: the language's own name in the language menu, and the weekday
# as the State Council notice prints it (core/holidays.py fills {d} with 一…日 from the notice).
KEPT_CHINESE = {"简体中文", "周{d}"}


def _is_deliberate_chinese(entry) -> bool:
    """Deliberate: an English sentence quoting Chinese the user has to type or will meet in the
    data (a document number, plan numbering, a column name), or one of KEPT_CHINESE."""
    if entry.msgid in KEPT_CHINESE:
        return True
    english = PLACEHOLDER.sub("", CJK.sub("", entry.msgstr))
    return len(re.findall(r"[A-Za-z]", english)) >= 2


def test_compiled_catalogue_matches_the_po_file():
    """CI has no gettext, so the .mo is committed: it must be rebuilt whenever the .po changes."""
    assert MO_PATH.exists(), "django.mo is missing; run scripts/i18n.sh --compile"
    compiled = {(e.msgctxt, e.msgid): (e.msgstr or dict(e.msgstr_plural)) for e in polib.mofile(str(MO_PATH))}
    stale = []
    for e in _live(_catalogue()):
        if not e.translated() or "fuzzy" in e.flags:
            continue
        want = e.msgstr if not e.msgid_plural else {int(k): v for k, v in e.msgstr_plural.items()}
        got = compiled.get((e.msgctxt, e.msgid))
        if isinstance(got, dict):
            got = {int(k): v for k, v in got.items()}
        if got != want:
            stale.append(e.msgid)
    assert not stale, "django.mo is older than django.po; run scripts/i18n.sh --compile. Differs: " + ", ".join(stale[:20])


# --- (b) every Chinese string in the code is in the catalogue ------------------------------

def _python_strings(path: Path):
    """(line, context, msgid) of every literal passed to a gettext function; ast joins implicit concatenation."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if name not in GETTEXT_NAMES:
            continue
        literals = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args]
        if name.startswith(("pgettext", "npgettext")):
            context, msgids = (literals[0] if literals else None), literals[1:2]
        else:
            context, msgids = None, literals[:1]
        if name.startswith(("ngettext", "npgettext")):
            msgids = literals[1 if context is not None else 0:][:2]
        for msgid in msgids:
            if msgid:
                yield node.lineno, context, msgid


# Django's own template-to-gettext converter (what makemessages feeds xgettext) turns
# {% translate %}, {% blocktranslate %} (with its %(var)s and plural) and _("…") into calls.
_TEMPLATE_CALL = re.compile(
    r"\b(gettext|pgettext|ngettext|npgettext|_)\(\s*((?:u?'(?:[^'\\]|\\.)*'|u?\"(?:[^\"\\]|\\.)*\")"
    r"(?:\s*,\s*(?:u?'(?:[^'\\]|\\.)*'|u?\"(?:[^\"\\]|\\.)*\"))*)", re.S)
_LITERAL = re.compile(r"u?'(?:[^'\\]|\\.)*'|u?\"(?:[^\"\\]|\\.)*\"", re.S)


def _template_strings(path: Path):
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for match in _TEMPLATE_CALL.finditer(code):
        line = code.count("\n", 0, match.start()) + 1
        literals = [ast.literal_eval(s.lstrip("u")) for s in _LITERAL.findall(match.group(2))]
        func = match.group(1)
        context = literals.pop(0) if func in ("pgettext", "npgettext") else None
        for msgid in literals[: 2 if func.startswith(("ngettext", "npgettext")) else 1]:
            yield line, context, msgid


def _source_files():
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE)
        if "locale" in rel.parts or "vendor" in rel.parts or "__pycache__" in rel.parts or not path.is_file():
            continue
        if path.suffix == ".py":
            yield rel, _python_strings(path)
        elif path.suffix in (".html", ".txt") and "templates" in rel.parts:
            yield rel, _template_strings(path)


def test_every_chinese_string_in_the_code_is_in_the_catalogue():
    known = set()
    for e in _catalogue():
        if not e.obsolete:
            known.add((e.msgctxt or None, e.msgid))
            if e.msgid_plural:
                known.add((e.msgctxt or None, e.msgid_plural))
    missing, scanned = [], 0
    for rel, strings in _source_files():
        for line, context, msgid in strings:
            if not CJK.search(msgid):
                continue
            scanned += 1
            if (context, msgid) not in known:
                missing.append(f"fazhi/{rel}:{line}: {msgid}")
    assert scanned > 500, f"the scan found only {scanned} strings; the patterns no longer match the code"
    assert not missing, (f"{len(missing)} translatable strings are not in the English catalogue; run "
                         "scripts/i18n.sh and translate them:\n" + "\n".join(missing))


def test_scanner_reads_every_form_of_marking(tmp_path):
    """The scan must see what makemessages sees, or the test above proves nothing."""
    py = tmp_path / "m.py"
    py.write_text('from django.utils.translation import gettext_lazy as _l, ngettext, pgettext\n'
                  'A = _("甲")\nB = _l("乙" "丙")\nC = ngettext("一个", "多个", 2)\nD = pgettext("ctx", "丁")\n',
                  encoding="utf-8")
    html = tmp_path / "t.html"
    html.write_text('{% load i18n %}{% translate "戊" %}{% trans \'己\' %}\n'
                    '{% blocktranslate trimmed with n=x %}\n  共 {{ n }} 条\n{% endblocktranslate %}\n'
                    '{% blocktranslate count c=k %}{{ c }} 行{% plural %}{{ c }} 行们{% endblocktranslate %}\n'
                    '{{ v|default:_("庚") }}', encoding="utf-8")
    assert [s[1:] for s in _python_strings(py)] == [
        (None, "甲"), (None, "乙丙"), (None, "一个"), (None, "多个"), ("ctx", "丁")]
    assert [s[1:] for s in _template_strings(html)] == [
        (None, "戊"), (None, "己"), (None, "共 %(n)s 条"), (None, "%(c)s 行"), (None, "%(c)s 行们"), (None, "庚")]


# --- (c) pages in English show no Chinese ---------------------------------------------------

# The language menu names each language in itself; "简体中文" is right on an English page.
LANGUAGE_OPTION = re.compile(r"<option[^>]*>\s*简体中文\s*</option>")
# <code> shows input exactly as it must be typed, e.g. a line of the State Council's Chinese notice.
CODE = re.compile(r"<code>.*?</code>", re.S)

# Pages whose templates or models put Chinese punctuation outside the translated strings
# ("{% translate "X" %}：", "、".join(...)). The fix belongs in those files (a translated
# separator such as _("、") -> ", " and _("：") -> ": "); once fixed, the test says to drop the entry.
KNOWN_PUNCTUATION = {
    "campaigns:detail": "campaigns/models.py get_opens_display/get_applies_to_display join with 、",
    "campaigns:assignment": "campaigns/templates/campaigns/assignment_detail.html: {% translate %}：",
    "campaigns:unit": "campaigns/templates/campaigns/unit_detail.html: 下级单位：outside {% translate %}",
    "audit:list": "audit/templates/audit/list.html: （{{ n }}） and name（username）",
}


def _deliberate_fragments():
    """Catalogue msgstrs that contain Chinese on purpose, as they appear on a page."""
    texts = {e.msgstr for e in _live(_catalogue()) if e.msgstr and CJK.search(e.msgstr) and _is_deliberate_chinese(e)}
    return sorted(texts | {escape(t) for t in texts}, key=len, reverse=True)


def _found(pattern, html: str) -> list[str]:
    """One snippet of context per run of matches, so that the report points at the string."""
    found, end = [], -1
    for m in pattern.finditer(html):
        if m.start() < end:
            continue
        end = m.end() + 60
        found.append(html[max(0, m.start() - 60): end].replace("\n", " "))
    return found


def _visible(html: str) -> str:
    html = CODE.sub("", LANGUAGE_OPTION.sub("", html))
    for text in _deliberate_fragments():
        html = html.replace(text, "")
    return html


@pytest.fixture(scope="module")
def _world_rows(django_db_setup, django_db_blocker):
    yield from rows_kept_for_the_module(django_db_blocker, _build_world)


@pytest.fixture
def world(db, _world_rows):
    """A small campaign whose every name is ASCII, built through the services like real data,
    once for the module's pages (each test's writes are rolled back after it)."""
    return _world_rows


def _build_world():
    from fazhi.campaigns import services as cs
    from fazhi.campaigns.choices import CampaignStatus, DemoLevel
    from fazhi.ledger.models import ProblemCategory
    from fazhi.org.choices import Role, UnitKind
    from tests.factories import UnitFactory, person_with_role

    # The ledger's migration seeds its category list in Chinese; categories are data, so rename them.
    for category in ProblemCategory.objects.all():
        category.name = f"Category {category.pk}"
        category.save(update_fields=["name"])
    city = UnitFactory(name="City Health Commission", short_name="City", kind=UnitKind.ADMIN_DEPT)
    county = UnitFactory(name="North County Bureau", short_name="North County", kind=UnitKind.ADMIN_DEPT, parent=city)
    other = UnitFactory(name="South County Bureau", short_name="South County", kind=UnitKind.ADMIN_DEPT, parent=city)
    hospital = UnitFactory(name="North County Hospital", kind=UnitKind.INSTITUTION, parent=county)
    UnitFactory(name="North County Service Window", kind=UnitKind.WINDOW, parent=county)
    office = person_with_role(Role.OFFICE, city, "office")
    office.name = "Office Clerk"
    office.save()
    liaison = person_with_role(Role.LIAISON, county, "liaison")
    liaison.name = "County Liaison"
    liaison.save()
    o, li = office.user, liaison.user

    today = dt.date.today()
    start, end = today - dt.timedelta(days=60), today + dt.timedelta(days=300)
    campaign = cs.campaign_create(actor=o, issuer=city, title="Rule of Law Year", year=today.year,
                                  doc_number="CHC-2018-3", start_date=start, end_date=end,
                                  status=CampaignStatus.ACTIVE)
    cs.phase_create(actor=o, campaign=campaign, name="Mobilisation", start=start, end=start + dt.timedelta(days=20))
    cs.phase_create(actor=o, campaign=campaign, name="Implementation", start=start + dt.timedelta(days=21), end=end,
                    order=1, opens=["progress", "self_assessment", "inspection", "nomination"])
    # The audit row keeps the quota's name as it read when written (its level's label in the
    # writer's language): data, like the names above, so written here by an English-speaking office.
    with override("en"):
        cs.quota_create(actor=o, campaign=campaign, level=DemoLevel.INSTITUTION, count=2, scope=city, per_child=True)
    head = cs.task_create(actor=o, campaign=campaign, label="1.", heading="Decision making")
    tasks = [cs.task_create(actor=o, campaign=campaign, parent=head, label=f"({i})", heading=f"Task {i}",
                            text=f"Do the work number {i}.", level=2, order=i) for i in range(1, 5)]
    made = {}
    for i, task in enumerate(tasks):
        due = today - dt.timedelta(days=5) if i == 0 else today + dt.timedelta(days=2 if i == 1 else 90)
        made[i] = cs.assignments_create(actor=o, task=task, units=[county, other, hospital], due_date=due)[0]
    own = next(a for a in made[3] if a.unit == county)
    pdf = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    first = cs.progress_report_submit(actor=li, assignment=own, text="First draft of the rules.", progress=50,
                                      files=[pdf])
    cs.progress_report_review(actor=o, report=first, accept=False, comment="Please add the signed minutes.")
    cs.progress_report_submit(actor=li, assignment=own, text="Minutes added.", progress=100)
    done = next(a for a in made[2] if a.unit == county)
    cs.progress_report_review(actor=o, report=cs.progress_report_submit(
        actor=li, assignment=done, text="Finished.", progress=100), accept=True)
    return dict(city=city, county=county, hospital=hospital, campaign=campaign, own=own,
                office=o, liaison=li, office_person=office)


def _english_client(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


# (who, url name, args from the world): the pages of campaigns, org, core and audit first,
# then those of the other apps that exist.
PAGES = [
    (None, "login", lambda w: ()),
    ("office", "home", lambda w: ()),
    ("liaison", "home", lambda w: ()),
    ("office", "campaigns:list", lambda w: ()),
    ("office", "campaigns:create", lambda w: ()),
    ("office", "campaigns:detail", lambda w: (w["campaign"].pk,)),
    ("liaison", "campaigns:detail", lambda w: (w["campaign"].pk,)),
    ("office", "campaigns:assignments", lambda w: ()),
    ("office", "campaigns:assignment", lambda w: (w["own"].pk,)),
    ("liaison", "campaigns:assignment", lambda w: (w["own"].pk,)),
    ("office", "campaigns:unit", lambda w: (w["county"].pk,)),
    ("office", "planimport:start", lambda w: ()),
    ("office", "org:units", lambda w: ()),
    ("office", "org:unit_create", lambda w: ()),
    ("office", "org:unit_edit", lambda w: (w["county"].pk,)),
    ("office", "org:people", lambda w: ()),
    ("office", "org:person_create", lambda w: ()),
    ("office", "org:person", lambda w: (w["office_person"].pk,)),
    ("office", "org:units_import", lambda w: ()),
    ("office", "org:people_import", lambda w: ()),
    ("office", "org:totp", lambda w: ()),
    ("office", "password_change", lambda w: ()),
    ("office", "audit:list", lambda w: ()),
    ("office", "core:holidays", lambda w: ()),
    ("office", "core:holiday_import", lambda w: ()),
    ("office", "assessment:rounds", lambda w: ()),
    ("office", "assessment:rubrics", lambda w: ()),
    ("office", "ledger:list", lambda w: ()),
    ("office", "ledger:create", lambda w: ()),
    ("office", "ledger:import", lambda w: ()),
    ("office", "ledger:notices", lambda w: ()),
    ("office", "ledger:plans", lambda w: ()),
    ("office", "notices:ladder_settings", lambda w: ()),
    ("office", "notices:inbox", lambda w: ()),
    ("office", "intake:inbox", lambda w: ()),
    ("office", "intake:record", lambda w: ()),
    ("office", "intake:meetings", lambda w: ()),
    ("office", "intake:channels", lambda w: ()),
    ("office", "intake:limits", lambda w: ()),
    (None, "portal:index", lambda w: ()),
    (None, "portal:submit", lambda w: ()),
    (None, "portal:lookup", lambda w: ()),
    (None, "portal:channels", lambda w: ()),
]


@pytest.mark.parametrize("who,name,args", PAGES, ids=[f"{n}-{w or 'anonymous'}" for w, n, _a in PAGES])
def test_english_page_shows_no_chinese(world, who, name, args):
    url = reverse(name, args=args(world))
    response = _english_client(world[who] if who else None).get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    html = response.content.decode()
    assert '<html lang="en"' in html, f"{url} was not rendered in English"
    visible = _visible(html)
    han = _found(HAN, visible)
    assert not han, f"untranslated Chinese on {url}:\n" + "\n".join(han)
    punctuation = _found(CJK_PUNCT, visible)
    if name in KNOWN_PUNCTUATION:
        assert punctuation, f"{url} is clean now: drop {name!r} from KNOWN_PUNCTUATION"
    else:
        assert not punctuation, f"Chinese punctuation outside translated strings on {url}:\n" + "\n".join(punctuation)


def test_english_page_after_a_refused_form(world):
    """Error messages shown after bad input are part of the chrome too."""
    client = _english_client(world["liaison"])
    url = reverse("campaigns:report_submit", args=[world["own"].pk])
    response = client.post(url, {"text": "", "progress": "150"})
    html = response.content.decode()
    assert response.status_code in (200, 400) and '<html lang="en"' in html
    assert not _found(HAN, _visible(html))


def test_chinese_stays_the_default(world):
    """No cookie, no header: the product speaks Chinese first."""
    client = Client()
    client.force_login(world["office"])
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="zh-hans"' in html and "工作台" in html


def test_messages_module_strings_translate():
    """Error constants are lazy: the same object reads in the language active where it is shown."""
    from fazhi.campaigns import messages as m

    with override("en"):
        assert not HAN.search(str(m.RETURN_REASON_REQUIRED))
    with override("zh-hans"):
        assert HAN.search(str(m.RETURN_REASON_REQUIRED))
