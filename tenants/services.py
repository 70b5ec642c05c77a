"""Provisioning: one service used by the provision_agency command and, later, the console.

A new agency is its schema cloned from the migrated template, its host, its own defaults and its first
administrator, all in one transaction: either everything exists afterwards or nothing does."""

import re
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from . import cloning, schemas
from .models import Agency, AgencyLevel, Domain
from .validators import validate_abbreviation, validate_code_102, validate_code_qd20, validate_schema_name

HOST_PATTERN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
RESERVED_SCHEMAS = {"public", "information_schema"}


class ProvisioningError(Exception):
    """Provisioning refused; ``messages`` say why, in the user's language. Nothing was created."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class AdminSpec:
    username: str
    full_name: str = ""
    email: str = ""
    password: str | None = None


@dataclass
class AgencySpec:
    code_102: str
    code_qd20: str
    name: str
    short_name: str
    abbreviation: str
    domain: str
    level: str = "department"
    parent_code: str | None = None
    schema_name: str | None = None
    admin: AdminSpec | None = None


@dataclass
class ProvisionResult:
    agency: Agency
    created: bool
    seconds: float
    admin_password: str | None = None  # set only when a new administrator got a generated password


def full_host(domain: str) -> str:
    """``snv`` → ``snv.<BASE_DOMAIN>``; a name with a dot is taken as the whole host."""
    domain = domain.strip().lower().rstrip(".")
    return domain if "." in domain else f"{domain}.{settings.BASE_DOMAIN}"


def default_schema_name(host: str) -> str:
    return re.sub(r"[^a-z0-9_]", "_", host.split(".")[0].lower())


def _check(validator, value: str, label: str, errors: list[str]) -> None:
    try:
        validator(value)
    except ValidationError as exc:
        errors.extend(f"{label}: {m}" for m in exc.messages)


def _validate(spec: AgencySpec, host: str, schema: str) -> tuple[AgencyLevel | None, Agency | None]:
    errors: list[str] = []
    _check(validate_code_102, spec.code_102, _("QCVN 102 code %(code)s") % {"code": spec.code_102}, errors)
    _check(validate_code_qd20, spec.code_qd20, _("QĐ 20 code %(code)s") % {"code": spec.code_qd20}, errors)
    _check(validate_abbreviation, spec.abbreviation, _("Abbreviation"), errors)
    _check(validate_schema_name, schema, _("Schema name %(name)s") % {"name": schema}, errors)
    if not spec.name.strip() or not spec.short_name.strip():
        errors.append(_("The full name and the short name are required."))
    if not HOST_PATTERN.match(host):
        errors.append(_("Host %(host)s is not a valid host name.") % {"host": host})
    if schema in RESERVED_SCHEMAS or schema == settings.TENANT_TEMPLATE_SCHEMA:
        errors.append(_("Schema name %(name)s is reserved.") % {"name": schema})
    if host in settings.PUBLIC_HOSTS:
        errors.append(_("Host %(host)s is the province's own host.") % {"host": host})
    level = AgencyLevel.objects.filter(code=spec.level).first()
    if level is None:
        known = ", ".join(AgencyLevel.objects.values_list("code", flat=True))
        errors.append(_("Unknown level %(level)s (known: %(known)s).") % {"level": spec.level, "known": known})
    parent = None
    if spec.parent_code:
        parent = Agency.objects.filter(code_102=spec.parent_code).first()
        if parent is None:
            errors.append(_("No agency has the parent code %(code)s.") % {"code": spec.parent_code})
    if errors:
        raise ProvisioningError(errors)
    return level, parent


def _existing(spec: AgencySpec, host: str, schema: str) -> Agency | None:
    """The agency this spec already describes (a repeated run), or None; refuses any partial clash."""
    same_code = Agency.objects.filter(code_102=spec.code_102).first()
    domain = Domain.objects.select_related("tenant").filter(domain=host).first()
    if same_code and domain and domain.tenant_id == same_code.pk and same_code.schema_name == schema:
        return same_code
    errors = []
    if same_code:
        errors.append(_("Code %(code)s already belongs to %(name)s.") % {"code": spec.code_102, "name": same_code})
    if Agency.objects.filter(code_qd20=spec.code_qd20).exclude(code_102=spec.code_102).exists():
        errors.append(_("QĐ 20 code %(code)s is already taken.") % {"code": spec.code_qd20})
    if domain:
        errors.append(_("Host %(host)s is already taken by %(name)s.") % {"host": host, "name": domain.tenant})
    if Agency.objects.filter(schema_name=schema).exists() or schemas.schema_exists(schema):
        errors.append(_("Schema %(name)s already exists.") % {"name": schema})
    if errors:
        raise ProvisioningError(errors)
    return None


def _ensure_admin(agency: Agency, admin: AdminSpec) -> str | None:
    """The first administrator's identity (found or created) and membership; returns a generated password."""
    User = get_user_model()
    username = admin.username.strip().lower()
    user = User.objects.filter(username=username).first()
    generated = None
    if user is None:
        password = admin.password or secrets.token_urlsafe(12)
        generated = None if admin.password else password
        user = User(username=username, full_name=admin.full_name or username, email=admin.email or None)
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            raise ProvisioningError(
                [f"{_('Administrator')}: {m}" for msgs in exc.message_dict.values() for m in msgs]
            ) from exc
        user.set_password(password)
        user.save()
    with schema_context(agency.schema_name):
        import_string(settings.AGENCY_FIRST_ADMIN)(user)
    return generated


def provision_agency(spec: AgencySpec) -> ProvisionResult:
    """Create an agency from ``spec``, or find the one an earlier identical run created.

    Refuses a malformed code, a taken host and a duplicate code with every reason at once and creates
    nothing. The template schema is migrated first if a roll-out left it behind."""
    started = time.perf_counter()
    host = full_host(spec.domain)
    schema = spec.schema_name or default_schema_name(host)
    level, parent = _validate(spec, host, schema)
    existing = _existing(spec, host, schema)
    if existing is not None:
        password = _ensure_admin(existing, spec.admin) if spec.admin else None
        return ProvisionResult(existing, created=False, seconds=time.perf_counter() - started, admin_password=password)

    schemas.ensure_template_current()
    with transaction.atomic():
        agency = Agency(
            schema_name=schema,
            name=spec.name.strip(),
            short_name=spec.short_name.strip(),
            abbreviation=spec.abbreviation,
            code_102=spec.code_102,
            code_qd20=spec.code_qd20,
            level=level,
            parent=parent,
        )
        agency.save()
        Domain.objects.create(domain=host, tenant=agency, is_primary=True)
        cloning.clone_schema(settings.TENANT_TEMPLATE_SCHEMA, schema)
        with schema_context(schema):
            for path in settings.AGENCY_DEFAULTS:
                import_string(path)(agency)
        password = _ensure_admin(agency, spec.admin) if spec.admin else None
    return ProvisionResult(agency, created=True, seconds=time.perf_counter() - started, admin_password=password)
