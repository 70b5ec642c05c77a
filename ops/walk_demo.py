"""Walk the running demo (./ops/up) as its people do: log in as each demo role, open every page the header's
menu offers, at 1366 px and at 360 px, take a screenshot of each, and report console errors, CSP violations,
failed requests and English left on a Vietnamese screen.

    .venv/bin/python ops/walk_demo.py                      # every role of snv and the province console
    .venv/bin/python ops/walk_demo.py --agency stc --user vanthu.stc --out .run/walk

Debian's chromium through Playwright (never `playwright install`). Screenshots go to --out (default .run/walk);
exit status 1 when any page had a problem, so that a change can be checked before it is handed in."""

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from chromium import launch  # ops/chromium.py, beside this script
from playwright.sync_api import Page, sync_playwright

WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 360, "height": 740}}
PASSWORD = "Demo@2026"  # noqa: S105 - the demo's published password (README)
DEFAULT_PEOPLE = {
    "localhost": ["admin.tinh"],
    "snv.localhost": ["vanthu.snv", "giamdoc.snv", "chuyenvien.snv", "quantri.snv", "nguyenvana"],
}
# Words of the English interface that must not show on a Vietnamese screen (whole words, case-sensitive).
ENGLISH = re.compile(
    r"\b(Home|Save|Cancel|Search|Submit|Delete|Edit|Next|Previous|Page \d+ of|Schema|migration|agency_template|"
    r"Log out|Logout|Password|Username|Incoming documents|Outgoing documents|Administration|Change|Add)\b"
)


@dataclass
class Visit:
    user: str
    width: str
    url: str
    status: int = 0
    problems: list[str] = field(default_factory=list)


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def menu_links(page: Page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("header a[href], nav a[href]", "els => els.map(e => e.getAttribute('href'))")
    host = urlsplit(base).netloc
    links = []
    for href in hrefs:
        if not href or href.startswith(("#", "javascript:", "mailto:")) or "logout" in href or "i18n" in href:
            continue
        absolute = href if href.startswith("http") else f"{base}{href}"
        if urlsplit(absolute).netloc == host and absolute not in links:
            links.append(absolute)
    return links


# Beyond the menu: the first page of each kind the visited pages link to (a document, a work, the direction form,
# a printed slip…), so that the pages a person reaches from their lists are walked too.
DEEPER = [
    re.compile(p)
    for p in (
        r"^/documents/incoming/\d+/$",
        r"^/outgoing/drafts/\d+/$",
        r"^/direction/works/\d+/$",
        r"^/direction/documents/\d+/direct/$",
        r"^/direction/documents/\d+/slip/$",
        r"^/direction/dashboard/rows/",
        r"^/documents/incoming/scans/$",
        r"^/documents/incoming/scans/\d+/register/$",
        r"/files/\d+/view/$",
        r"^/documents/incoming/scans/\d+/view/$",
    )
]


def deeper_links(page: Page, base: str, found: dict[str, str]) -> None:
    """Adds to ``found`` (pattern → url) the first link of each DEEPER kind on the page not found yet."""
    hrefs = page.eval_on_selector_all("main a[href], #content a[href]", "els => els.map(e => e.getAttribute('href'))")
    for href in hrefs:
        for pattern in DEEPER:
            if href and pattern.pattern not in found and pattern.match(href):
                found[pattern.pattern] = f"{base}{href}"


def visit(page: Page, url: str, visit_record: Visit, shot: Path) -> None:
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    visit_record.status = response.status if response else 0
    if visit_record.status >= 400:
        visit_record.problems.append(f"HTTP {visit_record.status}")
    text = page.inner_text("body")
    english = sorted(set(ENGLISH.findall(text)))
    if english:
        visit_record.problems.append(f"English on the page: {', '.join(english)}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 2:
        visit_record.problems.append(f"page wider than the screen by {overflow}px")
    page.screenshot(path=str(shot), full_page=True)


def listen_for_errors(page: Page) -> list[str]:
    """A list that fills with the page's console errors, uncaught exceptions and failed requests."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    return errors


def walk_person(browser, base: str, username: str, out: Path) -> list[Visit]:
    visits: list[Visit] = []
    for width_name, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport, locale="vi-VN", is_mobile=width_name == "phone")
        page = context.new_page()
        errors = listen_for_errors(page)
        log_in(page, base, username)
        links = menu_links(page, base) or [f"{base}/"]
        found: dict[str, str] = {}
        n = 0
        while n < len(links):
            record = Visit(username, width_name, links[n])
            errors.clear()
            visit(page, links[n], record, out / f"{username}-{width_name}-{n:02d}.png")
            record.problems += errors
            visits.append(record)
            deeper_links(page, base, found)
            links += [url for url in found.values() if url not in links]
            n += 1
        context.close()
    return visits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--agency", help="host prefix of one agency (snv, stc, …); with --user")
    parser.add_argument("--user", action="append", help="a demo login (repeatable)")
    parser.add_argument("--out", type=Path, default=Path(".run/walk"))
    args = parser.parse_args()
    people = DEFAULT_PEOPLE
    if args.user:
        host = f"{args.agency}.localhost" if args.agency else "localhost"
        people = {host: args.user}
    args.out.mkdir(parents=True, exist_ok=True)
    visits: list[Visit] = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for host, usernames in people.items():
            for username in usernames:
                visits += walk_person(browser, f"http://{host}:{args.port}", username, args.out)
        browser.close()
    bad = [v for v in visits if v.problems]
    for v in visits:
        mark = "!!" if v.problems else "ok"
        print(f"{mark} {v.user:<16} {v.width:<7} {v.status} {v.url}")
        for problem in v.problems:
            print(f"     {problem}")
    print(f"{len(visits)} pages, {len(bad)} with problems; screenshots in {args.out}/")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
