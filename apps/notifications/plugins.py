"""What the notifications app adds to the shell: the bell in the header."""

from apps.core.registry import register_header_item

from .views import bell


def register() -> None:
    register_header_item(bell)
