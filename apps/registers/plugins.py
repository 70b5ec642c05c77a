"""What the registers app plugs in: its menu entries (printing registers; the administrator's registers and
types), the printed register as a kind of export job, and the words of secrecy levels in the audit trail."""

from apps.audit.display import register_value_labels
from apps.core.registry import register_menu

from .export_jobs import REGISTER_PRINTOUTS
from .export_kinds import register_export_kind
from .export_views import print_menu
from .models import ExportJob, Secrecy
from .views import registers_menu


def register() -> None:
    register_menu(print_menu)
    register_export_kind(ExportJob.REGISTER, REGISTER_PRINTOUTS)
    register_menu(registers_menu)
    register_value_labels("level", Secrecy.choices)
