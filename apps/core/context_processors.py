from dataclasses import dataclass, replace

from django.db import connection
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name

from apps.people.models import Role

from .agencies import agencies_of, agency_url
from .registry import ADMIN, HeaderItem, NavItem, header_providers, menu_providers

# The order roles are shown in, everywhere (header badges, home panels).
ROLE_ORDER = [Role.LEADER, Role.CLERK, Role.SPECIALIST, Role.ADMIN]


def _item(request: HttpRequest, url: str, label: str | Promise, icon: str, *, exact: bool = False) -> NavItem:
    path = request.path
    active = path == url if exact else path == url or path.startswith(url)
    return NavItem(url, label, icon, active)


@dataclass(frozen=True)
class NavGroup:
    """A dropdown of the menu holding the entries of one group."""

    key: str
    label: str | Promise
    icon: str
    items: list[NavItem]

    @property
    def active(self) -> bool:
        return any(item.active for item in self.items)


# The menu's groups, shown after the single entries: a person with several roles keeps a one-line menu at 1280 px.
GROUPS = {ADMIN: (_("Agency administration"), "gear")}


def ordered_roles(roles: set[str]) -> list[Role]:
    return [role for role in ROLE_ORDER if role in roles]


def navigation(request: HttpRequest) -> dict:
    """Menu entries for the roles the person holds here, the header's icons, and which host (agency or province)
    this is. Entries and icons are computed only when a template shows them: an htmx fragment costs no query
    for a menu it does not draw.

    Only what exists is listed: modules that are not built yet get no menu entry."""
    tenant = getattr(request, "tenant", None)
    on_public = connection.schema_name == get_public_schema_name()
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    # Absent on a suspended agency's page.
    person = getattr(request, "person", None) if signed_in and not on_public else None
    roles = ordered_roles(person.roles) if person is not None else []
    menu = SimpleLazyObject(lambda: _menu(request, on_public) if signed_in else [])
    return {
        "nav_items": SimpleLazyObject(lambda: [item for item in menu if not item.group]),
        "nav_groups": SimpleLazyObject(lambda: _groups(menu)),
        "header_items": SimpleLazyObject(lambda: _header(request, person) if person is not None else []),
        "agency_links": SimpleLazyObject(lambda: _agency_links(request) if person is not None else []),
        "agency": None if on_public else tenant,
        "on_public_host": on_public,
        "current_roles": [(role.value, role.label) for role in roles],
    }


def _menu(request: HttpRequest, on_public: bool) -> list[NavItem]:
    items = [_item(request, reverse("home"), _("Home"), "house", exact=True)]
    if on_public:
        if request.user.is_staff:
            items.append(_item(request, "/people/", _("People"), "people"))
            items.append(_item(request, "/admin/", _("Administration"), "gear"))
        return items
    person = getattr(request, "person", None)
    if person is None:
        return items
    if person.memberships:
        items.append(_item(request, reverse("people:directory"), _("Directory"), "journal-text"))
    for provider in menu_providers():
        for item in provider(request, person):
            items.append(replace(item, active=item.active or request.path.startswith(item.url)))
    if person.is_admin:
        units = replace(_item(request, reverse("people:units"), _("Units"), "diagram-3"), group=ADMIN)
        positions = replace(_item(request, reverse("people:positions"), _("Positions"), "person-badge"), group=ADMIN)
        people = _item(request, reverse("people:members"), _("People"), "people")
        # /people/ is a prefix of every screen of the section: it is active only when no other entry is.
        others_active = any(i.active for i in (units, positions, *items))
        items = [replace(people, active=people.active and not others_active, group=ADMIN), units, positions, *items]
    return items


def _groups(menu: list[NavItem]) -> list[NavGroup]:
    grouped = [NavGroup(key, label, icon, [i for i in menu if i.group == key]) for key, (label, icon) in GROUPS.items()]
    return [group for group in grouped if group.items]


def _header(request: HttpRequest, person) -> list[HeaderItem]:
    return [item for provider in header_providers() for item in provider(request, person)]


def _agency_links(request: HttpRequest) -> list[dict]:
    """The agencies the person works in, each a link to its host, for the header's switcher (one public query)."""
    current = connection.schema_name
    return [
        {
            "url": agency_url(request, link.host),
            "label": link.short_name,
            "title": link.name,
            "current": link.schema_name == current,
        }
        for link in agencies_of(request.user)
    ]
