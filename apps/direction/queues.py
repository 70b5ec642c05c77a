""" "Việc của tôi": every document and task that needs the person's action, and what they follow — as querysets
the pages, the header count and the API share. Ordered by urgency, then deadline (none last), then age.

Fast in an agency with a million assignments: a person's open parts come from the (user, state, due_on) and
(unit, state, due_on) indexes; only open rows (or the person's done ones, for the "done" view) are read."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet

from apps.people.access import Person, units_led_by

from .models import Assignment, ExtensionRequest, State, Submission, Work
from .status import Status, Today, status_expression

VIEWS = ("todo", "overdue", "week", "waiting", "following", "done")


def _mine(person: Person) -> Q:
    # The units the person leads, once per request (a page asks for several views and counts).
    if "led_unit_ids" not in person.memo:
        person.memo["led_unit_ids"] = [unit.pk for unit in units_led_by(person)]
    unit_ids = person.memo["led_unit_ids"]
    return Q(user_id=person.user.pk) | Q(unit_id__in=unit_ids) if unit_ids else Q(user_id=person.user.pk)


def _ordered(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    return queryset.order_by(
        F("work__urgency_rank").desc(), F("due_on").asc(nulls_last=True), "assigned_at", "id"
    ).select_related("work", "work__document", "unit", "user")


def assignments(person: Person, when: Today, view: str = "todo") -> QuerySet[Assignment]:
    """The person's parts for one view: ``todo`` (open parts to act on: lead and support), ``overdue``, ``week``
    (due by the end of this week), ``waiting`` (assigned and not started), ``following`` (kept informed, open),
    ``done`` (parts they finished, newest first)."""
    mine = Assignment.objects.filter(_mine(person))
    acting = mine.filter(state=State.OPEN).exclude(role=Assignment.Role.INFO)
    if view == "following":
        return _ordered(mine.filter(state=State.OPEN, role=Assignment.Role.INFO)).annotate(
            status=status_expression(when)
        )
    if view == "done":
        done = mine.filter(state=State.DONE).annotate(status=status_expression(when))
        return done.order_by("-done_at", "-id").select_related("work", "work__document", "unit", "user")
    if view == "overdue":
        acting = acting.filter(due_on__lt=when.today)
    elif view == "week":
        end_of_week = when.today + datetime.timedelta(days=6 - when.today.weekday())
        acting = acting.filter(due_on__gte=when.today, due_on__lte=end_of_week)
    elif view == "waiting":
        acting = acting.filter(started_at__isnull=True)
    return _ordered(acting).annotate(status=status_expression(when))


def submissions(person: Person, *, grantors: Iterable[Person] = ()) -> QuerySet[Submission]:
    """Documents waiting for the person's direction (chờ ý kiến chỉ đạo) — and for the ``grantors``' whose
    delegation the person carries —, most urgent first, then by arrival; a cancelled registration waits for no
    one."""
    leaders = [person.user.pk, *(grantor.user.pk for grantor in grantors)]
    return (
        Submission.objects.filter(
            leader_id__in=leaders, state=Submission.State.WAITING, document__cancelled_at__isnull=True
        )
        .select_related("document", "submitted_by")
        .order_by("-urgency_rank", "submitted_at", "id")
    )


def extension_requests(person: Person) -> QuerySet[ExtensionRequest]:
    """Requests for more time on work the person directed, waiting for their decision."""
    return (
        ExtensionRequest.objects.filter(
            decision=ExtensionRequest.Decision.PENDING, assignment__work__directed_by_id=person.user.pk
        )
        .select_related("assignment", "assignment__work", "requested_by")
        .order_by("requested_at", "id")
    )


def directed_by(person: Person, when: Today) -> QuerySet[Work]:
    """Open work the person directed or gave, to follow (the leader's "I follow")."""
    return (
        Work.objects.filter(directed_by_id=person.user.pk, state=State.OPEN)
        .annotate(status=status_expression(when, started_field="directed_at"))
        .order_by(F("urgency_rank").desc(), F("due_on").asc(nulls_last=True), "id")
    )


@dataclass(frozen=True)
class Counts:
    """The header's and the home page's figures."""

    to_direct: int
    to_do: int
    overdue: int
    to_decide: int

    @property
    def total(self) -> int:
        """What needs the person's action now (the badge)."""
        return self.to_direct + self.to_do + self.to_decide


def counts(person: Person, when: Today) -> Counts:
    acting = Assignment.objects.filter(_mine(person), state=State.OPEN).exclude(role=Assignment.Role.INFO)
    figures = acting.aggregate(to_do=Count("id"), overdue=Count("id", filter=Q(due_on__lt=when.today)))
    return Counts(
        to_direct=submissions(person).count(),
        to_do=figures["to_do"],
        overdue=figures["overdue"],
        to_decide=extension_requests(person).count(),
    )


__all__ = ["VIEWS", "Counts", "Status", "assignments", "counts", "directed_by", "extension_requests", "submissions"]


def with_chain(works: QuerySet[Work], when: Today) -> QuerySet[Work]:
    """``works`` with their chain of assignments (``shown_assignments``: each with its derived ``status``, its unit
    or person and its notes with their authors), in two more queries whatever the number of works."""
    chain = (
        Assignment.objects.annotate(status=status_expression(when))
        .select_related("unit", "user", "parent")
        .prefetch_related("notes__author")
        .order_by("parent_id", "id")
    )
    return works.prefetch_related(Prefetch("assignments", queryset=chain, to_attr="shown_assignments"))


def in_tree_order(assignments: list[Assignment]) -> list[tuple[Assignment, int]]:
    """The chain as it reads: each top assignment (lead first, then support, then information) followed by the
    re-assignments made under it, each with its depth (0 for the leader's own)."""
    rank = {Assignment.Role.LEAD: 0, Assignment.Role.SUPPORT: 1, Assignment.Role.INFO: 2}
    below: dict[int | None, list[Assignment]] = {}
    for assignment in sorted(assignments, key=lambda a: (rank.get(a.role, 3), a.pk)):
        below.setdefault(assignment.parent_id, []).append(assignment)
    rows: list[tuple[Assignment, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for assignment in below.get(parent_id, []):
            rows.append((assignment, depth))
            walk(assignment.pk, depth + 1)

    walk(None, 0)
    return rows
