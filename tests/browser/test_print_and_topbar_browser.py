"""In headless Chromium, on the demo data: the print buttons (the dashboard's, the portal receipt's)
print through core/behaviour.js's data-print (window.print stubbed); the top bar's items do not
overlap one another at common laptop widths, in English as in Chinese; and the lists the
dashboard's charts open show their filter in the filter bar. Screenshots (topbar-*, drill-*,
print-*) go to the screenshots folder."""

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from fazhi.intake import services as intake
from fazhi.intake.choices import Source, SubmissionKind
from fazhi.intake.portal_views import RECEIPT_KEY
from tests.browser.common import TIMEOUT_MS, log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STUB_PRINT = "window.__printed = 0; window.print = function () { window.__printed += 1; };"

# The top bar's pieces, each of which must stand clear of the others.
TOP_BAR_ITEMS = """() => {
  const nav = document.querySelector("nav.navbar");
  const pieces = [nav.querySelector(".navbar-brand"), ...nav.querySelectorAll("#mainnav > ul > li"),
                  nav.querySelector("#mainnav > form"), nav.querySelector("#inbox-badge"), nav.querySelector("#user-menu")];
  return pieces.filter(Boolean).map(el => {
    const r = el.getBoundingClientRect();
    return {name: (el.innerText || el.getAttribute("aria-label") || el.id || el.tagName).trim(),
            left: r.left, right: r.right, top: r.top, bottom: r.bottom, visible: r.width > 0 && r.height > 0};
  });
}"""


def _overlaps(boxes) -> list:
    shown = [b for b in boxes if b["visible"]]
    found = []
    for i, a in enumerate(shown):
        for b in shown[i + 1:]:
            if a["left"] < b["right"] - 0.5 and b["left"] < a["right"] - 0.5 and a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5:
                found.append((a["name"], b["name"]))
    return found


def _session_with_receipt() -> str:
    store = SessionStore()
    store[RECEIPT_KEY] = {"case_number": "TS-2026-000123", "password": "ABCD-EFGH-JKMN"}
    store.create()
    return store.session_key


def test_print_buttons_top_bar_and_drill_down_filters(demo_site, live_server, chromium, settings, tmp_path):
    from playwright.sync_api import expect

    settings.STATIC_ROOT = tmp_path
    base = live_server.url
    # A case received by the office itself last month, for the inbox by month.
    office = get_user_model().objects.get(username="office")
    sample, _ = intake.submission_record(actor=office, kind=SubmissionKind.COMPLAINT, source=Source.PHONE,
                                         text="窗口办事等候时间过长", received_by=office.person.grants.get(role="office").unit,
                                         received_at=timezone.now() - dt.timedelta(days=31))

    for lang in ("zh-hans", "en"):
        suffix = "zh" if lang == "zh-hans" else "en"
        context = chromium.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        context.add_init_script(STUB_PRINT)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        log_in(page, base, "office")
        context.add_cookies([{"name": "django_language", "value": lang, "url": base}])

        # The top bar at 1,400 and 1,280 px: no piece over another, nothing past the right edge.
        for width, height in ((1400, 900), (1280, 800)):
            page.set_viewport_size({"width": width, "height": height})
            page.goto(base + "/")
            shot(page, f"topbar-office-{suffix}-{width}", full_page=False)
            boxes = page.evaluate(TOP_BAR_ITEMS)
            assert _overlaps(boxes) == [], (lang, width, boxes)
            assert max(b["right"] for b in boxes if b["visible"]) <= width, (lang, width, boxes)
            # One line: the office's menu fits (in English it folds into the menu button below 1,400 px).
            shown = [b for b in boxes if b["visible"]]
            assert max(b["top"] for b in shown) < min(b["bottom"] for b in shown), (lang, width, boxes)
        page.set_viewport_size({"width": 1400, "height": 900})

        # The dashboard prints through data-print.
        page.goto(base + "/reports/dashboard/")
        page.locator("#print-dashboard").click()
        assert page.evaluate("window.__printed") == 1
        shot(page, f"print-dashboard-{suffix}", full_page=False)

        # The lists the charts open, with the filter shown in the bar.
        received = timezone.localtime(sample.received_at).strftime("%Y-%m")
        for name, path, field in [("assignments-unit-kind", "/campaigns/assignments/?unit_kind=institution", "unit_kind"),
                                  ("inbox-month", f"/intake/?month={received}", "month"),
                                  ("cases-kind", "/enforcement/cases/?kind=penalty", "kind")]:
            page.goto(base + path)
            value = path.split("=")[-1]
            expect(page.locator(f"[name={field}]").first).to_have_value(value)
            shot(page, f"drill-{name}-{suffix}", full_page=False)
        page.goto(base + "/org/units/")
        grade_header = "当前等次" if lang == "zh-hans" else "Current grade"
        expect(page.locator("thead th", has_text=grade_header)).to_be_visible()
        shot(page, f"drill-units-grade-{suffix}", full_page=False)
        context.close()

        # The portal's receipt prints through the same data-print.
        portal = chromium.new_context(viewport={"width": 800, "height": 900}, locale="zh-CN")
        portal.add_init_script(STUB_PRINT)
        portal.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": _session_with_receipt(), "url": base},
                            {"name": "django_language", "value": lang, "url": base}])
        page = portal.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(base + "/portal/submit/done/")
        expect(page.locator("#receipt-card")).to_be_visible()
        page.locator("#receipt-print").click()
        assert page.evaluate("window.__printed") == 1
        shot(page, f"print-receipt-{suffix}")
        portal.close()
