"""An incoming document's handling status (Appendix VI field 17: trạng thái xử lý): registered → assigned → in
progress → done. Only the work-direction app moves it, through ``set_handling_status``, inside its own
transaction; each change is audited and published as ``core.events.handling_changed`` in that transaction, so that
a subscriber (interop's status replies 04/05/06) writes its part atomically with the change."""

from django.db import transaction

from apps.audit.services import record_event
from apps.core.events import handling_changed

from .models import IncomingDocument

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
