"""The agency of this request and the others a person works in: addresses of their hosts, their abbreviation."""

from dataclasses import dataclass

from django.db import connection
from django.http import HttpRequest

from province.accounts.models import AgencyAccess
from tenants.models import Agency, Domain


def agency_url(request: HttpRequest, host: str) -> str:
    """The agency's address: the same scheme, and the port this request came in on."""
    port = request.get_port()
    default = "443" if request.is_secure() else "80"
    return f"{request.scheme}://{host}{'' if port == default else f':{port}'}/"


@dataclass(frozen=True)
class AgencyLink:
    schema_name: str
    short_name: str
    name: str
    host: str


def agencies_of(user) -> list[AgencyLink]:
    """The active agencies where ``user`` holds an active membership, from the public index that apps.people keeps
    (province.accounts.AgencyAccess): one query, whatever the number of agencies."""
    indexed = AgencyAccess.objects.filter(user_id=user.pk).values("agency_id")
    domains = (
        Domain.objects.filter(is_primary=True, tenant__status=Agency.Status.ACTIVE, tenant_id__in=indexed)
        .select_related("tenant")
        .order_by("tenant__short_name")
    )
    return [AgencyLink(d.tenant.schema_name, d.tenant.short_name, d.tenant.name, d.domain) for d in domains]


def current_agency() -> Agency | None:
    """The agency whose schema is in use (None on the province host): the one the middleware set, else looked up."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Agency):
        return tenant
    return Agency.objects.filter(schema_name=connection.schema_name).first()


def example_abbreviation() -> str:
    """The abbreviation that examples of notations show: this agency's own (SNV in 05/SNV-VP)."""
    agency = current_agency()
    return agency.abbreviation if agency else "UBND"
