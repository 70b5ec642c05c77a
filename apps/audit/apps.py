from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "apps.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from apps.core.events import calendar_changed, rights_changed
        from apps.core.registry import register_header_item, register_home_section
        from apps.people.models import Role

        from .services import on_calendar_changed, on_rights_changed
        from .views import home_section, rights_badge

        rights_changed.connect(on_rights_changed, dispatch_uid="audit.rights_changed")
        calendar_changed.connect(on_calendar_changed, dispatch_uid="audit.calendar_changed")
        register_header_item(rights_badge)
        register_home_section(Role.ADMIN, "audit/home_rights_alerts.html", home_section)
