"""Pages: scoring through the form, hidden inspection scores, results, nominations, the circular."""

import io
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from fazhi.assessment import messages as m
from fazhi.assessment import quotas, services
from fazhi.assessment.models import Assessment, ItemScore
from fazhi.org.choices import Role, UnitKind
from tests.factories import UnitFactory, person_with_role

from .conftest import assessment, full_marks

pytestmark = pytest.mark.django_db


def _score_all(w, stage=1, actor=None):
    for unit in w.windows:
        services.item_scores_save(actor=actor or w.inspector, assessment=assessment(w, stage, unit),
                                  entries=full_marks(w, 标志={"points": "8", "reason": "褪色"} if unit == w.windows[1] else {}))


def test_every_page_renders_for_the_office(client, world):
    w = world
    _score_all(w)
    quotas.nomination_create(actor=w.office, rnd=w.round, unit=w.windows[0])
    client.force_login(w.office)
    a = assessment(w, 1, w.windows[0])
    for name, args in [("rounds", []), ("round_create", []), ("round", [w.round.pk]), ("results", [w.round.pk]),
                       ("nominations", [w.round.pk]), ("circular", [w.round.pk]), ("assessment", [a.pk]),
                       ("rubrics", []), ("rubric", [w.rubric.pk])]:
        response = client.get(reverse(f"assessment:{name}", args=args))
        assert response.status_code == 200, name
    for name in ("results_export", "circular_docx"):
        assert client.get(reverse(f"assessment:{name}", args=[w.round.pk])).status_code == 200
    assert client.get(reverse("assessment:rubric_export", args=[w.rubric.pk, "yaml"])).status_code == 200
    assert client.get(reverse("assessment:rubric_template")).status_code == 200


def test_empty_round_list_says_what_to_do(client, world):
    user = person_with_role(Role.OFFICE, UnitFactory(name="别的委"), "other-office").user
    client.force_login(user)
    assert "还没有考评轮次" in client.get(reverse("assessment:rounds")).content.decode()


def test_an_inspector_scores_through_the_form(client, world):
    w = world
    a = assessment(w, 1, w.windows[0])
    client.force_login(w.inspector)
    items = w.items
    data = {f"points_{items['标志'].pk}": "", f"shortfalls_{items['标志'].pk}": "1", f"reason_{items['标志'].pk}": "标志褪色",
            f"points_{items['宣传栏'].pk}": "50", f"veto_present_{items['红包'].pk}": "1"}
    response = client.post(reverse("assessment:assessment", args=[a.pk]), data, follow=True)
    assert str(m.SCORES_SAVED).format(n=3) in response.content.decode()
    a.refresh_from_db()
    assert a.base == D("56") and a.scored_items == 3


def test_a_bad_score_through_the_form_writes_nothing(client, world):
    w = world
    a = assessment(w, 1, w.windows[0])
    client.force_login(w.inspector)
    response = client.post(reverse("assessment:assessment", args=[a.pk]),
                           {f"points_{w.items['宣传栏'].pk}": "50", f"points_{w.items['标志'].pk}": "12"})
    assert str(m.SCORE_ABOVE_MAX).format(item=w.items["标志"], points="12", max="10") in response.content.decode()
    assert not ItemScore.objects.exists()


def test_inspection_scores_hidden_from_the_unit_until_published(client, world):
    w = world
    _score_all(w)
    a = assessment(w, 1, w.windows[0])
    client.force_login(w.liaison)
    assert client.get(reverse("assessment:assessment", args=[a.pk])).status_code == 404
    page = client.get(reverse("assessment:results", args=[w.round.pk])).content.decode()
    assert "公布结果后可见" in page
    services.round_close(actor=w.office, rnd=w.round)
    services.round_publish(actor=w.office, rnd=w.round)
    assert client.get(reverse("assessment:assessment", args=[a.pk])).status_code == 200
    assert "公布结果后可见" not in client.get(reverse("assessment:results", args=[w.round.pk])).content.decode()
    # still nothing of another county
    foreign = assessment(w, 1, w.windows[3])
    assert client.get(reverse("assessment:assessment", args=[foreign.pk])).status_code == 404


def test_a_liaison_cannot_open_the_round_or_nominate(client, world):
    w = world
    client.force_login(w.liaison)
    response = client.post(reverse("assessment:round_status", args=[w.round.pk]), {"action": "close"})
    assert response.status_code == 403
    assert str(m.NOT_OFFICE) in response.content.decode()


def test_nomination_beyond_quota_is_refused_on_the_page(client, world):
    w = world
    _score_all(w)
    client.force_login(w.office)
    url = reverse("assessment:nominations", args=[w.round.pk])
    for unit in w.windows[:2]:
        client.post(url, {"unit": unit.pk})
    response = client.post(url, {"unit": w.windows[2].pk})
    assert "超出创建指标" in response.content.decode() and "超出 1 个" in response.content.decode()


def test_circular_docx_content(client, world):
    w = world
    _score_all(w)
    noms = [quotas.nomination_create(actor=w.office, rnd=w.round, unit=u) for u in (w.windows[0], w.windows[3])]
    quotas.nominations_select(actor=w.office, nominations=noms)
    client.force_login(w.office)
    client.post(reverse("assessment:circular", args=[w.round.pk]), {
        "circular_number": "晋卫政法发〔2026〕3号", "circular_title": "关于2026年度法治创建示范窗口评选结果的通报",
        "circular_recipients": "各县（市、区）卫生计生局：", "circular_opening": "现将评选结果通报如下：",
        "circular_closing": "希望各单位再接再厉。", "circular_date": "2026-11-20"})
    response = client.get(reverse("assessment:circular_docx", args=[w.round.pk]))
    doc = Document(io.BytesIO(response.content))
    texts = [p.text for p in doc.paragraphs]
    assert "晋卫政法发〔2026〕3号" in texts
    assert "关于2026年度法治创建示范窗口评选结果的通报" in texts
    assert "一、法治创建示范窗口（2个）" in texts
    assert f"{w.windows[0].name}、{w.windows[3].name}" in texts
    signed = texts.index("2026年11月20日")
    assert texts[signed - 1] == w.city.name
    section = doc.sections[0]
    assert (round(section.top_margin.mm), round(section.left_margin.mm), round(section.right_margin.mm),
            round(section.bottom_margin.mm)) == (37, 28, 26, 35)
    title = next(p for p in doc.paragraphs if p.text.startswith("关于"))
    assert title.runs[0].font.size.pt == 22
    body = next(p for p in doc.paragraphs if p.text == "现将评选结果通报如下：")
    assert body.runs[0].font.size.pt == 16
    rfonts = body.runs[0]._element.rPr.rFonts
    assert "仿宋" in rfonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "— " in section.footer.paragraphs[0].text


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_circular_from_an_english_session_is_chinese_with_one_line_masthead_and_imprint(client, world):
    w = world
    w.city.name = "晋城市卫生和计划生育委员会"  # 15 characters of 30 pt: wider than the 156 mm type area
    w.city.save()
    _score_all(w)
    noms = [quotas.nomination_create(actor=w.office, rnd=w.round, unit=u) for u in (w.windows[0], w.windows[3])]
    quotas.nominations_select(actor=w.office, nominations=noms)
    client.force_login(w.office)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("assessment:circular", args=[w.round.pk])).content.decode()
    assert "Circular" in page or "Save" in page  # the page itself is in English
    client.post(reverse("assessment:circular", args=[w.round.pk]), {
        "circular_number": "晋卫政法发〔2026〕3号", "circular_title": "关于2026年度法治创建示范窗口评选结果的通报",
        "circular_recipients": "各县（市、区）卫生计生局：", "circular_opening": "现将评选结果通报如下：",
        "circular_closing": "希望各单位再接再厉。", "circular_date": "2026-11-20",
        "circular_cc": "市委依法治市办，市政府法制办", "circular_printer": "晋城市卫生和计划生育委员会办公室"})
    response = client.get(reverse("assessment:circular_docx", args=[w.round.pk]))
    doc = Document(io.BytesIO(response.content))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    # Chinese throughout: no English word from the interface slipped in
    import re
    assert not [t for t in texts if re.search(r"[A-Za-z]{3,}", t)], texts
    assert texts[0] == "晋城市卫生和计划生育委员会文件"
    assert "一、法治创建示范窗口（2个）" in texts
    # The masthead fits on one line of the type area: condensed (and if need be narrowed) characters.
    masthead = doc.paragraphs[0]
    run = masthead.runs[0]
    size = run.font.size.pt
    spacing = run._element.rPr.find(W + "spacing")
    scale = run._element.rPr.find(W + "w")
    spacing_pt = int(spacing.get(W + "val")) / 20 if spacing is not None else 0
    scale_pc = int(scale.get(W + "val")) if scale is not None else 100
    n = len(masthead.text)
    assert spacing_pt < 0  # condensed
    assert n * size * scale_pc / 100 + n * spacing_pt <= 156 / 25.4 * 72
    assert scale_pc >= 85  # still legible
    # 版记: 抄送 and 印发机关/印发日期 between rules, after the signature
    cc = next(p for p in doc.paragraphs if p.text.startswith("抄送："))
    printed = next(p for p in doc.paragraphs if p.text.endswith("印发"))
    assert cc.text == "抄送：市委依法治市办，市政府法制办。"
    assert printed.text == "晋城市卫生和计划生育委员会办公室\t2026年11月20日印发"
    assert texts.index(cc.text) > texts.index("2026年11月20日")
    cc_borders, printed_borders = cc._p.pPr.find(W + "pBdr"), printed._p.pPr.find(W + "pBdr")
    assert cc_borders.find(W + "top") is not None and cc_borders.find(W + "bottom") is not None
    assert printed_borders.find(W + "bottom") is not None
    # the file's properties name the issuer, not the library
    props = doc.core_properties
    assert props.author == "晋城市卫生和计划生育委员会" and props.last_modified_by == props.author
    assert props.title == "关于2026年度法治创建示范窗口评选结果的通报"
    assert "python-docx" not in (props.author + props.comments + props.last_modified_by)


def test_results_excel_has_every_mark(client, world):
    from openpyxl import load_workbook
    w = world
    _score_all(w)
    client.force_login(w.office)
    wb = load_workbook(io.BytesIO(client.get(reverse("assessment:results_export", args=[w.round.pk])).content))
    assert wb.sheetnames == ["考评结果", "逐项得分"]
    assert wb["逐项得分"].max_row == 2 + ItemScore.objects.count()
    assert wb["考评结果"]["A2"].value == "排名"


def _grow(w, n):
    """Windows under the two counties up to n, the round reopened over them with totals set."""
    have = Assessment.objects.filter(stage=w.stages[0]).count()
    new = [UnitFactory.build(name=f"扩展窗口{i}", kind=UnitKind.WINDOW, parent=w.counties[i % 2]) for i in range(have, n)]
    for u in new:
        u.save()
    stages = list(w.round.stages.all())
    Assessment.objects.bulk_create([Assessment(round=w.round, stage=s, unit=u, kind=s.kind, total=D(70 + i % 30),
                                               base=D(70 + i % 30), scored_items=5,
                                               item_finals={str(w.items["标志"].pk): {"p": "8", "v": False}})
                                    for i, u in enumerate(new) for s in stages])


def test_results_page_query_count_is_the_same_for_10_and_500_units(client, world):
    w = world
    _score_all(w)
    _grow(w, 10)
    client.force_login(w.office)
    url = reverse("assessment:results", args=[w.round.pk])
    client.get(url)
    cache.clear()  # both counts with the page frame's cached parts (calendar, unread count) read afresh
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(w, 500)
    assert Assessment.objects.filter(stage=w.stages[0]).count() == 500
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)


@pytest.mark.parametrize("page", ["round", "nominations"])
def test_round_and_nomination_pages_query_count_is_fixed(client, world, page):
    w = world
    _score_all(w)
    client.force_login(w.office)
    url = reverse(f"assessment:{page}", args=[w.round.pk])
    assert client.get(url).status_code == 200
    _grow(w, 10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(w, 200)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)


def close_inspection_until(w, days: int):
    """Inspection moves to a phase that opens `days` from today (dates relative to today)."""
    import datetime as dt

    from django.utils import timezone

    from fazhi.campaigns.models import Phase

    today = timezone.localdate()
    phase = w.campaign.phases.get()
    phase.opens = ["self_assessment", "progress"]
    phase.save()
    opens = today + dt.timedelta(days=days)
    Phase.objects.create(campaign=w.campaign, name="督查考评阶段", start=opens, end=opens + dt.timedelta(days=30),
                         opens=["inspection"])
    return opens


def test_a_closed_phase_is_said_before_typing_and_the_form_is_disabled(client, world):
    from fazhi.core.formats import cn_date

    w = world
    opens = close_inspection_until(w, 30)
    a = assessment(w, 1, w.windows[0])
    client.force_login(w.inspector)
    html = client.get(reverse("assessment:assessment", args=[a.pk])).content.decode()
    assert 'data-testid="scoring-closed"' in html and "督查考评阶段" in html
    assert cn_date(opens) in html and "将于" in html  # and when it will open
    points = [line for line in html.splitlines() if 'name="points_' in line]
    assert points and all(" disabled" in line for line in points)
    assert "保存评分" not in html and "data-draft-key" not in html
    # where scoring is open the form takes input and keeps drafts as one types
    client.force_login(w.liaison)
    own = assessment(w, 0, w.windows[0])
    html = client.get(reverse("assessment:assessment", args=[own.pk])).content.decode()
    assert "scoring-closed" not in html and 'data-draft-key="fazhi-score-draft:' in html and "score-draft.js" in html
