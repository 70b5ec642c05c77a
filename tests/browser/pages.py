"""Steps every browser test takes the same way: logging in, opening the collapsed menu or the user menu."""

import re

from playwright.sync_api import Locator, Page, expect


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
