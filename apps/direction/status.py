"""What people see of a work or an assignment, derived from its stored state and dates — never stored twice
(issue 8: waiting, in progress, due soon, overdue, done on time, done late).

The lists compute it in SQL (``status_expression``) so that "Việc của tôi" filters and sorts on it; a single
object computes it in Python (``status_of``). Both take the same two dates: today, and the last day that counts
as "due soon" (today plus ``DUE_SOON_WORKING_DAYS`` working days, from the agency's calendar)."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.workdays.calendar import calendar_for

from .models import State

DUE_SOON_WORKING_DAYS = 2


class Status(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    IN_PROGRESS = "in_progress", _("In progress")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    DONE_ON_TIME = "done_on_time", _("Done on time")
    DONE_LATE = "done_late", _("Done late")
    WITHDRAWN = "withdrawn", _("Withdrawn")


@dataclass(frozen=True)
class Today:
    """The two dates every derived status is read against."""

    today: datetime.date
    due_soon_until: datetime.date


def status_expression(when: Today, *, started_field: str = "started_at") -> Case:
    """The derived status as a SQL expression over a model with ``state``, ``due_on``, ``done_at`` and
    ``started_field`` (Assignment; Work passes ``directed_at``-less works through the same fields)."""
    done_day = TruncDate("done_at", tzinfo=timezone.get_current_timezone())
    return Case(
        When(state=State.WITHDRAWN, then=Value(Status.WITHDRAWN)),
        When(Q(state=State.DONE) & (Q(due_on__isnull=True) | Q(due_on__gte=done_day)), then=Value(Status.DONE_ON_TIME)),
        When(state=State.DONE, then=Value(Status.DONE_LATE)),
        When(due_on__lt=when.today, then=Value(Status.OVERDUE)),
        When(due_on__lte=when.due_soon_until, then=Value(Status.DUE_SOON)),
        When(**{f"{started_field}__isnull": False}, then=Value(Status.IN_PROGRESS)),
        default=Value(Status.WAITING),
        output_field=models.CharField(),
    )


def status_of(
    *,
    state: str,
    due_on: datetime.date | None,
    done_at: datetime.datetime | None,
    started: bool,
    when: Today,
) -> Status:
    """The same rule as ``status_expression``, for one object already in memory."""
    if state == State.WITHDRAWN:
        return Status.WITHDRAWN
    if state == State.DONE:
        done_day = timezone.localdate(done_at) if done_at else when.today
        return Status.DONE_ON_TIME if due_on is None or done_day <= due_on else Status.DONE_LATE
    if due_on is not None and due_on < when.today:
        return Status.OVERDUE
    if due_on is not None and due_on <= when.due_soon_until:
        return Status.DUE_SOON
    return Status.IN_PROGRESS if started else Status.WAITING


def today(day: datetime.date | None = None) -> Today:
    """Today (or ``day``) in the current agency, and the last day that counts as "due soon":
    ``DUE_SOON_WORKING_DAYS`` working days ahead in the agency's calendar (weekends, holidays and its exceptions
    skipped)."""
    day = day or timezone.localdate()
    return Today(today=day, due_soon_until=calendar_for().add_working_days(day, DUE_SOON_WORKING_DAYS))
