"""The leader's side of work direction (issue 8 points 1–2): the clerk submits a document to a leader (the route's
by default), the leader's queue "Văn bản chờ ý kiến chỉ đạo", the direction form (one screen, one tap per assignee
on a phone), the deadline's working-day hint, and the administrator's default routes.

Views ask direction's access helpers and call one service each; a refusal shows on the form, nothing is saved."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from apps.core.dates import parse_date
from apps.core.generic import ObjectEditView, ObjectListView, list_or_table
from apps.core.guards import guard, members_only, role_required
from apps.core.panels import partial
from apps.documents.access import get_incoming_for
from apps.documents.models import IncomingDocument
from apps.people.models import Role, Unit
from apps.registers.models import Urgency
from apps.workdays.calendar import calendar_for

from .. import access, queues, routing, services
from ..models import Submission, SubmissionRoute, Work
from .leader_forms import MAX_DAYS, DirectionForm, RouteForm, SubmitForm, initial_from, usual_units

admin_only = role_required(Role.ADMIN)
leaders_only = role_required(Role.LEADER, message=gettext_lazy("Only leaders direct documents."))


# ---- submitting (trình) ---------------------------------------------------------------------------------------


def submit_form(document: IncomingDocument, data=None) -> SubmitForm:
    """The submission form for ``document``: the leaders it may go to, the route's leader first chosen."""
    leaders = routing.allowed_leaders(document)
    return SubmitForm(data, leaders=leaders, default=routing.default_leader(document, leaders))


def flags(document: IncomingDocument) -> dict:
    """What the clerk is told before submitting: urgent (Khẩn and above) or an invitation notify at once."""
    invitation = bool(document.document_type_id) and document.document_type.abbreviation == services.INVITATION
    return {"urgent": Urgency.is_urgent(document.urgency), "invitation": invitation}


@members_only
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The clerk puts a registered document before a leader (Đ23), with a note; submitting again to another leader
    withdraws the first submission."""
    document = get_incoming_for(request.person, pk)
    if not access.may_submit(request.person, document):
        raise PermissionDenied(_("Only the clerk submits a registered document to a leader."))
    form = submit_form(document, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submit(
                document, form.cleaned_data["leader"], by=request.person, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("Submitted to %(leader)s for direction.") % {"leader": submission.leader.full_name}
            )
            return redirect("documents:incoming-detail", document.pk)
    context = {"document": document, "form": form, **flags(document)}
    return render(request, "direction/leader/submit.html", context, status=400 if form.errors else 200)


# ---- the leader's queue ----------------------------------------------------------------------------------------


def waiting_submissions(person) -> QuerySet[Submission]:
    """Documents waiting for the person's direction, and for those whose delegation they carry now
    (``queues.submissions``), with their registers."""
    grantors = access.grantors_of(person)
    return queues.submissions(person, grantors=grantors).select_related("document__register", "leader")


class Queue(ObjectListView):
    """Văn bản chờ ý kiến chỉ đạo: the documents submitted to the leader, the urgent ones marked."""

    template_name = "direction/leader/queue.html"
    table_template = "direction/leader/_queue_table.html"
    table_id = "queue-table"

    def get_queryset(self) -> QuerySet[Submission]:
        return waiting_submissions(self.request.person)


def _directs(request: HttpRequest) -> bool:
    return request.person.has_role(Role.LEADER) or bool(access.grantors_of(request.person))


# Leaders, and whoever carries a leader's delegation now.
queue = guard(_directs, message=gettext_lazy("Only leaders direct documents."))(Queue.as_view())


# ---- the direction -----------------------------------------------------------------------------------------------


def may_direct_now(person, document: IncomingDocument) -> bool:
    """Whether the person may direct the document, themselves or under a delegation (the service asks the same)."""
    try:
        access.principal_for(person, lambda p: access.may_direct(p, document))
    except PermissionDenied:
        return False
    return True


def _document_to_direct(person, pk: int) -> IncomingDocument:
    """The document, for one who may direct it: themselves, or as the delegate of a grantor who may (the delegate
    reads it as the grantor would). 403 for one who sees it and may not direct it, 404 for anyone else."""
    seen = False
    for reader in (person, *access.grantors_of(person)):
        try:
            document = get_incoming_for(reader, pk)
        except Http404:
            continue
        if access.may_direct(reader, document):  # each reader for themselves: a delegation is not passed on
            return document
        seen = seen or reader is person
    if seen:
        raise PermissionDenied(_("Only the leader the document was submitted to, or an agency leader, directs it."))
    raise Http404


def direction_form(request: HttpRequest, work: Work | None) -> DirectionForm:
    units = list(Unit.objects.filter(is_active=True).order_by("name"))
    return DirectionForm(request.POST or None, units=units, usual=usual_units(request.user), initial=initial_from(work))


@members_only
def direct(request: HttpRequest, pk: int) -> HttpResponse:
    """The leader's direction in one screen: the text, one lead, supports and people kept informed, the deadlines
    (Đ23). Once saved, the work's page; a refusal on the form, nothing saved."""
    document = _document_to_direct(request.person, pk)
    work = Work.objects.filter(document=document).first()
    form = direction_form(request, work)
    if request.method == "POST" and form.is_valid():
        try:
            directed = services.direct(document, form.entry(), by=request.person)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The direction was recorded and sent to those assigned."))
            return redirect("direction:work", directed.work.pk)
    context = {"document": document, "form": form, "work": work, "rows": form.unit_rows(), **flags(document)}
    context["people_rows"] = form.people_rows()
    return render(request, "direction/leader/direct.html", context, status=400 if form.errors else 200)


@members_only
@require_GET
def deadline_hint(request: HttpRequest) -> HttpResponse:
    """While the leader chooses a deadline: the date ``due_days`` working days from today, or how many working days
    remain until the date ``due_on`` typed (the agency's calendar: weekends, holidays, make-up days)."""
    today = timezone.localdate()
    calendar = calendar_for()
    context: dict = {"today": today}
    day = parse_date(request.GET.get("due_on", ""))
    try:
        days = int(request.GET.get("due_days") or 0)
    except ValueError:
        days = 0
    if day is not None:
        context.update(day=day, days=calendar.working_days_between(today, day), past=day < today)
    elif 0 < days <= MAX_DAYS:
        context.update(day=calendar.add_working_days(today, days), days=days)
    return partial(request, "direction/leader/_deadline_hint.html", context)


@members_only
@require_GET
def people_deadlines(request: HttpRequest) -> HttpResponse:
    """While the leader picks people in support or kept informed: a deadline field for each of them (the dates
    already typed kept)."""
    form = DirectionForm(request.GET, units=[], usual=[])
    return partial(request, "direction/leader/_people_deadlines.html", {"people_rows": form.people_rows()})


# ---- default routes (the administrator) -------------------------------------------------------------------------


@admin_only
def route_list(request: HttpRequest) -> HttpResponse:
    """The default leader per register and per unit."""
    routes = SubmissionRoute.objects.select_related("register", "unit", "leader").order_by(
        "unit__name", "register__name", "id"
    )
    context = {"routes": routes, "table_id": "route-table"}
    return list_or_table(
        request,
        context,
        template="direction/leader/route_list.html",
        table="direction/leader/_route_table.html",
        table_id="route-table",
    )


class RouteEdit(ObjectEditView):
    """Add or change a default route (a register or a unit, and its leader)."""

    model, form_class, back, event = SubmissionRoute, RouteForm, "direction:routes", "routes-changed"
    add_title, edit_title = gettext_lazy("Add a default route"), gettext_lazy("Edit the default route of %(name)s")
    saved_message = gettext_lazy("The default route of %(name)s was saved.")

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "leaders": access.leaders()}

    def get_object(self, pk: int) -> SubmissionRoute:
        return get_object_or_404(SubmissionRoute, pk=pk)

    def get_title(self, form: Form) -> str:
        instance = form.instance
        return self.edit_title % {"name": instance.register or instance.unit} if instance.pk else self.add_title

    def save(self, form: Form) -> str:
        route = routing.save_route(form.save(commit=False), by=self.request.person)
        return self.saved_message % {"name": route.register or route.unit}


route_add = route_edit = admin_only(RouteEdit.as_view())


@admin_only
@require_POST
def route_remove(request: HttpRequest, pk: int) -> HttpResponse:
    route = get_object_or_404(SubmissionRoute, pk=pk)
    routing.remove_route(route, by=request.person)
    messages.success(request, _("The default route was removed."))
    return redirect("direction:routes")


urlpatterns = [
    path("documents/<int:pk>/submit/", submit, name="submit"),
    path("documents/<int:pk>/direct/", direct, name="direct"),
    path("waiting/", queue, name="queue"),
    path("deadline/", deadline_hint, name="deadline-hint"),
    path("people-deadlines/", people_deadlines, name="people-deadlines"),
    path("routes/", route_list, name="routes"),
    path("routes/add/", route_add, name="route-add"),
    path("routes/<int:pk>/", route_edit, name="route-edit"),
    path("routes/<int:pk>/remove/", route_remove, name="route-remove"),
]
