"""Every write of the intake app: one transaction, a permission check, an audit row.

The reporter's identity never enters an audit snapshot: `snapshot` is taken of the case,
whose row has no identity, and the public's own actions are audited without the client
address, which would otherwise sit in the audit log for every office to read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.context import client_ip
from fazhi.audit.services import audit_record
from fazhi.audit.services import snapshot as _full_snapshot
from fazhi.core.files import ALLOWED_TYPES, check_upload
from fazhi.core.workdays import today as local_today
from fazhi.core import rollups
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from fazhi.org.scoping import has_role, require_role

from . import messages as m
from . import signals, timelimits, tracking
from .choices import Rating, ReplyStatus, ReporterCategory, Source, SubmissionStatus as S
from .models import (HANDLER_ROLES, Answer, Attachment, Channel, Meeting, Question, Questionnaire, Reply, Reporter, Submission,
                     SurveyResponse, TimeLimit)

MAX_FILES = 5
MIN_TEXT = 5
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{5,8})$")
OPEN_FOR_ROUTING = [S.NEW, S.ACCEPTED, S.ROUTED]
OPEN_FOR_CLOSING = [S.NEW, S.ACCEPTED, S.ROUTED, S.DRAFTED]


@contextlib.contextmanager
def _without_client_address():
    # The audit row of a public action must not carry the person's address (it is identity).
    token = client_ip.set(None)
    try:
        yield
    finally:
        client_ip.reset(token)


def snapshot(obj) -> dict:
    # The password hash is nobody's business, not even the audit log's.
    data = _full_snapshot(obj)
    data.pop("password_hash", None)
    return data


def _saved(obj, *, actor, action: str, unit=None, before=None):
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj), unit=unit)
    return obj


def _wrong_status(sub: Submission, action: str) -> ValidationError:
    return ValidationError(str(m.WRONG_STATUS).format(status=sub.get_status_display(), action=action), code="status")


def receiving_unit(unit: Unit | None) -> Unit:
    """Who receives a case: the nearest administrative department above (or at) the unit
    concerned; a case about no unit goes to the top of the tree."""
    if unit is not None:
        ancestors = Unit.objects.filter(path__in=unit.ancestor_paths(), kind=UnitKind.ADMIN_DEPT).order_by("-depth")
        found = ancestors.first()
        if found is not None:
            return found
        return Unit.objects.get(path=unit.ancestor_paths()[0])
    top = Unit.objects.filter(parent__isnull=True, is_active=True).order_by("order", "path").first()
    if top is None:
        raise ValidationError(m.UNIT_REQUIRED)
    return top


def _check_identity(name: str, phone: str, anonymous: bool) -> tuple[str, str]:
    name, phone = (name or "").strip(), (phone or "").strip().replace(" ", "")
    if anonymous and (name or phone):
        raise ValidationError(m.ANONYMOUS_WITH_NAME, code="anonymous")
    if phone and not PHONE_RE.match(phone):
        raise ValidationError({"phone": m.PHONE_INVALID})
    return name, phone


def _category(value: str | None, field: str = "reporter_category") -> str:
    value = (value or "").strip()
    if value and value not in ReporterCategory.values:
        raise ValidationError({field: m.CATEGORY_INVALID})
    return value


def _create(*, kind: str, source: str, text: str, title: str, unit: Unit | None, name: str, phone: str, anonymous: bool,
            files: Iterable, ip: str, actor, meeting: Meeting | None, received_by: Unit | None,
            received_at: dt.datetime | None, reporter_category: str = "") -> tuple[Submission, str]:
    reporter_category = _category(reporter_category)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": m.TEXT_REQUIRED})
    if len(text) < MIN_TEXT:
        raise ValidationError({"text": str(m.TEXT_TOO_SHORT).format(n=MIN_TEXT)})
    name, phone = _check_identity(name, phone, anonymous)
    files = list(files or [])
    if len(files) > MAX_FILES:
        raise ValidationError({"files": str(m.TOO_MANY_FILES).format(n=MAX_FILES)})
    checked = [(f, check_upload(f)) for f in files]
    received_at = received_at or timezone.now()
    received_on = timezone.localtime(received_at).date()
    ack_due, conclude_due = timelimits.due_dates(kind, received_on)
    password = tracking.new_password()
    sub = Submission(kind=kind, source=source, text=text, title=(title or "").strip()[:100], unit=unit,
                     received_by=received_by or receiving_unit(unit), anonymous=anonymous or not (name or phone),
                     received_at=received_at, ack_due=ack_due, conclude_due=conclude_due, meeting=meeting,
                     reporter_category=reporter_category,
                     password_hash=tracking.hash_password(password),
                     entered_by=actor if getattr(actor, "is_authenticated", False) else None)
    for _attempt in range(5):
        sub.case_number = tracking.new_case_number(received_on)
        if not Submission.objects.filter(case_number=sub.case_number).exists():
            break
    sub.full_clean()
    try:
        with transaction.atomic():
            sub.save()
    except IntegrityError:  # two workers drew the same number in the same instant
        sub.pk = None
        sub.case_number = tracking.new_case_number(received_on)
        sub.save()
    reporter = Reporter(submission=sub)
    reporter.set_identity(name=name, phone=phone, ip=ip or "")
    reporter.save()
    for number, (upload, info) in enumerate(checked, start=1):
        # The uploaded file name is dropped: people name photos after themselves. The case keeps "附件1.png".
        name = f"{_('附件')}{number}.{ALLOWED_TYPES[info.mime].split('/')[0].lower()}"
        upload = upload if isinstance(upload, File) else File(upload, name=name)
        Attachment.objects.create(submission=sub, file=upload, name=name, size=info.size, sha256=info.sha256, mime=info.mime)
    audit_record(actor=actor, action="submission.create", obj=sub, after=snapshot(sub), unit=sub.received_by)
    return sub, password


@transaction.atomic
def submission_submit(*, kind: str, text: str, title: str = "", unit: Unit | None = None, name: str = "", phone: str = "",
                      anonymous: bool = False, files: Iterable = (), ip: str = "",
                      received_at: dt.datetime | None = None, reporter_category: str = "") -> tuple[Submission, str]:
    """A member of the public submits through the portal. Returns the case and its query
    password, which is shown once and never stored. `received_at` is for loading cases
    received earlier (demo, migration from paper); the portal never passes it."""
    with _without_client_address():
        return _create(kind=kind, source=Source.PORTAL, text=text, title=title, unit=unit, name=name, phone=phone,
                       anonymous=anonymous, files=files, ip=ip, actor=None, meeting=None, received_by=None,
                       received_at=received_at, reporter_category=reporter_category)


@transaction.atomic
def submission_record(*, actor, kind: str, source: str, text: str, title: str = "", unit: Unit | None = None,
                      received_by: Unit, name: str = "", phone: str = "", anonymous: bool = False, files: Iterable = (),
                      meeting: Meeting | None = None, received_at: dt.datetime | None = None,
                      reporter_category: str = "") -> tuple[Submission, str]:
    """The office enters a case received by phone, box, letter or at a meeting."""
    require_role(actor, HANDLER_ROLES, received_by, m.NOT_HANDLER)
    if source == Source.MEETING and meeting is None:
        raise ValidationError({"meeting": m.UNIT_REQUIRED})
    return _create(kind=kind, source=source, text=text, title=title, unit=unit, name=name, phone=phone, anonymous=anonymous,
                   files=files, ip="", actor=actor, meeting=meeting, received_by=received_by, received_at=received_at,
                   reporter_category=reporter_category)


def is_intake_of(user, submission: Submission) -> bool:
    """An actual intake grant over the receiving office. Deliberately not `has_role`, which lets
    an administrator through: the rule names one role and no one else."""
    from fazhi.org.scoping import granted_paths

    return any(submission.received_by.path.startswith(p) for p in granted_paths(user, [Role.INTAKE]))


@transaction.atomic
def reporter_read(*, actor, submission: Submission) -> dict:
    """The reporter's name, phone and address, for the intake role of the receiving office
    only; the read itself is audited (without the values)."""
    if not is_intake_of(actor, submission):
        raise PermissionDenied(m.NOT_INTAKE)
    reporter = Reporter.objects.filter(submission=submission).first()
    identity = reporter.identity() if reporter else {"name": "", "phone": "", "ip": ""}
    audit_record(actor=actor, action="reporter.read", obj=submission, unit=submission.received_by,
                 after={"fields": ["name", "phone", "ip"]})
    return identity


def _handle(actor, sub: Submission) -> None:
    require_role(actor, HANDLER_ROLES, sub.received_by, m.NOT_HANDLER)


@transaction.atomic
def submission_accept(*, actor, submission: Submission) -> Submission:
    _handle(actor, submission)
    if submission.status != S.NEW:
        raise _wrong_status(submission, "受理")
    before = snapshot(submission)
    submission.status, submission.acknowledged_on = S.ACCEPTED, local_today()
    return _saved(submission, actor=actor, action="submission.accept", unit=submission.received_by, before=before)


@transaction.atomic
def submission_route(*, actor, submission: Submission, unit: Unit | None) -> Submission:
    _handle(actor, submission)
    if unit is None:
        raise ValidationError({"unit": m.UNIT_REQUIRED})
    if submission.status not in OPEN_FOR_ROUTING:
        raise _wrong_status(submission, "转办")
    if not has_role(actor, HANDLER_ROLES, unit):
        raise ValidationError({"unit": str(m.UNIT_OUT_OF_SCOPE).format(unit=unit.name)})
    before = snapshot(submission)
    submission.status, submission.assigned_unit = S.ROUTED, unit
    submission.acknowledged_on = submission.acknowledged_on or local_today()
    return _saved(submission, actor=actor, action="submission.assign", unit=submission.received_by, before=before)


@transaction.atomic
def reply_draft(*, actor, submission: Submission, text: str) -> Reply:
    """The responsible unit (its liaison) or the office drafts the answer; the office then reviews it."""
    unit = submission.assigned_unit
    if not (unit is not None and has_role(actor, [Role.LIAISON], unit)) and not has_role(actor, HANDLER_ROLES, submission.received_by):
        raise PermissionDenied(m.NOT_UNIT)
    if submission.status != S.ROUTED:
        raise _wrong_status(submission, "起草答复")
    if not (text or "").strip():
        raise ValidationError({"text": m.REPLY_TEXT_REQUIRED})
    reply = Reply(submission=submission, unit=unit or submission.received_by, text=text.strip(), drafted_by=actor)
    _saved(reply, actor=actor, action="reply.submit", unit=submission.received_by)
    before = snapshot(submission)
    submission.status = S.DRAFTED
    _saved(submission, actor=actor, action="submission.update", unit=submission.received_by, before=before)
    return reply


@transaction.atomic
def reply_approve(*, actor, reply: Reply, text: str | None = None) -> Reply:
    """The office approves (optionally after editing) and publishes; the case is concluded."""
    sub = reply.submission
    _handle(actor, sub)
    if reply.status != ReplyStatus.DRAFT or sub.status != S.DRAFTED:
        raise _wrong_status(sub, "审核答复")
    before = snapshot(reply)
    if text is not None and text.strip():
        reply.text = text.strip()
    reply.status, reply.reviewed_by, reply.published_at = ReplyStatus.PUBLISHED, actor, timezone.now()
    _saved(reply, actor=actor, action="reply.publish", unit=sub.received_by, before=before)
    before = snapshot(sub)
    sub.status, sub.concluded_on = S.REPLIED, local_today()
    _saved(sub, actor=actor, action="submission.close", unit=sub.received_by, before=before)
    return reply


@transaction.atomic
def reply_return(*, actor, reply: Reply, note: str) -> Reply:
    sub = reply.submission
    _handle(actor, sub)
    if reply.status != ReplyStatus.DRAFT or sub.status != S.DRAFTED:
        raise _wrong_status(sub, "退回答复")
    if not (note or "").strip():
        raise ValidationError({"note": m.REASON_REQUIRED})
    before = snapshot(reply)
    reply.status, reply.return_note, reply.reviewed_by = ReplyStatus.RETURNED, note.strip(), actor
    _saved(reply, actor=actor, action="reply.return", unit=sub.received_by, before=before)
    before = snapshot(sub)
    sub.status = S.ROUTED
    _saved(sub, actor=actor, action="submission.return", unit=sub.received_by, before=before)
    return reply


def _close(actor, sub: Submission, *, status: str, action: str, verb: str, reason: str = "", **fields) -> Submission:
    _handle(actor, sub)
    if sub.status not in OPEN_FOR_CLOSING:
        raise _wrong_status(sub, verb)
    before = snapshot(sub)
    sub.status, sub.reason, sub.concluded_on = status, reason, local_today()
    sub.acknowledged_on = sub.acknowledged_on or local_today()
    for key, value in fields.items():
        setattr(sub, key, value)
    return _saved(sub, actor=actor, action=action, unit=sub.received_by, before=before)


def _other_case(actor, sub: Submission, other: Submission | None) -> Submission:
    if other is None:
        raise ValidationError({"other": str(m.OTHER_CASE_NOT_FOUND).format(number="")})
    if other.pk == sub.pk:
        raise ValidationError({"other": m.SAME_CASE})
    if not has_role(actor, HANDLER_ROLES, other.received_by):
        raise ValidationError({"other": str(m.OTHER_CASE_NOT_FOUND).format(number=other.case_number)})
    if other.status in (S.DUPLICATE, S.MERGED):
        raise ValidationError({"other": str(m.OTHER_CASE_CLOSED).format(number=other.case_number)})
    return other


@transaction.atomic
def submission_mark_duplicate(*, actor, submission: Submission, original: Submission | None, reason: str = "") -> Submission:
    original = _other_case(actor, submission, original)
    return _close(actor, submission, status=S.DUPLICATE, action="submission.update", verb="标为重复件",
                  reason=reason.strip(), duplicate_of=original)


@transaction.atomic
def submission_merge(*, actor, submission: Submission, into: Submission | None, reason: str = "") -> Submission:
    into = _other_case(actor, submission, into)
    return _close(actor, submission, status=S.MERGED, action="submission.update", verb="合并", reason=reason.strip(), merged_into=into)


@transaction.atomic
def submission_reject(*, actor, submission: Submission, reason: str) -> Submission:
    if not (reason or "").strip():
        raise ValidationError({"reason": m.REASON_REQUIRED})
    return _close(actor, submission, status=S.REJECTED, action="submission.close", verb="不予受理", reason=reason.strip())


@transaction.atomic
def submission_to_problem(*, actor, submission: Submission) -> Submission:
    """Turn the case into a ledger problem. The ledger answers the signal with the problem;
    until the ledger exists the case is still marked, and can be linked later."""
    _handle(actor, submission)
    if submission.status not in OPEN_FOR_CLOSING:
        raise _wrong_status(submission, "转问题台账")
    before = snapshot(submission)
    responses = signals.submission_to_problem.send(sender=Submission, submission=submission, actor=actor)
    submission.problem_id = signals.problem_id_from(responses)
    submission.status = S.PROBLEM
    submission.acknowledged_on = submission.acknowledged_on or local_today()
    return _saved(submission, actor=actor, action="submission.update", unit=submission.received_by, before=before)


@transaction.atomic
def problem_closed_reply(*, problem_id: int, actor=None, text: str = "") -> list[Reply]:
    """The ledger closed a problem: its close-out becomes the published reply of every case linked to it."""
    replies = []
    for sub in Submission.objects.select_for_update().filter(problem_id=problem_id, status=S.PROBLEM).select_related("received_by"):
        body = text.strip() or _("您反映的问题已整改完毕并销号。")
        reply = Reply(submission=sub, unit=sub.assigned_unit or sub.received_by, text=body, status=ReplyStatus.PUBLISHED,
                      drafted_by=actor if getattr(actor, "is_authenticated", False) else None, published_at=timezone.now())
        replies.append(_saved(reply, actor=actor, action="reply.publish", unit=sub.received_by))
        before = snapshot(sub)
        sub.status, sub.concluded_on = S.REPLIED, local_today()
        _saved(sub, actor=actor, action="submission.close", unit=sub.received_by, before=before)
    return replies


def submission_lookup(*, case_number: str, password: str) -> Submission | None:
    """The case for a case number and password, or None: the same None whether the number
    is unknown or the password wrong (and as fast: the hash is checked either way)."""
    number = tracking.normalize_case_number(case_number)
    sub = Submission.objects.filter(case_number=number).first() if tracking.CASE_NUMBER_RE.match(number) else None
    ok = tracking.password_matches(password, sub.password_hash if sub else None)
    return sub if ok else None


@transaction.atomic
def submission_rate(*, submission: Submission, rating: int, comment: str = "") -> Submission:
    """The person who asked rates the published reply (once)."""
    if submission.status != S.REPLIED:
        raise ValidationError(m.NOT_REPLIED)
    if submission.rating is not None:
        raise ValidationError(m.ALREADY_RATED)
    with _without_client_address():
        before = snapshot(submission)
        submission.rating, submission.rating_comment = int(rating), (comment or "").strip()[:300]
        return _saved(submission, actor=None, action="submission.update", unit=submission.received_by, before=before)


# --- settings, meetings, channels -------------------------------------------------------------

def _require_top_handler(actor) -> None:
    from fazhi.org.scoping import granted_paths, is_unrestricted

    # Time limits hold for the whole installation: only a handler at the top of a tree sets them.
    if not is_unrestricted(actor) and not any(p.count("/") == 1 for p in granted_paths(actor, HANDLER_ROLES)):
        raise PermissionDenied(m.NOT_HANDLER)


@transaction.atomic
def time_limit_set(*, actor, kind: str, ack_days: int, ack_working: bool, conclude_days: int, conclude_working: bool) -> TimeLimit:
    _require_top_handler(actor)
    row = TimeLimit.objects.filter(kind=kind).first()
    before = snapshot(row) if row else None
    row = row or TimeLimit(kind=kind)
    row.ack_days, row.ack_working, row.conclude_days, row.conclude_working = ack_days, ack_working, conclude_days, conclude_working
    return _saved(row, actor=actor, action="timelimit.update" if before else "timelimit.create", before=before)


MEETING_FIELDS = ("kind", "title", "starts_at", "ends_at", "place", "attendees", "agenda", "expected_count", "present_count",
                  "present", "minutes")


def _meeting_checks(meeting: Meeting, minutes_file) -> None:
    # More present than expected is refused by the model's constraint (meeting_present_within_expected).
    if minutes_file:
        info = check_upload(minutes_file)
        if not (info.mime == "application/pdf" or info.mime.startswith("image/") or "word" in info.mime
                or info.mime in ("application/msword", "application/x-ole-storage")):
            raise ValidationError({"minutes_file": m.MINUTES_FILE_TYPE})
        ext = ALLOWED_TYPES[info.mime].split("/")[0].lower()
        # The stored name is random (upload_to); the name offered on download is the meeting's.
        meeting.minutes_file = File(minutes_file, name=f"minutes.{ext}")


@transaction.atomic
def meeting_create(*, actor, organizer: Unit, kind: str, title: str, starts_at: dt.datetime, place: str, attendees: str,
                   agenda: str = "", ends_at: dt.datetime | None = None, campaign=None, expected_count: int | None = None,
                   present_count: int | None = None, present: str = "", minutes: str = "", minutes_file=None) -> Meeting:
    require_role(actor, HANDLER_ROLES, organizer, m.NOT_HANDLER)
    meeting = Meeting(organizer=organizer, kind=kind, title=title, starts_at=starts_at, ends_at=ends_at, place=place,
                      attendees=attendees, agenda=agenda, campaign=campaign, expected_count=expected_count,
                      present_count=present_count, present=(present or "").strip(), minutes=(minutes or "").strip())
    _meeting_checks(meeting, minutes_file)
    return _saved(meeting, actor=actor, action="meeting.create", unit=organizer)


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, minutes_file=None, **fields) -> Meeting:
    """Change what the office records of a meeting (attendance and minutes included); the
    organiser and the campaign stay as they were."""
    require_role(actor, HANDLER_ROLES, meeting.organizer, m.NOT_HANDLER)
    before = snapshot(meeting)
    for key, value in fields.items():
        if key in MEETING_FIELDS:
            setattr(meeting, key, value.strip() if isinstance(value, str) else value)
    _meeting_checks(meeting, minutes_file)
    return _saved(meeting, actor=actor, action="meeting.update", unit=meeting.organizer, before=before)


@transaction.atomic
def channel_create(*, actor, unit: Unit, kind: str, value: str, note: str = "", published: bool = True, order: int = 0) -> Channel:
    require_role(actor, HANDLER_ROLES, unit, m.NOT_HANDLER)
    if not (value or "").strip():
        raise ValidationError({"value": m.CHANNEL_VALUE_REQUIRED})
    channel = Channel(unit=unit, kind=kind, value=value.strip(), note=note.strip(), published=published, order=order)
    return _saved(channel, actor=actor, action="channel.create", unit=unit)


@transaction.atomic
def channel_update(*, actor, channel: Channel, **fields) -> Channel:
    require_role(actor, HANDLER_ROLES, channel.unit, m.NOT_HANDLER)
    before = snapshot(channel)
    for key, value in fields.items():
        setattr(channel, key, value)
    return _saved(channel, actor=actor, action="channel.update", unit=channel.unit, before=before)


# --- 民主评议 -----------------------------------------------------------------------------------

MAX_QUESTION = 300


def _require_campaign_handler(actor, campaign) -> None:
    require_role(actor, HANDLER_ROLES, campaign.issuer, m.NOT_CAMPAIGN_OFFICE)


def _question_lines(questions) -> list[str]:
    lines = [q.strip() for q in (questions.splitlines() if isinstance(questions, str) else questions or []) if q and q.strip()]
    if not lines:
        raise ValidationError({"questions": m.QUESTIONS_REQUIRED})
    if any(len(q) > MAX_QUESTION for q in lines):
        raise ValidationError({"questions": str(m.QUESTION_TOO_LONG).format(n=MAX_QUESTION)})
    return lines


@transaction.atomic
def questionnaire_create(*, actor, campaign, title: str, questions, intro: str = "", is_open: bool = True) -> Questionnaire:
    """The office sets a campaign's questionnaire: one question a line, each answered 满意/基本满意/不满意."""
    _require_campaign_handler(actor, campaign)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": m.QUESTIONNAIRE_TITLE_REQUIRED})
    lines = _question_lines(questions)
    questionnaire = Questionnaire(campaign=campaign, title=title[:200], intro=(intro or "").strip(), is_open=is_open,
                                  created_by=actor)
    _saved(questionnaire, actor=actor, action="questionnaire.create", unit=campaign.issuer)
    Question.objects.bulk_create([Question(questionnaire=questionnaire, text=q, order=i) for i, q in enumerate(lines, start=1)])
    rollups.bump()  # a write that sends no signal (fazhi.core.rollups)
    return questionnaire


@transaction.atomic
def questionnaire_set_open(*, actor, questionnaire: Questionnaire, is_open: bool) -> Questionnaire:
    _require_campaign_handler(actor, questionnaire.campaign)
    before = snapshot(questionnaire)
    questionnaire.is_open = bool(is_open)
    return _saved(questionnaire, actor=actor, action="questionnaire.update", unit=questionnaire.campaign.issuer, before=before)


def survey_units(questionnaire: Questionnaire):
    """The units a questionnaire evaluates: every active unit under the campaign's issuer."""
    from fazhi.org.scoping import subtree_q

    return Unit.objects.filter(subtree_q(questionnaire.campaign.issuer.path, "path"), is_active=True).order_by("path")


@transaction.atomic
def survey_answer(*, questionnaire: Questionnaire, unit: Unit | None, answers: dict, category: str = "", comment: str = "",
                  submitted_at: dt.datetime | None = None) -> SurveyResponse:
    """A member of the public answers the questionnaire about one unit. Every question needs
    one of the three answers; nothing is written otherwise. Audited without the address."""
    if not questionnaire.is_open:
        raise ValidationError(m.QUESTIONNAIRE_CLOSED, code="closed")
    if unit is None:
        raise ValidationError({"unit": m.SURVEY_UNIT_REQUIRED})
    if not survey_units(questionnaire).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": m.SURVEY_UNIT_OUT})
    category = _category(category, "category")
    questions = list(questionnaire.questions.all())
    chosen = {}
    for q in questions:
        raw = answers.get(q.pk, answers.get(str(q.pk)))
        try:
            value = int(raw)
        except (TypeError, ValueError):
            continue
        if value in Rating.values:
            chosen[q.pk] = value
    missing = len(questions) - len(chosen)
    if missing or not questions:
        raise ValidationError(str(m.SURVEY_ANSWER_MISSING).format(n=missing), code="missing")
    with _without_client_address():
        response = SurveyResponse(questionnaire=questionnaire, unit=unit, category=category,
                                  comment=(comment or "").strip()[:500], submitted_at=submitted_at or timezone.now())
        response.full_clean()
        response.save()
        Answer.objects.bulk_create([Answer(response=response, question_id=pk, rating=v) for pk, v in chosen.items()])
        rollups.bump()  # a write that sends no signal (fazhi.core.rollups)
        audit_record(actor=None, action="survey.answer", obj=response, after={"unit": unit.pk, "answers": len(chosen)},
                     unit=unit)
    return response
