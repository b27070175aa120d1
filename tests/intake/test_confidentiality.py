"""The Must-show crawl: a known name, phone and address are planted on a case; then every
page, API resource and export that can be reversed with the demo objects is fetched as each
role other than the receiving office's intake role, and none of the three appears anywhere
(also not inside the zipped Excel and Word files)."""

import io
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


def patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from patterns(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name, p.pattern


def texts(content: bytes) -> str:
    """The response as text; a zip (xlsx, docx) as the text of all its members."""
    if content[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as z:
                return "".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist())
        except zipfile.BadZipFile:
            pass
    return content.decode("utf-8", "ignore")


def urls(pools: dict) -> list[str]:
    out = []
    for name, pattern in patterns():
        params = list(getattr(pattern, "converters", {}).items())
        if not params:
            try:
                out.append(reverse(name))
            except NoReverseMatch:
                pass
            continue
        names = [n for n, _c in params]
        combos = [{}]
        for n, conv in params:
            kind = "int" if type(conv).__name__ == "IntConverter" else n if n in pools else "str"
            combos = [dict(c, **{n: v}) for c in combos for v in pools.get(kind, [])]
        for kwargs in combos[:40]:
            try:
                out.append(reverse(name, kwargs=kwargs))
            except NoReverseMatch:
                pass
        if not combos:
            pytest.fail(f"no values for {name} {names}")
    return sorted(set(out))


# The API as JSON everywhere; the browsable HTML page of a resource (the same rows, plus forms) is
# fetched as well where the reporter's data lives: the intake resources and the portal's API.
BROWSABLE = ("/api/submissions/", "/api/meetings/", "/api/public/")


def _queries(url: str) -> tuple:
    if not url.startswith("/api"):
        return ("",)
    return ("", "?format=json") if url.startswith(BROWSABLE) else ("?format=json",)


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


@pytest.mark.parametrize("username", READERS, ids=[u or "anonymous" for u in READERS])
def test_nobody_but_intake_sees_the_reporter(planted, username):
    sub = planted
    ints = {sub.pk, sub.received_by_id, sub.assigned_unit_id, Reply.objects.get(submission=sub).pk,
            Meeting.objects.first().pk, Channel.objects.first().pk, Attachment.objects.get(submission=sub).pk}
    pools = {"int": sorted(ints), "str": [sub.case_number, str(sub.pk), "1"], "fmt": ["xlsx", "docx", "json", "csv"],
             "object_id": [str(sub.pk), str(Reply.objects.get(submission=sub).pk)], "app_label": ["intake", "org", "audit"],
             "case_number": [sub.case_number], "content_type_id": ["1"]}
    targets = urls(pools)
    assert any("/intake/" in u for u in targets) and any("/api/" in u for u in targets) and any("export" in u for u in targets)
    assert any(u.startswith("/api/submissions/") for u in targets)
    fetched = 0
    # Another app's error page is not this test's business; its body is still searched.
    client = Client(raise_request_exception=False)
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    for url in targets:
        if "logout" in url or "/i18n/" in url:
            continue
        for query in _queries(url):
            r = client.get(url + query, HTTP_ACCEPT="text/html,application/json")
            body = texts(r.content if not getattr(r, "streaming", False) else b"".join(r.streaming_content))
            for secret in SECRETS:
                assert secret not in body, f"{secret} leaked to {username} at {url}{query} ({r.status_code})"
            fetched += 1
    assert fetched > 300, fetched
    print(f"crawl as {username or 'anonymous'}: {len(targets)} addresses, {fetched} responses")  # shown with -s


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
