"""The agency registry (public schema): agencies are the tenants, domains map hosts to them."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

from .base_models import AuditRecord, abbreviation_check, abbreviation_field, optional_fk
from .validators import (
    CODE_102_PATTERN,
    CODE_QD20_PATTERN,
    SCHEMA_NAME_PATTERN,
    validate_code_102,
    validate_code_qd20,
)


def code_102_field() -> models.CharField:
    """An agency's QCVN 102 code (``000.00.00.H19``), unique: agencies of the deployment and of the directory alike."""
    return models.CharField(_("agency code (QCVN 102)"), max_length=13, unique=True, validators=[validate_code_102])


def code_checks(prefix: str, *, qd20_blank: bool = False) -> list[models.CheckConstraint]:
    """The format CHECKs of an agency's two national codes (the registry's agencies and the directory's alike), named
    ``<prefix>_code_102_format`` and ``<prefix>_code_qd20_format``; ``qd20_blank``: the QĐ 20 code may be empty."""
    qd20 = Q(code_qd20__regex=CODE_QD20_PATTERN)
    if qd20_blank:
        qd20 = Q(code_qd20="") | qd20
    return [
        models.CheckConstraint(condition=Q(code_102__regex=CODE_102_PATTERN), name=f"{prefix}_code_102_format"),
        models.CheckConstraint(condition=qd20, name=f"{prefix}_code_qd20_format"),
    ]


def contact_fields() -> tuple[models.Field, models.Field, models.Field]:
    """An agency's address, e-mail and phone (the registry's agencies and the directory's alike), in that order."""
    return (
        models.CharField(_("address"), max_length=255, blank=True),
        models.EmailField(_("email"), blank=True),
        models.CharField(_("phone"), max_length=30, blank=True),
    )


class AgencyLevel(models.Model):
    """Administrative level of an agency. Data, not code: the 2025 reform removed districts, and the
    next one should need no release. Seeded with province, department, commune and other."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    head_title = models.CharField(_("title of the head"), max_length=100)
    deputy_title = models.CharField(_("title of a deputy"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("agency level")
        verbose_name_plural = _("agency levels")

    def __str__(self) -> str:
        return self.name


class Agency(TenantMixin):
    """An agency (cơ quan, đơn vị) with its own schema: a sở, ban, ngành, UBND tỉnh or UBND xã/phường."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    name = models.CharField(_("full name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100)
    abbreviation = abbreviation_field(_("Used in document notations, e.g. UBND or SNV."))
    code_102 = code_102_field()
    code_qd20 = models.CharField(_("agency code (QĐ 20)"), max_length=35, unique=True, validators=[validate_code_qd20])
    parent = optional_fk("self", _("parent agency"), related_name="children")
    level = models.ForeignKey(AgencyLevel, verbose_name=_("level"), on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    address, email, phone = contact_fields()
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # Schemas are made by cloning the template (tenants.cloning), never by running every migration.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            *code_checks("agency"),
            abbreviation_check("agency_abbr_format"),
            models.CheckConstraint(condition=Q(schema_name__regex=SCHEMA_NAME_PATTERN), name="agency_schema_format"),
            models.CheckConstraint(condition=Q(status__in=["active", "suspended"]), name="agency_status_valid"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="agency_not_own_parent"),
            models.CheckConstraint(condition=~Q(name=""), name="agency_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def primary_host(self) -> str | None:
        domain = self.get_primary_domain()
        return domain.domain if domain else None


class Domain(DomainMixin):
    """A host name that leads to an agency, e.g. snv.qlvb.dongnai.gov.vn (or snv.localhost)."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant"], condition=Q(is_primary=True), name="domain_one_primary_per_agency"
            ),
        ]

    def __str__(self) -> str:
        return self.domain


class AgencyEvent(AuditRecord):
    """The province's own audit trail of what its administrators did to an agency (suspend, reactivate), in the
    public schema. Append-only like an agency's trail: the model refuses changes and deletion, and a trigger
    (migration 0003) refuses UPDATE, DELETE and TRUNCATE in the database."""

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="events")

    class Meta(AuditRecord.Meta):
        verbose_name = _("agency event")
        verbose_name_plural = _("agency events")
        constraints = [AuditRecord.action_check("agency_event_action_not_empty")]

    def __str__(self) -> str:
        return self.as_line(self.agency_id)
