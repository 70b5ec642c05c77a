"""The calendar's API: every member reads a year; the agency's administrators add and remove its own exceptions
through the same services, and refusals come in the API's one error shape."""

import datetime

import pytest

from apps.core.tests.utils import client_as, member
from apps.people.models import Role
from apps.workdays.models import AgencyDayException, DayKind
from apps.workdays.public.models import ProvinceDayException

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year + 1
URL = "/api/v1/working-calendar/"
EXCEPTIONS = "/api/v1/working-calendar/exceptions/"


@pytest.fixture
def admin(agency_a):
    return client_as(agency_a, member(agency_a, Role.ADMIN).user)


@pytest.fixture
def specialist(agency_a):
    return client_as(agency_a, member(agency_a, Role.SPECIALIST).user)


def test_a_member_reads_a_year_with_every_level(agency_a, in_agency, specialist) -> None:
    ProvinceDayException.objects.create(date=datetime.date(2027, 2, 11), kind=DayKind.OFF, reason="Lịch của tỉnh")
    with in_agency(agency_a):
        AgencyDayException.objects.create(date=datetime.date(2027, 2, 11), kind=DayKind.WORKING, reason="Trực")
    body = specialist.get(URL, {"year": 2027}).json()
    assert body["year"] == 2027 and body["working_days"] == 249 - 1 + 1  # the province's day off, undone here
    assert "2027-02-06" in body["non_working_days"] and "2027-02-11" not in body["non_working_days"]
    levels = {(d["date"], d["level"]): d for d in body["special_days"]}
    assert levels[("2027-02-06", "library")]["label"] == "Tết Nguyên Đán"
    assert levels[("2027-02-11", "province")]["applies"] is False
    assert levels[("2027-02-11", "agency")] | {"exception": None} == {
        "date": "2027-02-11",
        "working": True,
        "level": "agency",
        "label": "Trực",
        "applies": True,
        "exception": None,
    }


def test_the_admin_adds_and_removes_an_exception(agency_a, in_agency, admin, specialist) -> None:
    answer = admin.post(EXCEPTIONS, {"date": f"{YEAR}-03-10", "kind": "off", "reason": "Nghỉ"}, "application/json")
    assert answer.status_code == 201, answer.json()
    pk = answer.json()["id"]
    assert [row["id"] for row in specialist.get(EXCEPTIONS, {"year": YEAR}).json()] == [pk]
    assert f"{YEAR}-03-10" in specialist.get(URL, {"year": YEAR}).json()["non_working_days"]
    assert admin.delete(f"{EXCEPTIONS}{pk}/").status_code == 204
    with in_agency(agency_a):
        assert not AgencyDayException.objects.exists()


def test_refusals_in_the_one_error_shape_with_nothing_saved(agency_a, in_agency, admin, specialist) -> None:
    good = {"date": f"{YEAR}-03-10", "kind": "off", "reason": "Nghỉ"}
    refused = specialist.post(EXCEPTIONS, good, "application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    control = admin.post(EXCEPTIONS, {**good, "reason": "Nghỉ\u0007"}, "application/json")
    assert control.status_code == 400 and "reason" in control.json()["errors"]
    far = admin.post(EXCEPTIONS, {**good, "date": "1990-01-01"}, "application/json")
    assert far.status_code == 409 and "date" in far.json()["errors"]
    assert admin.get(URL, {"year": 1800}).status_code == 400
    assert admin.post(EXCEPTIONS, good, "application/json").status_code == 201
    duplicate = admin.post(EXCEPTIONS, {**good, "kind": "working"}, "application/json")
    assert duplicate.status_code == 409 and set(duplicate.json()) == {"status", "code", "detail", "errors"}
    with in_agency(agency_a):
        row = AgencyDayException.objects.get()
    assert row.kind == DayKind.OFF
    assert specialist.delete(f"{EXCEPTIONS}{row.pk}/").status_code == 403
    assert admin.delete(f"{EXCEPTIONS}{row.pk + 1000}/").status_code == 404
