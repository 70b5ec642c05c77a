"""API-wide behaviour: services raise Django's ValidationError and PermissionDenied; the API answers them
as structured errors (400 with field → messages, 403) the same way DRF answers its own."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, permissions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)


class IsAgencyAdminOrReadOnly(permissions.IsAuthenticated):
    """Members read; agency administrators change."""

    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and (
            request.method in permissions.SAFE_METHODS or request._request.person.is_admin
        )


class IsAgencyAdmin(permissions.IsAuthenticated):
    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and request._request.person.is_admin
