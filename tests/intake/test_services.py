import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import AuditEntry
from fazhi.intake import crypto, messages as m, services, tracking
from fazhi.intake.choices import ReplyStatus, Source, SubmissionKind as K, SubmissionStatus as S
from fazhi.intake.models import Reporter, Submission

from .conftest import KNOWN_NAME, KNOWN_PHONE

pytestmark = pytest.mark.django_db


def submit(tree, **kw):
    data = dict(kind=K.COMPLAINT, text="挂号窗口工作人员态度恶劣，拖延办理。", unit=tree.hospital,
                name=KNOWN_NAME, phone=KNOWN_PHONE, ip="203.0.113.9")
    data.update(kw)
    return services.submission_submit(**data)


def test_password_has_100_bits_and_no_look_alikes():
    assert tracking.entropy_bits() >= 100
    pw = tracking.new_password()
    assert len(pw.replace("-", "")) == 24 and all(len(g) == 4 for g in pw.split("-"))
    assert not set(pw) & set("01OIL")
    assert tracking.normalize_password(pw.lower().replace("-", " ")) == pw.replace("-", "")


def test_submit_stores_only_a_hash_and_encrypted_identity(tree):
    sub, password = submit(tree)
    assert tracking.CASE_NUMBER_RE.match(sub.case_number)
    assert password.replace("-", "") not in sub.password_hash
    assert sub.received_by == tree.county  # nearest administrative department above the hospital
    row = Reporter.objects.get(submission=sub)
    for column in (row.name_enc, row.phone_enc, row.ip_enc):
        assert KNOWN_NAME not in column and KNOWN_PHONE not in column and "203.0.113.9" not in column
    assert crypto.decrypt(row.name_enc) == KNOWN_NAME
    assert services.submission_lookup(case_number=sub.case_number, password=password.lower()) == sub
    entry = AuditEntry.objects.get(action="submission.create", object_id=str(sub.pk))
    assert entry.ip is None and "password_hash" not in entry.after
    assert KNOWN_NAME not in str(entry.after) and KNOWN_PHONE not in str(entry.after)


def test_wrong_number_and_wrong_password_answer_alike(tree):
    sub, password = submit(tree)
    assert services.submission_lookup(case_number=sub.case_number, password="AAAA-BBBB") is None
    assert services.submission_lookup(case_number="20990101-000000", password=password) is None
    assert services.submission_lookup(case_number="nonsense", password=password) is None


def test_bad_input_writes_nothing(tree):
    with pytest.raises(ValidationError) as e:
        submit(tree, text="  ")
    assert m.TEXT_REQUIRED in e.value.messages
    with pytest.raises(ValidationError) as e:
        submit(tree, phone="12ab")
    assert m.PHONE_INVALID in e.value.messages
    with pytest.raises(ValidationError) as e:
        submit(tree, anonymous=True)
    assert m.ANONYMOUS_WITH_NAME in e.value.messages
    assert not Submission.objects.exists() and not Reporter.objects.exists()


def test_full_lifecycle_route_draft_approve_rate(tree):
    sub, password = submit(tree)
    services.submission_route(actor=tree.intake, submission=sub, unit=tree.hospital)
    sub.refresh_from_db()
    assert sub.status == S.ROUTED and sub.acknowledged_on is not None and sub.assigned_unit == tree.hospital
    with pytest.raises(PermissionDenied):
        services.reply_draft(actor=tree.other_liaison, submission=sub, text="答复")
    reply = services.reply_draft(actor=tree.liaison, submission=sub, text="经核实，已对该工作人员批评教育。")
    sub.refresh_from_db()
    assert sub.status == S.DRAFTED
    with pytest.raises(PermissionDenied):
        services.reply_approve(actor=tree.liaison, reply=reply)
    services.reply_return(actor=tree.office, reply=reply, note="请写明整改措施。")
    sub.refresh_from_db()
    reply.refresh_from_db()
    assert sub.status == S.ROUTED and reply.status == ReplyStatus.RETURNED
    reply = services.reply_draft(actor=tree.liaison, submission=sub, text="经核实，已批评教育并调整窗口排班。")
    services.reply_approve(actor=tree.intake, reply=reply)
    sub.refresh_from_db()
    assert sub.status == S.REPLIED and sub.concluded_on is not None
    services.submission_rate(submission=sub, rating=3, comment="满意")
    with pytest.raises(ValidationError) as e:
        services.submission_rate(submission=sub, rating=1)
    assert m.ALREADY_RATED in e.value.messages


def test_duplicate_merge_reject(tree):
    a, _ = submit(tree)
    b, _ = submit(tree)
    c, _ = submit(tree)
    d, _ = submit(tree)
    services.submission_mark_duplicate(actor=tree.intake, submission=b, original=a)
    services.submission_merge(actor=tree.intake, submission=c, into=a)
    b.refresh_from_db()
    c.refresh_from_db()
    assert (b.status, b.duplicate_of, c.status, c.merged_into) == (S.DUPLICATE, a, S.MERGED, a)
    with pytest.raises(ValidationError) as e:
        services.submission_reject(actor=tree.intake, submission=d, reason=" ")
    assert m.REASON_REQUIRED in e.value.messages
    services.submission_reject(actor=tree.intake, submission=d, reason="不属于本系统职责范围。")
    d.refresh_from_db()
    assert d.status == S.REJECTED
    with pytest.raises(ValidationError) as e:
        services.submission_merge(actor=tree.intake, submission=a, into=b)
    assert str(m.OTHER_CASE_CLOSED).format(number=b.case_number) in e.value.messages


def test_to_problem_hook_links_both_ways_and_close_out_replies(tree):
    from fazhi.ledger.models import Problem

    sub, _ = submit(tree)
    services.submission_to_problem(actor=tree.office, submission=sub)
    problem = Problem.objects.get(source_type="intake.submission", source_id=str(sub.pk))
    sub.refresh_from_db()
    assert sub.status == S.PROBLEM and sub.problem_id == problem.pk
    services.problem_closed_reply(problem_id=problem.pk, text="已整改到位，予以销号。")
    sub.refresh_from_db()
    assert sub.status == S.REPLIED
    assert sub.replies.get().status == ReplyStatus.PUBLISHED


def test_reporter_read_only_for_intake_of_receiving_office_and_audited(tree):
    sub, _ = submit(tree)
    for user in (tree.office, tree.leader, tree.liaison, tree.other_intake, tree.inspector):
        with pytest.raises(PermissionDenied):
            services.reporter_read(actor=user, submission=sub)
    identity = services.reporter_read(actor=tree.intake, submission=sub)
    assert identity == {"name": KNOWN_NAME, "phone": KNOWN_PHONE, "ip": "203.0.113.9"}
    entry = AuditEntry.objects.get(action="reporter.read")
    assert entry.actor == tree.intake and KNOWN_NAME not in str(entry.after)


def test_office_records_a_phone_case_and_a_meeting_opinion(tree):
    meeting = services.meeting_create(actor=tree.office, organizer=tree.commission, kind="symposium", title="征求意见座谈会",
                                      starts_at=dt.datetime(2026, 7, 28, 15, tzinfo=dt.timezone.utc), place="局机关五楼会议室",
                                      attendees="人大代表、政协委员")
    sub, pw = services.submission_record(actor=tree.office, kind=K.OPINION, source=Source.MEETING, text="建议延长门诊时间。",
                                         received_by=tree.commission, meeting=meeting, name="王代表")
    assert sub.meeting == meeting and sub.entered_by == tree.office and pw
    with pytest.raises(PermissionDenied):
        services.submission_record(actor=tree.liaison, kind=K.OPINION, source=Source.PHONE, text="建议延长门诊时间。",
                                   received_by=tree.commission)


def test_the_query_password_is_kept_as_its_sha256_and_older_hashes_still_match(tree):
    """The password is random (119 bits): its SHA-256 is kept, checked without a slow hash. A case
    stored with Django's password hashers before still opens with its password."""
    import hashlib

    from django.contrib.auth.hashers import make_password

    sub, password = submit(tree)
    saved = Submission.objects.get(pk=sub.pk).password_hash
    symbols = password.replace("-", "")
    wrong = symbols[:-1] + ("3" if symbols[-1] == "2" else "2")
    assert saved == "sha256$" + hashlib.sha256(symbols.encode()).hexdigest()
    assert services.submission_lookup(case_number=sub.case_number, password=f" {password.lower()} ") == sub
    assert services.submission_lookup(case_number=sub.case_number, password=wrong) is None
    assert services.submission_lookup(case_number="20261202-000000", password=password) is None

    Submission.objects.filter(pk=sub.pk).update(password_hash=make_password(symbols))
    assert services.submission_lookup(case_number=sub.case_number, password=password) == sub
    assert services.submission_lookup(case_number=sub.case_number, password=wrong) is None
