"""Ủy quyền (issue 8 point 6): a leader lets another person of the agency act for them during a window; the
delegation ends by itself. Refused with a reason and nothing saved: to oneself, to someone outside the agency, a
window that ends before it starts or is already over, longer than a year, or overlapping another of the grantor's
(the database's exclusion constraint decides races)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import record_event
from apps.core.text import has_control_characters, normalize
from apps.people.access import Person
from apps.people.models import Membership, Role
from apps.registers.validation import Errors, add, raise_if_any

from .models import Delegation

MAX_WINDOW = datetime.timedelta(days=366)


def _errors(delegate: object, starts_at, ends_at, reason: str, *, by: Person) -> Errors:
    errors: Errors = {}
    if delegate is None or getattr(delegate, "pk", None) == by.user.pk:
        add(errors, "delegate", _("Delegate to another person of the agency."))
    elif not Membership.objects.filter(user=delegate, is_active=True).exists() or not delegate.is_active:
        add(errors, "delegate", _("%(name)s is not an active member of the agency.") % {"name": delegate})
    if starts_at is None or ends_at is None:
        add(errors, "ends_at", _("Give when the delegation starts and ends."))
    elif ends_at <= starts_at:
        add(errors, "ends_at", _("The delegation ends after it starts."))
    elif ends_at <= timezone.now():
        add(errors, "ends_at", _("The delegation would already be over."))
    elif ends_at - starts_at > MAX_WINDOW:
        add(errors, "ends_at", _("A delegation lasts at most a year."))
    if not reason:
        add(errors, "reason", _("Give the reason for the delegation (leave, mission…)."))
    elif len(reason) > 500 or has_control_characters(reason):
        add(errors, "reason", _("The reason has at most 500 characters, without control characters."))
    return errors


def delegate(
    delegate_user: object, starts_at: datetime.datetime, ends_at: datetime.datetime, reason: str, *, by: Person
) -> Delegation:
    """The leader ``by`` lets ``delegate_user`` act for them from ``starts_at`` until ``ends_at``."""
    if not by.has_role(Role.LEADER):
        raise PermissionDenied(_("Leaders delegate their direction."))
    reason = normalize(reason)
    raise_if_any(_errors(delegate_user, starts_at, ends_at, reason, by=by))
    try:
        with transaction.atomic():
            delegation = Delegation.objects.create(
                grantor=by.user,
                delegate=delegate_user,
                starts_at=starts_at,
                ends_at=ends_at,
                reason=reason,
                created_by=by.user,
            )
            window = [starts_at.isoformat(), ends_at.isoformat()]
            record_event(delegation, "delegated", by=by, changes={"delegate": str(delegate_user), "window": window})
    except IntegrityError as exc:
        raise ValidationError({"starts_at": _("It overlaps another of your delegations.")}) from exc
    return delegation


def revoke(delegation: Delegation, *, by: Person) -> Delegation:
    """The grantor (or an agency administrator) ends a delegation before its time."""
    if delegation.grantor_id != by.user.pk and not by.is_admin:
        raise PermissionDenied(_("Only the grantor ends a delegation early."))
    with transaction.atomic():
        delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
        if delegation.revoked_at is None and delegation.ends_at > timezone.now():
            delegation.revoked_at = timezone.now()
            delegation.save(update_fields=["revoked_at"])
            record_event(delegation, "revoked", by=by, changes={"revoked_at": delegation.revoked_at})
    return delegation
