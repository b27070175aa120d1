"""Share rules, marking of every question type, paper drawing and the refusals of bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fazhi.audit.models import AuditEntry
from fazhi.learning import messages as m
from fazhi.learning import selectors, services
from fazhi.learning.choices import ExamKind, QuestionKind, SessionKind
from fazhi.learning.models import Attendance, ExamAttempt, Question, StudySession
from tests.factories import PersonFactory
from tests.learning.conftest import staff

pytestmark = pytest.mark.django_db


def _session(w, unit=None, hours=4, law=1, day=None, **kw):
    return services.study_session_create(actor=w.office, unit=unit or w.zezhou, kind=SessionKind.TRAINING, topic="依法行政培训",
                                         date=day or w.today, hours=hours, law_hours=law, **kw)


# --- hours and shares -----------------------------------------------------------------------------

def test_law_hours_above_hours_refused_and_nothing_written(world):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as e:
        _session(world, hours=2, law=3)
    assert str(m.LAW_HOURS_ABOVE_HOURS).format(law=Decimal(3), hours=Decimal(2)) in e.value.messages
    assert not StudySession.objects.exists() and AuditEntry.objects.count() == before


def test_attendee_outside_organiser_scope_refused(world):
    inside, outside = staff(world.zezhou), staff(world.gaoping)
    with pytest.raises(ValidationError) as e:
        _session(world, attendees=[inside, outside])
    assert str(m.ATTENDEE_OUT_OF_SCOPE).format(name=outside.name, unit=world.gaoping.name,
                                              organiser=world.zezhou.name) in e.value.messages
    assert not StudySession.objects.exists() and not Attendance.objects.exists()


def test_person_in_no_category_refused(world):
    session = _session(world)
    nobody = PersonFactory(unit=world.zezhou)
    with pytest.raises(ValidationError) as e:
        services.attendance_add(actor=world.office, session=session, people=[staff(world.zezhou), nobody])
    assert str(m.ATTENDEE_NO_CATEGORY).format(name=nobody.name) in e.value.messages
    assert not Attendance.objects.exists()


def test_liaison_cannot_record_for_another_county(world):
    with pytest.raises(PermissionDenied):
        services.study_session_create(actor=world.liaison, unit=world.gaoping, kind=SessionKind.LECTURE, topic="x",
                                      date=world.today, hours=2, law_hours=1)
    assert not StudySession.objects.exists()


@pytest.mark.parametrize("code, law, below", [
    ("civil_servant", Decimal("2.0"), False),   # 2 of 10 = 20%: exactly the share
    ("civil_servant", Decimal("1.9"), True),    # 19% < 20%
    ("medical", Decimal("1.0"), False),         # 10% of medical staff's hours is enough
    ("medical", Decimal("0.9"), True),
    ("other", Decimal("0"), False),             # no share required
])
def test_share_rule(world, code, law, below):
    person = staff(world.zezhou, code)
    session = _session(world, hours=Decimal("10"), law=law)
    services.attendance_add(actor=world.office, session=session, people=[person])
    row = selectors.hours_ledger(actor=world.office, year=world.today.year).get(pk=person.pk)
    assert (row.hours, row.law_hours, row.below) == (Decimal("10"), law, below)
    figures = selectors.learning_figures(actor=world.office, year=world.today.year)
    assert figures.totals.people_below_share == int(below)


def test_share_adds_up_over_sessions_and_ignores_other_years(world):
    person = staff(world.zezhou)
    services.attendance_add(actor=world.office, session=_session(world, hours=6, law=0), people=[person])
    services.attendance_add(actor=world.office, session=_session(world, hours=4, law=2), people=[person])
    last_year = world.today.replace(year=world.today.year - 1, day=1)
    services.attendance_add(actor=world.office, session=_session(world, hours=8, law=8, day=last_year), people=[person])
    row = selectors.hours_ledger(actor=world.office, year=world.today.year).get(pk=person.pk)
    assert (row.hours, row.law_hours, row.below) == (Decimal(10), Decimal(2), False)


def test_nobody_without_hours_is_below_when_a_share_is_required(world):
    person = staff(world.zezhou)
    assert selectors.hours_ledger(actor=world.office, year=world.today.year).get(pk=person.pk).below is True


def test_category_share_is_configurable(world):
    person = staff(world.zezhou, "medical")
    services.attendance_add(actor=world.office, session=_session(world, hours=10, law=1), people=[person])
    medical = services.PersonCategory.objects.get(code="medical")
    services.person_category_update(actor=world.office, category=medical, law_share=Decimal(15))
    assert selectors.hours_ledger(actor=world.office, year=world.today.year).get(pk=person.pk).below is True


# --- marking --------------------------------------------------------------------------------------

def _q(kind, answer, options=("甲", "乙", "丙", "丁")):
    return Question(kind=kind, options=list(options), answer=answer, law="法")


@pytest.mark.parametrize("kind, answer, chosen, partial, expected", [
    (QuestionKind.SINGLE, [1], [1], False, 1),
    (QuestionKind.SINGLE, [1], [2], False, 0),
    (QuestionKind.SINGLE, [1], [], False, 0),
    (QuestionKind.TRUE_FALSE, [0], [0], False, 1),
    (QuestionKind.TRUE_FALSE, [0], [1], False, 0),
    (QuestionKind.MULTIPLE, [0, 2], [2, 0], False, 1),
    (QuestionKind.MULTIPLE, [0, 2], [0], False, 0),          # partial: 0 unless configured
    (QuestionKind.MULTIPLE, [0, 2], [0], True, Decimal("0.5")),
    (QuestionKind.MULTIPLE, [0, 2], [0, 1], True, 0),        # a wrong option: 0 even with partial credit
    (QuestionKind.MULTIPLE, [0, 2], [0, 1, 2], False, 0),
    (QuestionKind.MULTIPLE, [0, 2], [], True, 0),
])
def test_marking(kind, answer, chosen, partial, expected):
    assert services.mark(_q(kind, answer), chosen, partial_credit=partial) == expected


# --- exams ----------------------------------------------------------------------------------------

def _bank(w, n_single=4, n_multi=2, n_tf=2):
    for i in range(n_single):
        services.question_create(actor=w.office, unit=w.city, kind=QuestionKind.SINGLE, text=f"单选{i}",
                                 options=["甲", "乙", "丙"], answer=[0], law="行政处罚法", article=f"第{i + 1}条")
    for i in range(n_multi):
        services.question_create(actor=w.office, unit=w.city, kind=QuestionKind.MULTIPLE, text=f"多选{i}",
                                 options=["甲", "乙", "丙"], answer=[0, 1], law="行政许可法")
    for i in range(n_tf):
        services.question_create(actor=w.office, unit=w.city, kind=QuestionKind.TRUE_FALSE, text=f"判断{i}", options=[],
                                 answer=[1], law="宪法")


RULE = [{"kind": "single", "count": 2}, {"kind": "multiple", "count": 1}, {"kind": "true_false", "count": 1}]


def _exam(w, candidates, **kw):
    now = timezone.now()
    args = dict(actor=w.office, unit=w.city, kind=ExamKind.ANNUAL, title="年度考法", opens_at=now - dt.timedelta(hours=1),
                closes_at=now + dt.timedelta(days=1), time_limit=30, rule=RULE, candidates=candidates)
    return services.exam_create(**{**args, **kw})


def test_paper_reproducible_from_seed(world):
    _bank(world, n_single=10)
    first = services.draw_paper(unit=world.zezhou, rule=RULE, seed=42)
    assert first == services.draw_paper(unit=world.zezhou, rule=RULE, seed=42)
    assert any(services.draw_paper(unit=world.zezhou, rule=RULE, seed=s) != first for s in range(1, 6))
    exam = _exam(world, [staff(world.zezhou)], seed=42)
    assert exam.seed == 42 and exam.paper == first


def test_paper_from_too_few_questions_refused(world):
    _bank(world, n_multi=1)
    from fazhi.learning.models import Exam

    with pytest.raises(ValidationError) as e:
        _exam(world, [staff(world.zezhou)], rule=[{"kind": "multiple", "count": 3}])
    assert str(m.TOO_FEW_QUESTIONS).format(rule="多选题", need=3, have=1) in e.value.messages
    assert not Exam.objects.exists()


def _right_answers(exam):
    return {str(q.pk): q.answer for q in Question.objects.filter(pk__in=exam.paper)}


def test_attempt_marked_best_counts_and_attempts_limited(world):
    _bank(world)
    taker = staff(world.zezhou)
    exam = _exam(world, [taker], max_attempts=2)
    first = services.attempt_start(actor=taker.user, exam=exam)
    first = services.attempt_submit(actor=taker.user, attempt=first, answers={})
    assert (first.score, first.passed) == (Decimal("0.0"), False)
    second = services.attempt_start(actor=taker.user, exam=exam)
    second = services.attempt_submit(actor=taker.user, attempt=second, answers=_right_answers(exam))
    assert (second.score, second.passed) == (Decimal("100.0"), True)
    with pytest.raises(ValidationError) as e:
        services.attempt_start(actor=taker.user, exam=exam)
    assert str(m.NO_ATTEMPTS_LEFT).format(n=2) in e.value.messages
    figures = selectors.learning_figures(actor=world.office, year=exam.opens_at.year)
    assert figures.exams[0]["pass_rate"] == 100.0 and figures.exams[0]["coverage"] == 100.0


def test_answer_after_time_is_up_refused_by_the_server(world):
    _bank(world)
    taker = staff(world.zezhou)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        exam = _exam(world, [taker])
        attempt = services.attempt_start(actor=taker.user, exam=exam)
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        with pytest.raises(ValidationError) as e:
            services.attempt_submit(actor=taker.user, attempt=attempt, answers=_right_answers(exam))
        assert e.value.messages[0].startswith("答题时间已于")
        with pytest.raises(ValidationError):
            services.attempt_answer(actor=taker.user, attempt=attempt, answers=_right_answers(exam))
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.answers == {}
    # once expired, the attempt is marked on what was saved in time: nothing
    services.attempt_expire(attempt=attempt, now=start + dt.timedelta(minutes=31))
    attempt.refresh_from_db()
    assert attempt.passed is False and attempt.score == 0


def test_only_candidates_take_an_exam(world):
    _bank(world)
    exam = _exam(world, [staff(world.zezhou)])
    with pytest.raises(PermissionDenied):
        services.attempt_start(actor=world.liaison, exam=exam)
    assert not ExamAttempt.objects.exists()


def test_check_in_by_token(world):
    session = _session(world)
    person = staff(world.zezhou)
    services.attendance_check_in(actor=person.user, token=session.checkin_token)
    with pytest.raises(ValidationError) as e:
        services.attendance_check_in(actor=person.user, token=session.checkin_token)
    assert e.value.messages == [str(m.ALREADY_SIGNED_IN)]
    outsider = staff(world.gaoping)
    with pytest.raises(ValidationError):
        services.attendance_check_in(actor=outsider.user, token=session.checkin_token)
    assert list(Attendance.objects.values_list("person_id", flat=True)) == [person.pk]
