from django.utils.translation import gettext_lazy as _

from apps.core import registry


class DocumentsConfig(registry.PluginsConfig):
    name = "apps.documents"
    label = "documents"
    verbose_name = _("Documents")
