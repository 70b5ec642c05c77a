from django.utils.translation import gettext_lazy as _

from apps.core import registry


class RegistersConfig(registry.PluginsConfig):
    name = "apps.registers"
    label = "registers"
    verbose_name = _("Registers and document types")
