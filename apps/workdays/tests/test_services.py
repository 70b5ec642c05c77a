"""Changes of the calendar go through services that check permission, refuse bad input with nothing saved, and
write the audit event of their level."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from apps.audit.models import AuditEvent
from apps.core.tests.utils import member
from apps.people.access import Person
from apps.people.models import Role
from apps.people.tests.factories import UserFactory
from apps.workdays.models import AgencyDayException, DayKind
from apps.workdays.public.models import ProvinceCalendarEvent, ProvinceDayException
from apps.workdays.services import (
    ExceptionEntry,
    add_agency_exception,
    add_province_exception,
    editable_range,
    remove_agency_exception,
    remove_province_exception,
)
from tenants.base_models import AppendOnlyError

pytestmark = pytest.mark.django_db
DAY = datetime.date(datetime.date.today().year + 1, 3, 10)


def person(agency, in_agency, *roles: str) -> Person:
    membership = member(agency, *roles)
    with in_agency(agency):
        return Person.for_user(membership.user)


def entry(**changes) -> ExceptionEntry:
    return ExceptionEntry(**{"date": DAY, "kind": DayKind.OFF, "reason": "Nghỉ kỷ niệm ngày thành lập", **changes})


def test_the_agency_admin_adds_and_removes_an_exception_each_audited(agency_a, in_agency) -> None:
    admin = person(agency_a, in_agency, Role.ADMIN)
    with in_agency(agency_a):
        row = add_agency_exception(entry(reason="  Nghỉ kỷ niệm\u200b ngày thành lập  "), by=admin)
        assert row.reason == "Nghỉ kỷ niệm ngày thành lập" and row.created_by == admin.user
        remove_agency_exception(row, by=admin)
        assert not AgencyDayException.objects.exists()
        events = AuditEvent.objects.filter(object_type="workdays.agencydayexception", object_id=str(row.pk))
        assert sorted(events.values_list("action", flat=True)) == ["added", "removed"]
        assert events.first().changes == {"date": DAY.isoformat(), "kind": "off", "reason": row.reason}
        assert events.first().actor_id == admin.user.pk


@pytest.mark.parametrize("role", [Role.CLERK, Role.LEADER, Role.SPECIALIST])
def test_only_the_agency_admin_changes_the_agency_calendar(agency_a, in_agency, role) -> None:
    someone = person(agency_a, in_agency, role)
    with in_agency(agency_a):
        with pytest.raises(PermissionDenied):
            add_agency_exception(entry(), by=someone)
        assert not AgencyDayException.objects.exists()
        assert not AuditEvent.objects.filter(object_type="workdays.agencydayexception").exists()


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"date": datetime.date(2001, 1, 1)}, "date"),
        ({"date": editable_range()[1] + datetime.timedelta(days=1)}, "date"),
        ({"kind": "holiday"}, "kind"),
        ({"reason": "Nghỉ\x00 lễ"}, "reason"),
        ({"reason": "Nghỉ\nlễ"}, "reason"),
        ({"reason": "  \u200b "}, "reason"),
        ({"reason": "x" * 201}, "reason"),
    ],
)
def test_bad_input_is_refused_with_nothing_saved(agency_a, in_agency, bad, field) -> None:
    admin = person(agency_a, in_agency, Role.ADMIN)
    with in_agency(agency_a):
        with pytest.raises(ValidationError) as refused:
            add_agency_exception(entry(**bad), by=admin)
        assert list(refused.value.message_dict) == [field]
        assert not AgencyDayException.objects.exists()
    with pytest.raises(ValidationError):
        add_province_exception(entry(**bad), by=None)
    assert not ProvinceDayException.objects.exists() and not ProvinceCalendarEvent.objects.exists()


def test_a_second_exception_on_the_same_date_is_refused(agency_a, in_agency) -> None:
    admin = person(agency_a, in_agency, Role.ADMIN)
    with in_agency(agency_a):
        add_agency_exception(entry(), by=admin)
        with pytest.raises(ValidationError) as refused:
            add_agency_exception(entry(kind=DayKind.WORKING, reason="Làm việc"), by=admin)
        assert "date" in refused.value.message_dict
        assert AgencyDayException.objects.get().kind == DayKind.OFF
    # The province may have its own on that date: another level.
    add_province_exception(entry(), by=None)
    with pytest.raises(ValidationError):
        add_province_exception(entry(), by=None)
    assert ProvinceDayException.objects.count() == 1 and ProvinceCalendarEvent.objects.count() == 1


def test_the_province_admin_changes_the_province_calendar_audited_in_public() -> None:
    admin = UserFactory(is_staff=True)
    row = add_province_exception(entry(), by=admin)
    remove_province_exception(row, by=admin)
    events = list(ProvinceCalendarEvent.objects.order_by("id"))
    assert [(e.action, e.date, e.actor_id, e.actor_name) for e in events] == [
        ("added", DAY, admin.pk, admin.full_name),
        ("removed", DAY, admin.pk, admin.full_name),
    ]
    assert events[0].changes == {"date": DAY.isoformat(), "kind": "off", "reason": "Nghỉ kỷ niệm ngày thành lập"}
    assert connection.schema_name == "public"


def test_only_a_province_admin_changes_the_province_calendar() -> None:
    with pytest.raises(PermissionDenied):
        add_province_exception(entry(), by=UserFactory())
    assert not ProvinceDayException.objects.exists() and not ProvinceCalendarEvent.objects.exists()


def test_the_province_trail_is_append_only_in_the_database() -> None:
    add_province_exception(entry(), by=None)
    event = ProvinceCalendarEvent.objects.get()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM workdays_public_provincecalendarevent")


def test_the_demo_province_gets_the_tet_2027_example_once(django_capture_on_commit_callbacks) -> None:
    from province.demo.management.commands.load_demo import _province_calendar, read_demo

    specs = read_demo()["working_calendar"]["province"]
    _province_calendar(specs)
    _province_calendar(specs)
    rows = list(ProvinceDayException.objects.order_by("date"))
    if datetime.date.today().year <= 2028:
        assert [row.date for row in rows] == sorted(datetime.date.fromisoformat(s["date"]) for s in specs)
        assert all(row.reason.startswith("VÍ DỤ MINH HỌA") for row in rows)


def test_the_announced_tet_2026_schedule_is_the_librarys_own() -> None:
    """Saturday 14/2 to Sunday 22/2/2026, nine days off in a row, with no exception entered."""
    from apps.workdays.calendar import calendar_for

    calendar = calendar_for("public")
    days = [datetime.date(2026, 2, 13) + datetime.timedelta(days=n) for n in range(11)]
    assert [calendar.is_working_day(day) for day in days] == [True] + [False] * 9 + [True]
