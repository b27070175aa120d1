"""In headless Chromium, on the demo data: the liaison of 泽州县 files a completion report
for a problem of 泽州县人民医院, then the office verifies it and closes the problem out.
Screenshots of the ledger and of the problem page are saved to screenshots/."""

import pytest

from fazhi.demo.files import png_bytes
from fazhi.ledger.choices import ProblemStatus, ReportStatus
from fazhi.ledger.models import Problem
from tests.browser.common import TIMEOUT_MS, log_in, log_out, shot

TARGET = "过度检查，临床检查结果互认制度不落实。"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_liaison_reports_completion_and_the_office_closes_out(demo_site, live_server, chromium, settings, tmp_path):
    from playwright.sync_api import expect

    settings.STATIC_ROOT = tmp_path  # static files come from the finders; whitenoise only wants the folder
    problem = Problem.objects.get(description=TARGET)
    assert problem.status == ProblemStatus.RECTIFYING and problem.unit.name == "泽州县人民医院"
    base = live_server.url

    page = chromium.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page.set_default_timeout(TIMEOUT_MS)
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)

    # --- the liaison of 泽州县 ------------------------------------------------------------
    log_in(page, base, "liaison")
    page.goto(base + "/ledger/")
    expect(page.get_by_role("heading", name="问题台账")).to_be_visible()
    expect(page.get_by_text("高平市人民医院")).to_have_count(0)  # another county's problems are not shown
    shot(page, "ledger-liaison")
    page.get_by_role("link", name=TARGET).click()
    page.wait_for_url(f"**/ledger/{problem.pk}/")
    page.get_by_role("tab", name="办结报告").click()
    form = page.locator("#report-form")
    form.locator('textarea[name="report-text"]').fill("已落实检查结果互认目录，处方点评纳入科室月度考核，附互认目录文件。")
    form.locator('input[name="report-files"]').set_input_files(files=[
        {"name": "检查结果互认目录.png", "mimeType": "image/png", "buffer": png_bytes(5151)}])
    form.get_by_role("button", name="报送办结报告").click()
    expect(page.get_by_text("办结报告已报送")).to_be_visible()
    expect(page.get_by_text("检查结果互认目录.png")).to_be_visible()
    shot(page, "ledger-problem-reported")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.REPORTED
    log_out(page)

    # --- the office ----------------------------------------------------------------------
    log_in(page, base, "office")
    page.goto(base + "/ledger/")
    expect(page.locator('[data-status="reported"]')).to_be_visible()
    shot(page, "ledger-office")
    page.goto(f"{base}/ledger/{problem.pk}/")
    expect(page.get_by_text("核验办结报告")).to_be_visible()
    page.get_by_role("button", name="核验通过").click()
    expect(page.get_by_text("已核验通过办结报告")).to_be_visible()
    page.fill('textarea[name="close-note"]', "经核验，整改到位，予以销号。")
    page.get_by_role("button", name="确认销号").click()
    expect(page.get_by_text("问题已销号")).to_be_visible()
    expect(page.get_by_text("已销号").first).to_be_visible()
    shot(page, "ledger-problem-closed")
    page.goto(base + "/ledger/notices/")
    shot(page, "ledger-notices", full_page=False)

    problem.refresh_from_db()
    assert problem.status == ProblemStatus.CLOSED and problem.closed_by.username == "office"
    report = problem.reports.get()
    assert report.status == ReportStatus.ACCEPTED and report.verifier.username == "office"
    assert [a.original_name for a in problem.attachments.all()] == ["检查结果互认目录.png"]
    assert not failed, failed
