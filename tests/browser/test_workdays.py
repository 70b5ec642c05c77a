"""The agency administrator, on a 360 px phone, opens "Lịch làm việc" from the administration menu, sees the year's
holidays, adds a day off of the agency in the panel and sees it in the calendar, under the CSP and without
scrolling sideways."""

import datetime
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from apps.people.models import Membership, Position, Role, Unit
from apps.workdays.models import AgencyDayException
from tests.browser.pages import log_in, open_admin_screen, open_menu

pytestmark = pytest.mark.browser
PASSWORD = "Lich-lam-viec-2026"
USERNAME = "qt.lichlamviec"


@pytest.fixture
def calendar_admin(transactional_db, agency_a) -> Iterator[object]:
    User = get_user_model()
    admin = User.objects.create_user(USERNAME, full_name="Quản Trị Lịch", password=PASSWORD)
    with schema_context(agency_a.schema_name):
        office, post = Unit.objects.get(abbreviation="VP"), Position.objects.get(name="Chánh Văn phòng")
        Membership.objects.create(user=admin, unit=office, position=post, roles=[Role.ADMIN])
    yield admin
    with schema_context(agency_a.schema_name):
        AgencyDayException.objects.all().delete()
        Membership.objects.filter(user__username=USERNAME).delete()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_session")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM public.accounts_user WHERE username = %s", [USERNAME])


def test_the_admin_adds_a_day_off_on_a_phone(phone, agency_a, agency_url, calendar_admin) -> None:
    page = phone.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    year = datetime.date.today().year + 1

    log_in(page, agency_url(agency_a, "/login/"), USERNAME, PASSWORD)
    open_menu(page)
    open_admin_screen(page, "Lịch làm việc")
    expect(page.get_by_role("heading", name=f"Lịch làm việc {datetime.date.today().year}")).to_be_visible()
    page.get_by_role("link", name=str(year)).click()
    expect(page.locator("#special-days")).to_contain_text("Tết Nguyên Đán")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("link", name="Thêm ngoại lệ").click()
    panel = page.locator("#panel")
    panel.locator("#id_date").fill(f"10/03/{year}")
    panel.get_by_label("Ngày nghỉ").check()
    panel.get_by_label("Lý do").fill("Nghỉ kỷ niệm ngày thành lập cơ quan")
    panel.get_by_role("button", name="Lưu").click()
    expect(panel).to_contain_text(f"10/03/{year}")
    expect(page.locator("#special-days")).to_contain_text("Nghỉ kỷ niệm ngày thành lập cơ quan")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not problems, problems
