from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "apps.registers"
    label = "registers"
    verbose_name = _("Registers and document types")

    def ready(self) -> None:
        from apps.audit.display import register_value_labels
        from apps.core.registry import register_menu

        from .export_jobs import REGISTER_PRINTOUTS
        from .export_kinds import register_export_kind
        from .export_views import print_menu
        from .models import ExportJob, Secrecy
        from .views import registers_menu

        register_menu(print_menu)
        register_export_kind(ExportJob.REGISTER, REGISTER_PRINTOUTS)
        register_menu(registers_menu)
        register_value_labels("level", Secrecy.choices)
