from dataclasses import dataclass, replace

from django.db import connection
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name

from .agencies import agencies_of, agency_url
from .registry import ADMIN, HeaderItem, NavItem, header_providers, menu_groups, menu_providers


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
# The apps' own groups (registry.register_menu_group) first, the administrator's last.
ADMIN_GROUP = (_("Agency administration"), "gear")


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
    roles = person.ordered_roles if person is not None else []
    menu = SimpleLazyObject(lambda: _menu(request, on_public) if signed_in else [])
    return {
        "nav_items": SimpleLazyObject(lambda: [item for item in menu if not item.group or _alone(item, menu)]),
        "nav_groups": SimpleLazyObject(lambda: [group for group in _groups(menu) if not _alone(group.items[0], menu)]),
        "header_items": SimpleLazyObject(lambda: _header(request, person) if person is not None else []),
        "agency_links": SimpleLazyObject(lambda: _agency_links(request) if person is not None else []),
        "agency": None if on_public else tenant,
        "on_public_host": on_public,
        "current_roles": [(role.value, role.label) for role in roles],
    }


def _menu(request: HttpRequest, on_public: bool) -> list[NavItem]:
    items = [NavItem(reverse("home"), _("Home"), "house")]
    if on_public:
        if request.user.is_staff:
            items.append(NavItem("/people/", _("People"), "people"))
            items.append(NavItem("/workdays/", _("Working calendar"), "calendar3"))
            items.append(NavItem("/admin/", _("Administration"), "gear"))
    elif (person := getattr(request, "person", None)) is not None:
        items += [item for provider in menu_providers() for item in provider(request, person)]
    return mark_active(items, request.path)


def mark_active(items: list[NavItem], path: str) -> list[NavItem]:
    """The entry whose address is the longest prefix of ``path`` is the active one (/people/units/ lights
    Units, not People at /people/); the home page only on itself."""
    matching = [item.url for item in items if item.url != "/" and path.startswith(item.url)]
    best = max(matching, key=len, default="/" if path == "/" else None)
    return [replace(item, active=item.url == best) for item in items]


def _alone(item: NavItem, menu: list[NavItem]) -> bool:
    """An app's group holding one entry for this person is that entry, not a dropdown (the administrator's group
    stays one: its place is known)."""
    return item.group not in ("", ADMIN) and sum(1 for other in menu if other.group == item.group) == 1


def _groups(menu: list[NavItem]) -> list[NavGroup]:
    groups = {**menu_groups(), ADMIN: ADMIN_GROUP}
    grouped = [NavGroup(key, label, icon, [i for i in menu if i.group == key]) for key, (label, icon) in groups.items()]
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
