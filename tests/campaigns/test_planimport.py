"""The plan importer: seed 002 → campaign in one transaction, the draft page, a revised plan."""

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.audit.models import AuditEntry
from fazhi.campaigns.choices import CampaignStatus, DemoLevel, WorkKind
from fazhi.campaigns.models import Assignment, Campaign, Phase, Quota, Task
from fazhi.campaigns.planimport import messages as m
from fazhi.campaigns.planimport.diff import plan_diff
from fazhi.campaigns.planimport.draft import build_draft, phase_opens, resolve_date
from fazhi.campaigns.planimport.services import plan_import_create, plan_import_revise
from fazhi.core.files import FILE_TOO_LARGE
from fazhi.org.choices import Role, UnitKind
from fazhi.planparse import messages as pm
from fazhi.planparse import parse_text
from tests.factories import UnitFactory, person_with_role
from fazhi.seeds import SEEDS_DIR

pytestmark = pytest.mark.django_db

SEEDS = SEEDS_DIR
SEED_002 = SEEDS / "002_b802c406ddde5424.txt"

REVISED_TEXT = """晋城市卫生健康委员会
关于开展法治建设活动的实施方案
一、主要任务
（一）规范依法行政
1、建立领导小组。
2、完善学法制度。每年至少举办两期法治专题培训和专题讲座，邀请专家授课。
3、推行法律顾问制度。
二、保障措施
（一）加强组织领导。
"""
ORIGINAL_TEXT = """晋城市卫生健康委员会
关于开展法治建设活动的实施方案
一、主要任务
（一）规范依法行政
1、建立领导小组。
2、完善学法制度。每年至少举办两期法治专题培训。
3、开展普法宣传。
二、保障措施
（一）加强组织领导。
"""


@pytest.fixture
def world():
    city = UnitFactory(name="晋城市卫生和计划生育委员会", kind=UnitKind.ADMIN_DEPT)
    county = UnitFactory(name="泽州县卫计局", kind=UnitKind.ADMIN_DEPT, parent=city)
    office = person_with_role(Role.OFFICE, city, username="office").user
    liaison = person_with_role(Role.LIAISON, county, username="liaison").user
    return dict(city=city, county=county, office=office, liaison=liaison)


def seed_draft() -> dict:
    return build_draft(parse_text(SEED_002.read_text(encoding="utf-8")).to_dict())


def find(tasks, *labels):
    """The task reached by following printed labels from the root."""
    node, parent = None, None
    for label in labels:
        node = next(t for t in tasks if t.label == label and t.parent_id == (parent.pk if parent else None))
        parent = node
    return node


# --- the draft rules ---------------------------------------------------------------------

def test_partial_dates_take_the_first_or_last_day_and_phase_names_open_work():
    assert resolve_date("2018-09", end=True) == dt.date(2018, 9, 30)
    assert resolve_date("2018-02", end=True) == dt.date(2018, 2, 28)
    assert resolve_date("2018-10") == dt.date(2018, 10, 1)
    assert resolve_date(None) is None
    assert phase_opens("部署动员阶段") == []
    assert phase_opens("组织实施阶段") == [WorkKind.PROGRESS]
    assert set(phase_opens("总结验收阶段")) == {WorkKind.SELF_ASSESSMENT, WorkKind.INSPECTION, WorkKind.NOMINATION}


def test_seed_draft_has_three_phases_merged_quotas_and_warns_about_partial_dates():
    draft = seed_draft()
    assert draft["title"] == "卫生计生法治建设规范年行动实施方案"
    assert draft["year"] == 2018
    assert [(p["name"], p["start"], p["end"]) for p in draft["phases"]] == [
        ("部署动员阶段", "2018-05-02", "2018-05-15"),
        ("规范建设阶段", "2018-05-16", "2018-09-30"),
        ("总结完善阶段", "2018-10-01", "2018-11-30"),
    ]
    assert draft["phases"][1]["end_printed"] == "2018-09"
    assert any("2018-09" in w for w in draft["warnings"])
    system = [(q["level"], q["count"]) for q in draft["quotas"] if not q["per_unit"] and not q["note"]]
    assert system == [(DemoLevel.ADMIN_DEPT, 1), (DemoLevel.INSTITUTION, 3), (DemoLevel.WINDOW, 10)]
    per_county = [(q["level"], q["count"]) for q in draft["quotas"] if q["per_unit"]]
    assert per_county == [(DemoLevel.ADMIN_DEPT, 1), (DemoLevel.INSTITUTION, 1), (DemoLevel.WINDOW, 2)]
    kinds = {n["heading"]: n["kind"] for n in draft["outline"]}
    assert kinds["总体要求"] == "heading" and kinds["主要任务"] == "heading"


# --- creation --------------------------------------------------------------------------------

def test_seed_002_creates_campaign_phases_quotas_and_task_tree_as_printed(world):
    draft = seed_draft()
    campaign = plan_import_create(actor=world["office"], issuer=world["city"], plan=draft)
    assert campaign.status == CampaignStatus.DRAFT
    assert campaign.year == 2018 and campaign.issuer == world["city"]
    assert campaign.start_date == dt.date(2018, 5, 2) and campaign.end_date == dt.date(2018, 11, 30)
    assert campaign.plan_text.startswith("晋城市卫生和计划生育委员会\n关于印发")
    phases = list(campaign.phases.order_by("order"))
    assert [p.name for p in phases] == ["部署动员阶段", "规范建设阶段", "总结完善阶段"]
    assert phases[0].opens == [] and phases[1].opens == [WorkKind.PROGRESS]
    assert WorkKind.NOMINATION in phases[2].opens
    quotas = Quota.objects.filter(campaign=campaign)
    assert quotas.filter(per_child=False, scope=None, note="").count() == 3
    per_county = quotas.filter(per_child=True)
    assert per_county.count() == 3 and all(q.scope == world["city"] for q in per_county)
    assert per_county.get(level=DemoLevel.WINDOW).count == 2

    tasks = list(Task.objects.filter(campaign=campaign))
    # Every printed item but the 「创建指标」 paragraph, which became the quotas above.
    assert len(tasks) == sum(1 for _ in parse_text(SEED_002.read_text(encoding="utf-8")).nodes()) - 1
    assert not any(t.heading.startswith("创建指标") for t in tasks)
    item = find(tasks, "二、", "（一）", "1、", "（1）")
    assert item.heading == "建立由党政主要负责人任组长的法治建设领导小组。"
    assert item.text == "设立或指定法治建设承办机构，配备专职人员。"
    assert item.level == 4 and item.applies_to == [UnitKind.ADMIN_DEPT]
    assert find(tasks, "二、", "（二）", "1、", "（1）").applies_to == [UnitKind.INSTITUTION]
    assert find(tasks, "二、", "（三）", "2、", "（3）", "①").heading == "法治宣传氛围浓。"
    assert find(tasks, "二、").applies_to == []  # a heading: a container, not assignable
    ordered = list(Task.objects.filter(campaign=campaign).values_list("label", flat=True)[:4])
    assert ordered == ["一、", "二、", "（一）", "1、"]
    # every row through a service, with its audit row
    assert AuditEntry.objects.filter(action="task.create").count() == len(tasks)
    assert AuditEntry.objects.filter(action__in=["campaign.create", "phase.create", "quota.create"]).count() == 1 + 3 + quotas.count()


def test_failure_in_the_middle_writes_nothing(world):
    draft = seed_draft()
    draft["phases"][1]["end"] = "2018-05-01"  # ends before it starts: refused after the campaign row was written
    with pytest.raises(Exception) as err:
        plan_import_create(actor=world["office"], issuer=world["city"], plan=draft)
    assert "规范建设阶段" in str(err.value) and "结束日期不能早于开始日期" in str(err.value)
    assert not Campaign.objects.exists() and not Phase.objects.exists() and not Task.objects.exists()
    assert not AuditEntry.objects.exists()

    draft = seed_draft()
    draft["outline"][-1]["children"][-1]["label"] = "（" + "四" * 30 + "）"  # too long, the very last task
    with pytest.raises(Exception):
        plan_import_create(actor=world["office"], issuer=world["city"], plan=draft)
    assert not Campaign.objects.exists() and not Task.objects.exists() and not Quota.objects.exists()


def test_liaison_is_refused_by_service_and_pages(world, client):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        plan_import_create(actor=world["liaison"], issuer=world["county"], plan=seed_draft())
    client.force_login(world["liaison"])
    assert client.get(reverse("planimport:start")).status_code == 403
    response = client.post(reverse("planimport:create"), {
        "issuer": world["county"].pk, "title": "x", "year": 2018, "draft": json.dumps(seed_draft(), ensure_ascii=False)})
    assert response.status_code == 403
    assert not Campaign.objects.exists()


# --- the pages ---------------------------------------------------------------------------------

def test_upload_shows_the_draft_beside_the_source_and_create_redirects(world, client):
    client.force_login(world["office"])
    upload = SimpleUploadedFile("方案.txt", SEED_002.read_text(encoding="utf-8").encode("gb18030"))
    response = client.post(reverse("planimport:start"), {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="pi-L138"' in page and "市卫生计生委于11月上旬" in page
    assert "创建活动" in page and 'id="id_draft"' in page
    form = response.context["form"]
    assert form.initial["issuer"] == world["city"]
    posted = {"issuer": world["city"].pk, "title": form.initial["title"], "doc_number": "", "date": "2018-05-02",
              "year": 2018, "draft": form.initial["draft"]}
    response = client.post(reverse("planimport:create"), posted)
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/campaigns/{campaign.pk}/")
    assert campaign.title == "卫生计生法治建设规范年行动实施方案"


def test_create_error_shows_message_keeps_the_draft_and_writes_nothing(world, client):
    client.force_login(world["office"])
    draft = seed_draft()
    draft["phases"][0]["start"] = None
    response = client.post(reverse("planimport:create"), {
        "issuer": world["city"].pk, "title": "活动", "year": 2018, "draft": json.dumps(draft, ensure_ascii=False)})
    assert response.status_code == 400
    expected = str(m.PHASE_DATE_MISSING).format(name="部署动员阶段", which=m.START)
    assert expected in response.content.decode()
    assert 'id="pi-L1"' in response.content.decode()
    assert not Campaign.objects.exists()

    response = client.post(reverse("planimport:create"), {"issuer": world["city"].pk, "title": "活动", "year": 2018,
                                                          "draft": "{not json"})
    assert str(m.DRAFT_INVALID) in response.content.decode()
    assert not Campaign.objects.exists()


def _docx_without_zip() -> bytes:
    return b"This is not a zip archive at all, only text with a .docx name"


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", pm.EMPTY),
    ("blob.bin", bytes(range(256)) * 8, pm.BINARY),
    ("方案.docx", _docx_without_zip(), pm.BAD_DOCX),
])
def test_bad_files_show_the_message_and_write_nothing(world, client, name, data, message):
    client.force_login(world["office"])
    response = client.post(reverse("planimport:start"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "pi-outline" not in response.content.decode()
    assert not Campaign.objects.exists()


def test_file_over_the_limit_is_refused(world, client, settings):
    settings.FAZHI_UPLOAD_MAX_BYTES = 1024
    client.force_login(world["office"])
    response = client.post(reverse("planimport:start"), {"file": SimpleUploadedFile("big.txt", "一、".encode() * 600)})
    assert str(FILE_TOO_LARGE).split("“")[0] in response.content.decode()
    assert "pi-outline" not in response.content.decode()


def test_paste_or_nothing(world, client):
    client.force_login(world["office"])
    response = client.post(reverse("planimport:start"), {"text": "  "})
    assert str(m.SOURCE_REQUIRED) in response.content.decode()
    response = client.post(reverse("planimport:start"), {"text": ORIGINAL_TEXT})
    assert "pi-outline" in response.content.decode()


def test_real_docx_upload(world, client):
    import docx

    document = docx.Document()
    for line in ORIGINAL_TEXT.strip().split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    client.force_login(world["office"])
    response = client.post(reverse("planimport:start"), {"file": SimpleUploadedFile("方案.docx", buffer.getvalue())})
    assert "推行法律顾问制度" not in response.content.decode()
    assert "开展普法宣传" in response.content.decode()
    assert zipfile.is_zipfile(io.BytesIO(buffer.getvalue()))


# --- a revised plan ----------------------------------------------------------------------------

@pytest.fixture
def imported(world):
    draft = build_draft(parse_text(ORIGINAL_TEXT).to_dict())
    campaign = plan_import_create(actor=world["office"], issuer=world["city"], plan=draft)
    return campaign


def revised_plan(text=REVISED_TEXT) -> dict:
    return build_draft(parse_text(text).to_dict())


def test_diff_reports_added_removed_changed(imported):
    diff = plan_diff(campaign=imported, plan=revised_plan())
    assert [e.path for e in diff.added] == ["一、（一）3、"]
    assert diff.added[0].new["heading"] == "推行法律顾问制度。"
    assert [e.path for e in diff.removed] == ["一、（一）3、"]
    assert diff.removed[0].old["heading"] == "开展普法宣传。" and not diff.removed[0].kept
    assert [e.path for e in diff.changed] == ["一、（一）2、"]
    changed = diff.changed[0]
    assert changed.fields == ["text"]
    assert changed.old["text"] == "每年至少举办两期法治专题培训。"
    assert changed.new["text"] == "每年至少举办两期法治专题培训和专题讲座，邀请专家授课。"


def test_renumbered_items_are_matched_by_heading_not_by_label(imported):
    text = ORIGINAL_TEXT.replace("1、建立领导小组。\n2、", "1、建立领导小组。\n2、制定年度计划。\n3、").replace("3、开展普法", "4、开展普法")
    diff = plan_diff(campaign=imported, plan=revised_plan(text))
    assert [e.new["heading"] for e in diff.added] == ["制定年度计划。"]
    assert diff.removed == []
    assert sorted((e.old["label"], e.new["label"]) for e in diff.changed) == [("2、", "3、"), ("3、", "4、")]


def test_revise_preview_writes_nothing_and_confirm_applies_with_audit(world, client, imported):
    client.force_login(world["office"])
    tasks_before = list(Task.objects.values_list("pk", "label", "heading", "text", "order"))
    audit_before = AuditEntry.objects.count()
    response = client.post(reverse("planimport:revise", args=[imported.pk]), {"text": REVISED_TEXT})
    assert response.status_code == 200
    page = response.content.decode()
    assert "推行法律顾问制度" in page and "开展普法宣传" in page and "邀请专家授课" in page
    assert list(Task.objects.values_list("pk", "label", "heading", "text", "order")) == tasks_before
    assert AuditEntry.objects.count() == audit_before

    confirm = response.context["confirm"]
    response = client.post(reverse("planimport:revise_apply", args=[imported.pk]),
                           {"plan": confirm.initial["plan"], "fingerprint": confirm.initial["fingerprint"]})
    assert response.status_code == 302
    tasks = list(Task.objects.filter(campaign=imported))
    assert find(tasks, "一、", "（一）", "3、").heading == "推行法律顾问制度。"
    assert not Task.objects.filter(heading="开展普法宣传。").exists()
    assert find(tasks, "一、", "（一）", "2、").text.endswith("邀请专家授课。")
    assert AuditEntry.objects.filter(action="task.update").exists()
    assert AuditEntry.objects.filter(action="task.delete").count() == 1
    labels = list(Task.objects.filter(campaign=imported).values_list("label", flat=True))
    assert labels == ["一、", "（一）", "1、", "2、", "3、", "二、", "（一）"]


def test_removed_task_with_assignment_is_kept(world, imported):
    from tests.factories import AssignmentFactory

    held = Task.objects.get(heading="开展普法宣传。")
    AssignmentFactory(task=held, unit=world["county"], due_date=dt.date(2026, 12, 31))
    diff = plan_diff(campaign=imported, plan=revised_plan())
    assert [e.kept for e in diff.removed] == [True]
    result = plan_import_revise(actor=world["office"], campaign=imported, plan=revised_plan(), fingerprint=diff.fingerprint)
    assert result.kept == 1 and result.deleted == 0 and result.added == 1 and result.changed == 1
    held.refresh_from_db()
    assert Assignment.objects.filter(task=held).exists()
    siblings = list(Task.objects.filter(parent=held.parent).order_by("sort_key").values_list("heading", flat=True))
    assert siblings == ["建立领导小组。", "完善学法制度。", "推行法律顾问制度。", "开展普法宣传。"]


def test_tree_changed_since_preview_is_refused(world, imported):
    from django.core.exceptions import ValidationError

    diff = plan_diff(campaign=imported, plan=revised_plan())
    Task.objects.filter(heading="建立领导小组。").update(text="有人刚改过")
    count = Task.objects.count()
    with pytest.raises(ValidationError) as err:
        plan_import_revise(actor=world["office"], campaign=imported, plan=revised_plan(), fingerprint=diff.fingerprint)
    assert str(m.TREE_CHANGED) in err.value.messages
    assert Task.objects.count() == count


def test_liaison_cannot_revise(world, client, imported):
    client.force_login(world["liaison"])
    response = client.post(reverse("planimport:revise", args=[imported.pk]), {"text": REVISED_TEXT})
    assert response.status_code == 403  # the liaison sees the campaign, but revising it is the office's work
