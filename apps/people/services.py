"""State changes of units, positions and memberships. Views, the API and commands call these."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .defaults import OFFICE
from .models import Membership, Position, Role, Unit

User = get_user_model()


def ensure_admin_membership(user: User) -> Membership:
    """Give ``user`` the agency-admin role in the office unit (the agency's first administrator)."""
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
    membership, _created = Membership.objects.get_or_create(
        user=user, unit=unit, position=position, defaults={"roles": [Role.ADMIN]}
    )
    if Role.ADMIN not in membership.roles or not membership.is_active:
        membership.roles = sorted(set(membership.roles) | {Role.ADMIN})
        membership.is_active = True
        membership.save(update_fields=["roles", "is_active"])
    return membership


def _would_cycle(unit: Unit, parent: Unit | None) -> bool:
    while parent is not None:
        if parent.pk == unit.pk:
            return True
        parent = parent.parent
    return False


def save_unit(unit: Unit) -> Unit:
    """Create or update a unit; a unit may not sit below itself."""
    if unit.pk and _would_cycle(unit, unit.parent):
        raise ValidationError({"parent": _("A unit cannot be placed under itself or one of its sub-units.")})
    unit.abbreviation = unit.abbreviation.strip().upper()
    unit.full_clean()
    unit.save()
    return unit


def deactivate_unit(unit: Unit) -> None:
    if unit.memberships.filter(is_active=True).exists():
        raise ValidationError(_("The unit still has active members; move them first."))
    if unit.children.filter(is_active=True).exists():
        raise ValidationError(_("The unit still has active sub-units."))
    unit.is_active = False
    unit.save(update_fields=["is_active"])


@transaction.atomic
def add_member(
    *, user: User | None = None, new_user: dict | None = None, unit: Unit, position: Position, roles: Iterable[str]
) -> Membership:
    """Add a person to the agency: an existing identity, or a new one from ``new_user``
    (username, full_name, email, phone, password)."""
    roles = sorted(set(roles))
    if not roles:
        raise ValidationError({"roles": _("Choose at least one role.")})
    if user is None:
        if not new_user:
            raise ValidationError(_("Choose a person or describe a new one."))
        password = new_user.pop("password")
        user = User(**new_user)
        user.username = user.username.strip().lower()
        user.email = user.email or None
        user.full_clean(exclude=["password"])
        user.set_password(password)
        user.save()
    if Membership.objects.filter(user=user, unit=unit, position=position).exists():
        raise ValidationError(_("This person already holds this position in this unit."))
    membership = Membership(user=user, unit=unit, position=position, roles=roles)
    membership.full_clean()
    membership.save()
    return membership


def update_membership(membership: Membership, *, unit: Unit, position: Position, roles: Iterable[str]) -> Membership:
    membership.unit, membership.position, membership.roles = unit, position, sorted(set(roles))
    if not membership.roles:
        raise ValidationError({"roles": _("Choose at least one role.")})
    _keep_an_admin(membership, removing=Role.ADMIN not in membership.roles)
    membership.full_clean()
    membership.save()
    return membership


def set_membership_active(membership: Membership, active: bool) -> None:
    if not active:
        _keep_an_admin(membership, removing=True)
    membership.is_active = active
    membership.save(update_fields=["is_active"])


def _keep_an_admin(membership: Membership, *, removing: bool) -> None:
    """An agency must never lose its last administrator: nobody could manage it any more."""
    if not removing:
        return
    others = Membership.objects.filter(is_active=True, roles__contains=[Role.ADMIN]).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(_("This is the agency's last administrator; appoint another one first."))


def reactivate_unit(unit: Unit) -> Unit:
    """Bring a deactivated unit back; only under an active parent, and only while no active unit has taken its
    abbreviation (abbreviations build notations)."""
    if unit.parent_id and not unit.parent.is_active:
        raise ValidationError({"parent": _("The parent unit is deactivated; reactivate it or move this unit first.")})
    clash = Unit.objects.filter(is_active=True, abbreviation__iexact=unit.abbreviation).exclude(pk=unit.pk)
    if clash.exists():
        message = _("Another active unit already uses the abbreviation %(abbr)s.") % {"abbr": unit.abbreviation}
        raise ValidationError({"abbreviation": message})
    unit.is_active = True
    unit.full_clean()
    unit.save(update_fields=["is_active"])
    return unit


def save_position(position: Position) -> Position:
    """Create or update a position (chức vụ); names are unique in the agency."""
    position.name = " ".join(position.name.split())
    position.full_clean()
    position.save()
    return position
