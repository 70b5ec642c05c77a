from django.utils.translation import gettext_lazy as _

from apps.core import registry


class DirectionConfig(registry.PluginsConfig):
    """Work direction (điều hành công việc): submissions to leaders, directions and assignments, tasks, deadlines
    (docs/direction.md)."""

    name = "apps.direction"
    label = "direction"
    verbose_name = _("Work direction")
