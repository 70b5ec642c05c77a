"""Agency-admin screens (units, positions, people) and the staff directory.

Views parse input, ask access.py who may see what, call one service and render. Every form works as a
normal page; with htmx the same form is loaded into a panel above the list and the list refreshes itself
(on the ``people-changed`` / ``units-changed`` / ``positions-changed`` events) once it is saved."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.core.panels import admin_only, form_response, partial, saved
from apps.core.pickers import picker_limit, picker_query, picker_results

from . import access, services
from .forms import AddMemberForm, MemberSearchForm, MembershipForm, PositionForm, UnitForm, membership_label
from .models import Position, Unit

PAGE_SIZE = 50


# ---- people ---------------------------------------------------------------------------------------------------


@admin_only
def member_list(request: HttpRequest) -> HttpResponse:
    search = MemberSearchForm(request.GET or None)
    memberships = access.memberships_managed_by(request.person, **search.filters())
    page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"search": search, "page": page, "query": _query_without_page(request)}
    if request.htmx and request.htmx.target == "member-table":
        return partial(request, "people/_member_table.html", context)
    return render(request, "people/member_list.html", context)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@admin_only
def member_add(request: HttpRequest) -> HttpResponse:
    back = reverse("people:members")
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.add_member(
                user=data.get("user"),
                new_user=None if data.get("user") else form.new_user(),
                unit=data["unit"],
                position=data["position"],
                roles=data["roles"],
                by=request.person,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            message = _("%(name)s was added to %(unit)s.") % {
                "name": membership.user.full_name,
                "unit": membership.unit,
            }
            return saved(request, message, back=back, event="people-changed")
    action = reverse("people:member-add")
    fields = "people/_member_add_fields.html"
    return form_response(request, form, title=_("Add a person"), action=action, back=back, fields=fields)


@admin_only
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = access.get_membership_for(request.person, pk)
    back = reverse("people:members")
    form = MembershipForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_membership(
                membership, unit=data["unit"], position=data["position"], roles=data["roles"], by=request.person
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return saved(request, _("The changes were saved."), back=back, event="people-changed")
    title = _("Edit the post of %(name)s") % {"name": membership.user.full_name}
    return form_response(request, form, title=title, action=reverse("people:member-edit", args=[pk]), back=back)


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


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    """The staff directory (danh bạ): every active member, by unit. Open to every member of the agency."""
    q = request.GET.get("q", "")
    memberships = access.directory_for(request.person, q=q)
    page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "q": q, "query": _query_without_page(request)}
    if request.htmx and request.htmx.target == "directory-table":
        return partial(request, "people/_directory_table.html", context)
    return render(request, "people/directory.html", context)


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
    if request.htmx and request.htmx.target == "unit-tree":
        return partial(request, "people/_unit_tree.html", context)
    return render(request, "people/unit_list.html", context)


@admin_only
def unit_list(request: HttpRequest) -> HttpResponse:
    return _unit_tree_response(request)


@admin_only
def unit_add(request: HttpRequest) -> HttpResponse:
    return _unit_form(request, Unit(), initial={"parent": request.GET.get("parent")})


@admin_only
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _unit_form(request, access.get_unit_for(request.person, pk))


def _unit_form(request: HttpRequest, unit: Unit, initial: dict | None = None) -> HttpResponse:
    back = reverse("people:units")
    form = UnitForm(request.POST or None, instance=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.save_unit(form.save(commit=False), by=request.person)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            return saved(request, _("Unit %(name)s was saved.") % {"name": unit.name}, back=back, event="units-changed")
    if unit.pk:
        title, action = _("Edit unit %(name)s") % {"name": unit.name}, reverse("people:unit-edit", args=[unit.pk])
    else:
        title, action = _("Add a unit"), reverse("people:unit-add")
    return form_response(request, form, title=title, action=action, back=back)


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
    if request.htmx and request.htmx.target == "position-table":
        return partial(request, "people/_position_table.html", {"positions": positions})
    return render(request, "people/position_list.html", {"positions": positions})


@admin_only
def position_add(request: HttpRequest) -> HttpResponse:
    return _position_form(request, Position())


@admin_only
def position_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _position_form(request, access.get_position_for(request.person, pk))


def _position_form(request: HttpRequest, position: Position) -> HttpResponse:
    back = reverse("people:positions")
    form = PositionForm(request.POST or None, instance=position)
    if request.method == "POST" and form.is_valid():
        try:
            position = services.save_position(form.save(commit=False), by=request.person)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            message = _("Position %(name)s was saved.") % {"name": position.name}
            return saved(request, message, back=back, event="positions-changed")
    if position.pk:
        title = _("Edit position %(name)s") % {"name": position.name}
        action = reverse("people:position-edit", args=[position.pk])
    else:
        title, action = _("Add a position"), reverse("people:position-add")
    return form_response(request, form, title=title, action=action, back=back)
