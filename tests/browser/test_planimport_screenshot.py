"""In headless Chromium: the office imports seed 002, edits the draft and creates the
campaign. The draft page is saved as planimport.png with the other screenshots (tests/browser/common.py)."""

import re

import pytest

from fazhi.campaigns.models import Campaign, Task
from fazhi.org.choices import Role, UnitKind
from tests.factories import UnitFactory, person_with_role
from fazhi.seeds import seed_path
from tests.browser.common import shot

SEED_002 = seed_path("002")
PASSWORD = "Fazhi-test-1"  # tests.factories.UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_imports_seed_002_edits_the_draft_and_creates_the_campaign(live_server, chromium, settings, tmp_path):
    from playwright.sync_api import expect

    settings.STATIC_ROOT = tmp_path
    city = UnitFactory(name="晋城市卫生和计划生育委员会", kind=UnitKind.ADMIN_DEPT)
    person_with_role(Role.OFFICE, city, username="office")
    page = chromium.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page.set_default_timeout(20_000)
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)

    page.goto(live_server.url + "/accounts/login/")
    page.fill('input[name="username"]', "office")
    page.fill('input[name="password"]', PASSWORD)
    page.locator("form").get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r".*/$"))

    page.goto(live_server.url + "/campaigns/import/")
    page.set_input_files('input[type="file"]', str(SEED_002))
    page.get_by_role("button", name="识别方案").click()
    page.wait_for_selector(".pi-node")
    expect(page.locator("#id_title")).to_have_value("卫生计生法治建设规范年行动实施方案")
    expect(page.locator("#pi-phases tr")).to_have_count(3)

    # Hovering an item lights its source line.
    item = page.locator(".pi-node", has=page.locator('textarea[data-f="heading"]', has_text="建立由党政主要负责人任组长")).first
    item.hover()
    expect(page.locator("#pi-L14")).to_have_class(re.compile("pi-lit"))
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "planimport")

    # Mark 一、总体要求 as a task, delete 四、保障措施 with its four items, then create.
    first = page.locator(".pi-node").first
    first.locator('[data-act="kind"]').click()
    page.once("dialog", lambda d: d.accept())
    page.locator(".pi-node", has=page.locator('textarea[data-f="heading"]', has_text="保障措施")).first.locator('[data-act="delete"]').click()
    page.get_by_role("button", name="创建活动").first.click()
    page.wait_for_url(re.compile(r".*/campaigns/\d+/$"))

    campaign = Campaign.objects.get()
    assert campaign.phases.count() == 3
    assert not Task.objects.filter(campaign=campaign, heading="保障措施").exists()
    assert Task.objects.get(campaign=campaign, label="一、").applies_to != []
    assert problems == []
