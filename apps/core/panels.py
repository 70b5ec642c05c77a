"""The screens' shared htmx pattern (docs/web-ui.md): every form is a page of its own and, asked by htmx with the
target ``panel``, comes into a panel above its list; once saved, the panel shows a confirmation and sends an event
on which the list refreshes itself. Lists and counts refreshed by htmx answer with a fragment."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers


def admin_only(view: Callable) -> Callable:
    """Agency administrators only (``request.person.is_admin``, set by the people app's middleware); anyone else
    gets 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.person.is_admin:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def in_panel(request: HttpRequest) -> bool:
    return bool(request.htmx) and request.htmx.target == "panel"


def partial(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A fragment for htmx; the browser must not serve it from cache for a full-page visit to the same URL."""
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def form_response(
    request: HttpRequest,
    form: Form,
    *,
    title: str,
    action: str,
    back: str,
    fields: str = "core/panel/_form_fields.html",
) -> HttpResponse:
    """The form alone when htmx asks for it in the panel, as a page of its own otherwise (400 when it holds
    errors, so that scripts and tests tell a refusal from a first display)."""
    context = {
        "form": form,
        "title": title,
        "action": action,
        "back": back,
        "fields_template": fields,
        "in_panel": in_panel(request),
    }
    template = "core/panel/_form_panel.html" if context["in_panel"] else "core/panel/form.html"
    return render(request, template, context, status=400 if form.errors else 200)


def saved(request: HttpRequest, message: str, *, back: str, event: str) -> HttpResponse:
    """After a successful save: in the panel, a confirmation and the ``event`` that refreshes the list; as a normal
    page, the list again with the message (post/redirect/get)."""
    if in_panel(request):
        response = render(request, "core/panel/_saved.html", {"message": message})
        response["HX-Trigger"] = event
        return response
    messages.success(request, message)
    return redirect(back)
