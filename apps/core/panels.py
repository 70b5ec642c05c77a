"""The screens' shared htmx pattern (docs/web-ui.md): every form is a page of its own and, asked by htmx with the
target ``panel``, comes into a panel above its list; once saved, the panel shows a confirmation and sends an event
on which the list refreshes itself. Lists and counts refreshed by htmx answer with a fragment."""

from dataclasses import dataclass

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise


def in_panel(request: HttpRequest) -> bool:
    return bool(request.htmx) and request.htmx.target == "panel"


def partial(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A fragment for htmx; the browser must not serve it from cache for a full-page visit to the same URL."""
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@dataclass(frozen=True)
class FormPanel:
    """What frames a form: its title, where it posts, the list it returns to, and the template of its fields."""

    title: str | Promise
    action: str
    back: str
    fields: str = "core/panel/_form_fields.html"


def form_response(request: HttpRequest, form: Form, panel: FormPanel) -> HttpResponse:
    """The form alone when htmx asks for it in the panel, as a page of its own otherwise (400 when it holds
    errors, so that scripts and tests tell a refusal from a first display)."""
    context = {
        "form": form,
        "title": panel.title,
        "action": panel.action,
        "back": panel.back,
        "fields_template": panel.fields,
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
