"""Where modules plug into the shell: menu entries, header icons, and a role's home panel (its body and sections).

A module's AppConfig is a ``PluginsConfig``: once every app is loaded, it calls the module's
``plugins.register()``, which registers here (and in the lower apps' own registries), e.g.::

    from apps.core.registry import NavItem, register_home_section, register_menu

    @register_menu
    def documents_menu(request, person):
        if person.has_role(Role.CLERK):
            return [NavItem(reverse("documents:incoming"), _("Incoming documents"), "inbox")]
        return []

    register_home_section(Role.CLERK, "documents/home_clerk.html", lambda person: {"waiting": ...})
    register_home_panel(Role.LEADER, "core/panels/leader.html", lambda person: {"units": ...})  # people's

    @register_header_item
    def bell(request, person):
        return [HeaderItem(reverse("notifications:list"), _("Notifications"), "bell", badge=unread)]

    register_home_block("direction/mine/home_block.html", mine.home_block, order=10)  # above every role panel

Only what exists is registered: a module that is not built yet shows nothing (no placeholder numbers)."""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.functional import Promise


class PluginsConfig(AppConfig):
    """The AppConfig of an agency module: its ``ready()`` runs ``<module>.plugins.register()``, the one place where
    the module plugs into the shell and into the apps below it (menu entries, home sections, header icons, printed
    registers' row sources, domain events), so that a newcomer finds every module's hooks in the same file.

    An apps.py imports this module, not the class: Django takes the one AppConfig class an apps.py holds as its
    app's, and would find two."""

    def ready(self) -> None:
        import_module(f"{self.name}.plugins").register()


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str | Promise
    icon: str  # a Bootstrap Icons name, without "bi-"
    active: bool = False
    group: str = ""  # entries of a group share one dropdown of the menu (ADMIN: the administrator's screens)


ADMIN = "admin"
_menu_groups: dict[str, tuple[str | Promise, str]] = {}


def register_menu_group(key: str, label: str | Promise, icon: str) -> None:
    """A dropdown of the menu for the entries whose ``group`` is ``key`` (an app's secondary screens), shown after
    the single entries in the order registered; the administrator's group (ADMIN) comes last."""
    _menu_groups.setdefault(key, (label, icon))


def menu_groups() -> dict[str, tuple[str | Promise, str]]:
    return dict(_menu_groups)


MenuProvider = Callable[[HttpRequest, object], list[NavItem]]
_menu_providers: list[MenuProvider] = []


def register_menu(provider: MenuProvider) -> MenuProvider:
    """``provider(request, person)`` returns the entries the person gets from a module (on agency hosts)."""
    if provider not in _menu_providers:
        _menu_providers.append(provider)
    return provider


def menu_providers() -> list[MenuProvider]:
    return list(_menu_providers)


@dataclass(frozen=True)
class HeaderItem:
    """An icon that stays visible in the header on every screen size (the bell), with an optional count."""

    url: str
    label: str | Promise
    icon: str  # a Bootstrap Icons name, without "bi-"
    badge: int | str = 0  # a count, or a capped one ("99+")
    badge_label: str | Promise = ""  # what the count is, for screen readers (default: unread)
    refresh_url: str = ""  # a fragment answering the badge alone: htmx asks it again every minute


HeaderProvider = Callable[[HttpRequest, object], list[HeaderItem]]
_header_providers: list[HeaderProvider] = []


def register_header_item(provider: HeaderProvider) -> HeaderProvider:
    """``provider(request, person)`` returns the header icons the person gets from a module (on agency hosts)."""
    if provider not in _header_providers:
        _header_providers.append(provider)
    return provider


def header_providers() -> list[HeaderProvider]:
    return list(_header_providers)


@dataclass(frozen=True)
class HomeSection:
    role: str
    template: str
    context: Callable[[object], dict]


_home_sections: list[HomeSection] = []


def register_home_section(role: str, template: str, context: Callable[[object], dict]) -> None:
    """Add ``template`` to the home panel of ``role``; ``context(person)`` gives its variables (as ``section``)."""
    section = HomeSection(role, template, context)
    if section not in _home_sections:
        _home_sections.append(section)


def home_sections(role: str) -> list[HomeSection]:
    return [section for section in _home_sections if section.role == role]


@dataclass(frozen=True)
class HomeBlock:
    template: str
    context: Callable[[object], dict]
    order: int = 100


_home_blocks: list[HomeBlock] = []


def register_home_block(template: str, context: Callable[[object], dict], *, order: int = 100) -> None:
    """A block at the top of the home page, above the role panels, whatever the person's roles ("Việc của tôi"):
    ``context(person)`` gives its variables (as ``home_block``) or declines with ``{"show": False}``. Blocks come by
    ``order`` (smaller first), then in the order they were registered."""
    block = HomeBlock(template, context, order)
    if block not in _home_blocks:
        _home_blocks.append(block)


def home_blocks() -> list[HomeBlock]:
    return sorted(_home_blocks, key=lambda block: block.order)


_home_panels: dict[str, HomeSection] = {}


def register_home_panel(role: str, template: str, context: Callable[[object], dict]) -> None:
    """The body of ``role``'s home panel, under its sections: what the role needs to know, from the app that owns the
    role (people: a leader's units, a specialist's colleagues). ``context(person)`` gives its variables (as
    ``panel``). A role's panel shows on the home page once its body is registered; the last registration counts."""
    _home_panels[role] = HomeSection(role, template, context)


def home_panel(role: str) -> HomeSection | None:
    return _home_panels.get(role)


@dataclass(frozen=True)
class ObjectLink:
    """A link a higher app adds to a lower app's object page: an action on it ("Trả lời" on an incoming document)
    or an object related to it (the draft that answers it)."""

    url: str
    label: str | Promise
    icon: str  # a Bootstrap Icons name, without "bi-"
    is_action: bool = False


LinkProvider = Callable[[HttpRequest, object, object], list[ObjectLink]]
_link_providers: dict[str, list[LinkProvider]] = {}


def register_object_links(object_type: str, provider: LinkProvider) -> None:
    """``provider(request, person, obj)`` returns the links a module adds to the page of an ``object_type``
    (``app_label.model``) object, e.g. outgoing's "reply" on documents.incomingdocument."""
    providers = _link_providers.setdefault(object_type, [])
    if provider not in providers:
        providers.append(provider)


def object_links(request: HttpRequest, obj) -> list[ObjectLink]:
    """Every module's links for ``obj``'s page, for the person of the request."""
    providers = _link_providers.get(obj._meta.label_lower, [])
    return [link for provider in providers for link in provider(request, request.person, obj)]


@dataclass(frozen=True)
class ObjectPanel:
    """A panel a higher app shows on a lower app's object page (direction's "Xử lý" on an incoming document): its
    template, rendered with ``panel`` set to its variables."""

    template: str
    context: dict


PanelProvider = Callable[[HttpRequest, object, object], dict | None]
_panel_providers: dict[str, list[tuple[str, PanelProvider]]] = {}


def register_object_panel(object_type: str, template: str, context: PanelProvider) -> None:
    """Add ``template`` to the page of an ``object_type`` (``app_label.model``) object; ``context(request, person,
    obj)`` gives its variables, or None when the person gets no panel (not allowed to see it)."""
    providers = _panel_providers.setdefault(object_type, [])
    if (template, context) not in providers:
        providers.append((template, context))


def object_panels(request: HttpRequest, obj) -> list[ObjectPanel]:
    """Every module's panels for ``obj``'s page, for the person of the request."""
    panels = []
    for template, provider in _panel_providers.get(obj._meta.label_lower, []):
        context = provider(request, request.person, obj)
        if context is not None:
            panels.append(ObjectPanel(template, context))
    return panels


@dataclass(frozen=True)
class Figure:
    """A figure a higher app gives for a lower app's home section, with the list behind it (the leader's documents
    waiting for direction: direction's queue)."""

    url: str
    count: int
    urgent: int = 0


FigureProvider = Callable[[object], Figure | None]
_figure_providers: dict[str, FigureProvider] = {}


def register_figure(name: str, provider: FigureProvider) -> None:
    """``provider(person)`` gives the figure ``name`` (e.g. ``incoming.waiting_for_direction``) and the list it
    opens; the last registration counts."""
    _figure_providers[name] = provider


def figure(name: str, person) -> Figure | None:
    """The figure ``name`` for ``person``, or None when no module gives it (the lower app's own count stands)."""
    provider = _figure_providers.get(name)
    return provider(person) if provider is not None else None
