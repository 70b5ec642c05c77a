from django.utils.translation import gettext_lazy as _

from apps.core import registry


class AuditConfig(registry.PluginsConfig):
    name = "apps.audit"
    label = "audit"
    verbose_name = _("Audit trail")
