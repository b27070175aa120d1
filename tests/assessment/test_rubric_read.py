"""Reading a commission's rubric: upload or paste, the review draft beside the source, the edited
draft saved as a rubric (all or nothing), the API, and the scoring page offering bands and counts."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.assessment import messages as m
from fazhi.assessment import services
from fazhi.assessment.choices import AssessmentKind, ItemKind
from fazhi.assessment.models import Assessment, Rubric
from fazhi.assessment.services import StageData
from fazhi.audit.models import AuditEntry
from fazhi.org.choices import UnitKind
from tests.planparse.rubric_corpus import materialise

pytestmark = pytest.mark.django_db


def _draft(client, path):
    with open(path, "rb") as fh:
        return client.post(reverse("assessment:rubric_read"),
                           {"file": SimpleUploadedFile(path.name, fh.read()), "text": ""})


def _form_data(response) -> dict:
    """The draft form as a browser would post it (text inputs, textareas, checked boxes)."""
    import re
    from html import unescape

    html = response.content.decode()
    form = html[html.index('id="rubric-draft-form"'):html.index("</form>", html.index('id="rubric-draft-form"'))]
    data = {}
    for m_ in re.finditer(r"<input([^>]*)>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m_.group(1)))
        if "name" not in attrs:
            continue
        if attrs.get("type") == "checkbox":
            if " checked" in m_.group(1):
                data[attrs["name"]] = "on"
            continue
        data[attrs["name"]] = unescape(attrs.get("value", ""))
    for m_ in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[m_.group(1)] = unescape(m_.group(2))
    sel = re.search(r'<select name="unit_kind"[^>]*>(.*?)</select>', form, re.S)
    chosen = re.search(r'<option value="([^"]*)" selected', sel.group(1))
    data["unit_kind"] = chosen.group(1)
    return data


def test_office_reads_a_word_rubric_reviews_it_beside_the_source_and_saves_it(client, world, tmp_path):
    w = world
    client.force_login(w.office)
    response = _draft(client, materialise("word_merged", tmp_path))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="rubric-source"' in html and "示范机构法治建设考评细则" in html
    assert 'value="制定年度工作计划并按季度通报"' in html
    data = _form_data(response)
    assert data["unit_kind"] == UnitKind.INSTITUTION
    before = Rubric.objects.count()
    response = client.post(reverse("assessment:rubric_read_save"), data)
    assert response.status_code == 302
    rubric = Rubric.objects.get(title="示范机构法治建设考评细则")
    assert Rubric.objects.count() == before + 1
    assert rubric.owner == w.city and rubric.bonus_cap == D("2")
    items = {i.label: i for i in rubric.items.all()}
    assert items["2"].core is True and items["2"].rules[0]["cap"] == 4
    assert items["3"].bonus_points == D("2") and items["3"].method == "查阅合同"
    assert items["4"].rules[0]["shape"] == "bands"
    assert (items["5"].kind, items["6"].kind) == (ItemKind.PENALTY, ItemKind.VETO)
    assert AuditEntry.objects.filter(action="rubric.import", object_id=str(rubric.pk)).exists()


def test_every_item_is_editable_and_warnings_show_where_they_arise(client, world, tmp_path):
    w = world
    client.force_login(w.office)
    response = _draft(client, materialise("text_split_header", tmp_path))
    html = response.content.decode()
    # the category whose points disagree with its items is flagged in its row and in the source
    assert "“一、工作作风”标明 10 分，所列各项合计 9 分。" in html
    assert 'id="src-8" class="has-warning"' in html
    data = _form_data(response)
    rows = int(data["rows"])
    by_text = {data[f"r{k}-text"]: k for k in range(rows)}
    data[f"r{by_text['工作作风']}-points"] = "9"                     # the office chooses the sum
    data[f"r{by_text['落实限时办结']}-rules"] = "每超时一件扣1分，最高扣2分"   # edited rule, read again
    data[f"r{by_text['违反中央八项规定精神']}-delete"] = "on"
    data["title"], data["code"], data["unit_kind"] = "作风考评", "zuofeng", UnitKind.WINDOW
    assert client.post(reverse("assessment:rubric_read_save"), data).status_code == 302
    rubric = Rubric.objects.get(code="zuofeng")
    items = {i.title: i for i in rubric.items.all()}
    assert items["工作作风"].max_points == D("9")
    assert items["落实限时办结"].rules == [{"shape": "per_shortfall", "text": "每超时一件扣1分，最高扣2分",
                                       "deduct": 1, "cap": 2}]
    assert "违反中央八项规定精神" not in items


def test_bad_points_in_the_draft_write_nothing(client, world, tmp_path):
    w = world
    client.force_login(w.office)
    data = _form_data(_draft(client, materialise("html_rowspan", tmp_path)))
    data["r1-points"] = "很多"
    before = (Rubric.objects.count(), AuditEntry.objects.count())
    response = client.post(reverse("assessment:rubric_read_save"), data)
    assert response.status_code == 400
    assert str(m.RUBRIC_POINTS_INVALID).format(value="很多") in response.content.decode()
    assert 'value="很多"' in response.content.decode()
    assert (Rubric.objects.count(), AuditEntry.objects.count()) == before


def test_pasted_text_and_unreadable_files(client, world):
    w = world
    client.force_login(w.office)
    response = client.post(reverse("assessment:rubric_read"), {"text": "序号 考核内容 分值\n一、培训（4分）\n1 参加培训 4\n"})
    assert response.status_code == 200 and 'value="参加培训"' in response.content.decode()
    response = client.post(reverse("assessment:rubric_read"), {"text": ""})
    assert response.status_code == 400 and str(m.RUBRIC_SOURCE_REQUIRED) in response.content.decode()
    response = client.post(reverse("assessment:rubric_read"),
                           {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"), "text": ""})
    assert response.status_code == 400 and "不支持的文件类型" in response.content.decode()


def test_only_the_office_reads_rubrics(client, world):
    w = world
    client.force_login(w.liaison)
    assert client.get(reverse("assessment:rubric_read")).status_code == 403
    assert client.post(reverse("assessment:rubric_read_save"), {"rows": "1"}).status_code == 403


def test_api_reads_then_saves(client, world, tmp_path):
    w = world
    client.force_login(w.office)
    path = materialise("excel_merged", tmp_path)
    with open(path, "rb") as fh:
        response = client.post("/api/rubric-imports/", {"file": SimpleUploadedFile(path.name, fh.read())})
    assert response.status_code == 200
    parsed = response.json()
    assert parsed["schema"] == "fazhi.rubric/1" and parsed["total_points"] == 12
    assert parsed["warnings"][1] == {"message": "细则标明满分 15 分，各类别合计 12 分。", "line": 8}
    response = client.post("/api/rubric-imports/", {"rubric": parsed, "unit_kind": "window", "title": "窗口表",
                                                    "code": "api-window"}, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    rubric = Rubric.objects.get(pk=body["id"])
    assert (body["code"], body["items"]) == ("api-window", rubric.items.count())
    assert rubric.items.get(label="2.1.1").kind == ItemKind.BONUS
    response = client.post("/api/rubric-imports/", {"text": ""}, content_type="application/json")
    assert response.status_code == 400
    client.force_login(w.liaison)
    response = client.post("/api/rubric-imports/", {"text": "序号 考核内容 分值\n一、a（1分）\n1 b 1\n"},
                           content_type="application/json")
    assert response.status_code == 403


def test_scoring_page_offers_bands_and_counts(client, world, tmp_path, admin_user):
    from fazhi.assessment.rubricimport import rubric_import_parsed
    from fazhi.planparse.rubric import read_bytes

    w = world
    path = materialise("word_merged", tmp_path)
    rubric = rubric_import_parsed(actor=admin_user, parsed=read_bytes(path.read_bytes(), filename=path.name).to_dict(),
                                  unit_kind=UnitKind.WINDOW, code="w")
    rnd = services.round_create(actor=w.office, campaign=w.campaign, rubric=rubric, title="读取", scope=w.city,
                                stages=[StageData("督查", AssessmentKind.INSPECTION)])
    services.round_open(actor=w.office, rnd=rnd)
    a = Assessment.objects.get(round=rnd, unit=w.windows[0])
    items = {i.label: i for i in rubric.items.all()}
    client.force_login(w.inspector)
    html = client.get(reverse("assessment:assessment", args=[a.pk])).content.decode()
    assert f'name="band_{items["4"].pk}"' in html and "良：85%≤参考率&lt;95% → 12" in html
    assert f'name="count_{items["2"].pk}_0"' in html and f'name="count_{items["5"].pk}_0"' in html
    assert "assessment/score.js" in html
    response = client.post(reverse("assessment:assessment", args=[a.pk]), {
        f"band_{items['4'].pk}": "1", f"reason_{items['4'].pk}": "参考率90%",
        f"count_{items['2'].pk}_0": "2", f"reason_{items['2'].pk}": "少两次通报",
        f"count_{items['5'].pk}_0": "1", f"reason_{items['5'].pk}": "通报批评一次",
        f"veto_present_{items['6'].pk}": "1"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.base, a.penalty, a.total) == (D("14"), D("10"), D("4"))
    client.force_login(w.office)
    html = client.get(reverse("assessment:results", args=[rnd.pk])).content.decode()
    assert "（倒扣 10.0）" in html


def test_api_scores_with_a_band_and_counts(client, world, tmp_path, admin_user):
    from fazhi.assessment.rubricimport import rubric_import_parsed
    from fazhi.planparse.rubric import read_bytes

    w = world
    path = materialise("word_merged", tmp_path)
    rubric = rubric_import_parsed(actor=admin_user, parsed=read_bytes(path.read_bytes(), filename=path.name).to_dict(),
                                  unit_kind=UnitKind.WINDOW, code="api-score")
    rnd = services.round_create(actor=w.office, campaign=w.campaign, rubric=rubric, title="接口评分", scope=w.city,
                                stages=[StageData("督查", AssessmentKind.INSPECTION)])
    services.round_open(actor=w.office, rnd=rnd)
    a = Assessment.objects.get(round=rnd, unit=w.windows[0])
    items = {i.label: i for i in rubric.items.all()}
    client.force_login(w.inspector)
    response = client.post("/api/item-scores/", {"assessment": a.pk, "item": items["4"].pk, "band": 2, "reason": "低于85%"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert D(response.json()["points"]) == D("4")
    response = client.post("/api/item-scores/", {"assessment": a.pk, "item": items["3"].pk, "points": "3",
                                                 "counts": {"1": 1}}, content_type="application/json")
    assert response.status_code == 201 and D(response.json()["bonus"]) == D("2")
    response = client.get(f"/api/assessments/{a.pk}/")
    assert D(response.json()["total"]) == D("9") and D(response.json()["penalty"]) == D("0")
