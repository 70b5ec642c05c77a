from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectionConfig(AppConfig):
    """Work direction (điều hành công việc): submissions to leaders, directions and assignments, tasks, deadlines
    (docs/direction.md)."""

    name = "apps.direction"
    label = "direction"
    verbose_name = _("Work direction")

    def ready(self) -> None:
        from . import plugins

        plugins.register_leader_side()
