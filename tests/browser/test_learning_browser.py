"""In headless Chromium on a phone-sized window, on the demo data: a staff member of the
liaison's bureau (泽州县卫生计生局) opens the annual law exam, answers every question and
hands in; the server marks it and offers the certificate. Then the office looks at the
hours ledger (below-share rows in red) and the figures page, in Chinese and in English.
Screenshots go to screenshots/."""

import re

import pytest

from fazhi.learning.demo import STAFF_USERNAME
from fazhi.learning.models import Exam, ExamAttempt, Question
from tests.browser.common import TIMEOUT_MS, log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def test_staff_member_takes_an_exam_on_a_phone(demo_site, live_server, chromium, settings, tmp_path):
    from playwright.sync_api import expect

    settings.STATIC_ROOT = tmp_path
    exam = Exam.objects.get(kind="annual")
    questions = Question.objects.in_bulk(exam.paper)
    base = live_server.url

    page = chromium.new_page(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True, device_scale_factor=2)
    page.set_default_timeout(TIMEOUT_MS)
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)

    log_in(page, base, STAFF_USERNAME)
    page.goto(base + "/learning/exams/")
    expect(page.get_by_role("heading", name="我的考试")).to_be_visible()
    shot(page, "learning-phone-my-exams")
    page.get_by_role("link", name=re.compile(exam.title)).click()
    page.get_by_role("button", name="开始考试").click()
    page.wait_for_url(re.compile(r".*/learning/attempts/\d+/"))
    expect(page.locator("#timer")).to_be_visible()
    # nothing overflows the phone's width
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "learning-phone-exam")
    for qid in exam.paper:
        for index in questions[qid].answer:
            page.locator(f'label[for="q{qid}-{index}"]').tap()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="交卷").click()
    expect(page.locator("#result")).to_contain_text("合格")
    expect(page.get_by_role("link", name="下载合格证书")).to_be_visible()
    shot(page, "learning-phone-result")
    attempt = ExamAttempt.objects.get(exam=exam, person__user__username=STAFF_USERNAME)
    assert attempt.score == 100 and attempt.passed and attempt.submitted_at <= attempt.deadline
    with page.expect_download() as download:
        page.get_by_role("link", name="下载合格证书").click()
    assert download.value.suggested_filename.endswith(".docx")
    page.close()

    # --- the office, on a desktop: the ledger of hours and the figures, Chinese and English ------
    page = chromium.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page.set_default_timeout(TIMEOUT_MS)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    log_in(page, base, "office")
    page.goto(base + "/learning/hours/?below=1")
    expect(page.locator("#hours-ledger tr.table-danger").first).to_be_visible()
    shot(page, "learning-hours-zh", full_page=False)
    page.goto(base + "/learning/figures/")
    expect(page.locator('[data-figure="trainings"]')).to_have_text("4")
    page.wait_for_function("document.querySelector('#chart-units canvas') !== null")
    shot(page, "learning-figures-zh")
    page.select_option("select[name=language]", "en")
    expect(page.get_by_role("heading", name=re.compile("Law study, training and outreach figures"))).to_be_visible()
    shot(page, "learning-figures-en")
    page.goto(base + "/learning/")
    shot(page, "learning-sessions-en", full_page=False)
    assert not failed, failed
