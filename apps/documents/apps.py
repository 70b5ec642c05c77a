from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "apps.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from django.urls import reverse

        from apps.core.registry import register_home_section, register_menu
        from apps.notifications.links import register_link
        from apps.people.models import Role
        from apps.registers.exports import register_row_source
        from apps.registers.models import Register

        from . import plugins
        from .fulltext import register_source
        from .register_rows import INCOMING_ROWS

        register_menu(plugins.documents_menu)
        register_home_section(Role.CLERK, "documents/home_clerk.html", plugins.clerk_section)
        register_home_section(Role.LEADER, "documents/home_leader.html", plugins.leader_section)
        register_link("documents.incomingdocument", lambda pk: reverse("documents:incoming-detail", args=[pk]))
        register_row_source(Register.Kind.INCOMING, INCOMING_ROWS)
        register_source(plugins.INCOMING_FULLTEXT)
