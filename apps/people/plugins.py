"""What the people app plugs into the web shell (apps.core.registry): the directory for every member, the
administrator's screens (people, units, positions) in the Quản trị dropdown, and the body of each role's home
panel — what the role needs to know about its people (the modules add their work above it as home sections)."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.agencies import example_abbreviation
from apps.core.registry import ADMIN, NavItem, register_home_panel, register_menu

from . import access
from .access import Person
from .models import Role


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


def leader_panel(person: Person) -> dict:
    """The units the leader leads (with those below them) and the people in them."""
    units = access.units_led_by(person)
    return {"units": units, "members": access.members_of_units(units, excluding=person)}


def clerk_panel(person: Person) -> dict:
    """How the documents of the clerk's unit are numbered, with this agency's abbreviation (01/SNV-VP)."""
    unit = person.primary.unit.abbreviation if person.primary else "VP"
    return {"notation_example": f"01/{example_abbreviation()}-{unit}"}


def specialist_panel(person: Person) -> dict:
    """The colleagues of the specialist's units, with their phones and e-mails."""
    return {"colleagues": access.colleagues_of(person)}


def admin_panel(person: Person) -> dict:
    """The agency's units, people and positions counted, for its administrator."""
    return {"summary": access.agency_summary(person)}


PANELS = {
    Role.LEADER: leader_panel,
    Role.CLERK: clerk_panel,
    Role.SPECIALIST: specialist_panel,
    Role.ADMIN: admin_panel,
}


def register() -> None:
    from . import agency_index

    register_menu(people_menu)
    for role, context in PANELS.items():
        register_home_panel(role.value, f"core/panels/{role.value}.html", context)
    agency_index.connect()
