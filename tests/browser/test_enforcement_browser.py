"""In headless Chromium, on the demo data: the reviewer opens the inbox of pending legal
reviews, records a legality review of a normative document on the six points, and the
document moves on; the public list of normative documents in force on the portal, with a
search. Screenshots in Chinese and in English are saved to screenshots/."""


import pytest

from fazhi.enforcement.choices import DocumentStatus, ReviewStatus
from fazhi.enforcement.models import LegalReview, NormativeDocument
from tests.browser.common import TIMEOUT_MS, log_in, shot

TARGET = "晋城市卫生健康行政处罚裁量基准适用规则"
ASPECTS = {"on_authority": "起草单位为市卫生计生委，主体适格", "on_scope": "属于规范性文件合法性审查范围",
           "on_time_limit": "在十五个工作日内完成审查", "on_manner": "书面审查，征求法律顾问意见",
           "on_procedure": "已公开征求意见", "on_content": "与上位法不抵触，未设定行政许可、行政处罚"}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page) -> list:
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    page.set_default_timeout(TIMEOUT_MS)
    return failed


def test_reviewer_records_a_legality_review(demo_site, live_server, chromium):
    from playwright.sync_api import expect

    doc = NormativeDocument.objects.get(title=TARGET)
    assert doc.status == DocumentStatus.DRAFT
    base = live_server.url
    page = chromium.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    failed = _watch(page)
    log_in(page, base, "reviewer")
    page.locator("#mainnav").get_by_role("link", name="法制审核").click()
    expect(page.get_by_role("heading", name="待我审核")).to_be_visible()
    expect(page.get_by_role("link", name=TARGET)).to_be_visible()
    shot(page, "enforcement-reviewer-inbox")
    page.get_by_role("link", name=TARGET).click()
    form = page.locator("#step-record")
    # Refused first: "不同意" with no reasons; the page says why and nothing is written.
    for name, value in ASPECTS.items():
        form.locator(f'textarea[name="record-{name}"]').fill(value)
    form.get_by_label("不同意").check()
    form.get_by_role("button", name="记录审核意见").click()
    expect(page.get_by_text("审核意见为“修改后同意”或“不同意”时须说明理由。")).to_be_visible()
    assert LegalReview.objects.get(document=doc).status == ReviewStatus.PENDING
    assert failed == [f"400 {base}/enforcement/reviews/{doc.reviews.get().pk}/record/"]  # the refusal itself
    failed.clear()
    form = page.locator("#step-record")
    form.get_by_label("同意", exact=True).check()
    form.get_by_role("button", name="记录审核意见").click()
    expect(page.get_by_text("审核意见已记录。")).to_be_visible()
    expect(page.locator("#status")).to_have_text("已审核")
    shot(page, "enforcement-review-recorded")
    review = LegalReview.objects.get(document=doc)
    assert review.status == ReviewStatus.DONE and review.reviewer.username == "reviewer" and review.opinion == "approve"
    assert review.on_content == ASPECTS["on_content"]
    assert NormativeDocument.objects.get(pk=doc.pk).status == DocumentStatus.LEGALITY_REVIEWED
    page.goto(base + "/enforcement/reviews/inbox/")
    expect(page.get_by_role("link", name=TARGET)).to_have_count(0)

    # The same inbox and the figures in English.
    page.locator('select[name="language"]').select_option("en")
    expect(page.get_by_role("heading", name="Awaiting my review")).to_be_visible()
    shot(page, "enforcement-reviewer-inbox-en")
    page.goto(base + "/enforcement/")
    shot(page, "enforcement-figures-en")
    assert not failed, failed


def test_public_list_of_documents_in_force(demo_site, live_server, chromium):
    from playwright.sync_api import expect

    base = live_server.url
    in_force = list(NormativeDocument.objects.filter(status=DocumentStatus.IN_FORCE).values_list("title", flat=True))
    hidden = list(NormativeDocument.objects.exclude(status=DocumentStatus.IN_FORCE).values_list("title", flat=True))
    assert len(in_force) == 4 and hidden
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", device_scale_factor=2,
                                   is_mobile=True, has_touch=True)
    page = context.new_page()
    failed = _watch(page)
    page.goto(base + "/portal/law/documents/")
    expect(page.get_by_role("heading", name="现行有效的规范性文件")).to_be_visible()
    expect(page.locator(".public-document")).to_have_count(len(in_force))
    for title in in_force:
        expect(page.get_by_text(title, exact=True)).to_be_visible()
    for title in hidden:
        expect(page.get_by_text(title, exact=True)).to_have_count(0)
    shot(page, "enforcement-portal-documents")
    page.get_by_placeholder("按文件名称或文号查找").fill("公共场所")
    page.keyboard.press("Enter")
    page.wait_for_url("**/portal/law/documents/?q=*")
    expect(page.locator(".public-document")).to_have_count(1)
    page.get_by_role("link", name="执法决定公示").click()
    expect(page.get_by_role("heading", name="行政执法决定公示")).to_be_visible()
    shot(page, "enforcement-portal-decisions")
    english = chromium.new_context(viewport={"width": 390, "height": 844}, locale="en-US", device_scale_factor=2,
                                   is_mobile=True, has_touch=True).new_page()
    failed += _watch(english)
    english.goto(base + "/portal/law/documents/")
    expect(english.locator(".public-document")).to_have_count(len(in_force))
    shot(english, "enforcement-portal-documents-en")
    assert not failed, failed
