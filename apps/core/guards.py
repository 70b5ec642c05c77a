"""Who may open a view: the one guard every view uses (docs/web-ui.md).

``guard(allowed)`` asks for a login, then ``allowed(request)``; anyone else gets 403 with the reason, or 404 when
the view must not even reveal that it exists. On agency hosts the test reads ``request.person`` (set by the people
app's middleware: its memberships and roles; the province host has no person, and its console tests
``request.user.is_staff``); core names no role itself, the apps pass theirs::

    @role_required(Role.CLERK, message=gettext_lazy("Only the clerk (văn thư) registers incoming documents."))
    def incoming_register(request): ...

    @members_only
    def work(request): ...

What an object lets a person do (edit this draft, correct that registration) is not a guard: the app's access.py
decides it, with the object in hand."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import Promise

View = Callable[..., HttpResponse]


def guard(allowed: Callable[[HttpRequest], bool], *, message: str | Promise = "", hide: bool = False):
    """A decorator: a login first, then ``allowed(request)``; 403 (with ``message``) when it is false, or 404 with
    ``hide`` (the view reveals nothing to those who may not use it)."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not allowed(request):
                if hide:
                    raise Http404
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def role_required(*roles: str, message: str | Promise = ""):
    """For the people holding any of ``roles`` in this agency (``request.person.has_role``); 403 for anyone else."""
    return guard(lambda request: any(request.person.has_role(role) for role in roles), message=message)


def _is_member(request: HttpRequest) -> bool:
    return bool(request.person.memberships)


# Members of the agency only: an account without a membership here gets 404, revealing nothing.
members_only = guard(_is_member, hide=True)
