"""Debian's chromium as Playwright drives it, for the browser tests (tests/browser/conftest.py) and the demo walk
(ops/walk_demo.py): headless, without the background traffic of a desktop browser, with every *.localhost name
mapped to the loopback address where the test server or the demo listens. Never `playwright install`."""

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


def launch(playwright):
    """The system chromium, started through Playwright's sync API (``sync_playwright()``)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
