"""How work direction plugs into the web shell (apps/core/registry.py), one function per part, each called from
DirectionConfig.ready()."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.registry import NavItem, register_header_item, register_home_block, register_menu
from apps.people.models import Role


def my_work_menu(request: HttpRequest, person) -> list[NavItem]:
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
