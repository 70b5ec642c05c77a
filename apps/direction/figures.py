"""The figures of the dashboards (issue 8 point 9) and the rows behind each of them.

A leader's figures ("Tình hình giải quyết") count the lead parts (chủ trì) of the work assigned in a period — the
cohort, as the Báo cáo tình hình giải quyết counts what was received in its period —, withdrawn ones aside: how
many were received, how many are still open within their deadline, overdue, done on time, done late, and the
on-time rate; in total and over time (by week or by month), per unit and per person. A work counts once in the
totals and for its lead unit (the top of its chain); a person counts the lead parts they carry, named by the
leader or re-assigned to them by their unit head. The statuses follow ``direction.status``: overdue is open past
its deadline, done on time is done no later than its deadline (the day in the agency's time zone).

Everyone's own figures count the parts named to them (not those only for information): open, overdue, done on
time and done late this month.

The rows behind a figure (``team_rows``, ``own_rows``) are filtered by the same conditions (``CONDITIONS``) as
the figure was counted with, so a list opened from a figure shows exactly the rows counted.

Fast in an agency with a million assignments: a leader's figures are two queries over the period's lead parts,
read from the covering partial index ``assignment_lead_assigned`` (assigned_at; lead parts only, with every
column counted), grouped by unit, person and level, and by bucket, then rolled up here; a period is at most
``MAX_DAYS`` long. Secret work above the leader's clearance is left out through the small ``work_secret`` index."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Count, DateField, ExpressionWrapper, Q, QuerySet
from django.db.models.functions import Trunc, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.people.access import Person, units_led_by
from apps.people.models import Membership, Role, Unit
from apps.registers.access import clearance_of
from apps.registers.models import Secrecy

from .access import is_agency_leader
from .models import Assignment, State, Work

User = get_user_model()

GRAINS = ("week", "month")
MAX_DAYS = 366
FIGURES = ("received", "open", "overdue", "done_on_time", "done_late")


# ---- the period ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The days whose assignments are counted (both ends included), and the buckets of the chart over time."""

    start: datetime.date
    end: datetime.date
    grain: str = "week"

    @classmethod
    def default(cls, today: datetime.date) -> "Period":
        """This month and the two before it, by week."""
        year, month = (today.year, today.month - 2) if today.month > 2 else (today.year - 1, today.month + 10)
        return cls(datetime.date(year, month, 1), today, "week")

    @classmethod
    def checked(
        cls, start: datetime.date | None, end: datetime.date | None, grain: str | None, *, today: datetime.date
    ) -> "Period":
        """The period asked for, the default's ends where one is missing; ValidationError by field when the start
        comes after the end, the period is longer than ``MAX_DAYS`` or the grain is unknown."""
        if end is None:
            end = min(max(start, today), start + datetime.timedelta(days=MAX_DAYS - 1)) if start else today
        period = cls(start or cls.default(end).start, end, grain or "week")
        errors = {}
        if period.grain not in GRAINS:
            errors["by"] = _("Group by week or by month.")
        if period.start > period.end:
            errors["end"] = _("The end of the period comes after its start.")
        elif (period.end - period.start).days >= MAX_DAYS:
            errors["end"] = _("A period is at most %(days)d days long.") % {"days": MAX_DAYS}
        if errors:
            raise ValidationError(errors)
        return period

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The first instant of the period and the first after it, in the agency's time zone (so that the index on
        ``assigned_at`` serves the range)."""
        zone = timezone.get_current_timezone()
        first = datetime.datetime.combine(self.start, datetime.time.min, zone)
        after = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, zone)
        return first, after

    def bucket_starts(self) -> list[datetime.date]:
        """The first day of every week (Monday) or month the period touches."""
        if self.grain == "month":
            day, starts = self.start.replace(day=1), []
            while day <= self.end:
                starts.append(day)
                day = (day + datetime.timedelta(days=32)).replace(day=1)
            return starts
        monday = self.start - datetime.timedelta(days=self.start.weekday())
        return [monday + datetime.timedelta(weeks=n) for n in range((self.end - monday).days // 7 + 1)]

    def bucket(self, first: datetime.date) -> "Period":
        """The part of the period in the week or month starting on ``first``."""
        if self.grain == "month":
            last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        else:
            last = first + datetime.timedelta(days=6)
        return Period(max(first, self.start), min(last, self.end), self.grain)


def this_month(today: datetime.date) -> Period:
    return Period(today.replace(day=1), today, "month")


# ---- whose work a leader oversees ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The work a leader's figures cover: every unit and person (the agency's leaders) or the units they lead, with
    the units below, and their members; never secret work above the leader's clearance."""

    unit_ids: frozenset[int] | None  # None: every unit and person of the agency
    user_ids: frozenset[int] = frozenset()
    hidden: tuple[str, ...] = ()  # secrecy levels above the leader's clearance

    def narrow(self, parts: QuerySet[Assignment]) -> QuerySet[Assignment]:
        if self.unit_ids is not None:
            parts = parts.filter(Q(unit_id__in=sorted(self.unit_ids)) | Q(user_id__in=sorted(self.user_ids)))
        if self.hidden:
            secret = Work.objects.exclude(secrecy=Secrecy.NONE).filter(secrecy__in=self.hidden)
            parts = parts.exclude(work_id__in=secret.values("pk"))
        return parts


def scope_of(person: Person) -> Scope | None:
    """The leader's scope (access: a leader sees their units and below; the agency's leaders see every unit); None
    for anyone who leads no unit (they have their own figures only)."""
    if not person.has_role(Role.LEADER):
        return None
    allowed = Secrecy.up_to(clearance_of(person))
    hidden = tuple(level for level in Secrecy.values if level not in allowed)
    if is_agency_leader(person):
        return Scope(unit_ids=None, hidden=hidden)
    units = units_led_by(person)
    if not units:
        return None
    members = Membership.objects.filter(unit__in=units, is_active=True).values_list("user_id", flat=True)
    return Scope(unit_ids=frozenset(u.pk for u in units), user_ids=frozenset(members), hidden=hidden)


# ---- what is counted ----------------------------------------------------------------------------------------------


def conditions(today: datetime.date) -> dict[str, Q]:
    """Each figure's condition on a part (the same rule as ``direction.status``)."""
    done_day = TruncDate("done_at", tzinfo=timezone.get_current_timezone())
    on_time = Q(due_on__isnull=True) | Q(due_on__gte=done_day)
    return {
        "received": Q(),
        "open": Q(state=State.OPEN) & (Q(due_on__isnull=True) | Q(due_on__gte=today)),
        "overdue": Q(state=State.OPEN, due_on__lt=today),
        "done_on_time": Q(state=State.DONE) & on_time,
        "done_late": Q(state=State.DONE) & ~on_time,
    }


def _counts(today: datetime.date) -> dict[str, Count]:
    # Over a column of the index (never null), so that the count is read from the index alone.
    return {name: Count("assigned_at", filter=condition or None) for name, condition in conditions(today).items()}


@dataclass(frozen=True)
class Tally:
    """The figures of one total, bucket, unit or person."""

    received: int = 0
    open: int = 0
    overdue: int = 0
    done_on_time: int = 0
    done_late: int = 0

    def __add__(self, other: "Tally") -> "Tally":
        # Field by field: dataclasses.astuple deep-copies, which costs more than the query at a million parts.
        return Tally(
            self.received + other.received,
            self.open + other.open,
            self.overdue + other.overdue,
            self.done_on_time + other.done_on_time,
            self.done_late + other.done_late,
        )

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self) -> float | None:
        """Done on time among what is done, in % (None while nothing is done)."""
        return round(100 * self.done_on_time / self.done, 1) if self.done else None


@dataclass(frozen=True)
class Line:
    """A unit's or a person's figures (``key``: the unit's or the account's id)."""

    key: int
    label: str
    tally: Tally


@dataclass(frozen=True)
class Bucket:
    period: Period
    tally: Tally


@dataclass(frozen=True)
class Board:
    """A leader's dashboard: the totals, the buckets over time, per unit and per person."""

    period: Period
    totals: Tally
    series: list[Bucket] = field(default_factory=list)
    units: list[Line] = field(default_factory=list)
    people: list[Line] = field(default_factory=list)


def lead_parts(scope: Scope, period: Period, parts: QuerySet[Assignment] | None = None) -> QuerySet[Assignment]:
    """The lead parts assigned in the period inside the scope (what a leader's figures count)."""
    first, after = period.bounds()
    parts = Assignment.objects.all() if parts is None else parts
    leads = parts.filter(role=Assignment.Role.LEAD, assigned_at__gte=first, assigned_at__lt=after)
    return scope.narrow(leads.exclude(state=State.WITHDRAWN))


def _tallies(parts: QuerySet[Assignment], keys: list[str], today: datetime.date) -> list[tuple[tuple, Tally]]:
    """The parts' figures grouped by ``keys``: (the keys' values, their tally) per group. A part not withdrawn is
    open or done, so three counts give the five figures (each row's expressions are what the grouping costs)."""
    counts = _counts(today)
    rows = parts.values(*keys).annotate(
        received=counts["received"],
        overdue=counts["overdue"],
        done=Count("assigned_at", filter=Q(state=State.DONE)),
        done_late=counts["done_late"],
    )
    return [
        (
            tuple(row[key] for key in keys),
            Tally(
                received=row["received"],
                open=row["received"] - row["overdue"] - row["done"],
                overdue=row["overdue"],
                done_on_time=row["done"] - row["done_late"],
                done_late=row["done_late"],
            ),
        )
        for row in rows.order_by()
    ]


def team_figures(scope: Scope, period: Period, *, today: datetime.date) -> Board:
    """A leader's figures for the period, in two grouped queries over the index (per unit and person; per bucket
    of the chain tops), rolled up into totals, buckets, units and people. Grouping both at once costs more than
    twice the time: the groups multiply."""
    parts = lead_parts(scope, period)
    top = ExpressionWrapper(Q(parent__isnull=True), output_field=BooleanField())
    totals, units, people = Tally(), defaultdict(Tally), defaultdict(Tally)
    for (unit_id, user_id, is_top), tally in _tallies(parts.annotate(top=top), ["unit_id", "user_id", "top"], today):
        if is_top:
            totals += tally
            if unit_id:
                units[unit_id] += tally
        if user_id:
            people[user_id] += tally
    bucket = Trunc("assigned_at", period.grain, output_field=DateField(), tzinfo=timezone.get_current_timezone())
    tops = parts.filter(parent__isnull=True).annotate(bucket=bucket)
    series = {first: tally for (first,), tally in _tallies(tops, ["bucket"], today)}
    return Board(
        period=period,
        totals=totals,
        series=[Bucket(period.bucket(first), series.get(first, Tally())) for first in period.bucket_starts()],
        units=_lines(units, Unit.objects.filter(pk__in=list(units)).values_list("pk", "name")),
        people=_lines(people, User.objects.filter(pk__in=list(people)).values_list("pk", "full_name")),
    )


def _lines(tallies: dict[int, Tally], labels) -> list[Line]:
    names = dict(labels)
    lines = [Line(key, names.get(key, str(key)), tally) for key, tally in tallies.items()]
    return sorted(lines, key=lambda line: (-line.tally.received, line.label, line.key))


@dataclass(frozen=True)
class Behind:
    """Which of a leader's figures a list shows: the figure, and a person's (every lead part they carry), a unit's
    (the top of the chains it leads) or, with neither, the totals' (the top of each chain)."""

    figure: str = "received"
    unit_id: int | None = None
    user_id: int | None = None


def team_rows(
    scope: Scope,
    period: Period,
    behind: Behind,
    *,
    today: datetime.date,
    parts: QuerySet[Assignment] | None = None,
) -> QuerySet[Assignment]:
    """The parts behind one of a leader's figures (counted by ``team_figures`` with the same conditions)."""
    rows = lead_parts(scope, period, parts)
    if behind.user_id is not None:
        rows = rows.filter(user_id=behind.user_id)
    elif behind.unit_id is not None:
        rows = rows.filter(unit_id=behind.unit_id, parent__isnull=True)
    else:
        rows = rows.filter(parent__isnull=True)
    return rows.filter(conditions(today)[behind.figure])


# ---- one's own figures ----------------------------------------------------------------------------------------------


OWN_FIGURES = ("open", "overdue", "done_on_time", "done_late")


@dataclass(frozen=True)
class Own:
    """A person's own parts: open and overdue now, done on time and late this month."""

    month: Period
    open: int
    overdue: int
    done_on_time: int
    done_late: int


def own_rows(
    person: Person, figure: str, *, today: datetime.date, parts: QuerySet[Assignment] | None = None
) -> QuerySet[Assignment]:
    """The parts behind one of the person's own figures: the parts named to them (information aside), open ones
    whatever their date, done ones done this month."""
    parts = Assignment.objects.all() if parts is None else parts
    mine = parts.filter(user_id=person.user.pk).exclude(role=Assignment.Role.INFO)
    if figure in ("done_on_time", "done_late"):
        first, after = this_month(today).bounds()
        mine = mine.filter(done_at__gte=first, done_at__lt=after)
    return mine.filter(conditions(today)[figure])


def own_figures(person: Person, *, today: datetime.date) -> Own:
    """Two small queries through the (user, state, due_on) index: the person's open parts, their parts done."""
    counts = _counts(today)
    now = own_rows(person, "received", today=today).filter(state=State.OPEN)
    first, after = this_month(today).bounds()
    done = own_rows(person, "received", today=today).filter(state=State.DONE, done_at__gte=first, done_at__lt=after)
    return Own(
        month=this_month(today),
        **now.aggregate(open=counts["open"], overdue=counts["overdue"]),
        **done.aggregate(done_on_time=counts["done_on_time"], done_late=counts["done_late"]),
    )
