"""Steps every browser test takes the same way: watching a page for errors, logging in, opening the collapsed
menu or the user menu, following the menu, choosing in a picker, downloading a file, searching a list."""

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

PHONE = {"width": 360, "height": 740}
DESK = {"width": 1280, "height": 900}  # a clerk's office screen


def watch(
    page: Page, *, failed_responses: bool = True, console: bool = False, problems: list[str] | None = None
) -> list[str]:
    """The problems ``page`` meets from now on: script errors, and (unless a test expects some) answers of 400 and
    above, and (when asked) console errors, appended to ``problems`` (a new list unless given, so that several
    pages share one). The test asserts the list is empty at its end."""
    problems = [] if problems is None else problems
    page.on("pageerror", lambda error: problems.append(str(error)))
    if failed_responses:
        page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    if console:
        page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    return problems


def open_menu(page: Page) -> None:
    """On a phone the menu is collapsed behind the toggler."""
    toggler = page.get_by_role("button", name="Trình đơn")
    expect(toggler).to_be_visible()
    if toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
    # Wait for Bootstrap's collapse transition to end ("show"): a click on a menu item while it is still
    # "collapsing" can be lost on a loaded machine.
    expect(page.locator("#nav")).to_have_class(re.compile(r"\bshow\b"))


def open_user_menu(page: Page) -> None:
    """The user menu's dropdown; a second click if the first was swallowed by a transition still running."""
    toggle = page.locator("#user-menu")
    for _attempt in range(3):
        toggle.click()
        try:
            expect(toggle).to_have_attribute("aria-expanded", "true", timeout=3000)
            return
        except AssertionError:
            continue
    expect(toggle).to_have_attribute("aria-expanded", "true")


def log_in(page: Page, url: str, username: str, password: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def log_in_and_see_home(page: Page, url: str, username: str, password: str, full_name: str) -> None:
    """Log in and land on one's home page, greeted by name."""
    log_in(page, url, username, password)
    expect(page.get_by_role("heading", name=f"Xin chào, {full_name}")).to_be_visible()


def follow_menu(page: Page, link: str, heading: str | None = None) -> None:
    """Click a link of the top menu (expanded at desk width; in its dropdown when it sits in one) and wait for the
    page's heading."""
    entry = page.locator("#nav").get_by_role("link", name=link)
    if not entry.is_visible():
        # A closed dropdown's entries are hidden, so not in the accessibility tree: found by their text.
        group = page.locator("#nav li.dropdown").filter(has=page.locator("a.dropdown-item", has_text=link))
        group.locator(".dropdown-toggle").click()
    entry.click()
    if heading:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()


def open_admin_screen(page: Page, name: str) -> None:
    """An administrator's screen, from the menu's *Quản trị* dropdown."""
    page.locator("#nav-admin").click()
    page.locator("#nav").get_by_role("link", name=name, exact=True).click()


def choose(scope: Page | Locator, label: str, typed: str, option: str) -> None:
    """Choose in a searchable picker (apps/core/pickers.py) as a person does from the keyboard: type into it,
    arrow down to ``option`` among the results, Enter; the list is closed afterwards."""
    control = scope.get_by_role("combobox", name=label, exact=True).and_(scope.locator(".ts-control input"))
    page = control.page
    control.focus()
    control.press_sequentially(typed, delay=30)
    dropdown = page.locator(".ts-dropdown:visible")
    expect(dropdown.locator(".option", has_text=option).first).to_be_visible()
    for _step in range(20):
        active = dropdown.locator(".option.active")
        if active.count() and option in active.first.inner_text():
            break
        control.press("ArrowDown")
    control.press("Enter")
    if dropdown.count():
        control.press("Escape")


def download(page: Page, control: Locator, folder: Path, name: str | None = None) -> tuple[Path, str]:
    """Click ``control``, save the file it sends into ``folder`` (as ``name``, else under the name the answer
    suggests) and return the saved path with the suggested name."""
    with page.expect_download() as download_info:
        control.click()
    suggested = download_info.value.suggested_filename
    path = folder / (name or suggested)
    download_info.value.save_as(path)
    return path, suggested


def search_list(page: Page, text: str, rows: Locator, expected_rows: int) -> None:
    """Type into the list's search box (the list filters as one types) and wait for ``expected_rows`` rows."""
    page.get_by_role("searchbox").fill(text)
    expect(rows).to_have_count(expected_rows)
