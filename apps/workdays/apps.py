from django.utils.translation import gettext_lazy as _

from apps.core import registry


class WorkdaysConfig(registry.PluginsConfig):
    name = "apps.workdays"
    label = "workdays"
    verbose_name = _("Working calendar")
