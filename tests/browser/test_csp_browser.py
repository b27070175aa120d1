"""In headless Chromium under the Content-Security-Policy: the pages with charts, the plan
importer, the API docs and the portal run their scripts with no CSP violation, and the
behaviours that used to be inline handlers (confirm before submitting, submit on change) work."""


import pytest

from fazhi.campaigns.models import Campaign
from fazhi.core.models import StatutoryDay
from fazhi.demo import TITLE
from tests.browser.common import TIMEOUT_MS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_work_under_the_policy(demo_site, live_server, chromium, settings, tmp_path):
    from playwright.sync_api import expect

    settings.STATIC_ROOT = tmp_path
    StatutoryDay.objects.create(date="2031-01-01", kind="holiday", name="元旦")
    campaign = Campaign.objects.get(title=TITLE)
    base = live_server.url

    page = chromium.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page.set_default_timeout(TIMEOUT_MS)
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("pageerror", lambda err: violations.append(str(err)))
    log_in(page, base, "office")
    for path in ["/", f"/campaigns/{campaign.pk}/", "/campaigns/import/", "/api/docs/", "/portal/", "/portal/submit/"]:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    # The API docs' script ran (the split view serves it as a file).
    page.goto(base + "/api/docs/")
    expect(page.locator(".swagger-ui .info")).to_be_visible(timeout=TIMEOUT_MS)  # slow to render on a busy machine

    # data-confirm: dismissing the question keeps the day; accepting deletes it.
    page.goto(base + "/calendar/holidays/?year=2031")
    page.once("dialog", lambda d: d.dismiss())
    page.get_by_role("button", name="删除").first.click()
    page.wait_for_load_state("networkidle")
    assert StatutoryDay.objects.filter(date="2031-01-01").exists()
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="删除").first.click()
    assert not StatutoryDay.objects.filter(date="2031-01-01").exists()

    # data-autosubmit: choosing English in the language menu switches the page.
    page.goto(base + "/")
    page.select_option("select[name=language]", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert violations == []
