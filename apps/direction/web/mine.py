""" "Việc của tôi" (issue 8 point 5): one page per person of every document and task part that needs their action,
by urgency then deadline, in the views of ``queues.VIEWS`` shown as tabs with their counts; the same figures in the
header (a badge htmx asks again every minute) and as the first block of the home page.

Fast in an agency with a million assignments: the rows and the counts are ``queues``' own queries (served by the
person's and their units' queue indexes); a page is found without counting (``quick_page``) and every count stops
at ``HOME_CAP`` ("99+")."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from apps.core.generic import ObjectListView
from apps.core.guards import members_only
from apps.core.paging import CappedCount, QuickPage, capped_count, quick_page
from apps.core.registry import HeaderItem
from apps.people.access import Person
from apps.people.models import Role
from apps.workdays.calendar import calendar_for

from .. import access, queues
from ..models import Assignment, Work
from ..status import Today, today

# Counts stop here, as the home page's ("99+"): a unit head's done parts grow without end.
HOME_CAP = 99
# The rows the home block shows of the person's work.
HOME_ROWS = 5
ICON = "list-check"
# A leader's extra view: the open work they directed or gave (queues.directed_by), to follow it to the end.
DIRECTED = "directed"
# The roles whose home page opens with their work.
WORKING_ROLES = (Role.LEADER, Role.CLERK, Role.SPECIALIST)


@dataclass(frozen=True)
class Tab:
    view: str
    label: str | Promise
    count: CappedCount

    @property
    def shown(self) -> str:
        return f"{HOME_CAP}+" if self.count.is_capped else str(self.count.count)


LABELS = {
    "todo": _("To do"),
    "overdue": _("Overdue"),
    "week": _("Due this week"),
    "waiting": _("Waiting for me"),
    "following": _("I follow"),
    "done": _("Done"),
    DIRECTED: _("I directed"),
}


def views_of(person: Person) -> tuple[str, ...]:
    return (*queues.VIEWS, DIRECTED) if person.has_role(Role.LEADER) else queues.VIEWS


def rows_of(person: Person, when: Today, view: str) -> QuerySet:
    """The rows of one view: the person's parts (Assignment), or for ``directed`` the work they directed (Work)."""
    return queues.directed_by(person, when) if view == DIRECTED else queues.assignments(person, when, view)


def tabs(person: Person, when: Today) -> list[Tab]:
    """Every view of the queue with its capped count (one bounded query each)."""
    return [Tab(v, LABELS[v], capped_count(rows_of(person, when, v), HOME_CAP)) for v in views_of(person)]


def with_days_left(assignments: list[Assignment | Work], when: Today) -> list[Assignment | Work]:
    """Each open part (or work) with its working days until its deadline: ``days_left`` ahead, ``days_late`` past
    (both 0 when none, e.g. a deadline passed over a weekend), ``due_today``."""
    calendar = calendar_for()
    for assignment in assignments:
        due = assignment.due_on
        days = calendar.working_days_between(when.today, due) if due and assignment.state == "open" else None
        assignment.shows_days = days is not None
        assignment.due_today = due == when.today
        assignment.days_left = max(days or 0, 0) if due and due > when.today else 0
        assignment.days_late = max(-(days or 0), 0) if due and due < when.today else 0
    return assignments


class MyWork(ObjectListView):
    """The person's queue in one of its views (``?view=``, ``todo`` by default); htmx refreshes the tabs and the
    table together (``#my-work``) when a tab or a page link is followed."""

    template_name = "direction/mine/list.html"
    table_template = "direction/mine/_queue.html"
    table_id = "my-work"
    page_size = 30

    def get_view(self) -> str:
        view = self.request.GET.get("view", "todo")
        return view if view in views_of(self.request.person) else "todo"

    def get_queryset(self) -> QuerySet:
        self.when = today()
        return rows_of(self.request.person, self.when, self.get_view())

    def get_page(self, queryset: QuerySet) -> QuickPage:
        page = quick_page(queryset, self.request.GET.get("page"), self.page_size)
        with_days_left(page.object_list, self.when)
        return page

    def get_context_data(self) -> dict:
        person = self.request.person
        view = self.get_view()
        can_delegate = person.has_role(Role.LEADER)
        return {
            "view": view,
            "tabs": tabs(person, self.when),
            "directed": view == DIRECTED,
            "can_delegate": can_delegate,
        }


my_work = members_only(MyWork.as_view())


def home_block(person: Person) -> dict:
    """The first block of the home page for every role with direction work: the most urgent parts and the counts;
    for a leader also the documents waiting for their direction and the pending extension requests."""
    if not any(person.has_role(role) for role in WORKING_ROLES):
        return {"show": False}
    when = today()
    rows = with_days_left(list(queues.assignments(person, when)[:HOME_ROWS]), when)
    block = {"show": True, "rows": rows, "tabs": tabs(person, when)}
    if person.has_role(Role.LEADER):
        block["submissions"] = list(queues.submissions(person)[:HOME_ROWS])
        block["submission_count"] = Tab("", "", capped_count(queues.submissions(person), HOME_CAP)).shown
        block["requests"] = list(queues.extension_requests(person)[:HOME_ROWS])
        block["request_count"] = Tab("", "", capped_count(queues.extension_requests(person), HOME_CAP)).shown
        block["waiting_url"] = reverse("direction:queue")
    return block


def header_total(person: Person, when: Today) -> int | str:
    """What waits for the person's action now (``queues.Counts.total``: to direct — their grantors' documents too,
    under a delegation in force —, to do, to decide), each part counted up to the cap."""
    parts = [
        capped_count(queues.submissions(person, grantors=access.grantors_of(person)), HOME_CAP),
        capped_count(queues.assignments(person, when, "todo"), HOME_CAP),
        capped_count(queues.extension_requests(person), HOME_CAP),
    ]
    total = sum(part.count for part in parts)
    return f"{HOME_CAP}+" if total > HOME_CAP or any(part.is_capped for part in parts) else total


def header_item(request: HttpRequest, person: Person, *, counted: bool = False) -> list[HeaderItem]:
    """The header's icon of the person's work (registered in AppConfig.ready). A page draws it without its count
    (no query): htmx asks the badge (``counted``) as soon as the page has loaded, then every minute."""
    if not person.memberships:
        return []
    return [
        HeaderItem(
            reverse("direction:mine"),
            _("My work"),
            ICON,
            badge=header_total(person, today()) if counted else 0,
            badge_label=_("waiting for your action"),
            refresh_url=reverse("direction:mine-badge"),
        )
    ]


@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The header's badge alone, for htmx's poll. Logged out (or no longer a member here): an empty badge with the
    status 286, on which htmx stops polling, rather than the login page swapped into the header."""
    person = getattr(request, "person", None)
    if not request.user.is_authenticated or person is None or not person.memberships:
        item = HeaderItem("", "", ICON)
        return render(request, "core/_header_badge.html", {"item": item, "stop": True}, status=286)
    item = header_item(request, person, counted=True)[0]
    return render(request, "core/_header_badge.html", {"item": item, "polled": True})


urlpatterns = [
    path("mine/", my_work, name="mine"),
    path("mine/badge/", badge, name="mine-badge"),
]
