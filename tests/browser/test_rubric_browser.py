"""In headless Chromium, on the demo data: the office reads a Word rubric (merged cells), reviews
the draft beside the source and saves it; an inspector scores a window with it, picking a band
and counting shortfalls while the page computes the deduction."""

import re

import pytest
from django.contrib.auth import get_user_model

from fazhi.assessment import services
from fazhi.assessment.choices import AssessmentKind
from fazhi.assessment.models import Assessment, Rubric
from fazhi.assessment.services import StageData
from fazhi.campaigns.choices import WorkKind
from fazhi.campaigns.models import Campaign, Phase
from fazhi.core.workdays import today as local_today
from fazhi.demo import TITLE
from fazhi.org.choices import UnitKind
from tests.browser.common import TIMEOUT_MS, log_in, shot
from tests.planparse.rubric_corpus import build_word

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_imports_a_word_rubric_and_an_inspector_scores_with_it(demo_site, live_server, chromium, settings, tmp_path):
    from playwright.sync_api import expect

    settings.STATIC_ROOT = tmp_path
    campaign = Campaign.objects.get(title=TITLE)
    today = local_today()
    Phase.objects.create(campaign=campaign, name="督查考评", start=today, end=today, order=9,
                         opens=[WorkKind.INSPECTION])
    word = build_word(tmp_path / "示范机构考评细则.docx")
    base = live_server.url
    page = chromium.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page.set_default_timeout(TIMEOUT_MS)
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    # --- the office reads the Word rubric ------------------------------------------------
    log_in(page, base, "office")
    page.goto(base + "/assessment/rubrics/")
    page.get_by_role("link", name="读取考评细则").click()
    page.set_input_files('input[name="file"]', str(word))
    page.get_by_role("button", name="识别考评细则").click()
    expect(page.get_by_text("核对审核稿")).to_be_visible()
    source = page.get_by_test_id("rubric-source")
    expect(source.get_by_text("一、组织领导（10分）").first).to_be_visible()
    draft = page.get_by_test_id("rubric-draft")
    expect(draft.locator('input[value="制定年度工作计划并按季度通报"]')).to_be_visible()
    shot(page, "rubric-read-draft")
    page.fill('input[name="title"]', "示范窗口法治建设考评细则（读取）")
    page.select_option('select[name="unit_kind"]', UnitKind.WINDOW)
    page.fill('input[name="code"]', "read-window")
    page.get_by_role("button", name="保存为考评细则").click()
    expect(page.get_by_text(re.compile(r"已导入考评细则“示范窗口法治建设考评细则（读取）”"))).to_be_visible()
    shot(page, "rubric-read-saved")
    rubric = Rubric.objects.get(code="read-window")
    items = {i.label: i for i in rubric.items.all()}

    # --- a round with it; the inspector scores one window ------------------------------------
    office = get_user_model().objects.get(username="office")
    rnd = services.round_create(actor=office, campaign=campaign, rubric=rubric, title="读取细则试评", scope=campaign.issuer,
                                stages=[StageData("市级督查", AssessmentKind.INSPECTION)])
    services.round_open(actor=office, rnd=rnd)
    target = Assessment.objects.filter(round=rnd).select_related("unit").order_by("unit__path").first()
    page.context.clear_cookies()
    log_in(page, base, "inspector")
    page.goto(f"{base}/assessment/assessments/{target.pk}/")
    expect(page.get_by_role("heading", name=re.compile(target.unit.name))).to_be_visible()
    page.fill(f'input[name="points_{items["1"].pk}"]', "3")
    page.fill(f'input[name="count_{items["2"].pk}_0"]', "2")             # 每少一次通报扣1分，最高扣4分
    expect(page.get_by_test_id(f"worked-{items['2'].pk}")).to_have_text("扣 2 分")
    page.fill(f'input[name="count_{items["2"].pk}_0"]', "9")             # capped at 4
    expect(page.get_by_test_id(f"worked-{items['2'].pk}")).to_have_text("扣 4 分")
    expect(page.locator(f'input[name="points_{items["2"].pk}"]')).to_have_value("0")
    page.fill(f'input[name="count_{items["2"].pk}_0"]', "1")
    page.fill(f'textarea[name="reason_{items["2"].pk}"]', "第三季度未通报")
    page.fill(f'input[name="points_{items["3"].pk}"]', "3")
    page.fill(f'input[name="count_{items["3"].pk}_1"]', "1")             # 聘请公职律师的加2分
    expect(page.get_by_test_id(f"worked-{items['3'].pk}")).to_have_text("扣 0 分 · 加 2 分")
    page.select_option(f'select[name="band_{items["4"].pk}"]', "1")       # 良 → 12
    expect(page.get_by_test_id(f"worked-{items['4'].pk}")).to_have_text("扣 8 分")
    page.fill(f'textarea[name="reason_{items["4"].pk}"]', "参考率90%")
    page.fill(f'input[name="count_{items["5"].pk}_0"]', "1")             # 通报批评 → 倒扣 10 分
    expect(page.get_by_test_id(f"worked-{items['5'].pk}")).to_have_text("倒扣 10 分")
    page.fill(f'textarea[name="reason_{items["5"].pk}"]', "受到市级通报批评一次")
    shot(page, "rubric-scoring-entry")
    page.get_by_role("button", name="保存评分").click()
    expect(page.get_by_text(re.compile(r"已保存 \d+ 项评分"))).to_be_visible()
    target.refresh_from_db()
    # base 3 + 3 + 3 + 12 = 21, bonus 2 (cap 2), penalty 10
    assert (target.base, target.bonus, target.penalty, target.total) == (21, 2, 10, 13)
    expect(page.get_by_test_id("total")).to_have_text("13.0")
    expect(page.get_by_test_id("penalty")).to_contain_text("10")
    shot(page, "rubric-scoring-saved")
    assert not failed, failed
    assert not errors, errors
