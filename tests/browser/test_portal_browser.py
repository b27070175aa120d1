"""In headless Chromium, on the demo data: an anonymous complaint with a photo goes in
through the portal on a phone-sized window; the intake office routes it, the unit's liaison
answers, the office approves; the reply is then read with the case number and password.
Screenshots of the portal at 390×844 go where tests/browser/common.py puts them."""

import re

import pytest

from fazhi.demo.files import png_bytes
from fazhi.intake.choices import SubmissionStatus
from fazhi.intake.models import Submission
from tests.browser.common import TIMEOUT_MS, choose_unit, log_in, shot

PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_anonymous_complaint_routed_answered_approved_and_read(demo_site, live_server, chromium, settings, tmp_path, monkeypatch):
    from playwright.sync_api import expect

    settings.STATIC_ROOT = tmp_path
    # The page's script does the proof of work; a small difficulty keeps the test quick, the check is the real one.
    settings.FAZHI_PORTAL_PROOF_BITS = 8
    base = live_server.url
    failed = []

    # --- the public, on a phone ------------------------------------------------------------
    public = chromium.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=2, is_mobile=True, has_touch=True)
    page = public.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(base + "/portal/")
    expect(page.get_by_role("heading", name="开门纳谏，欢迎监督")).to_be_visible()
    shot(page, "portal-home-phone")
    page.get_by_role("link", name="投诉电话和投诉举报箱").click()
    expect(page.get_by_text("12320").first).to_be_visible()
    shot(page, "portal-channels-phone")

    page.goto(base + "/portal/submit/")
    page.locator("label.kind-choice", has_text="投诉").click()
    choose_unit(page, "#id_unit", "泽州县人民医院")
    expect(page.locator("#id_unit")).not_to_have_value("")
    page.fill("#id_title", "输液室地面湿滑无警示")
    page.fill("#id_text", "5月6日上午在输液室，地面刚拖过很滑，没有放警示牌，有老人险些滑倒。附现场照片。")
    page.check("#id_anonymous")
    page.set_input_files("#id_files", files=[{"name": "现场照片.png", "mimeType": "image/png", "buffer": png_bytes(5150)}])
    expect(page.locator("#proof-status")).to_contain_text("安全校验已完成")
    page.check("#id_consent")
    shot(page, "portal-submit-phone")
    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_url("**/portal/submit/done/")
    number = page.locator("#case-number").inner_text().strip()
    password = page.locator("#query-password").inner_text().strip()
    assert re.fullmatch(r"\d{8}-\d{6}", number) and len(password.replace("-", "")) == 24
    shot(page, "portal-receipt-phone")
    public.close()

    sub = Submission.objects.get(case_number=number)
    assert sub.anonymous and sub.attachments.get().mime == "image/png"
    hospital = sub.unit

    # --- the intake office routes it -------------------------------------------------------
    office = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    office.set_default_timeout(TIMEOUT_MS)
    log_in(office, base, "intake")
    office.goto(base + "/intake/")
    office.get_by_role("link", name=number).click()
    expect(office.get_by_text("输液室地面湿滑无警示").first).to_be_visible()
    choose_unit(office, "#route-form select[name=unit]", hospital.name)
    office.locator("#route-form").get_by_role("button", name="转办").click()
    expect(office.get_by_text(f"已转交“{hospital.name}”办理。")).to_be_visible()
    shot(office, "intake-case-routed")

    # --- the unit's liaison answers ----------------------------------------------------------
    unit = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN").new_page()
    unit.set_default_timeout(TIMEOUT_MS)
    log_in(unit, base, "liaison")
    unit.goto(base + f"/intake/{sub.pk}/")
    expect(unit.locator("dd", has_text="匿名")).to_be_visible()
    unit.fill("#reply-form textarea[name=text]", "经核查情况属实。已在输液室配备防滑垫和警示牌，并对保洁人员进行了培训。感谢您的监督。")
    unit.get_by_role("button", name="提交答复").click()
    expect(unit.get_by_text("答复已提交，等待受理部门审核。")).to_be_visible()

    # --- the office approves -----------------------------------------------------------------
    office.goto(base + f"/intake/{sub.pk}/")
    office.locator("#review-form").get_by_role("button", name="审核发布").click()
    expect(office.get_by_text("答复已审核发布")).to_be_visible()
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.REPLIED

    # --- the reply, read on the phone with the two codes ---------------------------------------
    reader = chromium.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=2, is_mobile=True, has_touch=True)
    page = reader.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(base + "/portal/lookup/")
    page.fill("#id_case_number", number)
    page.fill("#id_password", password.lower().replace("-", " "))  # as people type it
    shot(page, "portal-lookup-phone")
    page.get_by_role("button", name="查询", exact=True).click()
    page.wait_for_url(f"**/portal/case/{number}/")
    expect(page.locator("#case-status")).to_have_text("已答复")
    expect(page.get_by_text("已在输液室配备防滑垫和警示牌")).to_be_visible()
    shot(page, "portal-reply-phone")
    page.locator("label.form-check", has_text="满意").first.click()
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_text("感谢您的评价。")).to_be_visible()
    reader.close()
    assert not [f for f in failed if "favicon" not in f], failed
