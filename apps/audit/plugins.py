"""What the audit app plugs into: the events of changed rights and calendars (apps.core.events), and, for the
agency's administrators, the header badge and the home section of the alerts waiting for a confirmation."""

from apps.core.events import calendar_changed, rights_changed
from apps.core.registry import register_header_item, register_home_section
from apps.people.models import Role

from .services import on_calendar_changed, on_rights_changed
from .views import home_section, rights_badge


def register() -> None:
    rights_changed.connect(on_rights_changed, dispatch_uid="audit.rights_changed")
    calendar_changed.connect(on_calendar_changed, dispatch_uid="audit.calendar_changed")
    register_header_item(rights_badge)
    register_home_section(Role.ADMIN, "audit/home_rights_alerts.html", home_section)
