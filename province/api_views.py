"""Views the whole agency API shares."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([permissions.AllowAny])
def not_found(request: Request, *args, **kwargs) -> Response:
    """Any other address under /api/ (also an id that is not a number): a 404 ``Error``, not the web's page."""
    raise exceptions.NotFound()
