"""Every write of law study, exams and outreach: one transaction, a permission check, an audit row.

Who writes what: the office (领导小组办公室) or the unit's liaison records its study sessions,
attendance, outreach events and 普法责任清单; the office keeps the question bank, the exams
and people's categories; a candidate takes an exam as themself, whatever their grants.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.audit.services import audit_record, snapshot
from fazhi.core.files import check_upload
from fazhi.core import rollups
from fazhi.org.choices import Role
from fazhi.org.models import Person, Unit
from fazhi.org.scoping import require_role

from . import messages as m
from .choices import AttendanceSource, QuestionKind
from .models import (Attendance, Exam, ExamAttempt, LearnerProfile, OutreachDuty, OutreachEvent, OutreachMaterial,
                     OutreachPhoto, PersonCategory, Question, StudyList, StudyListItem, StudySession)

WRITERS = [Role.OFFICE, Role.LIAISON]
OFFICE = [Role.OFFICE]
TRUE_FALSE_OPTIONS = ["正确", "错误"]
# (code, name, law share %): seed 002's rules (公务员 ≥20%, 医务人员 ≥10%); the office may change them.
DEFAULT_CATEGORIES = [("civil_servant", "公务员", 20), ("medical", "医务人员", 10), ("enforcement", "执法人员", 20),
                      ("other", "其他", 0)]
ENFORCEMENT = "enforcement"


def _saved(obj, *, actor, action: str, unit=None, before=None):
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj), unit=unit)
    return obj


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def can_write(actor, unit: Unit) -> bool:
    """Whether the actor may record sessions and outreach for the unit (office or its liaison)."""
    from fazhi.org.scoping import has_role

    return has_role(actor, WRITERS, unit)


def categories_ensure() -> None:
    """The default categories (also installed by the migration), for a database whose data was flushed."""
    for order, (code, name, share) in enumerate(DEFAULT_CATEGORIES, start=1):
        PersonCategory.objects.get_or_create(code=code, defaults={"name": name, "law_share": share, "order": order})


# --- categories -------------------------------------------------------------------------------

@transaction.atomic
def person_category_set(*, actor, person: Person, category: PersonCategory) -> LearnerProfile:
    """Put a person in a category (公务员 / 医务人员 / 执法人员 / 其他)."""
    require_role(actor, OFFICE + [Role.LIAISON], person.unit, m.NOT_WRITER)
    profile = LearnerProfile.objects.filter(person=person).first()
    before = snapshot(profile) if profile else None
    profile = profile or LearnerProfile(person=person)
    profile.category = category
    return _saved(profile, actor=actor, action="learner.category", unit=person.unit, before=before)


@transaction.atomic
def person_category_update(*, actor, category: PersonCategory, law_share: Decimal) -> PersonCategory:
    """Change a category's required law share; only an office of a top unit keeps the list."""
    if not (getattr(actor, "is_superuser", False) or any(
            g.role == Role.OFFICE and g.unit.parent_id is None for g in _grants(actor))):
        raise PermissionDenied(m.NOT_OFFICE)
    before = snapshot(category)
    category.law_share = law_share
    return _saved(category, actor=actor, action="person_category.update", before=before)


def _grants(actor):
    from fazhi.org.scoping import grants_of

    return grants_of(actor)


# --- study lists ------------------------------------------------------------------------------

@transaction.atomic
def study_list_create(*, actor, unit: Unit, year: int, kind: str, audience: str, title: str,
                      items: Iterable[tuple[str, str]] = ()) -> StudyList:
    """A 学法清单 with its laws and article references, as (law, articles) pairs."""
    require_role(actor, WRITERS, unit, m.NOT_WRITER)
    study_list = _saved(StudyList(unit=unit, year=year, kind=kind, audience=audience, title=(title or "").strip()),
                        actor=actor, action="study_list.create", unit=unit)
    for order, (law, articles) in enumerate(items, start=1):
        item = StudyListItem(study_list=study_list, law=(law or "").strip(), articles=(articles or "").strip(), order=order)
        item.full_clean()
        item.save()
    return study_list


# --- study sessions and attendance -------------------------------------------------------------

def check_hours(hours, law_hours) -> None:
    hours, law_hours = Decimal(str(hours or 0)), Decimal(str(law_hours or 0))
    if hours <= 0:
        raise ValidationError({"hours": m.HOURS_POSITIVE})
    if law_hours > hours:
        raise ValidationError({"law_hours": str(m.LAW_HOURS_ABOVE_HOURS).format(law=law_hours, hours=hours)})


@transaction.atomic
def study_session_create(*, actor, unit: Unit, kind: str, topic: str, date: dt.date, hours, law_hours,
                         laws: str = "", speaker: str = "", place: str = "", campaign=None, study_list=None,
                         attendees: Iterable[Person] = ()) -> StudySession:
    """Record a session; attendees chosen at once are checked like any added later."""
    require_role(actor, WRITERS, unit, m.NOT_WRITER)
    check_hours(hours, law_hours)
    session = StudySession(unit=unit, kind=kind, topic=(topic or "").strip(), date=date, hours=hours,
                           law_hours=law_hours, laws=laws or "", speaker=speaker or "", place=place or "",
                           campaign=campaign, study_list=study_list, created_by=_user(actor),
                           checkin_token=secrets.token_urlsafe(18))
    _saved(session, actor=actor, action="study_session.create", unit=unit)
    attendees = list(attendees)
    if attendees:
        attendance_add(actor=actor, session=session, people=attendees)
    return session


@transaction.atomic
def study_session_update(*, actor, session: StudySession, **fields) -> StudySession:
    require_role(actor, WRITERS, session.unit, m.NOT_WRITER)
    before = snapshot(session)
    for key in ("kind", "topic", "date", "hours", "law_hours", "laws", "speaker", "place", "campaign", "study_list"):
        if key in fields:
            setattr(session, key, fields[key])
    check_hours(session.hours, session.law_hours)
    return _saved(session, actor=actor, action="study_session.update", unit=session.unit, before=before)


def attendee_problem(session: StudySession, person: Person, categorised: set[int] | None = None) -> str | None:
    """Why a person cannot be recorded at a session, or None."""
    if not person.unit.path.startswith(session.unit.path):
        return str(m.ATTENDEE_OUT_OF_SCOPE).format(name=person.name, unit=person.unit.name, organiser=session.unit.name)
    has_category = (person.pk in categorised) if categorised is not None else LearnerProfile.objects.filter(
        person=person).exists()
    if not has_category:
        return str(m.ATTENDEE_NO_CATEGORY).format(name=person.name)
    return None


@transaction.atomic
def attendance_add(*, actor, session: StudySession, people: Iterable[Person],
                   source: str = AttendanceSource.CHOSEN) -> list[Attendance]:
    """Add attendees; one refused person refuses the whole list (nothing written)."""
    require_role(actor, WRITERS, session.unit, m.NOT_WRITER)
    people = list(people)
    categorised = set(LearnerProfile.objects.filter(person__in=people).values_list("person_id", flat=True))
    problems = [p for p in (attendee_problem(session, person, categorised) for person in people) if p]
    if problems:
        raise ValidationError(problems)
    present = set(session.attendances.values_list("person_id", flat=True))
    added = []
    for person in people:
        if person.pk in present:
            continue
        present.add(person.pk)
        added.append(Attendance(session=session, person=person, source=source))
    Attendance.objects.bulk_create(added)
    rollups.bump()  # a write that sends no signal (fazhi.core.rollups)
    audit_record(actor=actor, action="attendance.add", obj=session, unit=session.unit,
                 after={"people": [a.person_id for a in added], "source": source})
    return added


@transaction.atomic
def attendance_remove(*, actor, session: StudySession, person: Person) -> None:
    require_role(actor, WRITERS, session.unit, m.NOT_WRITER)
    row = session.attendances.filter(person=person).first()
    if row is not None:
        audit_record(actor=actor, action="attendance.remove", obj=row, before=snapshot(row), unit=session.unit)
        row.delete()


@transaction.atomic
def attendance_check_in(*, actor, token: str) -> Attendance:
    """A person signs in by scanning the session's QR code: recorded as themself, no grant needed."""
    session = StudySession.objects.select_related("unit").get(checkin_token=token)
    person = Person.objects.select_related("unit").filter(user=_user(actor)).first() if _user(actor) else None
    if person is None:
        raise ValidationError(m.CHECKIN_NO_PERSON)
    if session.attendances.filter(person=person).exists():
        raise ValidationError(m.ALREADY_SIGNED_IN)
    problem = attendee_problem(session, person)
    if problem:
        raise ValidationError(problem)
    row = Attendance(session=session, person=person, source=AttendanceSource.SCANNED)
    return _saved(row, actor=actor, action="attendance.check_in", unit=session.unit)


# --- question bank --------------------------------------------------------------------------------

def _check_question(kind: str, options: list, answer: list) -> tuple[list, list]:
    if kind == QuestionKind.TRUE_FALSE:
        options = list(TRUE_FALSE_OPTIONS)
        if len(answer) != 1 or answer[0] not in (0, 1):
            raise ValidationError({"answer": m.TRUE_FALSE_ANSWER})
        return options, answer
    options = [str(o).strip() for o in options if str(o).strip()]
    if len(options) < 2:
        raise ValidationError({"options": m.OPTIONS_TOO_FEW})
    for a in answer:
        if not isinstance(a, int) or not 0 <= a < len(options):
            raise ValidationError({"answer": str(m.ANSWER_INVALID).format(answer=a)})
    answer = sorted(set(answer))
    if kind == QuestionKind.SINGLE and len(answer) != 1:
        raise ValidationError({"answer": m.SINGLE_ONE_ANSWER})
    if kind == QuestionKind.MULTIPLE and len(answer) < 2:
        raise ValidationError({"answer": m.MULTIPLE_TWO_ANSWERS})
    return options, answer


@transaction.atomic
def question_create(*, actor, unit: Unit, kind: str, text: str, options: list, answer: list, law: str,
                    article: str = "", difficulty: int = 1) -> Question:
    require_role(actor, OFFICE, unit, m.NOT_OFFICE)
    if not (law or "").strip():
        raise ValidationError({"law": m.LAW_REQUIRED})
    options, answer = _check_question(kind, list(options or []), [int(a) for a in (answer or [])])
    question = Question(unit=unit, kind=kind, text=(text or "").strip(), options=options, answer=answer,
                        law=law.strip(), article=(article or "").strip(), difficulty=difficulty)
    return _saved(question, actor=actor, action="question.create", unit=unit)


# --- exams -------------------------------------------------------------------------------------

def rule_label(rule: dict) -> str:
    parts = [rule.get("law") or "", QuestionKind(rule["kind"]).label if rule.get("kind") else "",
             f"难度{rule['difficulty']}" if rule.get("difficulty") else ""]
    return " · ".join(str(p) for p in parts if p) or "全部试题"


def draw_paper(*, unit: Unit, rule: list[dict], seed: int) -> list[int]:
    """The question ids a rule draws from the unit's bank (its own and its ancestors' questions).

    Candidates are taken in id order and sampled with `random.Random(seed)`, so the same seed
    on the same bank gives the same paper. Raises when a rule asks for more than the bank has.
    """
    if not rule:
        raise ValidationError({"rule": m.RULE_EMPTY})
    rng = random.Random(seed)
    bank = Question.objects.filter(is_active=True, unit__path__in=unit.ancestor_paths())
    chosen: list[int] = []
    for part in rule:
        qs = bank.exclude(pk__in=chosen)
        if part.get("law"):
            qs = qs.filter(law=part["law"])
        if part.get("kind"):
            qs = qs.filter(kind=part["kind"])
        if part.get("difficulty"):
            qs = qs.filter(difficulty=int(part["difficulty"]))
        ids = sorted(qs.values_list("pk", flat=True))
        need = int(part.get("count") or 0)
        if need > len(ids):
            raise ValidationError({"rule": str(m.TOO_FEW_QUESTIONS).format(rule=rule_label(part), need=need, have=len(ids))})
        chosen.extend(rng.sample(ids, need))
    return chosen


@transaction.atomic
def exam_create(*, actor, unit: Unit, kind: str, title: str, opens_at: dt.datetime, closes_at: dt.datetime,
                time_limit: int, rule: list[dict], candidates: Iterable[Person], pass_mark: int = 60,
                max_attempts: int = 1, partial_credit: bool = False, seed: int | None = None) -> Exam:
    """An exam with its paper drawn now; the seed is recorded so the draw can be repeated."""
    require_role(actor, OFFICE, unit, m.NOT_OFFICE)
    candidates = list(candidates)
    if not candidates:
        raise ValidationError({"candidates": m.NO_CANDIDATES})
    for person in candidates:
        if not person.unit.path.startswith(unit.path):
            raise ValidationError({"candidates": str(m.CANDIDATE_OUT_OF_SCOPE).format(
                name=person.name, unit=person.unit.name, organiser=unit.name)})
    seed = seed if seed is not None else secrets.randbelow(2**53)
    paper = draw_paper(unit=unit, rule=rule, seed=seed)
    exam = Exam(unit=unit, kind=kind, title=(title or "").strip(), opens_at=opens_at, closes_at=closes_at,
                time_limit=time_limit, rule=rule, seed=seed, paper=paper, pass_mark=pass_mark,
                max_attempts=max_attempts, partial_credit=partial_credit, created_by=_user(actor))
    _saved(exam, actor=actor, action="exam.create", unit=unit)
    exam.candidates.set(candidates)
    return exam


def mark(question: Question, chosen: Iterable[int], *, partial_credit: bool = False) -> Decimal:
    """The share of a question's points earned: 1, 0 or (multiple choice, configured) 0.5.

    A multiple-choice answer with any wrong option scores 0; one with only right options but
    not all of them scores 0 too, unless the exam allows partial credit (then half).
    """
    picked = set()
    for c in chosen or []:
        try:
            picked.add(int(c))
        except (TypeError, ValueError):
            return Decimal(0)
    right = set(question.answer)
    if picked == right:
        return Decimal(1)
    if (question.kind == QuestionKind.MULTIPLE and partial_credit and picked and picked < right):
        return Decimal("0.5")
    return Decimal(0)


def score_of(exam: Exam, questions: dict[int, Question], answers: dict) -> Decimal:
    """Score out of 100, one decimal."""
    if not exam.paper:
        return Decimal(0)
    earned = sum((mark(questions[qid], answers.get(str(qid), []), partial_credit=exam.partial_credit)
                  for qid in exam.paper if qid in questions), Decimal(0))
    return (earned * 100 / len(exam.paper)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _person_of(actor) -> Person | None:
    user = _user(actor)
    return Person.objects.select_related("unit").filter(user=user).first() if user else None


def _finish(attempt: ExamAttempt, *, actor, at: dt.datetime) -> ExamAttempt:
    exam = attempt.exam
    questions = Question.objects.in_bulk(exam.paper)
    attempt.submitted_at = at
    attempt.score = score_of(exam, questions, attempt.answers)
    attempt.passed = attempt.score >= exam.pass_mark
    return _saved(attempt, actor=actor, action="exam_attempt.submit", unit=attempt.person.unit)


def attempt_expire(*, attempt: ExamAttempt, now: dt.datetime | None = None) -> ExamAttempt:
    """An attempt whose time ran out is marked on the answers saved in time (no actor needed)."""
    now = now or timezone.now()
    if attempt.submitted_at is None and now > attempt.deadline:
        with transaction.atomic():
            attempt = ExamAttempt.objects.select_for_update().select_related("exam", "person__unit").get(pk=attempt.pk)
            if attempt.submitted_at is None:
                _finish(attempt, actor=None, at=attempt.deadline)
    return attempt


@transaction.atomic
def attempt_start(*, actor, exam: Exam) -> ExamAttempt:
    """Start (or resume) the candidate's sitting; the deadline is set here, on the server."""
    person = _person_of(actor)
    if person is None or not exam.candidates.filter(pk=person.pk).exists():
        raise PermissionDenied(m.NOT_CANDIDATE)
    now = timezone.now()
    for open_attempt in exam.attempts.filter(person=person, submitted_at__isnull=True):
        if now <= open_attempt.deadline:
            return open_attempt
        attempt_expire(attempt=open_attempt, now=now)
    if not exam.opens_at <= now <= exam.closes_at:
        raise ValidationError(str(m.EXAM_NOT_OPEN).format(opens=timezone.localtime(exam.opens_at).strftime("%Y-%m-%d %H:%M"),
                                                          closes=timezone.localtime(exam.closes_at).strftime("%Y-%m-%d %H:%M")))
    used = exam.attempts.filter(person=person).count()
    if used >= exam.max_attempts:
        raise ValidationError(str(m.NO_ATTEMPTS_LEFT).format(n=exam.max_attempts))
    deadline = min(now + dt.timedelta(minutes=exam.time_limit), exam.closes_at)
    attempt = ExamAttempt(exam=exam, person=person, number=used + 1, started_at=now, deadline=deadline)
    return _saved(attempt, actor=actor, action="exam_attempt.start", unit=person.unit)


def _own_open_attempt(actor, attempt: ExamAttempt, now: dt.datetime) -> ExamAttempt:
    attempt = ExamAttempt.objects.select_for_update().select_related("exam", "person__unit").get(pk=attempt.pk)
    if _user(actor) is None or attempt.person.user_id != actor.pk:
        raise PermissionDenied(m.NOT_YOUR_ATTEMPT)
    if attempt.submitted_at is not None:
        raise ValidationError(m.ALREADY_SUBMITTED)
    if now > attempt.deadline:
        raise ValidationError(str(m.TIME_UP).format(
            deadline=timezone.localtime(attempt.deadline).strftime("%H:%M:%S")))
    return attempt


def _clean_answers(attempt: ExamAttempt, answers: dict) -> dict:
    paper = {str(q) for q in attempt.exam.paper}
    clean = {}
    for qid, chosen in (answers or {}).items():
        if str(qid) in paper:
            chosen = chosen if isinstance(chosen, (list, tuple)) else [chosen]
            clean[str(qid)] = sorted({int(c) for c in chosen if str(c).lstrip("-").isdigit()})
    return clean


@transaction.atomic
def attempt_record(*, actor, exam: Exam, person: Person, answers: dict, at: dt.datetime) -> ExamAttempt:
    """The office enters the answer sheet of a paper exam (线下考试): marked like an online one."""
    require_role(actor, OFFICE, exam.unit, m.NOT_OFFICE)
    if not exam.candidates.filter(pk=person.pk).exists():
        raise ValidationError(m.NOT_CANDIDATE)
    used = exam.attempts.filter(person=person).count()
    if used >= exam.max_attempts:
        raise ValidationError(str(m.NO_ATTEMPTS_LEFT).format(n=exam.max_attempts))
    attempt = ExamAttempt(exam=exam, person=person, number=used + 1, started_at=at, deadline=at)
    attempt.answers = _clean_answers(attempt, answers)
    return _finish(attempt, actor=actor, at=at)


@transaction.atomic
def attempt_answer(*, actor, attempt: ExamAttempt, answers: dict) -> ExamAttempt:
    """Save answers so far; refused once the server's deadline has passed."""
    attempt = _own_open_attempt(actor, attempt, timezone.now())
    attempt.answers = {**attempt.answers, **_clean_answers(attempt, answers)}
    attempt.full_clean()
    attempt.save(update_fields=["answers"])
    return attempt


@transaction.atomic
def attempt_submit(*, actor, attempt: ExamAttempt, answers: dict | None = None) -> ExamAttempt:
    """Hand in: marked at once. After the deadline nothing is written and the answer is refused."""
    now = timezone.now()
    attempt = _own_open_attempt(actor, attempt, now)
    if answers:
        attempt.answers = {**attempt.answers, **_clean_answers(attempt, answers)}
    return _finish(attempt, actor=actor, at=now)


# --- outreach -----------------------------------------------------------------------------------

@transaction.atomic
def outreach_duty_create(*, actor, unit: Unit, year: int, laws: str, audience: str, plan: str = "",
                         planned_events: int = 1) -> OutreachDuty:
    require_role(actor, WRITERS, unit, m.NOT_WRITER)
    duty = OutreachDuty(unit=unit, year=year, laws=(laws or "").strip(), audience=(audience or "").strip(),
                        plan=plan or "", planned_events=planned_events)
    return _saved(duty, actor=actor, action="outreach_duty.create", unit=unit)


@transaction.atomic
def outreach_event_create(*, actor, unit: Unit, kind: str, title: str, date: dt.date, place: str = "",
                          participants: int = 0, laws: str = "", duty: OutreachDuty | None = None, campaign=None,
                          materials: Iterable[tuple[str, int]] = (), photos: Iterable = ()) -> OutreachEvent:
    """An outreach event with its materials (kind, count) and photos (checked before any is stored)."""
    require_role(actor, WRITERS, unit, m.NOT_WRITER)
    if participants is not None and int(participants) < 0:
        raise ValidationError({"participants": m.PARTICIPANTS_NEGATIVE})
    materials = [(k, int(c)) for k, c in materials if k and c]
    kinds = [k for k, _c in materials]
    for k in kinds:
        if kinds.count(k) > 1:
            from .choices import MaterialKind

            raise ValidationError({"materials": str(m.MATERIAL_KIND_TWICE).format(kind=MaterialKind(k).label)})
    checked = [(f, check_upload(f)) for f in photos]
    event = OutreachEvent(unit=unit, kind=kind, title=(title or "").strip(), date=date, place=place or "",
                          participants=participants or 0, laws=laws or "", duty=duty, campaign=campaign,
                          created_by=_user(actor))
    _saved(event, actor=actor, action="outreach_event.create", unit=unit)
    for kind_, count in materials:
        row = OutreachMaterial(event=event, kind=kind_, count=count)
        row.full_clean()
        row.save()
    for upload, info in checked:
        photo = OutreachPhoto(event=event, original_name=info.name[:255], sha256=info.sha256, mime=info.mime, size=info.size)
        photo.file.save(info.sha256, upload, save=False)
        _saved(photo, actor=actor, action="outreach_photo.upload", unit=unit)
    return event


__all__ = ["attendance_add", "attendance_check_in", "attempt_start", "attempt_submit", "attempt_answer", "draw_paper",
           "exam_create", "mark", "outreach_event_create", "question_create", "study_session_create"]
