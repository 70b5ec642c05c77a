"""What work direction adds to the shell (apps/core/registry.py), registered from DirectionConfig.ready()."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.registry import NavItem
from apps.people.access import Person


def dashboard_menu(request: HttpRequest, person: Person) -> list[NavItem]:
    """ "Tình hình giải quyết": every member's own figures, and a leader's units and people."""
    if not person.memberships:
        return []
    return [NavItem(reverse("direction:dashboard"), _("Handling situation"), "bar-chart-line")]
