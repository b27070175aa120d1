"""What the browser tests share: where Chromium is, logging in and out as a demo user, and
screenshots, saved when $FAZHI_SCREENSHOTS names a folder to save them in (never by default: a
run would leave some 85 pictures behind, and taking them was a tenth of the browser tests' time)."""

import os
import re
from pathlib import Path

from fazhi.demo import DEMO_PASSWORD

CHROMIUM = Path(os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(os.environ["FAZHI_SCREENSHOTS"]) if os.environ.get("FAZHI_SCREENSHOTS") else None
TIMEOUT_MS = 20_000


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', DEMO_PASSWORD)
    page.locator("form").get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r".*/$"))


def log_out(page) -> None:
    page.locator("#user-menu").click()
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(re.compile(r".*/accounts/login/.*"))


def shot(page, name: str, full_page: bool = True) -> None:
    """The page as it stands once loaded with its fonts, saved as `name`.png when screenshots are
    asked for. The pages draw everything on load (their data is in the page, the charts have no
    animation), so this waits for the load event and the fonts, not for half a second without
    network traffic ("networkidle"), which cost 31 s of every run's 77 screenshots. The wait
    happens whether or not the picture is taken, so that a test does the same either way."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    if SCREENSHOTS is None:
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def choose_unit(page, select: str, text: str) -> None:
    """Choose a unit through the unit chooser (fazhi.org.widgets) whose select is `select`: type the
    unit's name into its search box and click the suggestion that names it."""
    box = page.locator(select).locator("xpath=ancestor::div[contains(@class, 'unit-chooser')][1]")
    box.locator("input[type=search]").fill(text)
    box.get_by_role("option").filter(has_text=text).first.click()
