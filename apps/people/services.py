"""State changes of units, positions and memberships. Views, the API and commands call these.

Every service takes ``by``, the acting person (or ``access.SYSTEM`` for provisioning and the demo loader), checks
that they may manage the agency's people, owns its transaction and publishes ``core.events.rights_changed`` with
the state before and after, inside that transaction: the audit trail subscribes to it and records who changed
whose rights, when, before → after, and alerts the agency's administrators (Decree 30, Appendix VI)."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.events import RightsChange, rights_changed

from .access import SYSTEM, Person, SystemActor
from .defaults import OFFICE
from .models import Membership, Position, Role, Unit

User = get_user_model()
Actor = Person | SystemActor


def _ensure_may_manage(by: Actor) -> None:
    """Only the agency's administrators (or the system itself) change units, positions and people."""
    if by is not SYSTEM and not by.is_admin:
        raise PermissionDenied(_("Only the agency administrator may change this."))


def _publish(change: RightsChange) -> None:
    """Tell the subscribers (the audit trail) inside the caller's transaction; a change that changes nothing is
    not an event."""
    if change.before != change.after:
        rights_changed.send(sender=type(change.target), change=change)


def _unit_state(unit: Unit) -> dict[str, Any]:
    parent = unit.parent if unit.parent_id else None
    return {
        "name": unit.name,
        "abbreviation": unit.abbreviation,
        "parent": str(parent) if parent else None,
        "order": unit.order,
        "is_active": unit.is_active,
    }


def _position_state(position: Position) -> dict[str, Any]:
    return {"name": position.name, "rank": position.rank, "is_leadership": position.is_leadership}


def _membership_state(membership: Membership) -> dict[str, Any]:
    return {
        "unit": f"{membership.unit} ({membership.unit.abbreviation})",
        "position": str(membership.position),
        "roles": sorted(membership.roles),
        "is_active": membership.is_active,
    }


def _membership_label(membership: Membership) -> str:
    return f"{membership.user.full_name} ({membership.user.username})"


def ensure_admin_membership(user: User, *, by: Actor) -> Membership:
    """Give ``user`` the agency-admin role in the office unit (the agency's first administrator)."""
    _ensure_may_manage(by)
    unit = (
        Unit.objects.filter(abbreviation=OFFICE[1], is_active=True).first()
        or Unit.objects.filter(is_active=True).first()
    )
    position = Position.objects.order_by("-rank").first()
    if unit is None or position is None:
        raise ValidationError(_("The agency has no unit or position to place its administrator in."))
    membership = Membership.objects.filter(user=user, roles__contains=[Role.ADMIN], is_active=True).first()
    if membership:
        return membership
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, unit=unit, position=position, defaults={"roles": [Role.ADMIN]}
        )
        before = {} if created else _membership_state(membership)
        if Role.ADMIN not in membership.roles or not membership.is_active:
            membership.roles = sorted(set(membership.roles) | {Role.ADMIN})
            membership.is_active = True
            membership.save(update_fields=["roles", "is_active"])
        action = "created" if created else "updated"
        after = _membership_state(membership)
        _publish(RightsChange(action, membership, by, before, after, label=_membership_label(membership)))
    return membership


def ensure_first_admin(user: User) -> Membership:
    """The hook provisioning calls (settings.AGENCY_FIRST_ADMIN): the agency's first administrator, made by the
    system itself and audited as such."""
    return ensure_admin_membership(user, by=SYSTEM)


# ---- units ----------------------------------------------------------------------------------------------------


def _would_cycle(unit: Unit, parent: Unit | None) -> bool:
    while parent is not None:
        if parent.pk == unit.pk:
            return True
        parent = parent.parent
    return False


def _check_deactivation(unit: Unit) -> None:
    if unit.memberships.filter(is_active=True).exists():
        raise ValidationError(_("The unit still has active members; move them first."))
    if unit.children.filter(is_active=True).exists():
        raise ValidationError(_("The unit still has active sub-units."))


def _check_active_unit(unit: Unit, *, reactivating: bool) -> None:
    """An active unit sits under an active parent; one coming back needs its abbreviation free (abbreviations
    build notations)."""
    if unit.parent_id and not unit.parent.is_active:
        raise ValidationError({"parent": _("The parent unit is deactivated; reactivate it or move this unit first.")})
    if not reactivating:
        return
    clash = Unit.objects.filter(is_active=True, abbreviation__iexact=unit.abbreviation).exclude(pk=unit.pk)
    if clash.exists():
        message = _("Another active unit already uses the abbreviation %(abbr)s.") % {"abbr": unit.abbreviation}
        raise ValidationError({"abbreviation": message})


def save_unit(unit: Unit, *, by: Actor) -> Unit:
    """Create or change a unit, its activity included: a unit may not sit below itself, a deactivated unit comes
    back only under the rules of ``reactivate_unit`` and an active one leaves only when empty, whichever screen or
    API field asks for it."""
    _ensure_may_manage(by)
    with transaction.atomic():
        stored = Unit.objects.select_for_update(of=("self",)).select_related("parent").filter(pk=unit.pk).first()
        if stored and _would_cycle(unit, unit.parent):
            raise ValidationError({"parent": _("A unit cannot be placed under itself or one of its sub-units.")})
        unit.abbreviation = unit.abbreviation.strip().upper()
        if unit.is_active:
            _check_active_unit(unit, reactivating=bool(stored) and not stored.is_active)
        elif stored and stored.is_active:
            _check_deactivation(unit)
        unit.full_clean()
        unit.save()
        before = _unit_state(stored) if stored else {}
        if not stored:
            action = "created"
        elif stored.is_active != unit.is_active:
            action = "activated" if unit.is_active else "deactivated"
        else:
            action = "updated"
        _publish(RightsChange(action, unit, by, before, _unit_state(unit), label=unit.name))
    return unit


def deactivate_unit(unit: Unit, *, by: Actor) -> Unit:
    """Deactivate a unit (no deletion: documents keep pointing at it); only an empty unit may go."""
    unit.refresh_from_db()
    unit.is_active = False
    return save_unit(unit, by=by)


def reactivate_unit(unit: Unit, *, by: Actor) -> Unit:
    """Bring a deactivated unit back; only under an active parent, and only while no active unit has taken its
    abbreviation (abbreviations build notations)."""
    unit.refresh_from_db()
    unit.is_active = True
    return save_unit(unit, by=by)


# ---- positions ------------------------------------------------------------------------------------------------


def save_position(position: Position, *, by: Actor) -> Position:
    """Create or update a position (chức vụ); names are unique in the agency. A leadership post widens what its
    holders see, so every change is a change of rights."""
    _ensure_may_manage(by)
    position.name = " ".join(position.name.split())
    position.full_clean()
    with transaction.atomic():
        stored = Position.objects.select_for_update().filter(pk=position.pk).first()
        position.save()
        before = _position_state(stored) if stored else {}
        action = "updated" if stored else "created"
        _publish(RightsChange(action, position, by, before, _position_state(position), label=position.name))
    return position


# ---- memberships ----------------------------------------------------------------------------------------------


def _new_identity(new_user: dict, *, by: Actor) -> User:
    fields = dict(new_user)
    password = fields.pop("password")
    user = User(**fields)
    user.username = user.username.strip().lower()
    user.email = user.email or None
    user.full_clean(exclude=["password"])
    user.set_password(password)
    user.save()
    after = {"username": user.username, "full_name": user.full_name, "email": user.email, "phone": user.phone}
    _publish(RightsChange("created", user, by, {}, after, label=f"{user.full_name} ({user.username})"))
    return user


def add_member(
    *,
    user: User | None = None,
    new_user: dict | None = None,
    unit: Unit,
    position: Position,
    roles: Iterable[str],
    by: Actor,
) -> Membership:
    """Add a person to the agency: an existing identity, or a new one from ``new_user``
    (username, full_name, email, phone, password)."""
    _ensure_may_manage(by)
    roles = sorted(set(roles))
    if not roles:
        raise ValidationError({"roles": _("Choose at least one role.")})
    if user is None and not new_user:
        raise ValidationError(_("Choose a person or describe a new one."))
    with transaction.atomic():
        if user is None:
            user = _new_identity(new_user, by=by)
        if Membership.objects.filter(user=user, unit=unit, position=position).exists():
            raise ValidationError(_("This person already holds this position in this unit."))
        membership = Membership(user=user, unit=unit, position=position, roles=roles)
        membership.full_clean()
        membership.save()
        after = _membership_state(membership)
        _publish(RightsChange("created", membership, by, {}, after, label=_membership_label(membership)))
    return membership


def update_membership(
    membership: Membership, *, unit: Unit, position: Position, roles: Iterable[str], by: Actor
) -> Membership:
    """Move a person to another unit or position, or change their roles; the last administrator stays one."""
    _ensure_may_manage(by)
    roles = sorted(set(roles))
    if not roles:
        raise ValidationError({"roles": _("Choose at least one role.")})
    with transaction.atomic():
        stored = (
            Membership.objects.select_for_update(of=("self",)).select_related("unit", "position").get(pk=membership.pk)
        )
        membership.unit, membership.position, membership.roles = unit, position, roles
        _keep_an_admin(membership, removing=_is_active_admin(stored) and Role.ADMIN not in roles)
        membership.full_clean()
        membership.save()
        before, after = _membership_state(stored), _membership_state(membership)
        _publish(RightsChange("updated", membership, by, before, after, label=_membership_label(membership)))
    return membership


def set_membership_active(membership: Membership, active: bool, *, by: Actor) -> Membership:
    """End or restore a membership; the agency's last administrator cannot be deactivated."""
    _ensure_may_manage(by)
    with transaction.atomic():
        stored = (
            Membership.objects.select_for_update(of=("self",)).select_related("unit", "position").get(pk=membership.pk)
        )
        _keep_an_admin(stored, removing=not active and _is_active_admin(stored))
        membership.is_active = active
        membership.save(update_fields=["is_active"])
        before, after = _membership_state(stored), _membership_state(membership)
        action = "activated" if active else "deactivated"
        _publish(RightsChange(action, membership, by, before, after, label=_membership_label(membership)))
    return membership


def _is_active_admin(membership: Membership) -> bool:
    return membership.is_active and Role.ADMIN in membership.roles


def _keep_an_admin(membership: Membership, *, removing: bool) -> None:
    """An agency must never lose its last administrator: nobody could manage it any more. The other
    administrators' rows are locked, so two administrators removing each other at once cannot both succeed."""
    if not removing:
        return
    others = (
        Membership.objects.select_for_update()
        .filter(is_active=True, roles__contains=[Role.ADMIN])
        .exclude(pk=membership.pk)
    )
    if not list(others.values_list("pk", flat=True)):
        raise ValidationError(_("This is the agency's last administrator; appoint another one first."))
