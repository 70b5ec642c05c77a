"""Units, positions and memberships of one agency (tenant schema).

A membership links a province-wide identity (accounts.User, public schema) to a unit and a position
here, with roles. A person may hold several memberships (kiêm nhiệm) and be a member of several agencies."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from tenants.base_models import abbreviation_check, abbreviation_field, optional_fk


class Role(models.TextChoices):
    CLERK = "clerk", _("Clerk")
    LEADER = "leader", _("Leader")
    SPECIALIST = "specialist", _("Specialist")
    ADMIN = "admin", _("Agency administrator")


# The order roles are shown in, everywhere (header badges, home panels, tables of people).
ROLE_ORDER = [Role.LEADER, Role.CLERK, Role.SPECIALIST, Role.ADMIN]


def ordered_roles(roles: "set[str] | list[str] | None") -> list[Role]:
    """``roles`` (values) as Role members, in the usual order."""
    return [role for role in ROLE_ORDER if role in (roles or [])]


class Unit(models.Model):
    """A department inside the agency (phòng ban, đơn vị trực thuộc); units nest."""

    name = models.CharField(_("name"), max_length=255)
    abbreviation = abbreviation_field(_("Used in the notation of công văn, e.g. VP in 05/SNV-VP."))
    parent = optional_fk("self", _("parent unit"), related_name="children")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            abbreviation_check("unit_abbr_format"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="unit_not_own_parent"),
            models.CheckConstraint(condition=~Q(name=""), name="unit_name_not_empty"),
            # Abbreviations build notations, so two active units may not share one.
            models.UniqueConstraint(Upper("abbreviation"), condition=Q(is_active=True), name="unit_abbr_unique_active"),
        ]

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    """A post (chức vụ): Giám đốc, Phó Trưởng phòng, Chuyên viên… ``rank`` orders people in lists
    (lower first) and marks leadership posts."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    rank = models.PositiveSmallIntegerField(_("rank"), default=50)
    is_leadership = models.BooleanField(_("leadership post"), default=False)

    class Meta:
        ordering = ["rank", "name"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="position_name_not_empty")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's place in this agency: unit, position and roles. Login on the agency's host needs an
    active one (apps.people.backends)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships")
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="memberships"
    )
    roles = ArrayField(models.CharField(max_length=20, choices=Role.choices), verbose_name=_("roles"))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["position__rank", "user__full_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(roles__len__gt=0) & Q(roles__contained_by=[r.value for r in Role]),
                name="membership_roles_valid",
            ),
            models.UniqueConstraint(fields=["user", "unit", "position"], name="membership_unique_post"),
        ]
        indexes = [models.Index(fields=["user", "is_active"], name="membership_user_active")]

    def __str__(self) -> str:
        return f"{self.user} — {self.position}, {self.unit}"
