from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "apps.registers"
    label = "registers"
    verbose_name = _("Registers and document types")

    def ready(self) -> None:
        from apps.audit.display import register_value_labels
        from apps.core.registry import register_menu

        from .export_views import print_menu
        from .models import Secrecy
        from .views import registers_menu

        register_menu(print_menu)
        register_menu(registers_menu)
        register_value_labels("level", Secrecy.choices)
