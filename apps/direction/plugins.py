"""What work direction adds to the web shell and to the lower apps' registries (apps/core/registry.py,
apps/notifications/links.py), registered from DirectionConfig.ready()."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.registry import (
    ADMIN,
    Figure,
    NavItem,
    ObjectLink,
    register_header_item,
    register_home_block,
    register_menu,
    register_menu_group,
)
from apps.people.access import Person
from apps.people.models import Role

from . import access, queues
from .status import today
from .web.leader import flags, may_direct_now, submit_form, waiting_submissions

DIRECTION = "direction"  # the menu's dropdown of direction's secondary screens


def dashboard_menu(request: HttpRequest, person: Person) -> list[NavItem]:
    """ "Tình hình giải quyết": every member's own figures, and a leader's units and people."""
    if not person.memberships:
        return []
    return [NavItem(reverse("direction:dashboard"), _("Handling situation"), "bar-chart-line", group=DIRECTION)]


# ---- tasks: "Việc đã giao" in the menu, and where the bell's direction notifications lead -----------------------


def directed_menu(request: HttpRequest, person: Person) -> list[NavItem]:
    """ "Việc đã giao" for those who give tasks (leaders)."""
    if not access.may_give_task(person):
        return []
    return [NavItem(reverse("direction:directed"), _("Work I directed"), "send-check", group=DIRECTION)]


def register_tasks() -> None:
    from apps.notifications.links import register_link

    register_menu(directed_menu)
    # work_assigned is about a work; due_soon / overdue reminders about a reminder row (its part's work);
    # direction_waiting and urgent_incoming are about the document (documents registers its page).
    register_link("direction.work", lambda pk: reverse("direction:work", args=[pk]))
    register_link("direction.reminder", lambda pk: reverse("direction:reminder", args=[pk]))


def my_work_menu(request: HttpRequest, person: Person) -> list[NavItem]:
    """ "Việc của tôi" for every member; "Ủy quyền" for leaders."""
    if not person.memberships:
        return []
    items = [NavItem(reverse("direction:mine"), _("My work"), "list-check")]
    if person.has_role(Role.LEADER):
        delegations = reverse("direction:delegations")
        items.append(NavItem(delegations, _("Delegations"), "person-up", group=DIRECTION))
    return items


def register_my_work() -> None:
    """ "Việc của tôi": the menu entries, the header's count and the first block of the home page."""
    from .web import mine

    register_menu(my_work_menu)
    register_header_item(mine.header_item)
    register_home_block("direction/mine/home_block.html", mine.home_block, order=10)


# ---- the leader's side: the "Xử lý" panel on an incoming document, the queue's figure and menu entries ----------


def handling_panel(request: HttpRequest, person: Person, document) -> dict | None:
    """On an incoming document's page: to whom it was submitted and when, the direction and its chain (for those who
    may read the work), and the viewer's actions: submit (the clerk, the form itself: one tap after registering),
    direct or change the direction (a leader who may), open the work."""
    if not person.memberships:
        return None
    submission = document.submissions.select_related("leader", "submitted_by").order_by("-submitted_at", "-id").first()
    work = access.works_visible_to(person).filter(document=document).select_related("directed_by").first()
    chain = []
    if work is not None:
        shown = queues.with_chain(type(work).objects.filter(pk=work.pk), today()).get()
        chain = queues.in_tree_order(shown.shown_assignments)
    may_submit = access.may_submit(person, document)
    return {
        "document": document,
        "submission": submission,
        "work": work,
        "chain": chain,
        "may_direct": may_direct_now(person, document),
        "submit_form": submit_form(document) if may_submit else None,
        **flags(document),
    }


def submit_link(request: HttpRequest, person: Person, document) -> list[ObjectLink]:
    """At the top of a registered document's page, for the clerk: "Trình lãnh đạo", to the panel's form."""
    if access.may_submit(person, document):
        return [ObjectLink("#handling-submit", _("Submit to the leader"), "send", is_action=True)]
    return []


def waiting_figure(person: Person) -> Figure:
    """The leader's home figure "chờ ý kiến chỉ đạo": the queue's documents, urgent ones apart."""
    waiting = waiting_submissions(person).order_by()
    return Figure(
        url=reverse("direction:queue"),
        count=waiting.count(),
        urgent=waiting.filter(urgency_rank__gt=0).count(),
    )


def leader_menu(request: HttpRequest, person: Person) -> list[NavItem]:
    items = []
    if person.has_role(Role.LEADER):
        items.append(NavItem(reverse("direction:queue"), _("Waiting for direction"), "hourglass-split"))
    if person.is_admin:
        items.append(NavItem(reverse("direction:routes"), _("Submission routes"), "signpost-split", group=ADMIN))
    return items


def register_leader_side() -> None:
    from apps.core.registry import register_figure, register_menu, register_object_links, register_object_panel

    register_object_panel("documents.incomingdocument", "direction/leader/_handling_panel.html", handling_panel)
    register_figure("incoming.waiting_for_direction", waiting_figure)
    register_object_links("documents.incomingdocument", submit_link)
    register_menu(leader_menu)


def register() -> None:
    """Everything direction plugs into the lower apps."""
    from .outputs import plugins as outputs

    register_leader_side()
    register_menu_group(DIRECTION, _("Work direction"), "diagram-3")
    register_my_work()
    register_tasks()
    register_menu(dashboard_menu)
    outputs.register()
