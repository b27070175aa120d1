"""Permission suite of the learning app: every role × (page, API) × (read, write) × every new
model, on its own unit (泽州县), a sibling county (高平市) and another city (长治市).

Self-contained and table-driven, in the manner of tests/test_permission_matrix.py: the
policy is EXPECTED (role → target → op), the models and their probes are RESOURCES, and
DEVIATIONS lists where a channel legitimately differs. Outcomes: OK — allowed (and the
write happened); DENIED — 403, nothing written; HIDDEN — 404 and absent from lists,
nothing written; LOGIN — anonymous: the login page for pages, 401/403 for the API.

Who writes what: sessions, attendance, study lists, outreach events, the 普法责任清单 and
people's categories — the office and the unit's liaison; questions and exams — the office;
an exam attempt — only the candidate (tested in test_views), so every role here is refused.
The question bank, which holds the answers, is read by the office only.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from rest_framework.test import APIClient

from fazhi.learning import services
from fazhi.learning.choices import ExamKind, OutreachKind, QuestionKind, SessionKind
from fazhi.learning.models import (Exam, ExamAttempt, LearnerProfile, OutreachDuty, OutreachEvent, PersonCategory, Question,
                                   StudyList, StudySession)
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from tests.conftest import rows_kept_for_the_module, session_of, signed_in
from tests.factories import PersonFactory, UnitFactory, person_with_role

pytestmark = pytest.mark.django_db

OK, DENIED, HIDDEN, LOGIN = "ok", "denied", "hidden", "login"
TARGETS = ("own", "sibling", "foreign")  # 泽州县, 高平市, 长治县
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def row(read, write):
    return {"read": read, "write": write}


NOTHING = row(HIDDEN, HIDDEN)
READ_ONLY = row(OK, DENIED)
WRITE = row(OK, OK)

# Writers of the unit's records (office on the city, liaison on 泽州县).
UNIT_WRITES = {
    "office": {"own": WRITE, "sibling": WRITE, "foreign": NOTHING},
    "leader": {"own": READ_ONLY, "sibling": READ_ONLY, "foreign": NOTHING},
    "liaison": {"own": WRITE, "sibling": NOTHING, "foreign": NOTHING},
    "inspector": {"own": READ_ONLY, "sibling": READ_ONLY, "foreign": NOTHING},
    "reviewer": {"own": READ_ONLY, "sibling": READ_ONLY, "foreign": NOTHING},
    "intake": {"own": READ_ONLY, "sibling": READ_ONLY, "foreign": NOTHING},
    "no grant": {t: NOTHING for t in TARGETS},
    "anonymous": {t: row(LOGIN, LOGIN) for t in TARGETS},
}
# Only the office writes (question bank, exams).
OFFICE_WRITES = {**UNIT_WRITES, "liaison": {"own": READ_ONLY, "sibling": NOTHING, "foreign": NOTHING}}
# The question bank holds the answers: only the office reads it; others see the unit, so a write is refused.
UNSEEN = row(HIDDEN, DENIED)
OFFICE_ONLY = {**OFFICE_WRITES, **{r: {"own": UNSEEN, "sibling": UNSEEN, "foreign": NOTHING}
                                   for r in ("leader", "inspector", "reviewer", "intake")},
               "liaison": {"own": UNSEEN, "sibling": NOTHING, "foreign": NOTHING}}
# Nobody but the candidate writes (an attempt).
NOBODY_WRITES = {**OFFICE_WRITES, "office": {"own": READ_ONLY, "sibling": READ_ONLY, "foreign": NOTHING}}


@dataclass
class Target:
    unit: Unit
    person: object  # a categorised person of the unit, candidate of the exam
    newcomer: object  # a categorised person not yet at the session
    session: StudySession
    study_list: StudyList
    question: Question
    exam: Exam
    attempt: ExamAttempt  # the candidate's open attempt
    event: OutreachEvent
    duty: OutreachDuty
    tag: str
    counts: dict = field(default_factory=dict)


def _cat(code):
    return PersonCategory.objects.get(code=code)


def _target(office, unit: Unit, tag: str) -> Target:
    person, newcomer = PersonFactory(unit=unit, name=f"学员{tag}"), PersonFactory(unit=unit, name=f"新人{tag}")
    for p in (person, newcomer):
        LearnerProfile.objects.create(person=p, category=_cat("civil_servant"))
    today = timezone.localdate()
    session = services.study_session_create(actor=office, unit=unit, kind=SessionKind.LECTURE, topic=f"讲座{tag}",
                                            date=today, hours=2, law_hours=1, attendees=[person])
    study_list = services.study_list_create(actor=office, unit=unit, year=today.year, kind="leaders", audience="leaders",
                                            title=f"清单{tag}", items=[("宪法", "")])
    question = services.question_create(actor=office, unit=unit, kind=QuestionKind.TRUE_FALSE, text=f"判断{tag}",
                                        options=[], answer=[0], law="宪法")
    now = timezone.now()
    exam = services.exam_create(actor=office, unit=unit, kind=ExamKind.ANNUAL, title=f"考试{tag}", opens_at=now - dt.timedelta(hours=1),
                                closes_at=now + dt.timedelta(days=1), time_limit=60, rule=[{"count": 1}], candidates=[person])
    attempt = services.attempt_start(actor=person.user, exam=exam)
    event = services.outreach_event_create(actor=office, unit=unit, kind=OutreachKind.SCHOOL, title=f"活动{tag}",
                                           date=today, participants=10,
                                           photos=[SimpleUploadedFile("p.png", PNG + tag.encode(), content_type="image/png")])
    duty = services.outreach_duty_create(actor=office, unit=unit, year=today.year, laws=f"法律{tag}", audience="群众")
    return Target(unit, person, newcomer, session, study_list, question, exam, attempt, event, duty, tag)


@pytest.fixture(scope="module")
def world_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """Made once for the module's thousand cases (its photos in a folder of its own); each case's
    writes are rolled back after it."""
    media = tmp_path_factory.mktemp("learning-permissions-media")

    def build():
        with override_settings(MEDIA_ROOT=media):
            users, targets = _world()
            sessions = {role: session_of(user) for role, user in users.items() if user is not None}
            return (users, targets), media, sessions

    yield from rows_kept_for_the_module(django_db_blocker, build)


@pytest.fixture
def world(world_once, settings):
    world, settings.MEDIA_ROOT, _sessions = world_once
    return world


@pytest.fixture
def sessions(world_once):
    return world_once[2]


def _world():
    city = UnitFactory(name="晋城市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    zezhou = UnitFactory(name="泽州县卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    gaoping = UnitFactory(name="高平市卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=city)
    other_city = UnitFactory(name="长治市卫生计生委", kind=UnitKind.ADMIN_DEPT)
    other_county = UnitFactory(name="长治县卫生计生局", kind=UnitKind.ADMIN_DEPT, parent=other_city)
    users = {role: person_with_role(role, zezhou if role == Role.LIAISON else city, role).user for role in Role.values}
    users["no grant"] = PersonFactory(unit=zezhou, user__username="nogrant").user
    users["anonymous"] = None
    other_office = person_with_role(Role.OFFICE, other_city, "other-office").user
    targets = {"own": _target(users["office"], zezhou, "泽州"), "sibling": _target(users["office"], gaoping, "高平"),
               "foreign": _target(other_office, other_county, "长治")}
    return users, targets


# --- probes --------------------------------------------------------------------------------------

@dataclass
class Seen:
    statuses: list  # of detail requests (or of the write)
    listed: bool | None = None
    list_status: int | None = None
    location: str = ""


def _drain(r):
    if getattr(r, "streaming", False):
        b"".join(r.streaming_content)
    return r


def _seen(*responses, listed=None, listing=None) -> Seen:
    for r in responses:
        _drain(r)
    first = responses[0] if responses else listing
    return Seen([r.status_code for r in responses], listed, listing.status_code if listing is not None else None,
                first.get("Location", "") or "")


def _in(listing, text) -> bool | None:
    return text in listing.content.decode() if listing.status_code == 200 else None


def _api_listed(listing, pk) -> bool | None:
    return any(r["id"] == pk for r in listing.json()["results"]) if listing.status_code == 200 else None


def _xlsx(rows) -> io.BytesIO:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "题.xlsx"
    return buf


# Each resource: page read, page write, API read, API write, written(target) -> bool.
def session_page_read(c, t):
    listing = c.get(reverse("learning:sessions"))
    url = reverse("learning:session", args=[t.session.pk])
    return _seen(c.get(url), c.get(reverse("learning:session_qr", args=[t.session.pk])), listing=listing, listed=_in(listing, url))


def session_page_write(c, t):
    return _seen(c.post(reverse("learning:attendees_add", args=[t.session.pk]), {"people": [t.newcomer.pk]}))


def session_api_read(c, t):
    listing = c.get("/api/study-sessions/")
    return _seen(c.get(f"/api/study-sessions/{t.session.pk}/"), listing=listing, listed=_api_listed(listing, t.session.pk))


def session_api_write(c, t):
    return _seen(c.post(f"/api/study-sessions/{t.session.pk}/attendees/", {"people": [t.newcomer.pk]}, format="json"))


def list_page_read(c, t):
    listing = c.get(reverse("learning:lists"))
    return _seen(listing=listing, listed=_in(listing, t.study_list.title))


def list_page_write(c, t):
    return _seen(c.post(reverse("learning:list_create"), {"unit": t.unit.pk, "year": 2030, "kind": "essential",
                                                           "audience": "staff", "title": "新清单", "items": "宪法 | 第一条"}))


def list_api_read(c, t):
    listing = c.get("/api/study-lists/")
    return _seen(c.get(f"/api/study-lists/{t.study_list.pk}/"), listing=listing, listed=_api_listed(listing, t.study_list.pk))


def list_api_write(c, t):
    return _seen(c.post("/api/study-lists/", {"unit": t.unit.pk, "year": 2030, "kind": "essential", "audience": "staff",
                                              "title": "新清单", "items": [{"law": "宪法", "articles": "第一条"}]}, format="json"))


def question_page_read(c, t):
    listing = c.get(reverse("learning:questions"))
    return _seen(listing=listing, listed=_in(listing, t.question.text))


def question_page_write(c, t):
    sheet = _xlsx([["题型", "题干", "选项A", "选项B", "答案", "法律法规"], ["判断题", "新题", "", "", "正确", "宪法"]])
    return _seen(c.post(reverse("learning:question_import"), {"unit": t.unit.pk, "file": sheet}))


def question_api_read(c, t):
    listing = c.get("/api/questions/")
    return _seen(c.get(f"/api/questions/{t.question.pk}/"), listing=listing, listed=_api_listed(listing, t.question.pk))


def question_api_write(c, t):
    return _seen(c.post("/api/questions/", {"unit": t.unit.pk, "kind": "true_false", "text": "新题", "answer": [0],
                                            "law": "宪法"}, format="json"))


def _exam_form(t):
    return {"unit": t.unit.pk, "kind": "annual", "title": "新考试", "opens_at": "2030-01-01T09:00", "closes_at": "2030-01-02T09:00",
            "time_limit": 30, "pass_mark": 60, "max_attempts": 1, "single": 0, "multiple": 0, "true_false": 1, "category": ""}


def exam_page_read(c, t):
    listing = c.get(reverse("learning:exams"))
    url = reverse("learning:exam", args=[t.exam.pk])
    return _seen(c.get(url), listing=listing, listed=_in(listing, url))


def exam_page_write(c, t):
    return _seen(c.post(reverse("learning:exam_create"), _exam_form(t)))


def exam_api_read(c, t):
    listing = c.get("/api/exams/")
    return _seen(c.get(f"/api/exams/{t.exam.pk}/"), listing=listing, listed=_api_listed(listing, t.exam.pk))


def exam_api_write(c, t):
    return _seen(c.post("/api/exams/", {"unit": t.unit.pk, "kind": "annual", "title": "新考试",
                                        "opens_at": "2030-01-01T09:00:00+08:00", "closes_at": "2030-01-02T09:00:00+08:00",
                                        "time_limit": 30, "rule": [{"count": 1}], "candidates": [t.person.pk]}, format="json"))


def attempt_page_read(c, t):
    return _seen(c.get(reverse("learning:attempt", args=[t.attempt.pk])))


def attempt_page_write(c, t):
    return _seen(c.post(reverse("learning:attempt", args=[t.attempt.pk]), {f"q{t.question.pk}": "0", "submit": "1"}))


def attempt_api_read(c, t):
    listing = c.get("/api/exam-attempts/")
    return _seen(c.get(f"/api/exam-attempts/{t.attempt.pk}/"), listing=listing, listed=_api_listed(listing, t.attempt.pk))


def attempt_api_write(c, t):
    return _seen(c.post(f"/api/exam-attempts/{t.attempt.pk}/submit/", {"answers": {str(t.question.pk): [0]}}, format="json"))


def event_page_read(c, t):
    listing = c.get(reverse("learning:outreach"))
    url = reverse("learning:outreach_event", args=[t.event.pk])
    return _seen(c.get(url), c.get(reverse("learning:photo", args=[t.event.photos.get().pk])), listing=listing,
                 listed=_in(listing, url))


def event_page_write(c, t):
    return _seen(c.post(reverse("learning:outreach_create"), {"unit": t.unit.pk, "kind": "community", "title": "新活动",
                                                               "date": "2026-03-01", "participants": 5}))


def event_api_read(c, t):
    listing = c.get("/api/outreach-events/")
    return _seen(c.get(f"/api/outreach-events/{t.event.pk}/"), listing=listing, listed=_api_listed(listing, t.event.pk))


def event_api_write(c, t):
    return _seen(c.post("/api/outreach-events/", {"unit": t.unit.pk, "kind": "community", "title": "新活动",
                                                  "date": "2026-03-01", "participants": 5,
                                                  "materials": [{"kind": "leaflet", "count": 10}]}, format="json"))


def duty_page_read(c, t):
    listing = c.get(reverse("learning:duties"))
    return _seen(listing=listing, listed=_in(listing, t.duty.laws))


def duty_page_write(c, t):
    return _seen(c.post(reverse("learning:duty_create"), {"unit": t.unit.pk, "year": 2030, "laws": "新法", "audience": "群众",
                                                           "planned_events": 2}))


def learner_page_read(c, t):
    listing = c.get(reverse("learning:hours"))
    return _seen(listing=listing, listed=_in(listing, t.person.name))


def learner_page_write(c, t):
    return _seen(c.post(reverse("learning:person_category", args=[t.person.pk]), {"category": "medical"}))


def figures_page_read(c, t):
    return _seen(c.get(reverse("learning:figures"), {"unit": t.unit.pk}),
                 c.get(reverse("learning:figures_export"), {"unit": t.unit.pk}))


def figures_api_read(c, t):
    return _seen(c.get("/api/learning-figures/", {"unit": t.unit.pk}))


@dataclass(frozen=True)
class Resource:
    policy: dict
    page: dict
    api: dict
    written: object  # (target) -> bool


RESOURCES = {
    "study_session": Resource(UNIT_WRITES, {"read": session_page_read, "write": session_page_write},
                              {"read": session_api_read, "write": session_api_write},
                              lambda t: t.session.attendances.filter(person=t.newcomer).exists()),
    "study_list": Resource(UNIT_WRITES, {"read": list_page_read, "write": list_page_write},
                           {"read": list_api_read, "write": list_api_write},
                           lambda t: StudyList.objects.filter(unit=t.unit, title="新清单").exists()),
    "question": Resource(OFFICE_ONLY, {"read": question_page_read, "write": question_page_write},
                         {"read": question_api_read, "write": question_api_write},
                         lambda t: Question.objects.filter(unit=t.unit, text="新题").exists()),
    "exam": Resource(OFFICE_WRITES, {"read": exam_page_read, "write": exam_page_write},
                     {"read": exam_api_read, "write": exam_api_write},
                     lambda t: Exam.objects.filter(unit=t.unit, title="新考试").exists()),
    "exam_attempt": Resource(NOBODY_WRITES, {"read": attempt_page_read, "write": attempt_page_write},
                             {"read": attempt_api_read, "write": attempt_api_write},
                             lambda t: ExamAttempt.objects.get(pk=t.attempt.pk).submitted_at is not None),
    "outreach_event": Resource(UNIT_WRITES, {"read": event_page_read, "write": event_page_write},
                               {"read": event_api_read, "write": event_api_write},
                               lambda t: OutreachEvent.objects.filter(unit=t.unit, title="新活动").exists()),
    "outreach_duty": Resource(UNIT_WRITES, {"read": duty_page_read, "write": duty_page_write}, {},
                              lambda t: OutreachDuty.objects.filter(unit=t.unit, laws="新法").exists()),
    "learner_profile": Resource(UNIT_WRITES, {"read": learner_page_read, "write": learner_page_write}, {},
                                lambda t: LearnerProfile.objects.get(person=t.person).category.code == "medical"),
    "learning_figures": Resource(UNIT_WRITES, {"read": figures_page_read}, {"read": figures_api_read}, lambda t: False),
}

# (resource, role, channel, op, target) -> outcome, with the reason.
DEVIATIONS = {}

CHANNELS = {"page": Client, "api": APIClient}


def _check(outcome, channel, op, seen: Seen, written: bool):
    login = resolve_url(settings.LOGIN_URL)
    statuses = seen.statuses + ([seen.list_status] if seen.list_status is not None else [])
    if outcome == OK:
        if op == "read":
            assert set(statuses) == {200} and seen.listed in (True, None)
        else:
            assert seen.statuses[0] in (200, 201, 302) and written
            assert not seen.location.startswith(login)
    elif outcome == DENIED:
        assert seen.statuses[0] == 403 and not written
    elif outcome == HIDDEN:
        assert set(seen.statuses) <= {404} and not written
        if op == "read":
            assert seen.listed in (False, None) and seen.list_status in (200, None)
            assert seen.statuses or seen.listed is False  # something was probed
    elif outcome == LOGIN:
        if channel == "page":
            assert set(statuses) == {302} and seen.location.startswith(login)
        else:
            assert set(statuses) <= {401, 403}
        assert not written


CASES = [(res, role, channel, op, target) for res, r in RESOURCES.items() for role in UNIT_WRITES
         for channel in CHANNELS for op in ("read", "write") for target in TARGETS
         if op in (r.page if channel == "page" else r.api)]


@pytest.mark.parametrize("resource, role, channel, op, target", CASES, ids=["-".join(c).replace(" ", "_") for c in CASES])
def test_learning_permissions(world, sessions, resource, role, channel, op, target):
    users, targets = world
    res = RESOURCES[resource]
    client = CHANNELS[channel]()
    if users[role] is not None:
        signed_in(client, sessions[role])
    t = targets[target]
    probes = res.page if channel == "page" else res.api
    seen = probes[op](client, t)
    expected = DEVIATIONS.get((resource, role, channel, op, target), res.policy[role][target][op])
    written = res.written(t)
    try:
        _check(expected, channel, op, seen, written)
    except AssertionError:
        raise AssertionError(f"{resource} {role} {channel} {op} on {target}: expected {expected}, saw {seen}, "
                             f"written={written}") from None


def test_suite_covers_every_role_and_every_new_model():
    from django.apps import apps

    assert set(Role.values) | {"no grant", "anonymous"} == set(UNIT_WRITES)
    models = {m._meta.model_name for m in apps.get_app_config("learning").get_models()}
    # attendance, list items, materials and photos are probed through their parents; categories are settings
    covered = {"studysession", "attendance", "studylist", "studylistitem", "question", "exam", "examattempt",
               "outreachevent", "outreachmaterial", "outreachphoto", "outreachduty", "learnerprofile", "personcategory"}
    assert models == covered
