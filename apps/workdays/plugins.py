"""What the working calendar adds to the shell: the administrator's "Lịch làm việc" menu entry."""

from apps.core.registry import register_menu

from .views import workdays_menu


def register() -> None:
    register_menu(workdays_menu)
