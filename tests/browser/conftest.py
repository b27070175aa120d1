import os

import pytest
from django.db import connections

from tests.browser.common import CHROMIUM


@pytest.fixture(autouse=True, scope="session")
def _static_files_cached():
    """The live server's static files stay in the browser's cache, as the product's do (whitenoise,
    hashed names, cached for ten years): without it Chromium asked again for each of a page's
    nine files before drawing it, through the test server's one Python process, on every page.
    Ten years, because the server's clock stands at the test's day while Chromium's runs on: an
    answer dated days before Chromium's today is as old as that to it."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    serve = StaticFilesHandler.serve

    def serve_cached(self, request):
        response = serve(self, request)
        response["Cache-Control"] = "max-age=315360000, immutable"
        return response

    StaticFilesHandler.serve = serve_cached
    yield
    StaticFilesHandler.serve = serve


@pytest.fixture
def chromium(monkeypatch):
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}; install Debian's chromium package"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls made between
    # browser steps are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            yield browser
        finally:
            browser.close()
            # While Playwright's event loop runs in this thread, Django keeps its connections per
            # asyncio context, not per thread (asgiref's Local): the ORM calls made meanwhile
            # opened a connection of their own, which nothing else would close. Left open, it
            # keeps the test database from being dropped at the end of the run.
            connections.close_all()
