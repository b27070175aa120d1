"""The learning API: bad input answered 400 with the Chinese message and nothing written; the
server's deadline; figures of /api/learning-figures/."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from fazhi.learning import messages as m
from fazhi.learning import services
from fazhi.learning.choices import ExamKind, QuestionKind, SessionKind
from fazhi.learning.models import Exam, ExamAttempt, StudySession
from tests.learning.conftest import staff

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # a Monday morning in Shanghai


def api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_session_with_law_hours_above_hours_refused(world):
    r = api(world.office).post("/api/study-sessions/", {"unit": world.zezhou.pk, "kind": SessionKind.LECTURE, "topic": "讲座",
                                                        "date": world.today.isoformat(), "hours": "2", "law_hours": "2.5"},
                               format="json")
    assert r.status_code == 400 and r.json()["detail"] == "法律学时（2.5）不能多于总学时（2.0）。"
    assert not StudySession.objects.exists()


def test_attendee_out_of_scope_refused(world):
    outsider = staff(world.gaoping)
    r = api(world.office).post("/api/study-sessions/", {"unit": world.zezhou.pk, "kind": SessionKind.LECTURE,
                                                        "topic": "讲座", "date": world.today.isoformat(), "hours": "2",
                                                        "law_hours": "1", "attendees": [outsider.pk]}, format="json")
    assert r.status_code == 400 and "不在组织单位“泽州县卫生计生局”的范围内" in r.json()["detail"]
    assert not StudySession.objects.exists()


def test_exam_from_too_few_questions_refused(world):
    services.question_create(actor=world.office, unit=world.city, kind=QuestionKind.SINGLE, text="题", options=["甲", "乙"],
                             answer=[0], law="宪法")
    taker = staff(world.zezhou)
    r = api(world.office).post("/api/exams/", {"unit": world.city.pk, "kind": ExamKind.ANNUAL, "title": "考试",
                                               "opens_at": "2026-06-01T09:00:00+08:00", "closes_at": "2026-06-02T09:00:00+08:00",
                                               "time_limit": 30, "rule": [{"kind": "single", "count": 2}],
                                               "candidates": [taker.pk]}, format="json")
    assert r.status_code == 400
    assert r.json()["detail"] == str(m.TOO_FEW_QUESTIONS).format(rule="单选题", need=2, have=1)
    assert not Exam.objects.exists()


def test_exam_taken_through_the_api_and_the_deadline_is_the_servers(world):
    for i in range(2):
        services.question_create(actor=world.office, unit=world.city, kind=QuestionKind.TRUE_FALSE, text=f"判断{i}",
                                 options=[], answer=[0], law="宪法")
    taker = staff(world.zezhou)
    c = api(taker.user)
    with time_machine.travel(START, tick=False):
        exam = services.exam_create(actor=world.office, unit=world.city, kind=ExamKind.ANNUAL, title="考试", opens_at=START,
                                    closes_at=START + dt.timedelta(days=1), time_limit=20, rule=[{"count": 2}],
                                    candidates=[taker], max_attempts=2)
        assert [e["id"] for e in c.get("/api/exams/").json()["results"]] == [exam.pk]  # a candidate sees their exam
        r = c.post("/api/exam-attempts/", {"exam": exam.pk}, format="json")
        assert r.status_code == 201
        attempt_id = r.json()["id"]
        paper = c.get(f"/api/exam-attempts/{attempt_id}/paper/").json()
        assert len(paper) == 2 and "answer" not in paper[0]
        first = str(paper[0]["id"])
        assert c.post(f"/api/exam-attempts/{attempt_id}/answer/", {"answers": {first: [0]}}, format="json").status_code == 200
    with time_machine.travel(START + dt.timedelta(minutes=21), tick=False):
        r = c.post(f"/api/exam-attempts/{attempt_id}/submit/", {"answers": {str(p["id"]): [0] for p in paper}}, format="json")
        assert r.status_code == 400 and r.json()["detail"].startswith("答题时间已于")
    attempt = ExamAttempt.objects.get(pk=attempt_id)
    assert attempt.submitted_at is None and attempt.answers == {first: [0]}
    with time_machine.travel(START + dt.timedelta(minutes=30), tick=False):
        r = c.post("/api/exam-attempts/", {"exam": exam.pk}, format="json")  # the expired one is marked first
        assert r.status_code == 201 and r.json()["number"] == 2
    attempt.refresh_from_db()
    assert attempt.score == 50 and attempt.passed is False and attempt.submitted_at == attempt.deadline


def test_learning_figures_shape(world):
    person = staff(world.zezhou)
    services.study_session_create(actor=world.office, unit=world.zezhou, kind=SessionKind.TRAINING, topic="培训",
                                  date=world.today, hours=5, law_hours=1, attendees=[person])
    body = api(world.office).get("/api/learning-figures/", {"year": world.today.year}).json()
    assert set(body) == {"year", "totals", "per_unit", "by_category", "exams", "by_kind"}
    assert body["totals"]["trainings"] == 1 and body["totals"]["law_share"] == 20.0
    zezhou = next(u for u in body["per_unit"] if u["unit_name"] == "泽州县卫生计生局")
    # 1 of 5 hours is exactly 20%: not below; the liaison has no category, so no share applies
    assert (zezhou["people_trained"], zezhou["hours"], zezhou["people_below_share"]) == (1, 5.0, 0)
    civil = next(c for c in body["by_category"] if c["code"] == "civil_servant")
    assert (civil["people"], civil["required"], civil["share"]) == (1, 20.0, 20.0)
    assert api(world.liaison).get("/api/learning-figures/", {"unit": world.gaoping.pk}).status_code == 404


def test_learning_figures_cost_a_fixed_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.learning.selectors import learning_figures

    def count():
        world.office._fazhi_grants = None  # as in a new request
        with CaptureQueriesContext(connection) as ctx:
            learning_figures(actor=world.office, year=world.today.year)
        return len(ctx.captured_queries)

    people = [staff(world.zezhou) for _ in range(3)]
    services.study_session_create(actor=world.office, unit=world.zezhou, kind=SessionKind.TRAINING, topic="培训",
                                  date=world.today, hours=5, law_hours=1, attendees=people)
    small = count()
    more = [staff(unit) for unit in (world.zezhou, world.gaoping) for _ in range(20)]
    services.study_session_create(actor=world.office, unit=world.city, kind=SessionKind.LECTURE, topic="讲座",
                                  date=world.today, hours=2, law_hours=2, attendees=more)
    assert count() == small <= 13
