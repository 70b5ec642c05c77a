"""The agency administrator's register screens: the registers (sổ đăng ký văn bản), the document types and the
secrecy clearances, each a list with adding and changing.

The screens' shared pattern (apps.core.panels, docs/web-ui.md): every form is a page of its own, and with htmx it
comes into a panel above the list, which refreshes itself (``registers-changed``, ``types-changed``,
``clearances-changed``) once saved."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.panels import admin_only, form_response, partial, saved
from apps.core.registry import ADMIN, NavItem
from apps.people.access import Person
from apps.people.models import Membership

from . import access, services
from .forms import ClearanceForm, DocumentTypeForm, RegisterForm
from .models import DocumentType, Register, RegisterCounter, Secrecy, SecrecyClearance

User = get_user_model()
SECTIONS = [
    ("registers:list", gettext_lazy("Registers")),
    ("registers:types", gettext_lazy("Document types")),
    ("registers:clearances", gettext_lazy("Secrecy clearances")),
]


def registers_menu(request: HttpRequest, person: Person) -> list[NavItem]:
    """The registers entry of the agency administrator's menu."""
    if person.is_admin:
        return [NavItem(reverse("registers:list"), gettext_lazy("Registers"), "journal-bookmark", group=ADMIN)]
    return []


def _page(request: HttpRequest, template: str, table: str, context: dict) -> HttpResponse:
    """A list page with the section tabs, or its table alone when htmx refreshes it."""
    if request.htmx and request.htmx.target == context["table_id"]:
        return partial(request, table, context)
    return render(request, template, {**context, "sections": SECTIONS, "table": table})


@admin_only
def register_list(request: HttpRequest) -> HttpResponse:
    """Every register of the agency by kind, with the last number given this year."""
    year = timezone.localdate().year
    registers = list(access.registers_visible_to(request.person).order_by("kind", "-is_active", "order", "name"))
    last = dict(RegisterCounter.objects.filter(year=year).values_list("register_id", "last_number"))
    for register in registers:
        register.last_number = last.get(register.pk, 0)
        register.secrecy_labels = [Secrecy(level).label for level in register.secrecy_levels]
    context = {"registers": registers, "year": year, "table_id": "register-table"}
    return _page(request, "registers/register_list.html", "registers/_register_table.html", context)


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
            return saved(request, message, back=back, event="registers-changed")
    if register.pk:
        title = _("Edit register %(name)s") % {"name": register.name}
        action = reverse("registers:edit", args=[register.pk])
    else:
        title, action = _("Add a register"), reverse("registers:add")
    return form_response(request, form, title=title, action=action, back=back, fields="registers/_register_fields.html")


# ---- document types ---------------------------------------------------------------------------------------------


@admin_only
def type_list(request: HttpRequest) -> HttpResponse:
    """The Decree's catalogue and the agency's own types, in their order; those no longer in use last."""
    types = access.document_types_visible_to(request.person).order_by("-is_active", "order", "name")
    context = {"types": types, "table_id": "type-table"}
    return _page(request, "registers/type_list.html", "registers/_type_table.html", context)


@admin_only
def type_add(request: HttpRequest) -> HttpResponse:
    return _type_form(request, DocumentType())


@admin_only
def type_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _type_form(request, get_object_or_404(access.document_types_visible_to(request.person), pk=pk))


def _type_form(request: HttpRequest, document_type: DocumentType) -> HttpResponse:
    back = reverse("registers:types")
    form = DocumentTypeForm(request.POST or None, instance=document_type)
    if request.method == "POST" and form.is_valid():
        try:
            document_type = services.save_document_type(form.apply(), by=request.person)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            message = _("Document type %(name)s was saved.") % {"name": document_type.name}
            return saved(request, message, back=back, event="types-changed")
    if document_type.pk:
        title = _("Edit document type %(name)s") % {"name": document_type.name}
        action = reverse("registers:type-edit", args=[document_type.pk])
    else:
        title, action = _("Add a document type"), reverse("registers:type-add")
    return form_response(request, form, title=title, action=action, back=back)


# ---- secrecy clearances -----------------------------------------------------------------------------------------


@admin_only
def clearance_list(request: HttpRequest) -> HttpResponse:
    """The members cleared to read secret documents, highest level first, with their posts."""
    clearances = list(SecrecyClearance.objects.all())
    people = User.objects.in_bulk([c.user_id for c in clearances])
    posts: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(user_id__in=people, is_active=True).select_related("unit", "position"):
        posts.setdefault(membership.user_id, []).append(membership)
    rows = sorted(
        ({"clearance": c, "user": people[c.user_id], "posts": posts.get(c.user_id, [])} for c in clearances),
        key=lambda row: (-Secrecy.rank(row["clearance"].level), row["user"].full_name, row["user"].username),
    )
    context = {"rows": rows, "table_id": "clearance-table"}
    return _page(request, "registers/clearance_list.html", "registers/_clearance_table.html", context)


@admin_only
def clearance_set(request: HttpRequest, user_id: int | None = None) -> HttpResponse:
    """Grant, change or remove (level “not secret”) a member's clearance; with ``user_id`` for one person."""
    members = User.objects.filter(pk__in=Membership.objects.values("user_id"))  # of this agency only
    person = get_object_or_404(members, pk=user_id) if user_id is not None else None
    current = SecrecyClearance.objects.filter(user=person).first() if person else None
    initial = {"level": current.level} if current else {"level": Secrecy.CONFIDENTIAL}
    form = ClearanceForm(request.POST or None, user=person, initial=initial)
    back = reverse("registers:clearances")
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["user"]
        try:
            services.set_clearance(user, form.cleaned_data["level"], by=request.person)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            message = _("The clearance of %(name)s was saved.") % {"name": user.full_name or user.username}
            return saved(request, message, back=back, event="clearances-changed")
    if person is not None:
        title = _("Clearance of %(name)s") % {"name": person.full_name or person.username}
        action = reverse("registers:clearance-edit", args=[person.pk])
    else:
        title, action = _("Grant a clearance"), reverse("registers:clearance-add")
    return form_response(request, form, title=title, action=action, back=back)
