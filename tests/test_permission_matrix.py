"""One permission suite for pages and API alike: every role × (page, API) × (read, write) on
its own unit, on a sibling county and on another city.

The world: 晋城市 (the city) with two counties, 泽州县 and 高平市; 长治市, a second city.
Everyone but the liaison holds their role on 晋城市; the liaison holds it on 泽州县. Each
target unit has an open assignment (to read and to report on), a report awaiting review
with an evidence file, and a task of its campaign not yet assigned to it (to assign).

Outcomes: OK — allowed (and the write happened); DENIED — 403, nothing written; HIDDEN —
404 and absent from lists, nothing written; LOGIN — anonymous: the login page for pages,
401/403 for the API, nothing written.

Adding a page or an API call to the matrix is one entry in PAGE or API below.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from fazhi.campaigns.choices import ReportStatus
from fazhi.campaigns.models import Assignment, Evidence, ProgressReport, Task
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from tests.factories import (AssignmentFactory, CampaignFactory, PersonFactory, PhaseFactory, TaskFactory,
                             UnitFactory, person_with_role)

pytestmark = pytest.mark.django_db

OK, DENIED, HIDDEN, LOGIN, READ_NOT_LISTED = "ok", "denied", "hidden", "login", "read, list refused"
OPS = ("read", "report", "review", "assign")
TARGETS = ("own", "sibling", "foreign")  # 泽州县, 高平市, 长治市


def row(read, report, review, assign):
    return {"read": read, "report": report, "review": review, "assign": assign}


NOTHING = row(HIDDEN, HIDDEN, HIDDEN, HIDDEN)
READ_ONLY = row(OK, DENIED, DENIED, DENIED)

# role -> target -> op -> outcome; the same policy by page and by API.
EXPECTED = {
    # The city's office reads and writes everything under the city; reporting is the liaison's own work.
    "office": {"own": row(OK, DENIED, OK, OK), "sibling": row(OK, DENIED, OK, OK), "foreign": NOTHING},
    "leader": {"own": READ_ONLY, "sibling": READ_ONLY, "foreign": NOTHING},
    # The liaison of 泽州县 reports for its own county and cannot even see 高平市.
    "liaison": {"own": row(OK, OK, DENIED, DENIED), "sibling": NOTHING, "foreign": NOTHING},
    "inspector": {"own": READ_ONLY, "sibling": READ_ONLY, "foreign": NOTHING},
    "reviewer": {"own": READ_ONLY, "sibling": READ_ONLY, "foreign": NOTHING},
    "intake": {"own": READ_ONLY, "sibling": READ_ONLY, "foreign": NOTHING},
    "no grant": {"own": NOTHING, "sibling": NOTHING, "foreign": NOTHING},
    "anonymous": {t: row(LOGIN, LOGIN, LOGIN, LOGIN) for t in TARGETS},
}

# Where the expected outcome of one channel legitimately differs from the shared policy:
# (role, channel, op, target) -> outcome, with the reason.
DEVIATIONS = {
    # The assignment form checks the office role on the campaign (which the liaison sees)
    # before the unit; the API resolves the unit first, and 高平市 is invisible to the liaison.
    ("liaison", "page", "assign", "sibling"): DENIED,
    # 法制审核 and 投诉受理 do not work on assignments: the list page (任务分工) answers them 403
    # (fazhi/org/access.py), while a single assignment stays readable from the campaign's pages.
    **{(role, "page", "read", target): READ_NOT_LISTED for role in ("reviewer", "intake") for target in ("own", "sibling")},
}

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass
class Target:
    unit: Unit
    open: Assignment  # reportable
    pending: ProgressReport  # awaiting review, on another assignment of the unit
    evidence: Evidence  # a file of the pending report
    spare: Task  # a task of the campaign not yet assigned to the unit

    def written(self, op: str) -> bool:
        if op == "report":
            return ProgressReport.objects.filter(assignment=self.open).exists()
        if op == "review":
            return ProgressReport.objects.get(pk=self.pending.pk).status != ReportStatus.SUBMITTED
        if op == "assign":
            return Assignment.objects.filter(task=self.spare, unit=self.unit).exists()
        return False


def _target(campaign, unit, author) -> Target:
    open_task, reported_task, spare = (TaskFactory(campaign=campaign) for _ in range(3))
    reported = AssignmentFactory(task=reported_task, unit=unit, status="pending_review")
    pending = ProgressReport.objects.create(assignment=reported, author=author, text="已完成", progress=100)
    evidence = Evidence(report=pending, original_name="纪要.png", sha256=f"{unit.pk:064d}", mime="image/png", size=len(PNG))
    evidence.file.save(evidence.sha256, ContentFile(PNG))
    return Target(unit=unit, open=AssignmentFactory(task=open_task, unit=unit), pending=pending, evidence=evidence,
                  spare=spare)


@pytest.fixture
def world():
    city = UnitFactory(name="晋城市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    zezhou = UnitFactory(name="泽州县卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    gaoping = UnitFactory(name="高平市卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    other_city = UnitFactory(name="长治市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    other_county = UnitFactory(name="长治县卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=other_city)
    users = {role: person_with_role(role, zezhou if role == Role.LIAISON else city, role).user for role in Role.values}
    users["no grant"] = PersonFactory(unit=zezhou, user__username="nogrant").user
    users["anonymous"] = None
    author = person_with_role(Role.LIAISON, other_county).user
    ours, theirs = CampaignFactory(issuer=city), CampaignFactory(issuer=other_city)
    for campaign in (ours, theirs):
        PhaseFactory(campaign=campaign)
    targets = {"own": _target(ours, zezhou, author), "sibling": _target(ours, gaoping, author),
               "foreign": _target(theirs, other_county, author)}
    return users, targets


# --- probes: one function per (channel, op); each returns the statuses seen and, for reads,
# whether the object appeared in the list -------------------------------------------------

@dataclass
class Seen:
    statuses: list
    listed: bool | None = None
    location: str = ""


def _seen(*responses, listed=None) -> Seen:
    for r in responses:
        if r.streaming:
            # Read to the end: the test client then closes the file without ending the test's transaction.
            b"".join(r.streaming_content)
    return Seen([r.status_code for r in responses], listed, responses[0].get("Location", "") or "")


def page_read(c, t: Target) -> Seen:
    detail = c.get(reverse("campaigns:assignment", args=[t.open.pk]))
    unit = c.get(reverse("campaigns:unit", args=[t.unit.pk]))
    evidence = c.get(reverse("campaigns:evidence", args=[t.evidence.pk]))
    listing = c.get(reverse("campaigns:assignments"))
    listed = reverse("campaigns:assignment", args=[t.open.pk]) in listing.content.decode() if listing.status_code == 200 else None
    if listing.status_code == 403:
        listed = False  # a role that does not use the list page is refused it (fazhi/org/access.py)
    return _seen(detail, unit, evidence, listed=listed)


def page_report(c, t: Target) -> Seen:
    return _seen(c.post(reverse("campaigns:report_submit", args=[t.open.pk]),
                        {"text": "已制定方案", "progress": 100, "files": SimpleUploadedFile("纪要.png", PNG)}))


def page_review(c, t: Target) -> Seen:
    prefix = f"r{t.pending.pk}"
    return _seen(c.post(reverse("campaigns:report_review", args=[t.pending.pk]),
                        {f"{prefix}-decision": "accept", f"{prefix}-comment": ""}))


def page_assign(c, t: Target) -> Seen:
    return _seen(c.post(reverse("campaigns:assign", args=[t.spare.campaign_id]),
                        {"task": t.spare.pk, "mode": "units", "units": [t.unit.pk]}))


def api_read(c, t: Target) -> Seen:
    detail = c.get(f"/api/assignments/{t.open.pk}/")
    unit = c.get(f"/api/units/{t.unit.pk}/")
    report = c.get(f"/api/progress-reports/{t.pending.pk}/")
    evidence = c.get(f"/api/evidence/{t.evidence.pk}/download/")
    listing = c.get("/api/assignments/")
    listed = any(r["id"] == t.open.pk for r in listing.json()["results"]) if listing.status_code == 200 else None
    return _seen(detail, unit, report, evidence, listed=listed)


def api_report(c, t: Target) -> Seen:
    return _seen(c.post("/api/progress-reports/", {"assignment": t.open.pk, "text": "已制定方案", "progress": 100,
                                                   "files": [SimpleUploadedFile("纪要.png", PNG)]}, format="multipart"))


def api_review(c, t: Target) -> Seen:
    return _seen(c.post(f"/api/progress-reports/{t.pending.pk}/review/", {"accept": True}, format="json"))


def api_assign(c, t: Target) -> Seen:
    return _seen(c.post("/api/assignments/", {"task": t.spare.pk, "units": [t.unit.pk]}, format="json"))


PAGE = {"read": page_read, "report": page_report, "review": page_review, "assign": page_assign}
API = {"read": api_read, "report": api_report, "review": api_review, "assign": api_assign}
CHANNELS = {"page": (Client, PAGE), "api": (APIClient, API)}


def _check(outcome: str, channel: str, op: str, seen: Seen, written: bool):
    login = resolve_url(settings.LOGIN_URL)
    if outcome == OK:
        if op == "read":
            assert seen.statuses == [200] * len(seen.statuses) and seen.listed is True
        else:
            assert seen.statuses[0] in (200, 201, 302) and written
            assert not seen.location.startswith(login)
    elif outcome == READ_NOT_LISTED:
        assert seen.statuses == [200] * len(seen.statuses) and seen.listed is False
    elif outcome == DENIED:
        assert seen.statuses[0] == 403 and not written
    elif outcome == HIDDEN:
        assert set(seen.statuses) == {404} and not written
        if op == "read":
            assert seen.listed is False
    elif outcome == LOGIN:
        if channel == "page":
            assert set(seen.statuses) == {302} and seen.location.startswith(login)
        else:
            assert set(seen.statuses) <= {401, 403}
        assert not written


CASES = [(role, channel, op, target) for role in EXPECTED for channel in CHANNELS for op in OPS for target in TARGETS]


@pytest.mark.parametrize("role, channel, op, target", CASES, ids=["-".join(c).replace(" ", "_") for c in CASES])
def test_permission_matrix(world, role, channel, op, target):
    users, targets = world
    client_class, probes = CHANNELS[channel]
    client = client_class()
    if users[role] is not None:
        client.force_login(users[role])
    t = targets[target]
    seen = probes[op](client, t)
    expected = DEVIATIONS.get((role, channel, op, target), EXPECTED[role][target][op])
    try:
        _check(expected, channel, op, seen, t.written(op))
    except AssertionError:
        raise AssertionError(f"{role} {channel} {op} on {target}: expected {expected}, saw {seen}, "
                             f"written={t.written(op)}") from None


def test_matrix_covers_every_role():
    assert set(Role.values) | {"no grant", "anonymous"} == set(EXPECTED)
    assert all(set(EXPECTED[r]) == set(TARGETS) and all(set(EXPECTED[r][t]) == set(OPS) for t in TARGETS) for r in EXPECTED)
