"""The agency administrator's register screens: the registers (sổ đăng ký văn bản), the document types and the
secrecy clearances, each a list with adding and changing.

The screens' shared pattern (apps.core.panels, docs/web-ui.md): every form is a page of its own, and with htmx it
comes into a panel above the list, which refreshes itself (``registers-changed``, ``types-changed``,
``clearances-changed``) once saved."""

from django.contrib.auth import get_user_model
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.generic import ObjectEditView, PanelFormView, list_or_table
from apps.core.guards import role_required
from apps.core.registry import ADMIN, NavItem
from apps.people.access import Person
from apps.people.models import Membership, Role

from . import access, services
from .forms import ClearanceForm, DocumentTypeForm, RegisterForm
from .models import DocumentType, Register, RegisterCounter, Secrecy, SecrecyClearance

User = get_user_model()
SECTIONS = [
    ("registers:list", gettext_lazy("Registers")),
    ("registers:types", gettext_lazy("Document types")),
    ("registers:clearances", gettext_lazy("Secrecy clearances")),
]
admin_only = role_required(Role.ADMIN)


def registers_menu(request: HttpRequest, person: Person) -> list[NavItem]:
    """The registers entry of the agency administrator's menu."""
    if person.is_admin:
        return [NavItem(reverse("registers:list"), gettext_lazy("Registers"), "journal-bookmark", group=ADMIN)]
    return []


def _page(request: HttpRequest, template: str, table: str, context: dict) -> HttpResponse:
    """A list page with the section tabs, or its table alone when htmx refreshes it."""
    context = {**context, "sections": SECTIONS, "table": table}
    return list_or_table(request, context, template=template, table=table, table_id=context["table_id"])


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


class RegisterEdit(ObjectEditView):
    """Add a register (of the kind ``?kind=``) or change one: its name, kind, secrecy levels and document types."""

    model, form_class = Register, RegisterForm
    back, event = "registers:list", "registers-changed"
    fields_template = "registers/_register_fields.html"
    add_title = gettext_lazy("Add a register")
    edit_title = gettext_lazy("Edit register %(name)s")
    saved_message = gettext_lazy("Register %(name)s was saved.")

    def get_object(self, pk: int) -> Register:
        return access.get_register_for(self.request.person, pk)

    def get_initial(self) -> dict:
        kind = self.request.GET.get("kind")
        return {"kind": kind} if kind in Register.Kind.values else {}

    def save_object(self, form: Form) -> Register:
        types = form.cleaned_data["document_types"]
        return services.save_register(form.save(commit=False), by=self.request.person, document_types=types)


register_add = register_edit = admin_only(RegisterEdit.as_view())


# ---- document types ---------------------------------------------------------------------------------------------


@admin_only
def type_list(request: HttpRequest) -> HttpResponse:
    """The Decree's catalogue and the agency's own types, in their order; those no longer in use last."""
    types = access.document_types_visible_to(request.person).order_by("-is_active", "order", "name")
    context = {"types": types, "table_id": "type-table"}
    return _page(request, "registers/type_list.html", "registers/_type_table.html", context)


class TypeEdit(ObjectEditView):
    """Add one of the agency's own document types, or change one (the Decree's types: only order and use)."""

    model, form_class = DocumentType, DocumentTypeForm
    back, event = "registers:types", "types-changed"
    add_title = gettext_lazy("Add a document type")
    edit_title = gettext_lazy("Edit document type %(name)s")
    saved_message = gettext_lazy("Document type %(name)s was saved.")

    def get_object(self, pk: int) -> DocumentType:
        return get_object_or_404(access.document_types_visible_to(self.request.person), pk=pk)

    def save_object(self, form: Form) -> DocumentType:
        return services.save_document_type(form.apply(), by=self.request.person)


type_add = type_edit = admin_only(TypeEdit.as_view())


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


class ClearanceEdit(PanelFormView):
    """Grant, change or remove (level “not secret”) a member's clearance; with ``user_id`` for one person."""

    form_class = ClearanceForm
    back = "registers:clearances"
    event = "clearances-changed"

    def get_form_kwargs(self) -> dict:
        members = User.objects.filter(pk__in=Membership.objects.values("user_id"))  # of this agency only
        user_id = self.kwargs.get("user_id")
        self.person = get_object_or_404(members, pk=user_id) if user_id is not None else None
        current = SecrecyClearance.objects.filter(user=self.person).first() if self.person else None
        return {"user": self.person, "initial": {"level": current.level if current else Secrecy.CONFIDENTIAL}}

    def get_title(self, form: Form) -> str:
        person = self.person
        if person is not None:
            return _("Clearance of %(name)s") % {"name": person.full_name or person.username}
        return _("Grant a clearance")

    def save(self, form: Form) -> str:
        user = form.cleaned_data["user"]
        services.set_clearance(user, form.cleaned_data["level"], by=self.request.person)
        return _("The clearance of %(name)s was saved.") % {"name": user.full_name or user.username}


clearance_set = admin_only(ClearanceEdit.as_view())
