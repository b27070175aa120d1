"""A Word plan whose task list is a table (工作任务 | 牵头处室 | 责任单位 | 完成时限), imported through
the pages: the table's rows become tasks and its 责任单位 column becomes the assignments."""

import io
import json

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.campaigns.models import Assignment, Campaign
from fazhi.org.choices import Role, UnitKind
from fazhi.org.models import Unit
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db

ROWS = [("建立健全法律顾问制度", "政策法规科", "甲县卫生健康局", "2026年6月底前"),
        ("开展“八五”普法宣传进医院活动", "政策法规科", "乙县卫生健康局", "2026年9月30日前")]


def _plan_with_a_task_table() -> bytes:
    document = docx.Document()
    document.add_paragraph("某市卫生健康委员会2026年法治建设工作方案")
    document.add_paragraph("一、工作目标")
    document.add_paragraph("全面推进依法行政，提高法治建设水平。")
    document.add_paragraph("二、任务分工")
    table = document.add_table(rows=1 + len(ROWS), cols=4)
    for c, text in enumerate(["工作任务", "牵头处室", "责任单位", "完成时限"]):
        table.cell(0, c).text = text
    for r, row in enumerate(ROWS, start=1):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("三、工作要求")
    document.add_paragraph("各单位要高度重视，按时完成。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_task_table_becomes_tasks_and_assignments_through_the_pages(client):
    city = Unit.objects.create(name="某市卫生健康委员会", kind=UnitKind.ADMIN_DEPT)
    a = Unit.objects.create(name="甲县卫生健康局", kind=UnitKind.ADMIN_DEPT, parent=city)
    b = Unit.objects.create(name="乙县卫生健康局", kind=UnitKind.ADMIN_DEPT, parent=city)
    client.force_login(person_with_role(Role.OFFICE, city, "office").user)
    response = client.post(reverse("planimport:start"), {"file": SimpleUploadedFile("方案.docx", _plan_with_a_task_table())})
    assert response.status_code == 200
    form = response.context["form"]
    draft = json.loads(form.initial["draft"])
    # Read by looking at the table above: one responsibility per row, the unit and the date as printed.
    rows = {(r["task"], r["responsible"]) for r in draft["responsibilities"]}
    assert rows == {(task, unit) for task, _lead, unit, _due in ROWS}
    posted = {"issuer": city.pk, "title": form.initial["title"], "doc_number": "", "date": "2026-03-01", "year": 2026,
              "draft": form.initial["draft"]}
    response = client.post(reverse("planimport:create"), posted)
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    made = {(x.task.heading or x.task.text, x.unit_id, x.due_date.isoformat())
            for x in Assignment.objects.filter(task__campaign=campaign).select_related("task")}
    assert made == {("建立健全法律顾问制度", a.pk, "2026-06-30"), ("开展“八五”普法宣传进医院活动", b.pk, "2026-09-30")}
