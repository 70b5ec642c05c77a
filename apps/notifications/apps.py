from django.utils.translation import gettext_lazy as _

from apps.core import registry


class NotificationsConfig(registry.PluginsConfig):
    name = "apps.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
