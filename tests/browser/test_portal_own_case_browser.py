"""In headless Chromium: a citizen looks their case up with the password pasted without its
separators and reads what they sent — the text and the file — but not their name or phone;
the receipt card carries a QR code. Screenshots go to screenshots/."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.demo.files import png_bytes
from fazhi.intake import services
from tests.browser.common import TIMEOUT_MS, shot
from tests.intake.conftest import KNOWN_NAME, KNOWN_PHONE, tree  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_reads_their_own_submission(live_server, chromium, tree, settings, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    settings.STATIC_ROOT = tmp_path
    photo = SimpleUploadedFile("现场.png", png_bytes(3), content_type="image/png")
    sub, password = services.submission_submit(kind="complaint", title="挂号排队", text="挂号窗口排队两小时无人处理，请尽快改进。",
                                               unit=tree.hospital, name=KNOWN_NAME, phone=KNOWN_PHONE, anonymous=False,
                                               files=[photo], ip="127.0.0.1")
    page = chromium.new_page(viewport={"width": 420, "height": 900}, locale="zh-CN")
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(live_server.url + f"/portal/lookup/?case={sub.case_number}")  # as the receipt's QR code opens it
    expect(page.locator('input[name="case_number"]')).to_have_value(sub.case_number)
    page.fill('input[name="password"]', password.replace("-", "").lower())
    page.get_by_role("button", name="查询").click()
    own = page.locator("#own-submission")
    expect(own).to_contain_text("挂号窗口排队两小时无人处理，请尽快改进。")
    expect(own).to_contain_text("挂号排队")
    expect(own.get_by_role("link")).to_have_count(1)
    body = page.content()
    assert KNOWN_NAME not in body and KNOWN_PHONE not in body
    shot(page, "portal-own-submission")
    with page.expect_response(lambda r: "/files/" in r.url) as response:
        own.get_by_role("link").click()
    assert response.value.status == 200
