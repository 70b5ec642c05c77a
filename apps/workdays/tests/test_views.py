"""The "Lịch làm việc" pages: the agency administrator's (agency host) and the province administrator's (province
host) show a year with its holidays and both levels' exceptions with reasons, and change their own level only."""

import datetime
import re

import pytest

from apps.core.tests.utils import client_as, htmx, member
from apps.people.models import Role
from apps.people.tests.factories import UserFactory
from apps.workdays.models import AgencyDayException, DayKind
from apps.workdays.public.models import ProvinceDayException

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year + 1


@pytest.fixture
def admin_client(agency_a):
    return client_as(agency_a, member(agency_a, Role.ADMIN).user)


@pytest.fixture
def province_client():
    return client_as(None, UserFactory(is_staff=True))


def test_the_agency_page_shows_holidays_and_both_levels_with_reasons(agency_a, in_agency, admin_client) -> None:
    ProvinceDayException.objects.create(date=datetime.date(YEAR, 2, 26), kind=DayKind.OFF, reason="Lịch của tỉnh")
    with in_agency(agency_a):
        AgencyDayException.objects.create(date=datetime.date(YEAR, 3, 1), kind=DayKind.OFF, reason="Ngày riêng")
    page = admin_client.get(f"/workdays/?year={YEAR}")
    assert page.status_code == 200
    html = page.content.decode()
    for text in (
        "Lịch làm việc",
        "Tết Nguyên Đán",
        "Ngày Giỗ Tổ Hùng Vương",
        "Quốc khánh",
        "Lịch của tỉnh",
        "Ngày riêng",
    ):
        assert text in html
    # Only the agency's own exception has a remove button here.
    assert html.count("/remove/") == 2  # action and hx-post of the one form
    assert 'style="' not in html and not re.search(r"<script>[^<]", html)


def test_the_admin_menu_leads_to_the_page(agency_a, admin_client) -> None:
    assert 'href="/workdays/"' in admin_client.get("/").content.decode()


@pytest.mark.parametrize("role", [Role.CLERK, Role.SPECIALIST, Role.LEADER])
def test_other_roles_may_not_open_or_change_it(agency_a, in_agency, role) -> None:
    client = client_as(agency_a, member(agency_a, role).user)
    assert client.get("/workdays/").status_code == 403
    date = f"10/03/{YEAR}"
    assert client.post("/workdays/add/", {"date": date, "kind": "off", "reason": "Nghỉ"}).status_code == 403
    with in_agency(agency_a):
        assert not AgencyDayException.objects.exists()
    assert 'href="/workdays/"' not in client.get("/").content.decode()


def test_the_admin_adds_an_exception_in_the_panel_and_removes_it(agency_a, in_agency, admin_client) -> None:
    data = {"date": f"10/03/{YEAR}", "kind": "off", "reason": "Nghỉ kỷ niệm thành lập"}
    answer = admin_client.post("/workdays/add/", data, **htmx("panel"))
    assert answer.status_code == 200 and answer["HX-Trigger"] == "workdays-changed"
    with in_agency(agency_a):
        row = AgencyDayException.objects.get()
    fragment = admin_client.get(f"/workdays/?year={YEAR}", **htmx("workdays-year")).content.decode()
    assert "Nghỉ kỷ niệm thành lập" in fragment and "<html" not in fragment
    answer = admin_client.post(f"/workdays/{row.pk}/remove/", **htmx("panel"))
    assert answer.status_code == 200
    with in_agency(agency_a):
        assert not AgencyDayException.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"date": "10/03/1999", "kind": "off", "reason": "Nghỉ"},
        {"date": f"10/03/{YEAR}", "kind": "off", "reason": "Nghỉ\tlễ"},
        {"date": f"10/03/{YEAR}", "kind": "off", "reason": ""},
        {"date": "31/02/2027", "kind": "off", "reason": "Nghỉ"},
        {"date": f"10/03/{YEAR}", "kind": "maybe", "reason": "Nghỉ"},
    ],
)
def test_bad_input_gets_a_vietnamese_refusal_and_saves_nothing(agency_a, in_agency, admin_client, data) -> None:
    answer = admin_client.post("/workdays/add/", data)
    assert answer.status_code == 400
    assert "is-invalid" in answer.content.decode()
    with in_agency(agency_a):
        assert not AgencyDayException.objects.exists()


def test_a_duplicate_date_is_refused_on_the_form(agency_a, in_agency, admin_client) -> None:
    data = {"date": f"10/03/{YEAR}", "kind": "off", "reason": "Nghỉ"}
    assert admin_client.post("/workdays/add/", data).status_code == 302
    answer = admin_client.post("/workdays/add/", {**data, "kind": "working"})
    assert answer.status_code == 400 and "Đã có một ngoại lệ" in answer.content.decode()
    with in_agency(agency_a):
        assert AgencyDayException.objects.count() == 1


def test_a_year_out_of_range_shows_this_year_with_a_warning(admin_client) -> None:
    answer = admin_client.get("/workdays/?year=1800")
    assert answer.status_code == 400
    assert f"Lịch làm việc {datetime.date.today().year}" in answer.content.decode()


def test_the_province_admin_enters_the_schedule_from_the_console(province_client) -> None:
    assert 'href="/workdays/"' in province_client.get("/").content.decode()
    data = {"date": f"11/02/{YEAR}", "kind": "off", "reason": "Nghỉ Tết theo thông báo của Bộ Nội vụ"}
    assert province_client.post("/workdays/add/", data).status_code == 302
    row = ProvinceDayException.objects.get()
    page = province_client.get(f"/workdays/?year={YEAR}").content.decode()
    assert "Nghỉ Tết theo thông báo của Bộ Nội vụ" in page and f"/workdays/{row.pk}/remove/" in page
    assert province_client.post(f"/workdays/{row.pk}/remove/").status_code == 302
    assert not ProvinceDayException.objects.exists()


def test_the_console_page_is_for_province_admins_only() -> None:
    client = client_as(None, UserFactory())  # the province host sends anyone but its administrators away
    assert client.get("/workdays/").status_code in (302, 403)
    data = {"date": f"11/02/{YEAR}", "kind": "off", "reason": "Nghỉ"}
    assert client.post("/workdays/add/", data).status_code in (302, 403)
    assert not ProvinceDayException.objects.exists()
