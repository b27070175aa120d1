"""In headless Chromium, on the demo data: an inspector scores a unit of an open round, then
the office looks at the published demo round's results, nominations and circular.
Screenshots are saved to screenshots/ at the repository root."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from fazhi.assessment import services
from fazhi.assessment.choices import ItemKind
from fazhi.assessment.models import Assessment, Rubric
from fazhi.campaigns.choices import WorkKind
from fazhi.campaigns.models import Campaign, Phase
from fazhi.core.workdays import today as local_today
from fazhi.demo import TITLE
from fazhi.org.choices import UnitKind
from tests.browser.common import TIMEOUT_MS, log_in, shot


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_institution_round():
    """A second round on the demo campaign, open for inspection today."""
    campaign = Campaign.objects.get(title=TITLE)
    today = local_today()
    if not any(p.opens_work(WorkKind.INSPECTION) and p.start <= today <= p.end for p in campaign.phases.all()):
        Phase.objects.create(campaign=campaign, name="督查考评", start=today, end=today, order=9,
                             opens=[WorkKind.INSPECTION, WorkKind.SELF_ASSESSMENT])
    office = get_user_model().objects.get(username="office")
    rnd = services.round_create(actor=office, campaign=campaign, rubric=Rubric.objects.get(code="demo-institution"),
                                title="法治创建示范机构考评", scope=campaign.issuer, unit_kind=UnitKind.INSTITUTION)
    services.round_open(actor=office, rnd=rnd)
    return rnd


def test_an_inspector_scores_a_unit(demo_site, live_server, chromium, settings, tmp_path):
    from playwright.sync_api import expect

    settings.STATIC_ROOT = tmp_path
    demo_round = demo_site.loaded["fazhi.assessment.demo"][0].round_id
    rnd = _open_institution_round()
    target = Assessment.objects.filter(round=rnd, stage__name="市级复评").select_related("unit").order_by("unit__path").first()
    base = live_server.url
    page = chromium.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page.set_default_timeout(TIMEOUT_MS)
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)

    # --- the inspector ------------------------------------------------------------------
    log_in(page, base, "inspector")
    page.goto(base + "/assessment/")
    expect(page.get_by_role("heading", name="考评评选")).to_be_visible()
    shot(page, "assessment-rounds")
    page.get_by_role("link", name="法治创建示范机构考评").click()
    expect(page.get_by_text("各单位考评进度")).to_be_visible()
    page.locator(f'a[href="/assessment/assessments/{target.pk}/"]').click()
    page.wait_for_url(f"**/assessment/assessments/{target.pk}/")
    expect(page.get_by_role("heading", name=re.compile(target.unit.name))).to_be_visible()

    items = [i for i in rnd.rubric.items.all() if i.kind == ItemKind.STANDARD]
    first, second = items[0], items[1]
    for item in items:
        page.fill(f'input[name="points_{item.pk}"]', str(item.max_points.normalize()))
    # one shortfall counted under the first item's per-shortfall rule (the page computes the
    # points at once), a lower score with its reason on the second
    per = next(k for k, r in enumerate(first.rules) if r["shape"] in ("per_shortfall", "fixed"))
    lost_first = Decimal(str(first.rules[per]["deduct"]))
    page.fill(f'input[name="count_{first.pk}_{per}"]', "1")
    expect(page.get_by_test_id(f"worked-{first.pk}")).to_have_text(f"扣 {lost_first.normalize():f} 分")
    expect(page.locator(f'input[name="points_{first.pk}"]')).to_have_value(f"{(first.max_points - lost_first).normalize():f}")
    page.fill(f'textarea[name="reason_{first.pk}"]', "领导小组未明确牵头科室")
    page.fill(f'input[name="points_{second.pk}"]', "5")
    page.get_by_role("button", name="保存评分").click()
    expect(page.get_by_text(re.compile(r"“.*”扣了 2 分，请填写扣分理由"))).to_be_visible()  # the reason was missing
    assert not target.scores.exists()
    # the refused page restores the typed draft from this browser once its scripts have run:
    # type after that, as a person would, or the restore overwrites what was typed
    page.wait_for_load_state("load")
    expect(page.locator(f'input[name="points_{second.pk}"]')).to_have_value("5")
    page.fill(f'textarea[name="reason_{second.pk}"]', "一把手述法报告缺失")
    page.get_by_role("button", name="保存评分").click()
    expect(page.get_by_text(re.compile(r"已保存 \d+ 项评分"))).to_be_visible()
    target.refresh_from_db()
    expected = 100 - lost_first - 2
    assert target.total == expected
    expect(page.get_by_test_id("total")).to_have_text(str(expected) + ".0")
    shot(page, "assessment-scoring")

    # --- the office: the published demo round ----------------------------------------------
    page.context.clear_cookies()
    log_in(page, base, "office")
    page.goto(f"{base}/assessment/{demo_round}/results/")
    expect(page.get_by_text("排名规则")).to_be_visible()
    page.wait_for_selector("#results-chart svg")
    shot(page, "assessment-results")
    page.goto(f"{base}/assessment/{demo_round}/nominations/")
    expect(page.get_by_text("创建指标使用情况")).to_be_visible()
    shot(page, "assessment-nominations")
    page.goto(f"{base}/assessment/{demo_round}/circular/")
    expect(page.get_by_text("下载 Word 文件")).to_be_visible()
    shot(page, "assessment-circular")
    assert not failed, failed
