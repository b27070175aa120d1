"""Excel out and in: the customary columns, a round trip that keeps every field, and an
import that refuses bad rows with a reason for each."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from fazhi.core.excel import ledger_sheet
from fazhi.ledger import messages as m
from fazhi.ledger import services
from fazhi.ledger.choices import ProblemSource, ProblemStatus
from fazhi.ledger.excel import COLUMNS, import_check, problems_import
from fazhi.audit.models import AuditEntry
from fazhi.ledger.models import Problem, SupervisionNotice

pytestmark = pytest.mark.django_db

CUSTOMARY = ["序号", "问题来源", "问题描述", "责任单位", "责任人", "整改措施", "整改时限", "整改进展", "完成情况", "销号时间"]


def sheet_rows(content: bytes) -> list[tuple]:
    ws = load_workbook(io.BytesIO(content)).active
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def export(client) -> bytes:
    response = client.get(reverse("ledger:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def ledger(tree, make_problem):
    """Problems at every status, each with every column filled that its status allows."""
    d = dt.date
    open_ = services.problem_create(actor=tree.office, unit=tree.gaoping, description="干部上班时间玩手机。", category="四风",
                                    source=ProblemSource.SELF_CHECK, found_on=d(2026, 9, 7))
    rect = make_problem(description="药品价格公示不全。", category="看病贵", source=ProblemSource.COMPLAINT, found_on=d(2026, 9, 8))
    services.progress_add(actor=tree.liaison, problem=rect, text="已更新电子显示屏。")
    services.progress_add(actor=tree.liaison, problem=rect, text="纸质价目表已上墙\n并接受群众监督。")
    reported = make_problem(unit=tree.zezhou, description="“一站式”服务未落实。", category="看病难", found_on=d(2026, 9, 9),
                            source=ProblemSource.OPINION)
    services.completion_report_submit(actor=tree.liaison, problem=reported, text="已设立综合服务窗口。")
    closed = make_problem(description="执法文书填写不规范。", category="依法行政", source=ProblemSource.INSPECTION,
                          found_on=d(2026, 9, 10))
    services.completion_report_submit(actor=tree.liaison, problem=closed, text="已完成案卷评查。")
    services.completion_report_verify(actor=tree.office, report=closed.reports.get(), accept=True)
    services.problem_close(actor=tree.office, problem=closed)
    return [open_, rect, reported, closed]


def test_export_has_the_customary_columns_and_layout(client, tree, ledger):
    client.force_login(tree.office)
    rows = sheet_rows(export(client))
    assert rows[0][0] == "问题整改台账"
    assert list(rows[1][:10]) == CUSTOMARY
    assert list(rows[1][10:]) == ["问题类别", "发现日期", "问题编号", "所属活动", "条目类型", "管辖责任", "原因性质"]
    by_desc = {r[2]: r for r in rows[2:]}
    closed = by_desc["执法文书填写不规范。"]
    assert closed[1] == "督查考评" and closed[3] == "泽州县人民医院" and closed[4] == "王院长"
    assert closed[6] == dt.datetime(2026, 9, 30) and closed[8] == "已销号" and closed[9].year == 2026
    assert by_desc["药品价格公示不全。"][7] == "已更新电子显示屏。\n纸质价目表已上墙\n并接受群众监督。"
    ws = load_workbook(io.BytesIO(export(client))).active
    assert ws.freeze_panes == "A3" and ws.page_setup.orientation == "landscape"


def _edited(content: bytes, edits: dict[str, dict[int, object]]) -> io.BytesIO:
    """The exported workbook with some cells changed: {description: {column index: value}}."""
    wb = load_workbook(io.BytesIO(content))
    ws = wb.active
    for row in ws.iter_rows(min_row=3):
        for column, value in edits.get(row[2].value, {}).items():
            row[column].value = value
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_round_trip_export_edit_two_rows_import_updates_two_creates_none(client, tree, ledger):
    client.force_login(tree.office)
    first = export(client)
    notices_before = SupervisionNotice.objects.count()
    sheet = _edited(first, {"干部上班时间玩手机。": {2: "干部上班时间玩手机、网购。"},
                            "药品价格公示不全。": {5: "更新电子显示屏，纸质价目表上墙。"}})
    preview = import_check(sheet, actor=tree.office)
    assert preview.counts() == {"created": 0, "updated": 2, "unchanged": 2, "refused": 0}
    assert not Problem.objects.filter(description="干部上班时间玩手机、网购。").exists()  # a check writes nothing
    sheet.seek(0)
    response = client.post(reverse("ledger:import"), {"file": sheet})
    assert response.status_code == 302
    assert Problem.objects.count() == 4 and SupervisionNotice.objects.count() == notices_before
    assert Problem.objects.get(pk=ledger[0].pk).description == "干部上班时间玩手机、网购。"
    assert Problem.objects.get(pk=ledger[1].pk).rectification.measures == "更新电子显示屏，纸质价目表上墙。"
    assert Problem.objects.get(pk=ledger[3].pk).status == ProblemStatus.CLOSED
    assert AuditEntry.objects.filter(action="problem.import_update").count() == 1
    assert AuditEntry.objects.filter(action="rectification.import_update").count() == 1
    # exported again, nothing else moved: imported a second time, every row is unchanged
    again = import_check(io.BytesIO(export(client)), actor=tree.office)
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": 4, "refused": 0}


def test_preview_on_the_page_writes_nothing(client, tree, ledger):
    client.force_login(tree.office)
    sheet = _edited(export(client), {"干部上班时间玩手机。": {2: "改过的描述。"}})
    rows = sheet_rows(sheet.getvalue())
    new_row = list(rows[2][1:12]) + [None] * 5
    new_row[1] = "新发现的问题。"
    wb = load_workbook(sheet)
    wb.active.append([99] + new_row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    response = client.post(reverse("ledger:import"), {"file": buf, "preview": "1"})
    assert response.status_code == 200
    assert str(m.IMPORT_PREVIEW).format(created=1, updated=1, unchanged=3, refused=0) in response.content.decode()
    assert [r.action for r in response.context["report"].rows].count("updated") == 1
    assert Problem.objects.count() == 4 and not Problem.objects.filter(description="改过的描述。").exists()


def test_import_never_creates_a_problem_closed_and_refuses_status_moves(client, tree, ledger):
    client.force_login(tree.office)
    first = export(client)
    # A status changed in the sheet is refused: close-out is the office's act in the ledger.
    moved = import_check(_edited(first, {"干部上班时间玩手机。": {8: "已销号"}}), actor=tree.office)
    assert moved.counts()["refused"] == 1
    assert str(m.IMPORT_STATUS_CHANGED).format(number=ledger[0].number, status="待整改") in moved.bad[0].errors
    unknown = import_check(_edited(first, {"干部上班时间玩手机。": {12: "2019-0001"}}), actor=tree.office)
    assert str(m.IMPORT_NUMBER_UNKNOWN).format(number="2019-0001") in unknown.bad[0].errors
    # Without numbers (another ledger's sheet) every row is new, and the closed one waits for verification.
    Problem.objects.all().delete()
    report = import_check(_edited(first, {p.description: {12: None} for p in ledger}), actor=tree.office)
    assert report.counts()["created"] == 4 and not report.bad, [r.errors for r in report.bad]
    problems_import(actor=tree.office, report=report)
    statuses = sorted(Problem.objects.values_list("status", flat=True))
    assert ProblemStatus.CLOSED not in statuses and statuses.count(ProblemStatus.REPORTED) == 2
    imported = Problem.objects.get(description="执法文书填写不规范。")
    assert imported.closed_at is None and imported.reports.get().status == "submitted"
    closed_row = next(r for r in report.rows if r.values["description"] == "执法文书填写不规范。")
    assert str(m.IMPORT_NEW_NOT_CLOSED) in closed_row.notes


def _upload(rows, headers=COLUMNS) -> io.BytesIO:
    wb = Workbook()
    ledger_sheet(wb.active, title="某县问题台账", headers=headers, rows=rows)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "台账.xlsx"
    return buf


GOOD = ["督查考评", "候诊区秩序混乱。", "泽州县人民医院", "刘主任", "增设导医", "2026年10月30日", "", "整改中", "", "行风", "2026年9月1日"]
BAD_UNIT = ["督查考评", "收受红包。", "不存在的医院", "", "", "", "", "", "", "四风", ""]
BAD_DEADLINE = ["自查自纠", "值班脱岗。", "泽州县卫生计生局", "赵局长", "严格考勤", "2026年8月1日", "", "", "", "四风", "2026年9月1日"]


def test_import_is_all_or_nothing_with_a_reason_per_row(client, tree):
    client.force_login(tree.office)
    response = client.post(reverse("ledger:import"), {"file": _upload([GOOD, BAD_UNIT, BAD_DEADLINE])})
    assert response.status_code == 400
    body = response.content.decode()
    assert str(m.IMPORT_UNIT_UNKNOWN).format(name="不存在的医院") in body
    assert str(m.DEADLINE_BEFORE_FOUND).format(deadline="2026年8月1日", found="2026年9月1日") in body
    assert str(m.IMPORT_REFUSED).format(total=3, bad=2) in body
    report = response.context["report"]
    assert [r.number for r in report.bad] == [4, 5]  # title row, header row, then data from row 3
    assert not Problem.objects.exists()

    response = client.post(reverse("ledger:import"), {"file": _upload([GOOD, BAD_UNIT, BAD_DEADLINE]), "valid_only": "on"})
    assert response.status_code == 200
    p = Problem.objects.get()
    assert (p.description, p.unit, p.rectification.deadline, p.status) == (
        "候诊区秩序混乱。", tree.hospital, dt.date(2026, 10, 30), ProblemStatus.RECTIFYING)


def test_import_refuses_other_units_and_bad_files(client, tree):
    # 高平市 is in the office's tree, but not in an outsider's.
    report = import_check(_upload([GOOD]), actor=tree.outsider)
    assert report.bad and str(m.IMPORT_UNIT_UNKNOWN).format(name="泽州县人民医院") in report.bad[0].errors
    junk = io.BytesIO(b"%PDF-1.4 not a workbook")
    assert import_check(junk, actor=tree.office).errors == [str(m.IMPORT_NOT_XLSX)]
    no_header = import_check(_upload([["a", "b"]], headers=["甲", "乙"]), actor=tree.office)
    assert no_header.errors == [str(m.IMPORT_NO_HEADER)]


def test_working_day_deadline_in_import(client, tree):
    row = list(GOOD)
    row[5], row[10] = "5个工作日", "2026年9月30日"
    report = import_check(_upload([row]), actor=tree.office)
    assert not report.bad
    problems_import(actor=tree.office, report=report)
    # Wednesday 30 September + 5 working days: 8, 9, 10 (make-up Saturday), 12, 13 October.
    assert Problem.objects.get().rectification.deadline == dt.date(2026, 10, 13)


def test_export_in_english_translates_choices_and_reads_back(client, tree, ledger):
    client.force_login(tree.office)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    content = export(client)
    rows = sheet_rows(content)
    assert rows[1][2] != "问题描述"
    by_desc = {r[2]: r for r in rows[2:]}
    closed = by_desc["执法文书填写不规范。"]
    assert closed[10] == "Rule of law in administration", closed[10]
    assert closed[1] not in ("督查考评", None) and closed[8] not in ("已销号", None)
    ws = load_workbook(io.BytesIO(content)).active
    assert ws.cell(row=3, column=12).is_date and ws.cell(row=3, column=12).number_format == 'yyyy"年"m"月"d"日"'
    # the English sheet, imported again in English, is recognised row by row
    with translation.override("en"):
        report = import_check(io.BytesIO(content), actor=tree.office)
    assert report.counts() == {"created": 0, "updated": 0, "unchanged": 4, "refused": 0}, [r.errors for r in report.rows]
