"""Outgoing documents: first drafts filled from the year's data, figures live until frozen, the
sign-off (拟稿 → 核稿 → 签发) with its gates, document numbers without gaps or duplicates, and the
Word file as issued. Every test runs at a fixed day, 2026-11-20 (time-machine)."""

import datetime as dt
import io
import threading
import time

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone, translation
from docx import Document

from fazhi.audit.models import AuditEntry
from fazhi.campaigns.choices import AssignmentStatus
from fazhi.ledger import services as ledger
from fazhi.ledger.models import Problem
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from fazhi.reports import messages as m
from fazhi.reports import selectors, services
from fazhi.reports.choices import DocumentKind, DocumentStatus
from fazhi.reports.models import DocumentSequence, OutgoingDocument
from fazhi.reports.numbering import next_number
from tests.factories import AssignmentFactory, CampaignFactory, TaskFactory, person_with_role

TODAY = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def world(db):
    province = Unit.objects.create(name="某省卫生健康委员会", kind=UnitKind.ADMIN_DEPT)
    city = Unit.objects.create(name="某市卫生健康委员会", kind=UnitKind.ADMIN_DEPT, parent=province)
    a = Unit.objects.create(name="甲县卫生健康局", kind=UnitKind.ADMIN_DEPT, parent=city, order=1)
    b = Unit.objects.create(name="乙县卫生健康局", kind=UnitKind.ADMIN_DEPT, parent=city, order=2)
    hospital = Unit.objects.create(name="乙县人民医院", kind=UnitKind.INSTITUTION, parent=b)
    w = dict(province=province, city=city, a=a, b=b, hospital=hospital,
             drafter=person_with_role(Role.OFFICE, city, "drafter").user,
             checker=person_with_role(Role.OFFICE, city, "checker").user,
             leader=person_with_role(Role.LEADER, city, "leader").user,
             liaison=person_with_role(Role.LIAISON, a, "liaison").user)
    campaign = CampaignFactory(issuer=city, title="法治建设规范年")
    done_at = timezone.make_aware(dt.datetime(2026, 3, 1, 9))
    # 甲县: 2 of 2 done in time; 乙县 (bureau and hospital): 1 of 4 done, late.
    for unit, due, status, completed in [(a, dt.date(2026, 3, 31), AssignmentStatus.DONE, done_at),
                                         (a, dt.date(2026, 4, 30), AssignmentStatus.DONE, done_at),
                                         (b, dt.date(2026, 2, 1), AssignmentStatus.DONE, done_at),
                                         (b, dt.date(2026, 5, 1), AssignmentStatus.IN_PROGRESS, None),
                                         (hospital, dt.date(2026, 6, 1), AssignmentStatus.NOT_STARTED, None),
                                         (hospital, dt.date(2026, 7, 1), AssignmentStatus.NOT_STARTED, None)]:
        assignment = AssignmentFactory(task=TaskFactory(campaign=campaign), unit=unit, due_date=due, status=status)
        if completed:
            assignment.completed_at = completed
            assignment.save(update_fields=["completed_at"])
    ledger.categories_ensure()
    for unit, found in [(a, dt.date(2026, 5, 6)), (b, dt.date(2026, 7, 8)), (hospital, dt.date(2025, 12, 1))]:
        ledger.problem_create(actor=w["drafter"], unit=unit, description=f"{unit.name}制度不健全", found_on=found)
    Problem.objects.filter(unit=a).update(status="closed")
    w["campaign"] = campaign
    return w


def _sections_text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_numbers_run_without_gaps_per_issuer_prefix_and_year(world):
    numbers = [next_number(issuer=world["city"], prefix="某卫法发", year=2026) for _ in range(3)]
    assert numbers == ["某卫法发〔2026〕1号", "某卫法发〔2026〕2号", "某卫法发〔2026〕3号"]
    assert next_number(issuer=world["city"], prefix="某卫法发", year=2027) == "某卫法发〔2027〕1号"
    assert next_number(issuer=world["city"], prefix="某卫办发", year=2026) == "某卫办发〔2026〕1号"
    assert DocumentSequence.objects.get(issuer=world["city"], prefix="某卫法发", year=2026).last_number == 3


def test_annual_report_draft_quotes_the_years_figures(world):
    doc = services.document_create(actor=world["drafter"], kind=DocumentKind.ANNUAL_REPORT, issuer=world["city"],
                                   year=2026, prefix="某卫法发")
    assert doc.title == "某市卫生健康委员会2026年法治政府建设工作报告"
    assert doc.recipients == "某省卫生健康委员会："
    assert [s["heading"] for s in doc.sections] == ["一、2026年法治政府建设主要举措和成效", "二、存在的不足和原因",
                                                     "三、2027年工作安排"]
    figures = selectors.figures_of(actor=world["drafter"], document=doc)
    # Counted by hand from the fixture: 6 assignments due in 2026, 3 done, 2 in time; problems found in
    # 2026: 2 (the hospital's was found in 2025), 1 closed.
    assert (figures["assignments"].value, figures["assignments_done"].value) == (6, 3)
    assert figures["assignments_on_time_rate"].display == "33.33%"
    assert (figures["problems"].value, figures["problems_closed"].value) == (2, 1)
    assert figures["problems_closed_rate"].display == "50.00%"


def test_figures_stay_live_until_frozen(world):
    doc = services.document_create(actor=world["drafter"], kind=DocumentKind.ANNUAL_REPORT, issuer=world["city"], year=2026)
    services.document_freeze(actor=world["drafter"], document=doc)
    ledger.problem_create(actor=world["drafter"], unit=world["a"], description="新发现的问题", found_on=dt.date(2026, 11, 1))
    doc.refresh_from_db()
    assert selectors.figures_of(actor=world["drafter"], document=doc)["problems"]["value"] == 2
    services.document_freeze(actor=world["drafter"], document=doc, frozen=False)
    doc.refresh_from_db()
    assert selectors.figures_of(actor=world["drafter"], document=doc)["problems"].value == 3


def test_sign_off_gates_and_the_archived_file(world):
    doc = services.document_create(actor=world["drafter"], kind=DocumentKind.ANNUAL_REPORT, issuer=world["city"],
                                   year=2026, prefix="某卫法发")
    services.document_section_update(actor=world["drafter"], document=doc, index=2, heading="三、2027年工作安排",
                                      text="（一）全面完成整改。")
    with pytest.raises(ValidationError):  # 签发 before 核稿
        services.document_sign(actor=world["leader"], document=doc)
    services.document_submit(actor=world["drafter"], document=doc)
    with pytest.raises(ValidationError) as exc:
        services.document_update(actor=world["drafter"], document=doc, title="改标题")
    assert str(m.NOT_EDITABLE) in str(exc.value)
    with pytest.raises(PermissionDenied) as exc:
        services.document_check(actor=world["drafter"], document=doc, approve=True)
    assert str(m.SAME_CHECKER) in str(exc.value)
    with pytest.raises(ValidationError):
        services.document_check(actor=world["checker"], document=doc, approve=False, reason=" ")
    services.document_check(actor=world["checker"], document=doc, approve=False, reason="数据需要核实")
    doc.refresh_from_db()
    assert (doc.status, doc.return_reason) == (DocumentStatus.DRAFTING, "数据需要核实")
    services.document_submit(actor=world["drafter"], document=doc)
    services.document_check(actor=world["checker"], document=doc, approve=True)
    with pytest.raises(PermissionDenied):
        services.document_sign(actor=world["liaison"], document=doc)
    services.document_sign(actor=world["leader"], document=doc)
    doc.refresh_from_db()
    assert (doc.status, doc.doc_number, doc.issued_on) == (DocumentStatus.ISSUED, "某卫法发〔2026〕1号", dt.date(2026, 11, 20))
    assert doc.frozen and doc.signed_by == world["leader"] and doc.checked_by == world["checker"]
    with doc.archive.open("rb") as fh:
        data = fh.read()
    import hashlib
    assert hashlib.sha256(data).hexdigest() == doc.archive_sha256
    text = _sections_text(Document(io.BytesIO(data)))
    assert "某市卫生健康委员会文件" in text and "某卫法发〔2026〕1号" in text
    assert "分解落实任务6项，已完成3项，按期完成率33.33%" in text
    assert "查找问题2个，已整改销号1个" in text and "（一）全面完成整改。" in text
    assert "2026年11月20日" in text and "抄送" not in text and "2026年11月20日印发" in text
    with pytest.raises(ValidationError):
        services.document_update(actor=world["drafter"], document=doc, title="签发后修改")
    assert OutgoingDocument.objects.get(pk=doc.pk).title == "某市卫生健康委员会2026年法治政府建设工作报告"
    actions = list(AuditEntry.objects.filter(object_id=str(doc.pk), object_type__endswith="outgoingdocument")
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["document.create", "document.update", "document.submit", "document.return", "document.submit",
                       "document.check", "document.sign"]


def test_update_changes_only_listed_fields(world):
    doc = services.document_create(actor=world["drafter"], kind=DocumentKind.ANNUAL_REPORT, issuer=world["city"], year=2026)
    with pytest.raises(ValidationError):
        services.document_update(actor=world["drafter"], document=doc, doc_number="伪造〔2026〕9号")
    with pytest.raises(PermissionDenied):
        services.document_update(actor=world["liaison"], document=doc, title="x")
    services.document_update(actor=world["drafter"], document=doc, cc="市政府法制办")
    saved = OutgoingDocument.objects.get(pk=doc.pk)
    assert (saved.cc, saved.doc_number, saved.title) == ("市政府法制办", "", doc.title)


def test_circular_ranks_the_units_below_by_completion(world):
    doc = services.document_create(actor=world["drafter"], kind=DocumentKind.CIRCULAR, issuer=world["city"], year=2026,
                                   campaign=world["campaign"])
    ranking = selectors.figures_of(actor=world["drafter"], document=doc)["ranking"].display
    assert ranking.splitlines() == ["1. 甲县卫生健康局：完成任务2项，共2项（100.00%）",
                                    "2. 乙县卫生健康局：完成任务1项，共4项（25.00%）"]


def test_a_document_asked_for_in_english_is_written_in_chinese(world):
    with translation.override("en"):
        doc = services.document_create(actor=world["drafter"], kind=DocumentKind.CIRCULAR, issuer=world["city"],
                                       year=2026, campaign=world["campaign"], prefix="某卫法发")
        services.document_submit(actor=world["drafter"], document=doc)
        services.document_check(actor=world["checker"], document=doc, approve=True)
        services.document_sign(actor=world["leader"], document=doc)
    doc.refresh_from_db()
    with doc.archive.open("rb") as fh:
        text = _sections_text(Document(fh))
    assert "关于法治建设规范年工作进展情况的通报" in text and "1. 甲县卫生健康局" in text
    assert "Ranking" not in text and "ranking" not in text


def test_only_the_office_drafts(world):
    with pytest.raises(PermissionDenied):
        services.document_create(actor=world["liaison"], kind=DocumentKind.ANNUAL_REPORT, issuer=world["city"], year=2026)
    with pytest.raises(ValidationError):
        services.document_create(actor=world["drafter"], kind=DocumentKind.ANNUAL_REPORT, issuer=world["city"], year=1900)
    assert OutgoingDocument.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_signatures_at_once_take_two_numbers(world, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what is tested: PostgreSQL only")
    # Hold each signature between reading the last number and writing the next one, until the
    # other one gets there too (or 5 s pass): without the row lock both read the same number.
    # Waited out in short sleeps, not with a timed wait on a lock or barrier: under faketime (the
    # suite runs on any date) a timed wait that has to run out never returns.
    arrived = []
    original_save = DocumentSequence.save

    def slow_save(self, *args, **kwargs):
        arrived.append(self)
        for _ in range(100):
            if len(arrived) >= 2:
                break
            time.sleep(0.05)
        return original_save(self, *args, **kwargs)

    # The year's sequence exists already (numbers 1–4 were given), as it does after the first document.
    DocumentSequence.objects.create(issuer=world["city"], prefix="某卫法发", year=2026, last_number=4)
    docs = []
    for _ in range(2):
        doc = services.document_create(actor=world["drafter"], kind=DocumentKind.ANNUAL_REPORT, issuer=world["city"],
                                       year=2026, prefix="某卫法发")
        services.document_submit(actor=world["drafter"], document=doc)
        services.document_check(actor=world["checker"], document=doc, approve=True)
        docs.append(doc)
    monkeypatch.setattr(DocumentSequence, "save", slow_save)  # the signatures' saves only
    barrier, errors = threading.Barrier(2), []

    def sign(doc):
        try:
            barrier.wait()
            with time_machine.travel(TODAY, tick=False):
                services.document_sign(actor=world["leader"], document=doc)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(d,)) for d in docs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(OutgoingDocument.objects.values_list("doc_number", flat=True))
    assert numbers == ["某卫法发〔2026〕5号", "某卫法发〔2026〕6号"]
