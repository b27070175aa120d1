"""In headless Chromium: the path every real user takes. The office imports seed 000's text
through the import page, gives its phases their dates, edits one task, starts the campaign and
assigns a task to every institution under 泽州县; 泽州县's liaison reports with a file; the
office accepts (green); the office closes the campaign and reporting is refused. Then the four
demo campaigns' pages, screenshotted. Dates are relative to the day the test runs."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from fazhi.campaigns.choices import AssignmentStatus, CampaignStatus, Colour
from fazhi.campaigns.models import Assignment, Campaign, Task
from fazhi.campaigns.selectors import assignment_list
from fazhi.demo.files import png_bytes
from fazhi.org.choices import UnitKind
from fazhi.org.models import Unit
from fazhi.seeds import seed_text
from tests.browser.common import TIMEOUT_MS, choose_unit, log_in, log_out, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_imports_starts_assigns_accepts_and_closes(demo_site, live_server, chromium, settings, tmp_path):
    from playwright.sync_api import expect

    settings.STATIC_ROOT = tmp_path
    today = timezone.localdate()
    base = live_server.url
    page = chromium.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page.set_default_timeout(TIMEOUT_MS)
    page.on("dialog", lambda d: d.accept())

    # --- the office imports the plan -------------------------------------------------------
    log_in(page, base, "office")
    page.goto(base + "/campaigns/import/")
    page.fill('textarea[name="text"]', seed_text("000"))
    page.get_by_role("button", name="识别方案").click()
    expect(page.locator("#pi-phases tr")).to_have_count(3)
    spans = [(today - dt.timedelta(days=30), today + dt.timedelta(days=60)),
             (today + dt.timedelta(days=61), today + dt.timedelta(days=400)),
             (today + dt.timedelta(days=401), today + dt.timedelta(days=500))]
    for i, (start, end) in enumerate(spans):
        page.locator(f'#pi-phases tr[data-phase="{i}"] input[data-pf="start"]').fill(start.isoformat())
        page.locator(f'#pi-phases tr[data-phase="{i}"] input[data-pf="end"]').fill(end.isoformat())
    shot(page, "lifecycle-1-draft")
    page.locator("#pi-form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/campaigns/\d+/$"))
    # The demo holds this plan already (one of its four campaigns): the new one is the page's.
    campaign = Campaign.objects.get(pk=re.search(r"/campaigns/(\d+)/$", page.url)[1], title="徐州市卫生系统法治城市创建活动方案")
    assert campaign.status == CampaignStatus.DRAFT and campaign.phases.count() == 3
    expect(page.locator("#campaign-activate")).to_be_visible()

    # --- edit one task: for institutions, due in 40 days ---------------------------------------
    task = Task.objects.get(campaign=campaign, heading="深入开展法制宣传教育活动")
    page.locator(f'a[href="/campaigns/tasks/{task.pk}/edit/"]').click()
    due = today + dt.timedelta(days=40)
    for box in page.locator('input[name="applies_to"]').all():
        box.set_checked(box.get_attribute("value") == UnitKind.INSTITUTION)
    page.fill('input[name="due_date"]', due.isoformat())
    page.locator("#edit-form button.btn-primary").click()
    page.wait_for_url(re.compile(rf".*/campaigns/{campaign.pk}/$"))
    task.refresh_from_db()
    assert task.applies_to == [UnitKind.INSTITUTION] and task.due_date == due

    # --- start it ------------------------------------------------------------------------------
    page.locator("#campaign-activate").click()
    expect(page.get_by_text("活动已启动")).to_be_visible()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.ACTIVE

    # --- assign the task to every institution under 泽州县 ---------------------------------------
    county = Unit.objects.get(name="泽州县卫生计生局")
    page.select_option("#id_task", str(task.pk))
    page.check('input[name="mode"][value="kind"]')
    choose_unit(page, "#id_under", county.name)
    page.check(f'input[name="kinds"][value="{UnitKind.INSTITUTION}"]')
    page.locator('form[action$="/assign/"] button.btn-primary').click()
    expect(page.get_by_text(re.compile(r"已分配 \d+ 个单位"))).to_be_visible()
    institutions = set(Unit.objects.filter(path__startswith=county.path, kind=UnitKind.INSTITUTION).values_list("pk", flat=True))
    assigned = set(Assignment.objects.filter(task=task).values_list("unit_id", flat=True))
    assert assigned == institutions and len(institutions) >= 2
    shot(page, "lifecycle-2-campaign-active")
    log_out(page)

    # --- 泽州县's liaison reports with a file ------------------------------------------------------
    target, other = list(Assignment.objects.filter(task=task).order_by("unit__path"))[:2]
    log_in(page, base, "liaison")
    page.goto(base + f"/campaigns/assignments/{target.pk}/")
    page.fill('textarea[name="text"]', "已开展“法律进医院”宣传月活动，附活动照片。")
    page.fill('input[name="progress"]', "100")
    page.set_input_files('input[name="files"]', files=[{"name": "活动照片.png", "mimeType": "image/png", "buffer": png_bytes(1)}])
    page.get_by_role("button", name="提交报送").click()
    expect(page.get_by_text("进展已报送")).to_be_visible()
    log_out(page)

    # --- the office is told, accepts: green ---------------------------------------------------------
    log_in(page, base, "office")
    expect(page.locator("#inbox-badge .badge")).to_be_visible()
    page.goto(base + f"/campaigns/assignments/{target.pk}/")
    page.get_by_role("button", name="通过").click()
    expect(page.get_by_text("已通过该报送")).to_be_visible()
    target.refresh_from_db()
    assert target.status == AssignmentStatus.DONE
    office = get_user_model().objects.get(username="office")
    assert assignment_list(actor=office).get(pk=target.pk).colour == Colour.GREEN
    expect(page.locator(".colour-badge.colour-green").first).to_be_visible()
    shot(page, "lifecycle-3-accepted")

    # --- close: reporting refused, everything readable -----------------------------------------------
    page.goto(base + f"/campaigns/{campaign.pk}/")
    page.locator("#campaign-close").click()
    expect(page.get_by_text("活动已结束：不再接受报送")).to_be_visible()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    shot(page, "lifecycle-4-closed")
    log_out(page)
    log_in(page, base, "liaison")
    page.goto(base + f"/campaigns/assignments/{other.pk}/")
    expect(page.get_by_text("不在进行中，不能办理此事项")).to_be_visible()
    expect(page.get_by_role("button", name="提交报送")).to_have_count(0)
    shot(page, "lifecycle-5-reporting-refused")
    page.close()


def test_the_four_demo_campaign_pages(demo_site, live_server, chromium, settings, tmp_path):
    from playwright.sync_api import expect

    settings.STATIC_ROOT = tmp_path
    base = live_server.url
    page = chromium.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page.set_default_timeout(TIMEOUT_MS)
    log_in(page, base, "office")
    page.goto(base + "/campaigns/")
    # The four plan campaigns of the commission, and the county plans linked to one of them.
    plans = list(Campaign.objects.filter(parent__isnull=True).order_by("pk"))
    assert len(plans) == 4
    expect(page.locator("tbody tr")).to_have_count(Campaign.objects.count())
    for campaign in plans:
        expect(page.locator("tbody").get_by_role("link", name=campaign.title, exact=True)).to_have_count(1)
    shot(page, "demo-campaign-list")
    for n, campaign in enumerate(plans):
        page.goto(base + f"/campaigns/{campaign.pk}/")
        expect(page.get_by_role("heading", name=campaign.title)).to_be_visible()
        shot(page, f"demo-campaign-{n + 1}-{campaign.status}")
    page.goto(base + "/notices/")
    shot(page, "demo-inbox")
    page.close()
