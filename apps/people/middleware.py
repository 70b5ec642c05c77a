from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject
from django_tenants.utils import get_public_schema_name

from .access import Person


class MembershipMiddleware:
    """Attach ``request.person``: the user with their memberships and roles in this agency."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if connection.schema_name != get_public_schema_name():
            request.person = SimpleLazyObject(lambda: Person.for_user(request.user))
        return self.get_response(request)
