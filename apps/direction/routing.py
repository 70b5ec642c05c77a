"""Where a document goes first (Đ23: the clerk submits it to the leader who directs it): the default leader per
register or per recipient unit (``SubmissionRoute``), set by the agency administrator, proposed to the clerk, who
may choose another leader each time."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.services import record_event
from apps.documents.models import IncomingDocument
from apps.people.access import Person
from apps.registers.models import Secrecy, SecrecyClearance

from . import access
from .models import SubmissionRoute


def allowed_leaders(document: IncomingDocument) -> list:
    """The leaders the document may be submitted to: the agency's active leaders cleared for its secrecy level (in
    two queries, however many leaders)."""
    leaders = access.leaders()
    if document.secrecy != Secrecy.NONE:
        cleared = SecrecyClearance.objects.filter(level__in=Secrecy.values[Secrecy.rank(document.secrecy) :])
        leaders = leaders.filter(pk__in=cleared.values("user_id"))
    return list(leaders)


def default_leader(document: IncomingDocument, allowed: list | None = None):
    """The leader proposed for ``document``: the route of a recipient unit (the most precise), else its register's;
    None when no route names a leader it may go to."""
    allowed = allowed_leaders(document) if allowed is None else allowed
    by_pk = {user.pk: user for user in allowed}
    unit_ids = [r.unit_id for r in document.recipients.filter(unit__isnull=False).order_by("id")]
    routes = {r.unit_id: r.leader_id for r in SubmissionRoute.objects.filter(unit_id__in=unit_ids)}
    candidates = [routes[u] for u in unit_ids if u in routes]
    register_route = SubmissionRoute.objects.filter(register_id=document.register_id).first()
    if register_route is not None:
        candidates.append(register_route.leader_id)
    return next((by_pk[pk] for pk in candidates if pk in by_pk), None)


def _describe(route: SubmissionRoute) -> dict:
    return {"register": str(route.register or ""), "unit": str(route.unit or ""), "leader": str(route.leader)}


def save_route(route: SubmissionRoute, *, by: Person) -> SubmissionRoute:
    """Set the default leader of a register or of a unit (one of the two; one route each). Agency administrator
    only; the leader is an active leader of the agency."""
    if not by.is_admin:
        raise PermissionDenied(_("Only the agency administrator may change this."))
    errors: dict[str, list[str]] = {}
    if (route.register_id is None) == (route.unit_id is None):
        errors["register"] = [_("Choose a register or a unit (one of the two).")]
    if route.leader_id is None or not access.leaders().filter(pk=route.leader_id).exists():
        errors["leader"] = [_("The document is submitted to an active leader of the agency.")]
    taken = SubmissionRoute.objects.exclude(pk=route.pk)
    if route.register_id and taken.filter(register_id=route.register_id).exists():
        errors["register"] = [_("This register already has a default leader.")]
    if route.unit_id and taken.filter(unit_id=route.unit_id).exists():
        errors["unit"] = [_("This unit already has a default leader.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = route.pk is None
        before = _describe(SubmissionRoute.objects.get(pk=route.pk)) if not created else {}
        route.save()
        after = _describe(route)
        changes = after if created else {k: [before[k], v] for k, v in after.items() if before[k] != v}
        record_event(route, "created" if created else "updated", by=by, changes=changes)
    return route


def remove_route(route: SubmissionRoute, *, by: Person) -> None:
    """Remove a default route (documents of that register or unit then have no leader proposed)."""
    if not by.is_admin:
        raise PermissionDenied(_("Only the agency administrator may change this."))
    with transaction.atomic():
        record_event(route, "deleted", by=by, changes=_describe(route))
        route.delete()
