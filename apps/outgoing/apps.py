from django.utils.translation import gettext_lazy as _

from apps.core import registry


class OutgoingConfig(registry.PluginsConfig):
    name = "apps.outgoing"
    label = "outgoing"
    verbose_name = _("Outgoing documents")
