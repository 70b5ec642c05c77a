"""The agency URLconf plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from province.urls_tenant import urlpatterns as agency_urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug on purpose")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


urlpatterns = [path("test-errors/500/", broken), path("test-errors/403/", forbidden), *agency_urlpatterns]
