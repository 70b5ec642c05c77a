"""How the outgoing app plugs into the web shell (apps/core/registry.py): the "Văn bản đi" menu entry for every
member, a section on each role's home panel counting the drafts waiting for the person, and where the bell's
notifications about outgoing drafts and documents lead (apps/notifications/links.py)."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.registry import NavItem, ObjectLink, register_home_section, register_menu, register_object_links
from apps.documents.fulltext import Source, register_source
from apps.people.models import Role


def outgoing_menu(request: HttpRequest, person) -> list[NavItem]:
    if not person.memberships:
        return []
    return [NavItem(reverse("outgoing:work"), _("Outgoing documents"), "send")]


# Roles that act on drafts, in the order their home panels are shown (apps.people.models.ROLE_ORDER).
ACTING_ROLES = (Role.LEADER, Role.CLERK, Role.SPECIALIST)


def waiting_section(person, role: str) -> dict:
    """The drafts waiting for the person (the same list as the work page), shown once: on the first panel of the
    roles that act on drafts."""
    from . import access

    first = next((r for r in ACTING_ROLES if person.has_role(r)), None)
    if role != first:
        return {"show": False}
    waiting = access.drafts_waiting_for(person)
    return {"show": True, "waiting_count": waiting.count(), "work_url": reverse("outgoing:work")}


def incoming_links(request: HttpRequest, person, document) -> list[ObjectLink]:
    """On an incoming document's page: "Trả lời" (a new draft in reply to it, for every member who sees it; not on a
    cancelled registration) and the drafts replying to it that the person may see."""
    from . import access

    if not person.memberships:
        return []
    links = []
    if not getattr(document, "is_cancelled", False):
        url = f"{reverse('outgoing:draft-add')}?reply_to={document.pk}"
        links.append(ObjectLink(url, _("Reply"), "reply", is_action=True))
    replies = access.drafts_visible_to(person).filter(in_reply_to_id=document.pk).select_related("document")
    for draft in replies.order_by("created_at", "id")[:20]:
        issued = getattr(draft, "document", None)
        label = _("Reply %(ref)s: %(subject)s") % {
            "ref": issued.number_and_notation if issued else draft.get_state_display(),
            "subject": draft.subject,
        }
        links.append(ObjectLink(reverse("outgoing:draft", args=[draft.pk]), label, "reply"))
    return links


def _section_for(role: str):
    return lambda person: waiting_section(person, role)


def register() -> None:
    from apps.notifications.links import register_link
    from apps.registers.exports import register_row_source
    from apps.registers.models import Register

    from .register_rows import OUTGOING_ROWS

    register_menu(outgoing_menu)
    register_object_links("documents.incomingdocument", incoming_links)
    # The bell opens a notification about a review step or a document on the draft's page (after the access check).
    register_link("outgoing.reviewstep", lambda pk: reverse("outgoing:step", args=[pk]))
    register_link("outgoing.outgoingdocument", lambda pk: reverse("outgoing:document", args=[pk]))
    for role in ACTING_ROLES:
        register_home_section(role, "outgoing/home_section.html", _section_for(role))
    register_row_source(Register.Kind.OUTGOING, OUTGOING_ROWS)
    register_fulltext()


def _outgoing_fields(document) -> list[str]:
    """What the full-text index holds of an issued document besides its files: number and notation as written,
    subject, signer and the places it is sent to."""
    from .search import recipient_names

    return [
        document.number_and_notation,
        document.subject,
        document.signer_name,
        *recipient_names(document.recipients_text),
    ]


def _outgoing_files(document) -> list[int]:
    from .models import DraftFile

    return list(DraftFile.objects.filter(version_id=document.version_id).values_list("file_id", flat=True))


def _holding(file_ids: list[int]):
    from .models import OutgoingDocument

    return OutgoingDocument.objects.filter(version__files__file_id__in=file_ids).values("pk")


def register_fulltext() -> None:
    """Issued documents join the full-text index of apps.documents.fulltext."""
    from .models import OutgoingDocument

    register_source(Source(model=OutgoingDocument, fields=_outgoing_fields, file_ids=_outgoing_files, holding=_holding))
