"""In headless Chromium, on the demo data: the office filters the assignment list by a unit chosen
through the unit chooser (typing part of its name, the suggestions come from the scoped units
API), then opens a branch of a campaign's task tree, whose assignments load only then.
Screenshots: unit-chooser, campaign-task-branch."""

import re

import pytest
from django.db.models import Count

from fazhi.campaigns.models import Assignment, Campaign
from fazhi.org.models import Unit
from tests.browser.common import TIMEOUT_MS, log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_chooses_a_unit_and_opens_a_task_branch(demo_site, live_server, chromium, settings, tmp_path):
    from playwright.sync_api import expect

    settings.STATIC_ROOT = tmp_path
    hospital = Unit.objects.get(name="泽州县人民医院")
    base = live_server.url
    page = chromium.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page.set_default_timeout(TIMEOUT_MS)
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    log_in(page, base, "office")
    page.goto(base + "/campaigns/assignments/")
    select = page.locator("select#id_unit")
    expect(select).to_be_hidden()
    assert select.locator("option").count() == 1  # only "全部单位": the tree is not in the page
    search = page.locator("#id_unit-search")
    expect(search).to_be_visible()
    search.fill("人民医院")
    suggestion = page.get_by_role("option").filter(has_text="泽州县人民医院").first
    expect(suggestion).to_be_visible()
    expect(suggestion).to_contain_text("泽州县卫生计生局")  # the parent tells same-named units apart
    shot(page, "unit-chooser", full_page=False)
    suggestion.click()
    expect(page).to_have_url(re.compile(rf"unit={hospital.pk}"))
    expect(search).to_have_value("泽州县人民医院")
    rows = page.locator("#assignment-results tbody tr")
    expect(rows.first).to_be_visible()
    assert Assignment.objects.filter(unit__path__startswith=hospital.path).exists()
    page.reload()  # the chosen unit is rendered by the server after a reload
    expect(page.locator("#id_unit-search")).to_have_value("泽州县人民医院")

    campaign = Campaign.objects.annotate(n=Count("tasks__assignments")).order_by("-n").first()
    page.goto(base + f"/campaigns/{campaign.pk}/")
    assert page.locator(".task-branch").count() == 0  # no assignment in the page until a branch is opened
    branch = page.locator("details.task-branch-toggle").first
    branch.locator("summary").click()
    expect(branch.locator(".task-branch li").first).to_be_visible()
    branch.scroll_into_view_if_needed()
    shot(page, "campaign-task-branch", full_page=False)
    assert not failed and not errors, (failed, errors)
