"""Who may do what with units and people. Views and the API ask here and nowhere else."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Membership, Role


@dataclass(frozen=True)
class Person:
    """The requesting user inside the current agency."""

    user: object
    memberships: list[Membership] = field(default_factory=list)

    @classmethod
    def for_user(cls, user) -> "Person":
        if not getattr(user, "is_authenticated", False):
            return cls(user=user)
        memberships = list(
            Membership.objects.filter(user_id=user.pk, is_active=True)
            .select_related("unit", "position")
            .order_by("position__rank")
        )
        return cls(user=user, memberships=memberships)

    @property
    def roles(self) -> set[str]:
        return {role for m in self.memberships for role in m.roles}

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def primary(self) -> Membership | None:
        return self.memberships[0] if self.memberships else None


def ensure_admin(person: Person) -> None:
    if not person.is_admin:
        raise PermissionDenied


def get_membership_for(person: Person, pk: int) -> Membership:
    """A membership the person may manage (agency admins only); 404 otherwise, revealing nothing."""
    if not person.is_admin:
        raise Http404
    try:
        return Membership.objects.select_related("user", "unit", "position").get(pk=pk)
    except Membership.DoesNotExist as exc:
        raise Http404 from exc
