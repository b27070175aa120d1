"""In headless Chromium, on the demo data: every demo account's workbench shows the sections
of its own role, in Chinese and in English, and a page its menu hides answers 403.
Screenshots (home-<role>-zh.png, home-<role>-en.png) go to screenshots/."""


import pytest

from tests.browser.common import TIMEOUT_MS, log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["office", "leader", "liaison", "inspector", "reviewer", "intake"]


def test_every_roles_home_in_chinese_and_english(demo_site, live_server, chromium, settings, tmp_path):
    from playwright.sync_api import expect

    settings.STATIC_ROOT = tmp_path
    base = live_server.url
    for role in ROLES:
        context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        log_in(page, base, role)
        section = page.locator(f'section[data-role="{role}"]')
        expect(section).to_be_visible()
        expect(section.locator(".home-panel").first).to_be_visible()
        shot(page, f"home-{role}-zh")
        people = page.goto(base + "/org/people/")
        if role == "office":
            assert people.status == 200
        else:
            assert people.status == 403
            expect(page.get_by_text("无权访问此页面")).to_be_visible()
        context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
        page.goto(base + "/")
        expect(page.locator(f'section[data-role="{role}"] h2')).to_contain_text("Work of the")
        shot(page, f"home-{role}-en")
        context.close()
