"""Host → schema. The province's public hosts serve the console from the public schema; every other
host must be an agency's Domain, or the request ends in 404 before any view runs."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name

from .models import Agency


class ProvinceHost:
    """What request.tenant is on a public host: the province itself, not an agency."""

    schema_name = get_public_schema_name()
    is_public = True
    is_active = True

    def __init__(self, host: str) -> None:
        self.domain_url = host

    def __str__(self) -> str:
        return self.domain_url


class AgencyMiddleware(TenantMainMiddleware):
    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        try:
            host = self.hostname_from_request(request)
        except DisallowedHost:
            return super().process_request(request)  # answers 404
        if host in settings.PUBLIC_HOSTS:
            connection.set_schema_to_public()
            request.tenant = ProvinceHost(host)
            self.setup_url_routing(request, force_public=True)
            return None
        return super().process_request(request)


class SuspendedAgencyMiddleware:
    """A suspended agency's host answers every request with a clear page (503), not an error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        if isinstance(tenant, Agency) and tenant.status == Agency.Status.SUSPENDED:
            return render(request, "tenants/suspended.html", {"agency": tenant}, status=503)
        return self.get_response(request)
