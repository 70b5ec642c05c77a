"""Who is told what after each step of an outgoing document: the next actor of a draft, and the people inside the
agency a document is issued to or recalled from. Run by the Celery tasks in tasks.py after the commit; a
notification is made once per person, kind and object, so a retried task adds nothing."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.notifications.models import Notification
from apps.notifications.services import notify
from apps.people.models import Membership, Role
from apps.registers.models import Secrecy, SecrecyClearance

from . import access
from .models import Draft, OutgoingDocument, ReviewStep

Stage, Decision, State = ReviewStep.Stage, ReviewStep.Decision, Draft.State


def _cleared(user_ids: set[int], secrecy: str) -> set[int]:
    """Those of ``user_ids`` cleared for ``secrecy`` (everyone for an ordinary document)."""
    if secrecy == Secrecy.NONE or not user_ids:
        return user_ids
    levels = Secrecy.values[Secrecy.rank(secrecy) :]
    cleared = SecrecyClearance.objects.filter(user_id__in=user_ids, level__in=levels)
    return set(cleared.values_list("user_id", flat=True))


def _clerks(secrecy: str) -> set[int]:
    ids = set(Membership.objects.filter(is_active=True, roles__contains=[Role.CLERK]).values_list("user_id", flat=True))
    return _cleared(ids, secrecy)


def step_recipients(step: ReviewStep) -> tuple[str, set[int]]:
    """(kind, people) to tell after ``step``: the next actor, or the drafter when it was returned."""
    draft = step.draft
    if step.decision == Decision.RETURN:
        return Notification.Kind.DRAFT_RETURNED, {draft.drafter_id}
    if step.stage == Stage.SUBMISSION:
        if draft.reviewer_id is not None:
            people = {draft.reviewer_id}
        else:
            people = set(access.heads_of(draft.drafting_unit_id).values_list("user_id", flat=True))
    elif step.stage == Stage.FORMAT_CHECK:
        people = {draft.signer_id}
    else:  # after the content review: the format check; after the signer's approval: issuing — both clerks
        people = _clerks(draft.secrecy)
    return Notification.Kind.DRAFT_WAITING, people - {step.by_id}


def step_message(step: ReviewStep) -> str:
    draft = step.draft
    values = {"subject": draft.subject, "version": step.version, "comment": step.comment}
    with override(settings.LANGUAGE_CODE):
        if step.decision == Decision.RETURN:
            return _("Your draft was returned (version %(version)s): %(subject)s — %(comment)s") % values
        return {
            Stage.SUBMISSION: _("Draft for your content review (version %(version)s): %(subject)s"),
            Stage.CONTENT_REVIEW: _("Draft for the format check (version %(version)s): %(subject)s"),
            Stage.FORMAT_CHECK: _("Draft for your approval (version %(version)s): %(subject)s"),
            Stage.APPROVAL: _("Approved draft to be issued (version %(version)s): %(subject)s"),
        }[step.stage] % values


def notify_step(step: ReviewStep) -> int:
    """Tell the next actor that a draft waits for them (or the drafter that it came back). Returns how many
    notifications were made."""
    kind, people = step_recipients(step)
    return notify(sorted(p for p in people if p), kind=kind, message=step_message(step), about=step)


def document_recipients(document: OutgoingDocument) -> set[int]:
    """The drafter, and inside the agency the people it is sent to and the leaders of the units it is sent to; for
    a secret document, unit leaders only when cleared for it."""
    draft = document.draft
    personal = {draft.drafter_id} | set(draft.recipients.filter(user__isnull=False).values_list("user_id", flat=True))
    unit_ids = list(draft.recipients.filter(unit__isnull=False).values_list("unit_id", flat=True))
    unit_leaders = set(
        Membership.objects.filter(unit_id__in=unit_ids, is_active=True, roles__contains=[Role.LEADER]).values_list(
            "user_id", flat=True
        )
    )
    return personal | _cleared(unit_leaders, document.secrecy)


def notify_document(document: OutgoingDocument, event: str) -> int:
    """Tell the people of the agency concerned that the document was issued or recalled."""
    values = {"ref": document.number_and_notation, "subject": document.subject, "reason": document.recall_reason}
    with override(settings.LANGUAGE_CODE):
        if event == "recalled":
            kind = Notification.Kind.OUTGOING_RECALLED
            message = _("Recalled: %(ref)s — %(subject)s. Reason: %(reason)s") % values
            people = document_recipients(document) - {document.recalled_by_id}
        else:
            kind = Notification.Kind.OUTGOING_ISSUED
            message = _("Issued: %(ref)s — %(subject)s") % values
            people = document_recipients(document) - {document.issued_by_id}
    return notify(sorted(people), kind=kind, message=message, about=document)
