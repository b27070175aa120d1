"""In headless Chromium: an inspector opening a unit's score sheet while inspection is closed is
told so at once (and when it opens), with the form disabled before any typing; where scoring is
open, what is typed is kept as a draft and comes back after a reload without saving."""

import pytest

from tests.assessment.conftest import world  # noqa: F401  (the fixture)
from tests.assessment.test_views import close_inspection_until
from tests.assessment.conftest import assessment
from tests.browser.common import TIMEOUT_MS, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Fazhi-test-1"


def _log_in(page, base, user):
    user.set_password(PASSWORD)
    user.save()
    page.goto(base + "/accounts/login/")
    page.fill('input[name="username"]', user.username)
    page.fill('input[name="password"]', PASSWORD)
    page.locator("form").get_by_role("button", name="登录").click()
    page.wait_for_url(base + "/")


def test_inspector_sees_the_closed_phase_before_typing_and_drafts_survive(live_server, chromium, world, settings,  # noqa: F811
                                                                           tmp_path):
    from playwright.sync_api import expect

    settings.STATIC_ROOT = tmp_path

    from fazhi.core.formats import cn_date

    w = world
    opens = close_inspection_until(w, 30)
    base = live_server.url
    page = chromium.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page.set_default_timeout(TIMEOUT_MS)

    _log_in(page, base, w.inspector)
    page.goto(base + f"/assessment/assessments/{assessment(w, 1, w.windows[0]).pk}/")
    notice = page.get_by_test_id("scoring-closed")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("现在不能评分")
    expect(notice).to_contain_text(cn_date(opens))
    first = page.locator('input[name^="points_"]').first
    expect(first).to_be_disabled()  # nothing can be typed that would be lost
    expect(page.get_by_role("button", name="保存评分")).to_have_count(0)
    shot(page, "scoring-closed-phase")

    page.context.clear_cookies()
    _log_in(page, base, w.liaison)
    url = base + f"/assessment/assessments/{assessment(w, 0, w.windows[0]).pk}/"
    page.goto(url)
    expect(page.get_by_test_id("scoring-closed")).to_have_count(0)
    field = page.locator('input[name^="points_"]').first
    field.fill("7")
    page.locator('textarea[name^="reason_"]').first.fill("标志褪色")
    expect(page.locator("#draft-status")).to_contain_text("草稿已自动保存")
    page.wait_for_function("() => Object.keys(localStorage).some(k => k.startsWith('fazhi-score-draft:') && localStorage[k].includes('标志褪色'))")
    page.goto(url)  # reloaded without saving: the draft comes back
    expect(page.locator("#draft-restored")).to_be_visible()
    expect(page.locator('input[name^="points_"]').first).to_have_value("7")
    expect(page.locator('textarea[name^="reason_"]').first).to_have_value("标志褪色")
    shot(page, "scoring-draft-restored")
