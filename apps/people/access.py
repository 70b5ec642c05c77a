"""Who may do what with units and people. Views and the API ask here and nowhere else."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from apps.core.text import strip_accents

from .models import Membership, Position, Role, Unit, ordered_roles


@dataclass(frozen=True)
class Person:
    """The requesting user inside the current agency."""

    user: object
    memberships: list[Membership] = field(default_factory=list)
    # Facts looked up once per request and kept for it (a Person lives for one request), e.g. the secrecy
    # clearance (registers.access.clearance_of), which a registration asks for several times.
    memo: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

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

    @property
    def ordered_roles(self) -> list[Role]:
        """The roles the person holds here, in the order they are shown (header, home panels)."""
        return ordered_roles(self.roles)

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def primary(self) -> Membership | None:
        return self.memberships[0] if self.memberships else None


@dataclass(frozen=True)
class SystemActor:
    """The system as the author of a change nobody made from a screen (provisioning an agency's first
    administrator, the demo loader). People's services accept it in place of a person and audit it as the system;
    it holds no role, so no access helper lets it see anything."""

    user: None = None
    memberships: tuple = ()
    roles: frozenset = frozenset()
    is_admin: bool = False

    def has_role(self, role: str) -> bool:
        return False


SYSTEM = SystemActor()


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


# ---- helpers for the web UI (agency-admin screens, home panels, directory) ----------------------------------------


# A search is cut to this many words (a pasted paragraph must not become a huge query).
SEARCH_WORDS = 6


def search_memberships(queryset: QuerySet[Membership], q: str) -> QuerySet[Membership]:
    """Filter by name (with or without diacritics), username, e-mail, unit or position: every word typed must
    match one of them (``lan tcbc`` finds Đinh Thị Lan of the unit TCBC)."""
    for word in q.split()[:SEARCH_WORDS]:
        bare = strip_accents(word)
        queryset = queryset.filter(
            Q(user__full_name__unaccent__icontains=bare)
            | Q(user__username__icontains=word)
            | Q(user__email__icontains=word)
            | Q(unit__name__unaccent__icontains=bare)
            | Q(unit__abbreviation__unaccent__iexact=bare)
            | Q(position__name__unaccent__icontains=bare)
        )
    return queryset


def memberships_managed_by(person: Person, *, q: str = "", unit_id: int | None = None, active: bool | None = True):
    """Every membership of the agency, for its administrators; PermissionDenied for anyone else."""
    ensure_admin(person)
    queryset = Membership.objects.select_related("user", "unit", "position").order_by(
        "position__rank", "user__full_name", "pk"
    )
    if active is not None:
        queryset = queryset.filter(is_active=active)
    if unit_id:
        queryset = queryset.filter(unit_id=unit_id)
    return search_memberships(queryset, q)


def directory_for(person: Person, *, q: str = "") -> QuerySet[Membership]:
    """The agency's staff directory (danh bạ): active memberships, readable by every member."""
    if not person.memberships:
        raise Http404
    queryset = Membership.objects.filter(is_active=True, unit__is_active=True).select_related(
        "user", "unit", "position"
    )
    return search_memberships(queryset, q).order_by("unit__order", "unit__name", "position__rank", "user__full_name")


def colleagues_of(person: Person) -> list[Membership]:
    """Active members of the units the person belongs to, the person excepted."""
    unit_ids = {m.unit_id for m in person.memberships}
    return list(
        Membership.objects.filter(unit_id__in=unit_ids, is_active=True)
        .exclude(user_id=person.user.pk)
        .select_related("user", "unit", "position")
        .order_by("unit__order", "unit__name", "position__rank", "user__full_name")
    )


def units_below(unit_ids: Iterable[int], *, active_only: bool = False) -> set[int]:
    """The units and every unit below them, at any depth (one query for the whole tree)."""
    units = Unit.objects.filter(is_active=True) if active_only else Unit.objects.all()
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in units.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = set(), list(unit_ids)
    while stack:
        pk = stack.pop()
        if pk not in found:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


def units_led_by(person: Person) -> list[Unit]:
    """Active units where the person holds a leadership post, with every sub-unit below them."""
    all_units = list(Unit.objects.filter(is_active=True))
    children: dict[int | None, list[Unit]] = {}
    for unit in all_units:
        children.setdefault(unit.parent_id, []).append(unit)
    led = [m.unit for m in person.memberships if m.position.is_leadership and m.unit.is_active]
    seen: dict[int, Unit] = {}
    stack = list(led)
    while stack:
        unit = stack.pop()
        if unit.pk in seen:
            continue
        seen[unit.pk] = unit
        stack.extend(children.get(unit.pk, []))
    return sorted(seen.values(), key=lambda u: (u.order, u.name))


def members_of_units(units: list[Unit], *, excluding: Person | None = None) -> list[Membership]:
    queryset = Membership.objects.filter(unit__in=units, is_active=True).select_related("user", "unit", "position")
    if excluding is not None:
        queryset = queryset.exclude(user_id=excluding.user.pk)
    return list(queryset.order_by("unit__order", "unit__name", "position__rank", "user__full_name"))


def get_unit_for(person: Person, pk: int) -> Unit:
    """A unit the person may manage (agency admins only); 404 otherwise."""
    if not person.is_admin:
        raise Http404
    try:
        return Unit.objects.select_related("parent").get(pk=pk)
    except Unit.DoesNotExist as exc:
        raise Http404 from exc


def get_position_for(person: Person, pk: int) -> Position:
    """A position the person may manage (agency admins only); 404 otherwise."""
    if not person.is_admin:
        raise Http404
    try:
        return Position.objects.get(pk=pk)
    except Position.DoesNotExist as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class AgencySummary:
    units: int
    people: int
    positions: int
    inactive_memberships: int
    admins: int


def agency_summary(person: Person) -> AgencySummary:
    """Counts for the agency administrator's home panel."""
    ensure_admin(person)
    active = Q(is_active=True)
    counts = Membership.objects.aggregate(
        people=Count("user", filter=active, distinct=True),
        inactive=Count("pk", filter=~active),
        admins=Count("user", filter=active & Q(roles__contains=[Role.ADMIN]), distinct=True),
    )
    return AgencySummary(
        units=Unit.objects.filter(is_active=True).count(),
        people=counts["people"],
        positions=Position.objects.count(),
        inactive_memberships=counts["inactive"],
        admins=counts["admins"],
    )


# ---- who leads ------------------------------------------------------------------------------------------------


def _active_leaders() -> QuerySet[Membership]:
    return Membership.objects.filter(is_active=True, unit__is_active=True, roles__contains=[Role.LEADER])


def heads_of_units(unit_ids: list[int] | set[int]) -> QuerySet[Membership]:
    """Active leader memberships in the units: their heads (trưởng, phó)."""
    return _active_leaders().filter(unit_id__in=sorted(unit_ids))


def agency_admins() -> QuerySet[Membership]:
    """The agency's administrators: every active membership holding the administrator's role."""
    return Membership.objects.filter(is_active=True, roles__contains=[Role.ADMIN])


def agency_leaders() -> QuerySet[Membership]:
    """Lãnh đạo cơ quan: the leaders of the agency's leadership unit (Ban Giám đốc, Lãnh đạo UBND tỉnh…), that is
    the unit where the highest leadership post held by a leader sits (lowest ``rank``: Giám đốc 10, Chủ tịch 10;
    Chánh Văn phòng for a Văn phòng agency), with its deputies beside them. None when no leader is set up."""
    leaders = _active_leaders()
    top = leaders.order_by("position__rank").values_list("position__rank", flat=True).first()
    if top is None:
        return Membership.objects.none()
    units = leaders.filter(position__rank=top).values("unit_id")
    return leaders.filter(unit_id__in=units)
