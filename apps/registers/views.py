"""The agency administrator's register screens (sổ đăng ký văn bản): the list, adding and changing a register.

Same pattern as the people screens (docs/web-ui.md): every form is a page of its own, and with htmx it comes into
a panel above the list, which refreshes itself on ``registers-changed`` once the register is saved."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.registry import NavItem
from apps.people.access import Person, ensure_admin

from . import access, services
from .forms import RegisterForm
from .models import Register, RegisterCounter, Secrecy


def admin_only(view: Callable) -> Callable:
    """Agency administrators only; anyone else gets 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        ensure_admin(request.person)
        return view(request, *args, **kwargs)

    return wrapped


def registers_menu(request: HttpRequest, person: Person) -> list[NavItem]:
    """The registers entry of the agency administrator's menu."""
    if person.is_admin:
        return [NavItem(reverse("registers:list"), gettext_lazy("Registers"), "journal-bookmark")]
    return []


def _in_panel(request: HttpRequest) -> bool:
    return bool(request.htmx) and request.htmx.target == "panel"


@admin_only
def register_list(request: HttpRequest) -> HttpResponse:
    """Every register of the agency by kind, with the last number given this year."""
    year = timezone.localdate().year
    registers = list(access.registers_visible_to(request.person).order_by("kind", "-is_active", "order", "name"))
    last = dict(RegisterCounter.objects.filter(year=year).values_list("register_id", "last_number"))
    for register in registers:
        register.last_number = last.get(register.pk, 0)
        register.secrecy_labels = [Secrecy(level).label for level in register.secrecy_levels]
    context = {"registers": registers, "year": year}
    if request.htmx and request.htmx.target == "register-table":
        response = render(request, "registers/_register_table.html", context)
        patch_vary_headers(response, ["HX-Request", "HX-Target"])
        return response
    return render(request, "registers/register_list.html", context)


@admin_only
def register_add(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind")
    initial = {"kind": kind} if kind in Register.Kind.values else {}
    return _register_form(request, Register(), initial=initial)


@admin_only
def register_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _register_form(request, access.get_register_for(request.person, pk))


def _register_form(request: HttpRequest, register: Register, initial: dict | None = None) -> HttpResponse:
    back = reverse("registers:list")
    form = RegisterForm(request.POST or None, instance=register, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            register = services.save_register(
                form.save(commit=False), by=request.person, document_types=form.cleaned_data["document_types"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            message = _("Register %(name)s was saved.") % {"name": register.name}
            if _in_panel(request):
                response = render(request, "people/_saved.html", {"message": message})
                response["HX-Trigger"] = "registers-changed"
                return response
            messages.success(request, message)
            return redirect(back)
    if register.pk:
        title = _("Edit register %(name)s") % {"name": register.name}
        action = reverse("registers:edit", args=[register.pk])
    else:
        title, action = _("Add a register"), reverse("registers:add")
    context = {
        "form": form,
        "title": title,
        "action": action,
        "back": back,
        "fields_template": "registers/_register_fields.html",
        "in_panel": _in_panel(request),
    }
    template = "people/_form_panel.html" if context["in_panel"] else "people/form.html"
    return render(request, template, context, status=400 if form.errors else 200)
