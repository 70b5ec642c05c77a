"""An incoming document's handling status (Appendix VI field 17: trạng thái xử lý): registered → assigned → in
progress → done. Only the work-direction app moves it, through ``set_handling_status``, inside its own
transaction; each change is audited and published as ``core.events.handling_changed`` in that transaction, so that
a subscriber (interop's status replies 04/05/06) writes its part atomically with the change."""

from django.db import transaction

from apps.audit.services import record_event
from apps.core.events import handling_changed

from .models import IncomingDocument, IncomingRecipient

ORDER = [
    IncomingDocument.Status.REGISTERED,
    IncomingDocument.Status.ASSIGNED,
    IncomingDocument.Status.IN_PROGRESS,
    IncomingDocument.Status.DONE,
]


def set_handling_status(document: IncomingDocument, status: str, *, by: object, forward_only: bool = True) -> bool:
    """Move the document to ``status``; returns whether it changed. ``forward_only`` (the default) never moves it
    back (a late progress note on a done document leaves it done); taking an assignment back passes False."""
    with transaction.atomic():
        current = IncomingDocument.objects.select_for_update().values_list("status", flat=True).get(pk=document.pk)
        if current == status or (forward_only and ORDER.index(status) < ORDER.index(current)):
            document.status = current
            return False
        IncomingDocument.objects.filter(pk=document.pk).update(status=status)
        document.status = status
        record_event(document, "handling_changed", by=by, changes={"status": [current, status]})
        handling_changed.send(sender=IncomingDocument, document=document, before=current, after=status, by=by)
    return True


def add_handlers(document: IncomingDocument, *, units: list, users: list, by: object) -> None:
    """The document is transferred (chuyển) to the units and people who handle it: they become its recipients, so
    they find and read it as any recipient does (``access.incoming_visible_to`` reads the recipient copies). Those
    already there are left as they are. Inside the caller's transaction."""
    with transaction.atomic():
        locked = IncomingDocument.objects.select_for_update().get(pk=document.pk)
        new_units = sorted({u.pk for u in units} - set(locked.recipient_unit_ids))
        new_users = sorted({u.pk for u in users} - set(locked.recipient_user_ids))
        if not new_units and not new_users:
            return
        rows = [IncomingRecipient(document=locked, unit_id=pk) for pk in new_units]
        rows += [IncomingRecipient(document=locked, user_id=pk) for pk in new_users]
        IncomingRecipient.objects.bulk_create(rows, ignore_conflicts=True)
        locked.recipient_unit_ids = sorted(set(locked.recipient_unit_ids) | set(new_units))
        locked.recipient_user_ids = sorted(set(locked.recipient_user_ids) | set(new_users))
        locked.save(update_fields=["recipient_unit_ids", "recipient_user_ids"])
        document.recipient_unit_ids, document.recipient_user_ids = locked.recipient_unit_ids, locked.recipient_user_ids
        names = [str(u) for u in units if u.pk in new_units] + [str(u) for u in users if u.pk in new_users]
        record_event(document, "transferred", by=by, changes={"to": names})
