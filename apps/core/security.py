"""What every answer carries for the browser's sake (docs/security.md): the Content-Security-Policy of
settings.CONTENT_SECURITY_POLICY (django-csp) and ``Cache-Control: private, no-store`` for logged-in people.
Stored files carry their own, stricter headers (apps/documents/serving.py)."""

from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase


class PolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with one exception: pages under settings.CSP_INLINE_STYLE_PREFIXES (Django's own
    admin and the API's browsable docs, third-party templates with ``<style>`` elements and ``style=""``
    attributes) may apply inline styles. Scripts stay ``'self'`` only everywhere."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if parts.update is None and request.path_info.startswith(tuple(settings.CSP_INLINE_STYLE_PREFIXES)):
            parts.update = {"style-src": ["'unsafe-inline'"]}
        return parts


class PrivateAnswersMiddleware:
    """Every answer given to a logged-in person (pages, htmx fragments, API answers, files) is
    ``Cache-Control: private, no-store``: documents must stay neither in a shared proxy's cache nor in the
    browser's cache of an office computer after logging out. Static files are answered before this (whitenoise)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
        return response
