"""How the outputs of work direction plug into the lower apps, from DirectionConfig.ready(): the export job kind
of the books and reports (registers.export_kinds), the Ngày chuyển / Ký nhận columns of the printed incoming
register (documents.register_rows), "In phiếu giải quyết" on an incoming document's page and the menu entry of the
page of books and reports (core.registry)."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.registry import NavItem, ObjectLink, register_menu, register_object_links

from .access import may_print_reports, may_print_slip


def slip_link(request: HttpRequest, person, document) -> list[ObjectLink]:
    """ "In phiếu giải quyết" for those who may print the document's handling slip."""
    if not person.memberships or not may_print_slip(person, document):
        return []
    return [ObjectLink(reverse("direction:slip", args=[document.pk]), _("Print handling slip"), "printer", True)]


def outputs_menu(request: HttpRequest, person) -> list[NavItem]:
    if may_print_reports(person):
        # In direction's dropdown of the menu (direction.plugins.DIRECTION).
        url = reverse("direction:outputs")
        return [NavItem(url, _("Reports, tracking books"), "clipboard-data", group="direction")]
    return []


def register() -> None:
    from apps.documents.register_rows import register_hand_over
    from apps.registers.export_kinds import register_export_kind

    from .handover import REGISTER_HAND_OVER
    from .services import DIRECTION_REPORTS, REPORT_KIND

    register_export_kind(REPORT_KIND, DIRECTION_REPORTS)
    register_hand_over(REGISTER_HAND_OVER)
    register_object_links("documents.incomingdocument", slip_link)
    register_menu(outputs_menu)
