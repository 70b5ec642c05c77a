"""What the people app plugs into the web shell (apps.core.registry): the directory for every member and the
administrator's screens (people, units, positions) in the Quản trị dropdown."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.registry import ADMIN, NavItem

from .access import Person


def people_menu(request: HttpRequest, person: Person) -> list[NavItem]:
    if not person.memberships:
        return []
    items = [NavItem(reverse("people:directory"), _("Directory"), "journal-text")]
    if person.is_admin:
        items += [
            NavItem(reverse("people:members"), _("People"), "people", group=ADMIN),
            NavItem(reverse("people:units"), _("Units"), "diagram-3", group=ADMIN),
            NavItem(reverse("people:positions"), _("Positions"), "person-badge", group=ADMIN),
        ]
    return items
