"""Debian's chromium driven by Playwright (sync API) against pytest-django's live server.

Agency hosts are <schema>.localhost: chromium maps every *.localhost name to the loopback address, where
the live server listens. Never `playwright install`: the system chromium is used."""

import os
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP *.localhost 127.0.0.1",
]
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Playwright's sync API runs an asyncio loop in this thread, which makes Django refuse database calls
    (SynchronousOnlyOperation) although they stay synchronous: allowed while the browser module runs only."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def phone(browser) -> Iterator[object]:
    """A fresh phone-sized browser context (no cookies), as a Vietnamese office phone would be."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    # Generous: the 2-core test machine runs other suites at the same time.
    context.set_default_timeout(20_000)
    expect.set_options(timeout=20_000)
    yield context
    context.close()


@pytest.fixture
def agency_url(live_server):
    """``agency_url(agency, path)``: the address of a page on the agency's host, on the live server's port."""
    port = urlsplit(live_server.url).port

    def url(agency, path: str = "/") -> str:
        return f"http://{agency.primary_host}:{port}{path}"

    return url
