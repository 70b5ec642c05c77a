"""A person holding a temporary password (``must_change_password``) may do nothing but choose a new one."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# What stays reachable: the password form itself, logging out, the language switcher.
ALLOWED_URL_NAMES = ("password_change", "logout", "set_language")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse(name) for name in ALLOWED_URL_NAMES}
            if request.path not in allowed:
                if request.path.startswith("/api/"):
                    message = _("Choose a new password before going on: your password is a temporary one.")
                    return JsonResponse({"detail": message, "code": "password_change_required"}, status=403)
                return redirect("password_change")
        return self.get_response(request)
