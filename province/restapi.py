"""API-wide behaviour: one shape for every error answer, and the permissions the agency API shares.

Every error answer of the API, whatever raised it, is an ``Error`` (documented once in the OpenAPI schema by
``province.api_schema``)::

    {"status": 400, "code": "invalid", "detail": "Dữ liệu gửi lên không hợp lệ.",
     "errors": {"subject": ["Trường này là bắt buộc."], "new_person.username": ["…"]}}

``errors`` maps each field (nested fields joined by dots, list items by their index; ``non_field_errors`` for the
request as a whole) to its messages, and is empty when no field is to blame. The status says who must act:

- 400 ``invalid``/``parse_error``: the request breaks what the schema states (a type, a length, a required field);
- 403 ``not_authenticated``/``permission_denied``: no session, or the caller's role may not do this;
- 404 ``not_found``: no such object among those the caller may see (the API never tells which);
- 409 ``conflict``: the request is well formed but the agency's data refuses it — a rule checked by a service
  (the register does not cover this type, a stale version, the last administrator), or an id that names nothing;
- 405, 406, 415, 429 as HTTP says.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

CONFLICT = "conflict"
# Codes of a field error that no schema can foresee: the id is well formed but names nothing (anymore).
DANGLING_CODES = {"does_not_exist"}


class Conflict(exceptions.APIException):
    """A well-formed request that the agency's current data refuses (field → messages, as a validation error)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = CONFLICT

    def __init__(self, detail: dict | list) -> None:
        self.detail = exceptions.ValidationError(detail, code=CONFLICT).detail


def flatten(detail: object, prefix: str = "") -> dict[str, list[str]]:
    """``{"a": {"b": ["x"]}, "c": {0: ["y"]}}`` → ``{"a.b": ["x"], "c.0": ["y"]}``; a bare list belongs to the
    request as a whole (``non_field_errors``)."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            flat.update(flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = [str(m) for m in detail] if isinstance(detail, list) else [str(detail)]
    return {prefix or "non_field_errors": messages}


def _codes(codes: object) -> set[str]:
    if isinstance(codes, dict):
        return set().union(*(_codes(c) for c in codes.values())) if codes else set()
    if isinstance(codes, list):
        return set().union(*(_codes(c) for c in codes)) if codes else set()
    return {str(codes)}


def _as_api_exception(exc: Exception) -> Exception:
    """Django's own exceptions (raised by services and access helpers) as the API's, keeping their messages."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Conflict(detail)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, exceptions.ValidationError):
        codes = _codes(exc.get_codes())
        if codes and codes <= DANGLING_CODES:
            return Conflict(exc.detail)
    return exc


def _summary(exc: exceptions.APIException) -> str:
    if isinstance(exc, Conflict):
        return _("The request cannot be carried out on the agency's current data.")
    if isinstance(exc, exceptions.ValidationError):
        return _("The request is not valid.")
    if isinstance(exc, exceptions.ParseError) and str(exc.detail) != str(exc.default_detail):
        # DRF's parsers give their reason untranslated ("JSON parse error - Expecting value…"): kept for the
        # developer, after a summary in the caller's language.
        return _("Malformed request: %(reason)s") % {"reason": exc.detail}
    return str(exc.detail)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Every error answer as an ``Error``: status, code, a summary and field → messages."""
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    fields = isinstance(exc, exceptions.ValidationError | Conflict)
    code = exc.get_codes() if not fields and isinstance(exc.get_codes(), str) else exc.default_code
    response.data = {
        "status": response.status_code,
        "code": code,
        "detail": _summary(exc),
        "errors": flatten(exc.detail) if fields else {},
    }
    return response


class IsAgencyAdminOrReadOnly(permissions.IsAuthenticated):
    """Members read; agency administrators change."""

    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and (
            request.method in permissions.SAFE_METHODS or request._request.person.is_admin
        )


class IsAgencyAdmin(permissions.IsAuthenticated):
    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and request._request.person.is_admin
