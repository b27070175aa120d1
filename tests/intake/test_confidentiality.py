"""The Must-show crawl: a known name, phone and address are planted on a case; then every
route (named URL pattern) of the product, every export and every API list and detail is fetched
as each role other than the receiving office's intake role, and none of the three appears
anywhere (also not inside the zipped Excel and Word files).

What is sampled, and why. A route with no parameter is fetched once. A route with parameters is
fetched with a bounded number of instances: the candidate values are the planted case and what
hangs on it (its reply, its attachment, the unit it was routed to, the unit that received it),
a meeting and a channel; the case's number for a case-number parameter; each export format.
They are tried in an order chosen by the word in front of the parameter in the route's path
("attachments/<pk>" tries the planted attachment first, "units/<pk>" the planted case's unit,
"intake/<pk>" and "submissions/<pk>" the planted case, "replies/<reply_pk>" its reply, and so
on), and the route's crawl stops at its first answer that is not a 404: that instance (or the
refusal, redirect or 405 the role gets) is the route's sample. So each route that can show the
reporter's case is fetched with the planted case itself, or with its reply, attachment or unit,
and the crawl no longer fetches hundreds of other objects' pages of the same route; which pages
of the planted case must be among the samples is asserted below (`MUST_FETCH`).

The API: the intake resources and the portal's API are fetched as their browsable HTML page,
which carries the JSON answer verbatim plus the forms; every other resource as JSON. Each URL
is fetched once per reader."""

import io
import itertools
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

from fazhi.audit.models import AuditEntry
from fazhi.demo.files import png_bytes
from fazhi.intake import services
from fazhi.intake.models import Attachment, Channel, Meeting, Reply
from fazhi.org.models import Unit

from .conftest import KNOWN_NAME, KNOWN_PHONE

KNOWN_IP = "198.51.100.77"
SECRETS = [KNOWN_NAME, KNOWN_PHONE, KNOWN_IP]
pytestmark = pytest.mark.django_db
# A route whose combinations of candidates all answer 404 is given up after this many.
MAX_TRIES = 40


def patterns(resolver=None, prefix="", path=""):
    """(route name, its path pattern as text, its URL pattern) for every named route."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from patterns(p, ns, path + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name, path + str(p.pattern), p.pattern


def texts(content: bytes) -> str:
    """The response as text; a zip (xlsx, docx) as the text of all its members."""
    if content[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as z:
                return "".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist())
        except zipfile.BadZipFile:
            pass
    return content.decode("utf-8", "ignore")


def _kind(path: str, param: str) -> str:
    """The word naming what the parameter points at: the parameter's own name when it says
    (reply_pk, unit, case_number), else the path segment in front of it."""
    if param not in ("pk", "object_id", "id"):
        return param.removesuffix("_pk")
    before = path[:path.index(f":{param}>")].rsplit("<", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return before.lower()


def candidates(path: str, params: list, pools: dict, order: dict) -> list[dict]:
    """The parameter combinations to try for one route, the planted objects' first."""
    values = []
    for n, conv in params:
        if type(conv).__name__ in ("IntConverter", "PathConverter") and n not in pools:
            first = order.get(_kind(path, n), [])
            values.append(list(dict.fromkeys([*first, *pools["int"]])))
        else:
            values.append(pools.get(n, pools["str"]))
    return [dict(zip([n for n, _c in params], combo)) for combo in itertools.product(*values)][:MAX_TRIES]


def routes(pools: dict, order: dict) -> dict[str, list[str]]:
    """Route name -> the URLs to try for it, in order."""
    out = {}
    for name, path, pattern in patterns():
        if "logout" in name or path.startswith("i18n/"):
            continue
        params = list(getattr(pattern, "converters", {}).items())
        tries = []
        for kwargs in candidates(path, params, pools, order) if params else [{}]:
            try:
                tries.append(reverse(name, kwargs=kwargs))
            except NoReverseMatch:
                pass
        if params and not tries:
            pytest.fail(f"no values for {name} {[n for n, _c in params]}")
        if tries:
            out[name] = list(dict.fromkeys(tries))
    return out


# The browsable HTML page of an API resource holds the JSON answer itself (plus forms); it is the
# one fetched where the reporter's data lives: the intake resources and the portal's API.
BROWSABLE = ("/api/submissions/", "/api/meetings/", "/api/public/")


def _query(url: str) -> str:
    return "?format=json" if url.startswith("/api") and not url.startswith(BROWSABLE) else ""


@pytest.fixture
def planted(demo):
    User = get_user_model()
    hospital = Unit.objects.get(name="泽州县人民医院")
    photo = io.BytesIO(png_bytes(99))
    photo.name = f"{KNOWN_NAME}.png"  # a file name can carry the identity too
    sub, _pw = services.submission_submit(kind="report", text="举报该医院违规收费，请核查。", unit=hospital, name=KNOWN_NAME,
                                          phone=KNOWN_PHONE, ip=KNOWN_IP, files=[photo])
    intake, office = User.objects.get(username="intake"), User.objects.get(username="office")
    services.submission_route(actor=office, submission=sub, unit=hospital)
    services.reply_draft(actor=User.objects.get(username="liaison"), submission=sub, text="已核查，正在整改。")
    assert services.reporter_read(actor=intake, submission=sub)["name"] == KNOWN_NAME
    User.objects.create_superuser("root", password="Root-pass-1")
    return sub


# The sender's own browser, which opened the case with its password, is crawled too (None). One test
# per reader, so that the crawl spreads over the workers.
READERS = ["office", "leader", "liaison", "inspector", "reviewer", "root", None]


@pytest.mark.heavy
@pytest.mark.parametrize("username", READERS, ids=[u or "anonymous" for u in READERS])
def test_nobody_but_intake_sees_the_reporter(planted, username):
    sub = planted
    reply, attachment = Reply.objects.get(submission=sub), Attachment.objects.get(submission=sub)
    meeting, channel = Meeting.objects.order_by("pk").first(), Channel.objects.order_by("pk").first()
    units = [sub.assigned_unit_id, sub.received_by_id]
    ints = [sub.pk, reply.pk, attachment.pk, *units, meeting.pk, channel.pk]
    order = {"intake": [sub.pk], "submissions": [sub.pk], "submission": [sub.pk], "replies": [reply.pk],
             "reply": [reply.pk], "attachments": [attachment.pk], "attachment": [attachment.pk], "files": [attachment.pk],
             "units": units, "unit": units, "meetings": [meeting.pk], "meeting": [meeting.pk],
             "channels": [channel.pk], "channel": [channel.pk]}
    pools = {"int": list(dict.fromkeys(ints)), "str": [sub.case_number, str(sub.pk), "1"], "fmt": ["xlsx", "docx", "json", "csv"],
             "app_label": ["intake", "org", "audit"], "case_number": [sub.case_number], "content_type_id": ["1"]}
    targets = routes(pools, order)
    every = [u for tries in targets.values() for u in tries]
    assert any("/intake/" in u for u in every) and any("/api/" in u for u in every) and any("export" in u for u in every)
    # The planted case's own pages are each route's first try.
    must_fetch = {f"/intake/{sub.pk}/", f"/intake/{sub.pk}/replies/{reply.pk}/review/", f"/intake/attachments/{attachment.pk}/",
                  f"/api/submissions/{sub.pk}/", f"/org/units/{sub.assigned_unit_id}/edit/", f"/campaigns/units/{sub.assigned_unit_id}/",
                  f"/portal/case/{sub.case_number}/", f"/portal/case/{sub.case_number}/files/{attachment.pk}/",
                  f"/admin/intake/submission/{sub.pk}/change/", f"/admin/intake/meeting/{meeting.pk}/change/",
                  f"/admin/intake/channel/{channel.pk}/change/"}
    assert must_fetch <= {tries[0] for tries in targets.values()}, must_fetch - {tries[0] for tries in targets.values()}

    fetched, errors = [], []
    # Error pages are searched too; a server error fails the crawl (every page answers 4xx, never 5xx).
    client = Client(raise_request_exception=False)
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    for tries in targets.values():
        for url in tries:
            r = client.get(url + _query(url), HTTP_ACCEPT="text/html,application/json")
            body = texts(r.content if not getattr(r, "streaming", False) else b"".join(r.streaming_content))
            for secret in SECRETS:
                assert secret not in body, f"{secret} leaked to {username} at {url}{_query(url)} ({r.status_code})"
            fetched.append(url)
            if r.status_code >= 500:
                errors.append(f"{url}{_query(url)} ({r.status_code})")
            if r.status_code != 404:
                break
    assert not errors, f"server errors for {username}: {errors}"
    assert len(fetched) == len(set(fetched)), "a URL fetched twice"
    assert len(targets) > 600 and len(fetched) >= len(targets), (len(targets), len(fetched))
    print(f"crawl as {username or 'anonymous'}: {len(targets)} routes, {len(fetched)} responses")  # shown with -s


def test_the_audit_log_keeps_the_reads_but_not_the_reporter(planted):
    """The audit log, as the office reads it, has the reads but not what was read, nor the sender's address."""
    sub = planted
    assert AuditEntry.objects.filter(action="reporter.read").exists()
    assert not AuditEntry.objects.filter(ip=KNOWN_IP).exists()
    assert not any(KNOWN_NAME in str(e.after) or KNOWN_PHONE in str(e.after) for e in AuditEntry.objects.all())
    assert KNOWN_NAME not in Attachment.objects.get(submission=sub).file.name


def test_intake_role_sees_it_and_the_read_is_audited(planted):
    intake = get_user_model().objects.get(username="intake")
    client = Client()
    client.force_login(intake)
    before = AuditEntry.objects.filter(action="reporter.read").count()
    page = client.get(reverse("intake:reporter", args=[planted.pk])).content.decode()
    assert KNOWN_NAME in page and KNOWN_PHONE in page and KNOWN_IP in page
    api = client.get(f"/api/submissions/{planted.pk}/reporter/").json()
    assert api["name"] == KNOWN_NAME
    assert AuditEntry.objects.filter(action="reporter.read").count() == before + 2
    # Never in the list or detail answers, even for the intake role.
    assert KNOWN_NAME not in client.get(f"/api/submissions/{planted.pk}/").content.decode()
    office = Client()
    office.force_login(get_user_model().objects.get(username="office"))
    assert office.get(reverse("intake:reporter", args=[planted.pk])).status_code == 403
    assert office.get(f"/api/submissions/{planted.pk}/reporter/").status_code == 403
