"""Agency-admin screens (units, positions, people) and the staff directory.

Views parse input, ask access.py who may see what, call one service and render. Every form works as a
normal page; with htmx the same form is loaded into a panel above the list and the list refreshes itself
(on the ``people-changed`` / ``units-changed`` / ``positions-changed`` events) once it is saved."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from apps.core.generic import ObjectEditView, ObjectListView, PanelFormView, list_or_table
from apps.core.guards import role_required
from apps.core.pickers import picker_limit, picker_query, picker_results

from . import access, forms, services
from .forms import AddMemberForm, MemberSearchForm, MembershipForm, membership_label
from .models import Position, Role, Unit

admin_only = role_required(Role.ADMIN)


# ---- people ---------------------------------------------------------------------------------------------------


class MemberList(ObjectListView):
    template_name = "people/member_list.html"
    table_template = "people/_member_table.html"
    table_id = "member-table"

    def get_queryset(self) -> QuerySet:
        self.search = MemberSearchForm(self.request.GET or None)
        return access.memberships_managed_by(self.request.person, **self.search.filters())

    def get_context_data(self) -> dict:
        return {"search": self.search}


member_list = admin_only(MemberList.as_view())


class MemberAdd(PanelFormView):
    """Add a person of the province, or a new one, to a unit with a position and roles."""

    form_class = AddMemberForm
    back = "people:members"
    event = "people-changed"
    fields_template = "people/_member_add_fields.html"

    def get_title(self, form: Form) -> str:
        return _("Add a person")

    def save(self, form: Form) -> str:
        data = form.cleaned_data
        membership = services.add_member(
            user=data.get("user"),
            new_user=None if data.get("user") else form.new_user(),
            unit=data["unit"],
            position=data["position"],
            roles=data["roles"],
            by=self.request.person,
        )
        return _("%(name)s was added to %(unit)s.") % {"name": membership.user.full_name, "unit": membership.unit}


member_add = admin_only(MemberAdd.as_view())


class MemberEdit(PanelFormView):
    """Change a person's post: unit, position, roles."""

    form_class = MembershipForm
    back = "people:members"
    event = "people-changed"

    def get_form_kwargs(self) -> dict:
        return {"membership": access.get_membership_for(self.request.person, self.kwargs["pk"])}

    def get_title(self, form: Form) -> str:
        return _("Edit the post of %(name)s") % {"name": form.membership.user.full_name}

    def save(self, form: Form) -> str:
        data = form.cleaned_data
        services.update_membership(
            form.membership, unit=data["unit"], position=data["position"], roles=data["roles"], by=self.request.person
        )
        return _("The changes were saved.")


member_edit = admin_only(MemberEdit.as_view())


@admin_only
@require_POST
def member_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate or reactivate a membership (POST active=0/1); the agency's last administrator stays."""
    membership = access.get_membership_for(request.person, pk)
    active = request.POST.get("active") == "1"
    error = None
    try:
        services.set_membership_active(membership, active, by=request.person)
    except ValidationError as exc:
        error = " ".join(exc.messages)
        membership.refresh_from_db()
    if request.htmx:
        return render(request, "people/_member_row.html", {"m": membership, "row_error": error})
    if error:
        messages.error(request, error)
    elif active:
        messages.success(request, _("%(name)s was reactivated.") % {"name": membership.user.full_name})
    else:
        messages.success(request, _("%(name)s was deactivated.") % {"name": membership.user.full_name})
    return redirect("people:members")


class Directory(ObjectListView):
    """The staff directory (danh bạ): every active member, by unit. Open to every member of the agency."""

    template_name = "people/directory.html"
    table_template = "people/_directory_table.html"
    table_id = "directory-table"

    def get_queryset(self) -> QuerySet:
        return access.directory_for(self.request.person, q=self.request.GET.get("q", ""))

    def get_context_data(self) -> dict:
        return {"q": self.request.GET.get("q", "")}


directory = login_required(Directory.as_view())


@login_required
@require_GET
def member_options(request: HttpRequest) -> HttpResponse:
    """The people pickers' source: active members of the agency matching what was typed (name with or without
    accents, username, unit, position), as the staff directory shows them to every member. Each result's value is
    the membership; ``user`` is the person's account, for pickers that choose people (``value_field="user"``)."""
    memberships = access.directory_for(request.person, q=picker_query(request))[: picker_limit(request)]
    return picker_results(
        {"value": m.pk, "user": m.user_id, "text": membership_label(m), "hint": m.user.username} for m in memberships
    )


# ---- units ----------------------------------------------------------------------------------------------------


@dataclass
class UnitNode:
    unit: Unit
    children: list["UnitNode"] = field(default_factory=list)


def unit_tree(*, include_inactive: bool) -> list[UnitNode]:
    """Units nested under their parents, each with its count of active members (two queries in all)."""
    units = Unit.objects.annotate(member_count=Count("memberships", filter=Q(memberships__is_active=True)))
    if not include_inactive:
        units = units.filter(is_active=True)
    nodes = {unit.pk: UnitNode(unit) for unit in units.order_by("order", "name")}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def _unit_tree_response(request: HttpRequest, *, error: str | None = None) -> HttpResponse:
    include_inactive = request.GET.get("inactive") == "1" or request.POST.get("inactive") == "1"
    context = {"tree": unit_tree(include_inactive=include_inactive), "inactive": include_inactive, "error": error}
    return list_or_table(
        request, context, template="people/unit_list.html", table="people/_unit_tree.html", table_id="unit-tree"
    )


@admin_only
def unit_list(request: HttpRequest) -> HttpResponse:
    return _unit_tree_response(request)


class UnitEdit(ObjectEditView):
    """Add a unit (under ``?parent=``) or change one: name, abbreviation, parent, order."""

    model, form_class = Unit, forms.UnitForm
    back, event = "people:units", "units-changed"
    add_title = gettext_lazy("Add a unit")
    edit_title = gettext_lazy("Edit unit %(name)s")
    saved_message = gettext_lazy("Unit %(name)s was saved.")

    def get_object(self, pk: int) -> Unit:
        return access.get_unit_for(self.request.person, pk)

    def get_initial(self) -> dict:
        return {"parent": self.request.GET.get("parent")}

    def save_object(self, form: Form) -> Unit:
        return services.save_unit(form.save(commit=False), by=self.request.person)


unit_add = unit_edit = admin_only(UnitEdit.as_view())


@admin_only
@require_POST
def unit_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate a unit (only when empty) or bring it back (POST active=0/1)."""
    unit = access.get_unit_for(request.person, pk)
    error = None
    try:
        if request.POST.get("active") == "1":
            services.reactivate_unit(unit, by=request.person)
        else:
            services.deactivate_unit(unit, by=request.person)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        return _unit_tree_response(request, error=error)
    if error:
        messages.error(request, error)
    elif unit.is_active:
        messages.success(request, _("Unit %(name)s was reactivated.") % {"name": unit.name})
    else:
        messages.success(request, _("Unit %(name)s was deactivated.") % {"name": unit.name})
    return redirect(reverse("people:units") + ("?inactive=1" if request.POST.get("inactive") == "1" else ""))


# ---- positions ------------------------------------------------------------------------------------------------


@admin_only
def position_list(request: HttpRequest) -> HttpResponse:
    positions = Position.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__is_active=True))
    ).order_by("rank", "name")
    return list_or_table(
        request,
        {"positions": positions},
        template="people/position_list.html",
        table="people/_position_table.html",
        table_id="position-table",
    )


class PositionEdit(ObjectEditView):
    """Add a position or change one: name and rank."""

    model, form_class = Position, forms.PositionForm
    back, event = "people:positions", "positions-changed"
    add_title = gettext_lazy("Add a position")
    edit_title = gettext_lazy("Edit position %(name)s")
    saved_message = gettext_lazy("Position %(name)s was saved.")

    def get_object(self, pk: int) -> Position:
        return access.get_position_for(self.request.person, pk)

    def save_object(self, form: Form) -> Position:
        return services.save_position(form.save(commit=False), by=self.request.person)


position_add = position_edit = admin_only(PositionEdit.as_view())
