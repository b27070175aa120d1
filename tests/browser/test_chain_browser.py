"""In headless Chromium, on the demo data: the liaison of 泽州县 reports progress with a file,
then the office accepts it. Screenshots of the home, campaign and assignment pages are saved
to screenshots/ at the repository root."""

import pytest
from django.contrib.auth import get_user_model

from fazhi.campaigns import selectors
from fazhi.campaigns.choices import AssignmentStatus, ReportStatus
from fazhi.campaigns.models import Assignment, Campaign
from fazhi.campaigns.services import REPORTABLE
from fazhi.demo import TITLE
from fazhi.demo.files import png_bytes
from tests.browser.common import TIMEOUT_MS, log_in, log_out, shot


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_liaison_reports_with_a_file_and_the_office_accepts(demo_site, live_server, chromium, settings, tmp_path):
    from playwright.sync_api import expect

    settings.STATIC_ROOT = tmp_path  # static files come from the finders; whitenoise only wants the folder

    liaison = get_user_model().objects.get(username="liaison")
    campaign = Campaign.objects.get(title=TITLE)
    # The liaison's home lists its first open assignments; take one that can still be reported.
    listed = selectors.assignment_list(actor=liaison).exclude(status=AssignmentStatus.DONE)[:10]
    target = next(a for a in listed if a.status in REPORTABLE)
    assert target.unit.name.startswith("泽州县")
    base = live_server.url

    page = chromium.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page.set_default_timeout(TIMEOUT_MS)
    # Every page, script, style sheet and font the pages load must be there (the tab icon aside).
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)

    # --- the liaison of 泽州县 --------------------------------------------------------------
    log_in(page, base, "liaison")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    expect(page.get_by_text("本单位待办的任务")).to_be_visible()
    shot(page, "home-liaison")
    # The liaison reaches the assignment from its home page, by the link in 本单位待办的任务.
    page.locator(".card", has_text="本单位待办的任务").locator(f'a[href="/campaigns/assignments/{target.pk}/"]').first.click()
    page.wait_for_url(f"**/campaigns/assignments/{target.pk}/")
    expect(page.get_by_text(target.unit.name).first).to_be_visible()

    page.fill('textarea[name="text"]', "已召开法治建设领导小组会议，印发工作方案，附会议照片。")
    page.fill('input[name="progress"]', "100")
    page.set_input_files('input[name="files"]', files=[
        {"name": "会议照片.png", "mimeType": "image/png", "buffer": png_bytes(4242)}])
    page.get_by_role("button", name="提交报送").click()
    expect(page.get_by_text("进展已报送")).to_be_visible()
    expect(page.get_by_text("会议照片.png")).to_be_visible()
    target.refresh_from_db()
    assert target.status == AssignmentStatus.PENDING_REVIEW
    log_out(page)

    # --- the office --------------------------------------------------------------------
    log_in(page, base, "office")
    expect(page.get_by_text("待我审核")).to_be_visible()
    shot(page, "home")
    page.goto(f"{base}/campaigns/{campaign.pk}/")
    expect(page.get_by_role("heading", name=TITLE).first).to_be_visible()
    expect(page.get_by_text("规范建设阶段").first).to_be_visible()
    shot(page, "campaign")
    shot(page, "campaign-top", full_page=False)  # the whole task tree makes the full page very tall
    page.goto(f"{base}/campaigns/assignments/{target.pk}/")
    report = target.reports.get(status=ReportStatus.SUBMITTED)
    page.locator(f'form[action="/campaigns/reports/{report.pk}/review/"]').get_by_role("button", name="通过").click()
    expect(page.get_by_text("已通过该报送")).to_be_visible()
    expect(page.get_by_text("已完成").first).to_be_visible()
    shot(page, "assignment")

    target.refresh_from_db()
    assert target.status == AssignmentStatus.DONE
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.reviewer.username == "office"
    assert [e.original_name for e in report.evidence.all()] == ["会议照片.png"]
    assert Assignment.objects.filter(pk=target.pk, status=AssignmentStatus.DONE).exists()
    assert not failed, failed
