"""Pages of the learning app: lists, the per-person ledger (fixed query count), attendance by
choice, Excel sheet and QR code, taking an exam, figures and their export."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from fazhi.learning import messages as m
from fazhi.learning import services
from fazhi.learning.choices import ExamKind, MaterialKind, OutreachKind, QuestionKind, SessionKind
from fazhi.learning.models import Attendance, ExamAttempt, LearnerProfile, OutreachEvent, Question, StudySession
from fazhi.org.models import Person
from tests.factories import PersonFactory
from tests.learning.conftest import category, staff

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _session(w, **kw):
    args = dict(actor=w.office, unit=w.zezhou, kind=SessionKind.TRAINING, topic="依法行政培训", date=w.today, hours=4,
                law_hours=1)
    return services.study_session_create(**{**args, **kw})


def test_pages_render_for_the_office(world):
    session = _session(world, attendees=[staff(world.zezhou)])
    services.outreach_event_create(actor=world.office, unit=world.zezhou, kind=OutreachKind.SCHOOL, title="宪法进校园",
                                   date=world.today, participants=40, materials=[(MaterialKind.LEAFLET, 200)])
    c = client_for(world.office)
    for name in ("sessions", "hours", "lists", "exams", "questions", "outreach", "duties", "figures",
                 "session_create", "list_create", "exam_create", "outreach_create", "duty_create"):
        r = c.get(reverse(f"learning:{name}"))
        assert r.status_code == 200, name
    r = c.get(reverse("learning:session", args=[session.pk]))
    assert r.status_code == 200 and "依法行政培训" in r.content.decode()
    assert c.get(reverse("learning:session_qr", args=[session.pk]))["Content-Type"] == "image/svg+xml"
    listing = c.get(reverse("learning:sessions"), {"q": "依法", "kind": SessionKind.TRAINING, "year": world.today.year})
    assert "依法行政培训" in listing.content.decode()
    assert "依法行政培训" not in c.get(reverse("learning:sessions"), {"q": "不存在"}).content.decode()


def test_session_form_refuses_law_hours_above_hours(world):
    c = client_for(world.office)
    r = c.post(reverse("learning:session_create"), {"unit": world.zezhou.pk, "kind": SessionKind.LECTURE, "topic": "讲座",
                                                     "date": world.today.isoformat(), "hours": "2", "law_hours": "3"})
    assert r.status_code == 400
    assert str(m.LAW_HOURS_ABOVE_HOURS).format(law=Decimal("3"), hours=Decimal("2")) in r.content.decode()
    assert not StudySession.objects.exists()


def test_attendees_chosen_and_refused_out_of_scope(world):
    session = _session(world)
    inside, outside = staff(world.zezhou), staff(world.gaoping)
    c = client_for(world.office)
    r = c.post(reverse("learning:attendees_add", args=[session.pk]), {"people": [inside.pk, outside.pk]})
    assert r.status_code == 400 and "不在组织单位" in r.content.decode()
    assert not Attendance.objects.exists()
    r = c.post(reverse("learning:attendees_add", args=[session.pk]), {"people": [inside.pk]})
    assert r.status_code == 302 and list(session.attendances.values_list("person_id", flat=True)) == [inside.pk]


def _sheet(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(["签到表"])
    ws.append(["姓名", "所在单位"])
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "签到表.xlsx"
    return buf


def test_attendance_template_and_import_with_row_by_row_refusals(world):
    session = _session(world)
    ok = staff(world.zezhou)
    nobody = PersonFactory(unit=world.zezhou)  # no category
    outsider = staff(world.gaoping)
    c = client_for(world.office)
    template = c.get(reverse("learning:attendance_template", args=[session.pk]))
    ws = load_workbook(io.BytesIO(template.content)).active
    assert [ws.cell(2, i).value for i in (2, 3)] == ["姓名", "所在单位"]
    r = c.post(reverse("learning:attendance_import", args=[session.pk]), {"file": _sheet([
        [ok.name, world.zezhou.name], [nobody.name, ""], [outsider.name, world.gaoping.name], ["查无此人", ""]])})
    text = r.content.decode()
    assert r.status_code == 400
    assert "第 4 行" in text and "尚未设置人员类别" in text
    assert "第 5 行" in text and "不在组织单位" in text
    assert "第 6 行" in text and "查无此人" in text
    assert list(session.attendances.values_list("person_id", "source")) == [(ok.pk, "imported")]


def test_qr_check_in_on_a_phone(world):
    session = _session(world)
    person = staff(world.zezhou)
    c = client_for(person.user)
    url = reverse("learning:checkin", args=[session.checkin_token])
    assert c.get(url).status_code == 200
    r = c.post(url)
    assert r.status_code == 200 and "签到成功" in r.content.decode()
    assert Attendance.objects.get().source == "scanned"


def _people(unit, n):
    cat = category("civil_servant")
    for i in range(n):
        p = PersonFactory(unit=unit)
        LearnerProfile.objects.create(person=p, category=cat)


def _ledger_queries(w, c) -> tuple[int, str, list[str]]:
    cache.clear()  # every count with the page frame's cached parts (calendar, unread count) read afresh
    with CaptureQueriesContext(connection) as ctx:
        r = c.get(reverse("learning:hours"), {"year": w.today.year})
    assert r.status_code == 200
    return len(ctx.captured_queries), r.content.decode(), [q["sql"][:100] for q in ctx.captured_queries]


def test_hours_ledger_costs_a_fixed_number_of_queries_10_vs_1000_people(world):
    session = _session(world, hours=10, law_hours=1)  # 10% law: below a civil servant's 20%

    def add(n):
        _people(world.zezhou, n)
        Attendance.objects.bulk_create([Attendance(session=session, person=p, source="chosen")
                                        for p in Person.objects.filter(unit=world.zezhou, attendances__isnull=True)])

    c = client_for(world.office)
    LearnerProfile.objects.create(person=world.liaison.person, category=category("civil_servant"))  # 1 of the 10
    add(9)
    c.get(reverse("learning:hours"))  # the first request of a session costs more
    small, page, queries = _ledger_queries(world, c)
    assert page.count('data-below="1"') == 10  # every row red
    add(990)
    large, page, _queries = _ledger_queries(world, c)
    assert Person.objects.filter(unit=world.zezhou).count() == 1000
    assert page.count('data-below="1"') == 24  # one page of 25: the office's own row (no category) and 24 red
    assert small == large, queries
    assert small <= 12, queries  # the page frame counts the unread messages too


def _bank_and_exam(w, taker, **kw):
    for i in range(3):
        services.question_create(actor=w.office, unit=w.city, kind=QuestionKind.SINGLE, text=f"单选{i}",
                                 options=["甲", "乙"], answer=[0], law="宪法")
    services.question_create(actor=w.office, unit=w.city, kind=QuestionKind.MULTIPLE, text="多选",
                             options=["甲", "乙", "丙"], answer=[0, 2], law="宪法")
    services.question_create(actor=w.office, unit=w.city, kind=QuestionKind.TRUE_FALSE, text="判断", options=[],
                             answer=[0], law="宪法")
    now = timezone.now()
    return services.exam_create(actor=w.office, unit=w.city, kind=ExamKind.ANNUAL, title="年度考法",
                                opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=1), time_limit=20,
                                rule=[{"count": 5}], candidates=[taker], **kw)


def test_taking_an_exam_by_page_and_the_certificate(world):
    taker = staff(world.zezhou)
    exam = _bank_and_exam(world, taker)
    c = client_for(taker.user)
    assert "年度考法" in c.get(reverse("learning:exams")).content.decode()
    r = c.post(reverse("learning:exam_start", args=[exam.pk]))
    attempt = ExamAttempt.objects.get()
    assert r["Location"] == reverse("learning:attempt", args=[attempt.pk])
    answers = {f"q{q.pk}": [str(a) for a in q.answer] for q in Question.objects.all()}
    r = c.post(reverse("learning:attempt", args=[attempt.pk]), {**answers, "submit": "1"})
    attempt.refresh_from_db()
    assert r.status_code == 302 and attempt.score == 100 and attempt.passed
    cert = c.get(reverse("learning:certificate", args=[attempt.pk]))
    assert cert.status_code == 200 and cert.content[:2] == b"PK"
    from docx import Document

    assert taker.name in "\n".join(p.text for p in Document(io.BytesIO(cert.content)).paragraphs)


def test_a_failed_attempt_has_no_certificate(world):
    taker = staff(world.zezhou)
    exam = _bank_and_exam(world, taker)
    attempt = services.attempt_submit(actor=taker.user, attempt=services.attempt_start(actor=taker.user, exam=exam), answers={})
    r = client_for(taker.user).get(reverse("learning:certificate", args=[attempt.pk]))
    assert r.status_code == 403 and str(m.NOT_PASSED) in r.content.decode()


def test_outreach_event_with_photo_and_refused_file(world):
    c = client_for(world.liaison)
    data = {"unit": world.zezhou.pk, "kind": OutreachKind.COMMUNITY, "title": "普法进社区", "date": world.today.isoformat(),
            "participants": 30, "material_leaflet": 300}
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = c.post(reverse("learning:outreach_create"), {**data, "photos": SimpleUploadedFile("x.png", b"MZ\x90\x00 not an image")})
    assert r.status_code == 400 and "系统按文件内容识别类型" in r.content.decode() and not OutreachEvent.objects.exists()
    r = c.post(reverse("learning:outreach_create"), {**data, "photos": SimpleUploadedFile("照片.png", PNG)})
    event = OutreachEvent.objects.get()
    assert r.status_code == 302 and event.photos.get().mime == "image/png"
    assert event.materials.get().count == 300


def test_figures_page_and_export(world):
    person = staff(world.zezhou)
    _session(world, attendees=[person])
    c = client_for(world.office)
    r = c.get(reverse("learning:figures"), {"year": world.today.year})
    text = r.content.decode()
    assert r.status_code == 200 and "vendor/echarts/echarts.min.js" in text and 'data-figure="trainings">1<' in text
    export = c.get(reverse("learning:figures_export"), {"year": world.today.year})
    ws = load_workbook(io.BytesIO(export.content)).active
    assert ws.cell(2, 2).value == "单位"
    rows = {ws.cell(r, 2).value: ws.cell(r, 3).value for r in range(3, ws.max_row + 1)}
    assert rows["泽州县卫生计生局"] == 1 and rows["合计"] == 1


def test_question_import_refuses_bad_rows(world):
    wb = Workbook()
    ws = wb.active
    ws.append(["题型", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "答案", "法律法规", "条款", "难度"])
    ws.append(["单选题", "一切权力属于？", "人民", "政府", "", "", "", "A", "宪法", "第二条", 1])
    ws.append(["问答题", "什么是法治？", "", "", "", "", "", "", "宪法", "", ""])
    ws.append(["多选题", "只有一个答案的多选题", "甲", "乙", "", "", "", "A", "宪法", "", ""])
    ws.append(["判断题", "宪法是根本法。", "", "", "", "", "", "正确", "宪法", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "试题.xlsx"
    r = client_for(world.office).post(reverse("learning:question_import"), {"unit": world.city.pk, "file": buf})
    text = r.content.decode()
    assert "第 3 行" in text and "问答题" in text and "第 4 行" in text and str(m.MULTIPLE_TWO_ANSWERS) in text
    assert sorted(Question.objects.values_list("kind", flat=True)) == ["single", "true_false"]


def test_an_answer_sent_after_the_deadline_is_refused_by_the_page(world):
    import time_machine

    taker = staff(world.zezhou)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        exam = _bank_and_exam(world, taker)
        attempt = services.attempt_start(actor=taker.user, exam=exam)
    answers = {f"q{q.pk}": [str(a) for a in q.answer] for q in Question.objects.all()}
    with time_machine.travel(start + dt.timedelta(minutes=21), tick=False):
        r = client_for(taker.user).post(reverse("learning:attempt", args=[attempt.pk]), {**answers, "submit": "1"})
    assert r.status_code == 400 and "答题时间已于" in r.content.decode() and "未被接受" in r.content.decode()
    attempt.refresh_from_db()
    assert attempt.answers == {} and attempt.score == 0 and attempt.passed is False  # marked on nothing saved in time
