from dataclasses import replace

from django.db import connection
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name

from apps.people.models import Role

from .registry import HeaderItem, NavItem, header_providers, menu_providers

# The order roles are shown in, everywhere (header badges, home panels).
ROLE_ORDER = [Role.LEADER, Role.CLERK, Role.SPECIALIST, Role.ADMIN]


def _item(request: HttpRequest, url: str, label: str | Promise, icon: str, *, exact: bool = False) -> NavItem:
    path = request.path
    active = path == url if exact else path == url or path.startswith(url)
    return NavItem(url, label, icon, active)


def ordered_roles(roles: set[str]) -> list[Role]:
    return [role for role in ROLE_ORDER if role in roles]


def navigation(request: HttpRequest) -> dict:
    """Menu entries for the roles the person holds here, and which host (agency or province) this is.

    Only what exists is listed: modules that are not built yet get no menu entry."""
    tenant = getattr(request, "tenant", None)
    on_public = connection.schema_name == get_public_schema_name()
    items: list[NavItem] = []
    header_items: list[HeaderItem] = []
    roles: list[Role] = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        items.append(_item(request, reverse("home"), _("Home"), "house", exact=True))
        if on_public:
            if user.is_staff:
                items.append(_item(request, "/admin/", _("Administration"), "gear"))
        elif getattr(request, "person", None) is not None:  # absent on a suspended agency's page
            person = request.person
            roles = ordered_roles(person.roles)
            if person.memberships:
                items.append(_item(request, reverse("people:directory"), _("Directory"), "journal-text"))
            for provider in menu_providers():
                for item in provider(request, person):
                    items.append(replace(item, active=item.active or request.path.startswith(item.url)))
            for provider in header_providers():
                header_items += provider(request, person)
            if person.is_admin:
                units = _item(request, reverse("people:units"), _("Units"), "diagram-3")
                positions = _item(request, reverse("people:positions"), _("Positions"), "person-badge")
                people = _item(request, reverse("people:members"), _("People"), "people")
                # /people/ is a prefix of every screen of the section: it is active only when no other entry is.
                others_active = any(i.active for i in (units, positions, *items))
                items += [NavItem(people.url, people.label, people.icon, people.active and not others_active)]
                items += [units, positions]
    return {
        "nav_items": items,
        "header_items": header_items,
        "agency": None if on_public else tenant,
        "on_public_host": on_public,
        "current_roles": [(role.value, role.label) for role in roles],
    }
