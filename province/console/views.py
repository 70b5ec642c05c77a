from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tenants.models import Agency
from tenants.schemas import AGENCY, all_states


def agency_url(request: HttpRequest, host: str) -> str:
    """The agency's address as seen from this browser: same scheme, and the port the console was reached on."""
    port = request.get_port()
    default = "443" if request.is_secure() else "80"
    return f"{request.scheme}://{host}{'' if port == default else f':{port}'}/"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The province console (Sở TT&TT): every agency with its level, codes, host, status and migration state."""
    if not request.user.is_staff:
        raise PermissionDenied
    agencies = list(
        Agency.objects.select_related("level", "parent").prefetch_related("domains").order_by("level__order", "name")
    )
    states = {state.schema: state for state in all_states()}
    rows = []
    for agency in agencies:
        primary = next((d for d in agency.domains.all() if d.is_primary), None)
        rows.append(
            {
                "agency": agency,
                "host": primary.domain if primary else None,
                "url": agency_url(request, primary.domain) if primary else None,
                "state": states.get(agency.schema_name),
            }
        )
    shared = [state for state in states.values() if state.kind != AGENCY]
    behind = sum(1 for state in states.values() if state.behind)
    return render(request, "console/home.html", {"rows": rows, "shared_states": shared, "behind": behind})
