"""An agency administrator, on a 360 px phone, logs in on the agency's host, finds the screens through the
collapsed menu, creates a unit and adds a person to it; that person then logs in and sees their home page."""

import re
from collections.abc import Iterator

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from apps.people.models import Membership, Role, Unit
from tests.browser.members import office_member
from tests.browser.pages import (
    choose,
    log_in_and_see_home,
    open_admin_screen,
    open_menu,
    open_user_menu,
    search_list,
    watch,
)

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "Quan-tri-Alpha-2026"
NEW_PASSWORD = "Chuyen-vien-moi-2026"


def sessions_in(schema: str) -> set[str]:
    with schema_context(schema), connection.cursor() as cursor:
        cursor.execute("SELECT session_key FROM django_session")
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def alpha_admin(transactional_db, agency_a) -> Iterator[object]:
    """A committed agency administrator of alpha; everything the test creates in alpha is removed afterwards
    (the watermark clean-up of tests/support/committed.py does the rest, but not alpha's sessions)."""
    before = sessions_in(agency_a.schema_name)
    yield office_member(
        agency_a, "qt.trinhduyet", "Quản Trị Trình Duyệt", Role.ADMIN, password=ADMIN_PASSWORD, post="Chánh Văn phòng"
    )
    usernames = ["qt.trinhduyet", "ngo.thi.duyet"]
    with schema_context(agency_a.schema_name):
        Membership.objects.filter(user__username__in=usernames).delete()
        Unit.objects.filter(abbreviation="PTD").delete()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_session WHERE NOT (session_key = ANY(%s))", [list(before)])
    # Identities are province-wide: the ORM would look for their memberships in the public schema.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM public.accounts_user WHERE username = ANY(%s)", [usernames])


def log_in_on_a_phone(page: Page, url: str, agency) -> None:
    """Vietnamese, Bootstrap and htmx loaded, nothing wider than the phone, the menu collapsed."""
    log_in_and_see_home(page, url, "qt.trinhduyet", ADMIN_PASSWORD, "Quản Trị Trình Duyệt")
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    expect(page.locator(".navbar-brand")).to_contain_text(agency.short_name)
    expect(page.locator("#nav")).to_be_hidden()


def create_a_unit(page: Page) -> None:
    """Units, through the collapsed menu; the form comes into a panel (htmx) and the tree refreshes itself."""
    open_menu(page)
    open_admin_screen(page, "Đơn vị")
    expect(page).to_have_url(re.compile(r"/people/units/$"))
    page.get_by_role("link", name="Thêm đơn vị", exact=True).click()
    panel = page.locator("#panel")
    panel.get_by_label("Tên").fill("Phòng Trình duyệt")
    panel.get_by_label("Chữ viết tắt").fill("ptd")
    panel.get_by_role("button", name="Lưu").click()
    expect(panel).to_contain_text("Đã lưu đơn vị Phòng Trình duyệt.")
    tree = page.locator("#unit-tree")
    expect(tree.locator(".unit-name", has_text="Phòng Trình duyệt")).to_be_visible()
    expect(tree).to_contain_text("PTD")
    assert page.url.endswith("/people/units/")  # no full page load happened


def add_a_person_to_the_unit(page: Page) -> None:
    """People: a new account into the new unit, then found by a search typed without diacritics."""
    open_menu(page)
    open_admin_screen(page, "Nhân sự")
    page.get_by_role("link", name="Thêm nhân sự").click()
    panel = page.locator("#panel")
    expect(panel.get_by_label("Tên đăng nhập của tài khoản đã có")).to_be_hidden()
    panel.get_by_label("Tên đăng nhập", exact=True).fill("ngo.thi.duyet")
    panel.get_by_label("Họ và tên").fill("Ngô Thị Duyệt")
    panel.get_by_label("Mật khẩu ban đầu").fill(NEW_PASSWORD)
    choose(panel, "Đơn vị", "PTD", "Phòng Trình duyệt (PTD)")
    panel.get_by_label("Chức vụ").select_option(label="Chuyên viên")
    panel.get_by_role("checkbox", name="Chuyên viên").check()
    panel.get_by_role("button", name="Lưu").click()
    expect(panel).to_contain_text("Đã thêm Ngô Thị Duyệt vào Phòng Trình duyệt.")
    expect(page.locator("#member-table")).to_contain_text("Ngô Thị Duyệt")
    search_list(page, "ngo thi", page.locator("#member-table tbody tr"), 1)
    expect(page.locator("#member-table")).to_contain_text("Ngô Thị Duyệt")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def log_out(page: Page) -> None:
    """A POST from the user menu."""
    open_menu(page)
    open_user_menu(page)
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()


def the_new_person_sees_their_home(page: Page, url: str) -> None:
    """Their post and the specialist panel; no administration in their menu."""
    log_in_and_see_home(page, url, "ngo.thi.duyet", NEW_PASSWORD, "Ngô Thị Duyệt")
    expect(page.locator("#content")).to_contain_text("Chuyên viên — Phòng Trình duyệt")
    expect(page.get_by_role("heading", name="Chuyên viên", exact=True)).to_be_visible()
    open_menu(page)
    expect(page.locator("#nav").get_by_role("link", name="Nhân sự")).to_have_count(0)


def test_an_admin_on_a_phone_creates_a_unit_and_a_person_who_then_logs_in(phone, agency_a, agency_url, alpha_admin):
    page = phone.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    problems = watch(page)
    login = agency_url(agency_a, "/login/")

    log_in_on_a_phone(page, login, agency_a)
    create_a_unit(page)
    add_a_person_to_the_unit(page)
    log_out(page)
    the_new_person_sees_their_home(page, login)

    assert not problems, problems
