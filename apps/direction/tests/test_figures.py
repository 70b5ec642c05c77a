"""The dashboards' figures against a hand-built set of work across a unit tree: each work counted once, on time,
late, overdue or open; a leader sees the units they lead and those below (the agency's leaders every unit), never
secret work above their clearance; a specialist has only their own figures; the list behind each figure holds
exactly the rows counted."""

import datetime
from types import SimpleNamespace

import pytest
from django.db.models import F
from django.utils import timezone

from apps.direction import figures, services
from apps.direction.figures import FIGURES, Behind, Period, Tally
from apps.direction.inputs import Assignee, ReassignInput, TaskInput
from apps.direction.models import Assignment, State, Work
from apps.direction.tests.conftest import leader_with_post
from apps.documents.tests.factories import make_person
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def day(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def task(by, title: str, *, unit=None, user=None, due: int = 5) -> Work:
    lead = Assignee(unit=unit, user=user.user if user else None)
    return services.create_task(TaskInput(title=title, lead=lead, due_on=day(due)), by=by).work


def lead_of(work: Work) -> Assignment:
    return Assignment.objects.get(work=work, role=Assignment.Role.LEAD, parent__isnull=True)


def past_deadline(work: Work, days: int = 2) -> None:
    """The deadline passed since it was set (services refuse a deadline in the past)."""
    Assignment.objects.filter(work=work).update(due_on=day(-days))


@pytest.fixture
def world(director):
    """Phòng A with Tổ A1 below it (head: the Trưởng phòng of A), Phòng B; work led by each, by a specialist of A1
    directly and through a re-assignment; withdrawn, secret and old work that no figure counts."""
    unit_a = UnitFactory(name="Phòng A")
    unit_a1 = UnitFactory(name="Tổ A1", parent=unit_a)
    unit_b = UnitFactory(name="Phòng B")
    head_a = leader_with_post("Trưởng phòng", 20, unit=unit_a)
    handler = make_person(Role.SPECIALIST, unit=unit_a1)
    outsider = make_person(Role.SPECIALIST, unit=unit_b)

    on_time = task(director, "A đúng hạn", unit=unit_a)
    services.complete_work(on_time, by=head_a)
    overdue = task(director, "A1 quá hạn", unit=unit_a1)
    past_deadline(overdue)
    late = task(director, "B trễ hạn", unit=unit_b)
    Assignment.objects.filter(work=late).update(state=State.DONE, done_at=timezone.now(), due_on=day(-3))
    Work.objects.filter(pk=late.pk).update(state=State.DONE, done_at=timezone.now())
    task(director, "Giao thẳng chuyên viên", user=handler)
    reassigned = task(director, "A giao lại", unit=unit_a)
    services.reassign(lead_of(reassigned), ReassignInput(handler=Assignee(user=handler.user)), by=head_a)
    mine_overdue = task(director, "Chuyên viên quá hạn", user=handler)
    past_deadline(mine_overdue, 1)
    mine_done = task(director, "Chuyên viên xong", user=handler)
    services.complete_work(mine_done, by=handler)

    withdrawn = task(director, "Rút lại", unit=unit_b)
    Assignment.objects.filter(work=withdrawn).update(state=State.WITHDRAWN)
    secret = task(director, "Mật", unit=unit_b)
    Work.objects.filter(pk=secret.pk).update(secrecy="secret")
    old = task(director, "Cũ", unit=unit_a)
    Assignment.objects.filter(work=old).update(assigned_at=F("assigned_at") - datetime.timedelta(days=200))
    informed = services.create_task(
        TaskInput(title="Để biết", lead=Assignee(unit=unit_b), infos=(Assignee(user=handler.user),)), by=director
    ).work
    Assignment.objects.filter(work=informed, role=Assignment.Role.LEAD).update(state=State.WITHDRAWN)
    return SimpleNamespace(
        unit_a=unit_a, unit_a1=unit_a1, unit_b=unit_b, head_a=head_a, handler=handler, outsider=outsider
    )


def period() -> Period:
    return Period(day(-30), day(0), "week")


def by_label(lines) -> dict[str, Tally]:
    return {line.label: line.tally for line in lines}


def test_the_agency_leader_sees_every_unit_each_work_once(world, director):
    board = figures.team_figures(figures.scope_of(director), period(), today=day(0))
    assert board.totals == Tally(received=7, open=2, overdue=2, done_on_time=2, done_late=1)
    assert board.totals.on_time_rate == round(100 * 2 / 3, 1)
    assert by_label(board.units) == {
        "Phòng A": Tally(received=2, open=1, done_on_time=1),
        "Tổ A1": Tally(received=1, overdue=1),
        "Phòng B": Tally(received=1, done_late=1),
    }
    # The specialist carries four lead parts: two named by the director, one re-assigned, one done.
    assert by_label(board.people) == {
        world.handler.user.full_name: Tally(received=4, open=2, overdue=1, done_on_time=1),
    }
    assert sum((b.tally for b in board.series), Tally()) == board.totals


def test_a_unit_head_sees_their_unit_and_the_units_below_only(world):
    board = figures.team_figures(figures.scope_of(world.head_a), period(), today=day(0))
    assert board.totals == Tally(received=6, open=2, overdue=2, done_on_time=2)
    assert set(by_label(board.units)) == {"Phòng A", "Tổ A1"}
    assert set(by_label(board.people)) == {world.handler.user.full_name}


def test_a_specialist_has_their_own_figures_and_no_team(world):
    assert figures.scope_of(world.handler) is None
    own = figures.own_figures(world.handler, today=day(0))
    assert (own.open, own.overdue, own.done_on_time, own.done_late) == (2, 1, 1, 0)
    outsider = figures.own_figures(world.outsider, today=day(0))
    assert (outsider.open, outsider.overdue, outsider.done_on_time, outsider.done_late) == (0, 0, 0, 0)


def test_secret_work_counts_for_a_leader_cleared_for_it(world, director):
    from apps.registers.models import SecrecyClearance

    SecrecyClearance.objects.create(user=director.user, level="secret")
    cleared = type(director).for_user(director.user)
    board = figures.team_figures(figures.scope_of(cleared), period(), today=day(0))
    assert board.totals.received == 8 and by_label(board.units)["Phòng B"].received == 2


def test_a_work_done_after_its_deadline_is_late_and_one_done_on_its_deadline_on_time(director):
    unit = UnitFactory(name="Phòng C")
    head = leader_with_post("Trưởng phòng", 20, unit=unit)
    work = task(director, "Đúng ngày hạn", unit=unit, due=0)
    services.complete_work(work, by=head)
    board = figures.team_figures(figures.scope_of(director), period(), today=day(0))
    assert (board.totals.done_on_time, board.totals.done_late) == (1, 0)
    assert figures.team_figures(figures.scope_of(director), period(), today=day(0)).totals.on_time_rate == 100.0


def _ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_the_list_behind_each_figure_holds_exactly_the_rows_counted(world, director):
    for leader in (director, world.head_a):
        scope = figures.scope_of(leader)
        board = figures.team_figures(scope, period(), today=day(0))
        lines = [(Behind(), board.totals, period())]
        lines += [(Behind(unit_id=line.key), line.tally, period()) for line in board.units]
        lines += [(Behind(user_id=line.key), line.tally, period()) for line in board.people]
        lines += [(Behind(), bucket.tally, bucket.period) for bucket in board.series]
        for behind, tally, shown in lines:
            for name in FIGURES:
                rows = figures.team_rows(scope, shown, Behind(name, behind.unit_id, behind.user_id), today=day(0))
                assert rows.count() == getattr(tally, name), (leader, behind, name)
    done = figures.team_rows(figures.scope_of(director), period(), Behind("done_late"), today=day(0))
    assert [a.work.title for a in done] == ["B trễ hạn"]


def test_the_list_behind_one_s_own_figures_holds_the_rows_counted(world):
    own = figures.own_figures(world.handler, today=day(0))
    titles = {
        name: sorted(a.work.title for a in figures.own_rows(world.handler, name, today=day(0)))
        for name in figures.OWN_FIGURES
    }
    assert titles == {
        "open": ["A giao lại", "Giao thẳng chuyên viên"],
        "overdue": ["Chuyên viên quá hạn"],
        "done_on_time": ["Chuyên viên xong"],
        "done_late": [],
    }
    assert [len(titles[name]) for name in figures.OWN_FIGURES] == [own.open, own.overdue, own.done_on_time, 0]


def test_a_period_is_checked():
    today = day(0)
    assert Period.checked(None, None, None, today=today) == Period.default(today)
    assert Period.default(datetime.date(2026, 2, 10)) == Period(datetime.date(2025, 12, 1), datetime.date(2026, 2, 10))
    for start, end, by, field in (
        (day(0), day(-1), "week", "end"),
        (day(-400), day(0), "month", "end"),
        (day(-10), day(0), "year", "by"),
    ):
        with pytest.raises(figures.ValidationError) as refused:
            Period.checked(start, end, by, today=today)
        assert list(refused.value.message_dict) == [field]


def test_buckets_cover_the_period_by_week_and_by_month():
    d = datetime.date
    weeks = Period(datetime.date(2026, 11, 4), datetime.date(2026, 11, 20), "week")
    assert weeks.bucket_starts() == [d(2026, 11, 2), d(2026, 11, 9), d(2026, 11, 16)]
    assert weeks.bucket(datetime.date(2026, 11, 2)) == Period(datetime.date(2026, 11, 4), datetime.date(2026, 11, 8))
    months = Period(datetime.date(2026, 10, 15), datetime.date(2026, 12, 5), "month")
    assert months.bucket_starts() == [d(2026, 10, 1), d(2026, 11, 1), d(2026, 12, 1)]
    assert months.bucket(datetime.date(2026, 11, 1)).end == datetime.date(2026, 11, 30)
