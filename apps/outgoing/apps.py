from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutgoingConfig(AppConfig):
    name = "apps.outgoing"
    label = "outgoing"
    verbose_name = _("Outgoing documents")

    def ready(self) -> None:
        from apps.registers.exports import register_row_source
        from apps.registers.models import Register

        from . import plugins
        from .register_rows import OUTGOING_ROWS

        plugins.register()
        plugins.register_fulltext()
        register_row_source(Register.Kind.OUTGOING, OUTGOING_ROWS)
