"""The working calendar counts deadlines as the Labour Code, the government's yearly schedule and the agency's own
exceptions say, in that order of precedence, and reads a year once."""

import datetime

import pytest

from apps.people.access import Person
from apps.people.models import Role
from apps.workdays import cache, library
from apps.workdays.calendar import calendar_for
from apps.workdays.models import AgencyDayException, DayKind
from apps.workdays.public.models import ProvinceDayException
from apps.workdays.services import ExceptionEntry, add_agency_exception, add_province_exception

pytestmark = pytest.mark.django_db
D = datetime.date

# An example of the government's 2027 Tết schedule (Tết falls on Saturday 6/2/2027): the Labour Code's days off
# from Thursday 4/2 to Wednesday 10/2 (the library), plus Thursday 11/2 and Friday 12/2 swapped for two make-up
# working Saturdays, 30/1 and 20/2, so that people are off from 4/2 to 14/2.
TET_2027 = [
    (D(2027, 2, 11), DayKind.OFF, "Nghỉ Tết Nguyên đán, hoán đổi với thứ Bảy 30/01/2027"),
    (D(2027, 2, 12), DayKind.OFF, "Nghỉ Tết Nguyên đán, hoán đổi với thứ Bảy 20/02/2027"),
    (D(2027, 1, 30), DayKind.WORKING, "Làm bù cho thứ Năm 11/02/2027"),
    (D(2027, 2, 20), DayKind.WORKING, "Làm bù cho thứ Sáu 12/02/2027"),
]


@pytest.fixture
def tet_2027(settings) -> None:
    for date, kind, reason in TET_2027:
        ProvinceDayException.objects.create(date=date, kind=kind, reason=reason)
    cache.bump(cache.PROVINCE)


def admin_of(agency, in_agency) -> Person:
    from apps.core.tests.utils import member

    membership = member(agency, Role.ADMIN)
    with in_agency(agency):
        return Person.for_user(membership.user)


def test_the_library_knows_the_labour_code_and_its_lunar_holidays() -> None:
    calendar = calendar_for("public")
    names = dict(library.library_year(2027).days_off)
    assert names[D(2027, 2, 6)] == "Tết Nguyên Đán"
    assert names[D(2027, 4, 16)] == "Ngày Giỗ Tổ Hùng Vương"  # 10/3 âm lịch
    # Tết 2027: Thursday 4/2 (29 Tết, for the Saturday) to Wednesday 10/2 (for the Sunday).
    assert [calendar.is_working_day(D(2027, 2, day)) for day in range(3, 12)] == [True] + [False] * 7 + [True]
    # Quốc khánh is two days (Labour Code 2019, Art. 112, since 2021): 1/9 and 2/9/2025, 2/9 and 3/9/2027.
    assert not calendar.is_working_day(D(2025, 9, 1)) and not calendar.is_working_day(D(2025, 9, 2))
    assert not calendar.is_working_day(D(2027, 9, 2)) and not calendar.is_working_day(D(2027, 9, 3))
    # Ngày Văn hóa Việt Nam, 24/11, a day off since 2026; the library's 2026 swap for Quốc khánh (31/8 off,
    # Saturday 22/8 worked).
    assert not calendar.is_working_day(D(2026, 11, 24))
    assert not calendar.is_working_day(D(2026, 8, 31)) and calendar.is_working_day(D(2026, 8, 22))


def test_deadlines_across_tet_count_the_province_schedule_and_its_make_up_saturdays(tet_2027) -> None:
    calendar = calendar_for("alpha")
    # Received on Wednesday 3/2: the days off run from 4/2 to 14/2, so 3 working days fall on Wednesday 17/2.
    assert calendar.add_working_days(D(2027, 2, 3), 3) == D(2027, 2, 17)
    # The make-up Saturdays are working days: a day after Friday 29/1 is Saturday 30/1.
    assert calendar.add_working_days(D(2027, 1, 29), 1) == D(2027, 1, 30)
    assert calendar.add_working_days(D(2027, 2, 18), 2) == D(2027, 2, 20)
    assert calendar.working_days_between(D(2027, 2, 3), D(2027, 2, 17)) == 3
    # A document received during Tết counts from the first working day after it.
    assert calendar.add_working_days(D(2027, 2, 6), 0) == D(2027, 2, 15)
    assert calendar.add_working_days(D(2027, 2, 6), 1) == D(2027, 2, 16)


def test_without_the_schedule_the_library_alone_decides() -> None:
    assert calendar_for("alpha").add_working_days(D(2027, 2, 3), 3) == D(2027, 2, 15)


def test_deadlines_across_30_4_1_5_and_the_observed_monday() -> None:
    calendar = calendar_for("alpha")
    # 30/4/2027 is a Friday, 1/5 a Saturday, so Monday 3/5 is off in its place.
    assert calendar.next_working_day(D(2027, 4, 29)) == D(2027, 5, 4)
    assert calendar.add_working_days(D(2027, 4, 28), 2) == D(2027, 5, 4)
    assert calendar.working_days_between(D(2027, 4, 29), D(2027, 5, 4)) == 1


def test_deadlines_across_quoc_khanh_and_gio_to() -> None:
    calendar = calendar_for("alpha")
    assert calendar.add_working_days(D(2027, 9, 1), 1) == D(2027, 9, 6)  # 2/9 Thursday and 3/9 Friday off
    assert calendar.add_working_days(D(2027, 4, 15), 1) == D(2027, 4, 19)  # Giỗ Tổ, Friday 16/4/2027
    assert calendar.add_working_days(D(2026, 4, 24), 1) == D(2026, 4, 28)  # Sunday 26/4/2026, Monday off in lieu


def test_an_agency_exception_overrides_the_province_for_that_agency_only(
    tet_2027, agency_a, agency_b, in_agency, django_capture_on_commit_callbacks
) -> None:
    admin = admin_of(agency_a, in_agency)
    with in_agency(agency_a), django_capture_on_commit_callbacks(execute=True):
        add_agency_exception(ExceptionEntry(D(2027, 2, 12), DayKind.WORKING, "Trực Tết theo lịch cơ quan"), by=admin)
    assert calendar_for(agency_a).is_working_day(D(2027, 2, 12))
    assert not calendar_for(agency_b).is_working_day(D(2027, 2, 12))
    assert calendar_for(agency_a).add_working_days(D(2027, 2, 3), 1) == D(2027, 2, 12)


def test_the_levels_apply_in_order_agency_province_library_weekend(agency_a, in_agency) -> None:
    saturday, tet, monday = D(2027, 3, 6), D(2027, 2, 8), D(2027, 3, 8)
    ProvinceDayException.objects.create(date=saturday, kind=DayKind.WORKING, reason="Làm bù")
    ProvinceDayException.objects.create(date=tet, kind=DayKind.WORKING, reason="Trực")
    ProvinceDayException.objects.create(date=monday, kind=DayKind.OFF, reason="Nghỉ")
    with in_agency(agency_a):
        AgencyDayException.objects.create(date=monday, kind=DayKind.WORKING, reason="Làm việc")
    cache.bump(cache.PROVINCE)
    cache.bump(agency_a.schema_name)
    calendar = calendar_for(agency_a)
    assert calendar.is_working_day(saturday)  # province over the weekend rule
    assert calendar.is_working_day(tet)  # province over the library
    assert calendar.is_working_day(monday)  # agency over province
    assert not calendar_for("beta").is_working_day(monday)


def test_a_change_is_seen_at_once_after_it_commits(agency_a, in_agency, django_capture_on_commit_callbacks) -> None:
    day = D(2027, 3, 10)
    assert calendar_for(agency_a).is_working_day(day)
    with django_capture_on_commit_callbacks(execute=True):
        add_province_exception(ExceptionEntry(day, DayKind.OFF, "Nghỉ theo thông báo của tỉnh"), by=None)
    assert not calendar_for(agency_a).is_working_day(day)
    admin = admin_of(agency_a, in_agency)
    with in_agency(agency_a), django_capture_on_commit_callbacks(execute=True):
        add_agency_exception(ExceptionEntry(day, DayKind.WORKING, "Cơ quan làm việc"), by=admin)
    assert calendar_for(agency_a).is_working_day(day)


def test_a_year_is_read_once_from_the_cache_and_never_per_day(agency_a, django_assert_num_queries) -> None:
    calendar_for(agency_a).non_working_days(2027)  # computed and stored
    calendar = calendar_for(agency_a)
    with django_assert_num_queries(0):
        deadline = calendar.add_working_days(D(2027, 1, 4), 200)
        assert calendar.working_days_between(D(2027, 1, 4), deadline) == 200
        # 365 days - 104 weekend days - 12 holidays on weekdays (1/1, five of Tết, 16/4, 30/4, 3/5, 2/9, 3/9, 24/11).
        assert sum(calendar.is_working_day(D(2027, 1, 1) + datetime.timedelta(days=n)) for n in range(365)) == 249
    # Rows written behind the services' back are not seen until the level's version changes: the cache is real.
    ProvinceDayException.objects.create(date=D(2027, 3, 10), kind=DayKind.OFF, reason="Nghỉ")
    assert calendar_for(agency_a).is_working_day(D(2027, 3, 10))
    cache.bump(cache.PROVINCE)
    assert not calendar_for(agency_a).is_working_day(D(2027, 3, 10))


def test_years_outside_the_calendar_and_negative_counts_are_refused() -> None:
    calendar = calendar_for("alpha")
    with pytest.raises(ValueError):
        calendar.is_working_day(D(2150, 1, 1))
    with pytest.raises(ValueError):
        calendar.add_working_days(D(2027, 1, 4), -1)


def test_working_days_between_is_the_inverse_of_adding() -> None:
    calendar = calendar_for("alpha")
    start = D(2027, 1, 4)
    for n in (0, 1, 5, 23, 60):
        assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n
    assert calendar.working_days_between(D(2027, 1, 11), start) == -5
