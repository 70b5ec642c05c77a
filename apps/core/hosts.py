"""Addresses of agencies' hosts as seen from the browser that made this request."""

from dataclasses import dataclass

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
