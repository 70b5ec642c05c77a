"""What work direction adds to the web shell and to the lower apps' registries (apps/core/registry.py,
apps/notifications/links.py), registered from DirectionConfig.ready()."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.registry import NavItem, register_header_item, register_home_block, register_menu
from apps.people.access import Person
from apps.people.models import Role


def dashboard_menu(request: HttpRequest, person: Person) -> list[NavItem]:
    """ "Tình hình giải quyết": every member's own figures, and a leader's units and people."""
    if not person.memberships:
        return []
    return [NavItem(reverse("direction:dashboard"), _("Handling situation"), "bar-chart-line")]


# ---- tasks: "Việc đã giao" in the menu, and where the bell's direction notifications lead -----------------------


def directed_menu(request: HttpRequest, person: Person) -> list[NavItem]:
    """ "Việc đã giao" for those who give tasks (leaders)."""
    from . import access

    if not access.may_give_task(person):
        return []
    return [NavItem(reverse("direction:directed"), _("Work I directed"), "send-check")]


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
    path = request.path
    mine = reverse("direction:mine")
    items = [NavItem(mine, _("My work"), "list-check", active=path.startswith(mine))]
    if person.has_role(Role.LEADER):
        delegations = reverse("direction:delegations")
        items.append(NavItem(delegations, _("Delegations"), "person-up", active=path.startswith(delegations)))
    return items


def register_my_work() -> None:
    """ "Việc của tôi": the menu entries, the header's count and the first block of the home page."""
    from .web import mine

    register_menu(my_work_menu)
    register_header_item(mine.header_item)
    register_home_block("direction/mine/home_block.html", mine.home_block, order=10)


def register() -> None:
    """Everything direction plugs into the lower apps."""
    from .outputs import plugins as outputs

    register_my_work()
    register_tasks()
    register_menu(dashboard_menu)
    outputs.register()
