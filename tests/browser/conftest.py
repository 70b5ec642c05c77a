"""Debian's chromium driven by Playwright (sync API) against pytest-django's live server.

Agency hosts are <schema>.localhost: chromium maps every *.localhost name to the loopback address, where
the live server listens. Never `playwright install`: the system chromium is used."""

import os
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest

from ops.chromium import launch
from tests.browser.pages import DESK, PHONE


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Playwright's sync API runs an asyncio loop in this thread, which makes Django refuse database calls
    (SynchronousOnlyOperation) although they stay synchronous: allowed while the browser module runs only."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def open_context(browser) -> Iterator[Callable[..., object]]:
    """``open_context(**options)``: a fresh Vietnamese browser context (no cookies), closed after the test."""
    from playwright.sync_api import expect

    opened = []

    def open_(**options) -> object:
        context = browser.new_context(locale="vi-VN", **options)
        # Generous: the 2-core test machine runs other suites at the same time.
        context.set_default_timeout(20_000)
        expect.set_options(timeout=20_000)
        opened.append(context)
        return context

    yield open_
    for context in opened:
        context.close()


@pytest.fixture
def phone(open_context) -> object:
    """A phone-sized context, as a Vietnamese office phone would be."""
    return open_context(viewport=PHONE, is_mobile=True, has_touch=True)


@pytest.fixture
def desk(open_context) -> object:
    """A desk-sized context (a clerk's office screen) that accepts downloads."""
    return open_context(viewport=DESK, accept_downloads=True)


@pytest.fixture
def agency_url(live_server):
    """``agency_url(agency, path)``: the address of a page on the agency's host, on the live server's port."""
    port = urlsplit(live_server.url).port

    def url(agency, path: str = "/") -> str:
        return f"http://{agency.primary_host}:{port}{path}"

    return url
