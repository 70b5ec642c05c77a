"""Incoming documents on the web: the list (filters, search as you type, order, pages), the clerk's registration
form, a document's page with its files and trail, file downloads and the files in the viewer.

Views parse input, ask access.py what the person may see, call the service and render; the list and the API
share one FilterSet (filters.IncomingFilter)."""

import dataclasses
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from apps.core.generic import FilteredListView
from apps.core.guards import role_required
from apps.core.panels import in_panel, partial
from apps.core.pickers import picker_limit, picker_query, picker_results
from apps.core.registry import object_links, object_panels
from apps.core.viewer import viewer_view
from apps.notifications.services import mark_seen
from apps.people.models import Role

from . import access, fulltext_search, search, services, serving, staging
from .filters import IncomingFilter
from .forms import CancelForm, IncomingCorrectionForm, IncomingRegistrationForm
from .models import IncomingAttachment, IncomingDocument
from .trail import trail_for

# ---- the list ---------------------------------------------------------------------------------------------------


class SnippetsMixin:
    """A document list whose rows, for a query in the search box, carry the snippet of their files' text where the
    query's words occur (``row.snippet``: escaped, the words in ``<mark>``); one query for the page."""

    def respond(self, context: dict) -> HttpResponse:
        filters = context.get("filters")
        if getattr(filters, "searched", ""):
            fulltext_search.attach_snippets(list(context["page"].object_list), filters.searched)
        return super().respond(context)


class IncomingList(SnippetsMixin, FilteredListView):
    """Every incoming document the person may see (clerks and leaders: the agency's; specialists: what is sent to
    them or their units), filtered, searched and sorted; the same FilterSet as the API. The page comes without its
    count, which the page then loads (``incoming_count``: how many match, up to 10,000): the rows show at once
    however many match."""

    filterset_class = IncomingFilter
    template_name = "documents/incoming_list.html"
    table_template = "documents/_incoming_table.html"
    table_id = "incoming-table"
    count_template = "documents/_incoming_count.html"
    newest_first_on = "arrival_date"

    def get_queryset(self) -> QuerySet:
        return (
            access.incoming_visible_to(self.request.person)
            .defer(*fulltext_search.INDEX_FIELDS)
            .select_related("register", "document_type")
            .prefetch_related(Prefetch("files", queryset=IncomingAttachment.objects.only("pk", "document_id")))
        )

    def get_context_data(self) -> dict:
        return {"may_register": self.request.person.has_role(Role.CLERK)}


incoming_list = login_required(IncomingList.as_view())
incoming_count = login_required(IncomingList.as_view(count=True))


# ---- registration -----------------------------------------------------------------------------------------------


clerks_only = role_required(Role.CLERK, message=gettext_lazy("Only the clerk (văn thư) registers incoming documents."))


@clerks_only
def incoming_register(request: HttpRequest) -> HttpResponse:
    """The clerk's registration form. A possible duplicate is shown while typing (``incoming_duplicates``) and
    again after saving: the number a registration takes cannot be given back, so the warning comes first."""
    initial = {
        k: request.GET[k] for k in ("register", "document_type", "issuer_name", "issuer_code") if k in request.GET
    }
    return registration_page(request, initial=initial)


def registration_page(
    request: HttpRequest,
    *,
    initial: dict,
    suggested: frozenset[str] = frozenset(),
    staged: tuple = (),
    after: Callable[[IncomingDocument], object] | None = None,
) -> HttpResponse:
    """The registration form and its handling: ``suggested`` fields marked (read from a scan), ``staged`` files
    already attached, ``after(document)`` called once registered (a scan waiting to be registered is linked)."""
    person = request.person
    form = IncomingRegistrationForm(
        request.POST or None, request.FILES or None, person=person, initial=initial, suggested=suggested
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = dataclasses.replace(form.entry(), files=tuple(staging.as_uploads(form.cleaned_data["files"])))
            registration = services.register_incoming(entry, by=person)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if after is not None:
                after(registration.document)
            return _registered(request, registration)
    if request.method == "POST":
        staging.keep_for_retry(form)
    elif staged:
        form.fields["files"].widget.staged = list(staged)
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/incoming_register.html", {"form": form}, status=status)


def _registered(request: HttpRequest, registration: services.Registration) -> HttpResponse:
    document = registration.document
    url = reverse("documents:incoming-detail", args=[document.pk])
    message = _("Registered as incoming document no. %(number)s of %(date)s in %(register)s.") % {
        "number": document.arrival_number_display,
        "date": document.arrival_date.strftime("%d/%m/%Y"),
        "register": document.register.name,
    }
    for warning in registration.warnings:
        messages.warning(request, warning)
    if request.POST.get("then") == "another":
        # The next document of a batch usually comes from the same register and often the same issuer and type.
        messages.success(request, format_html('{} <a href="{}" class="alert-link">{}</a>', message, url, _("Open")))
        keep = {"register": document.register_id, "document_type": document.document_type_id}
        return redirect(f"{reverse('documents:incoming-register')}?{urlencode(keep)}")
    messages.success(request, message)
    return redirect(url)


@clerks_only
@require_GET
def incoming_duplicates(request: HttpRequest) -> HttpResponse:
    """While the clerk types: documents already registered with the same number, notation and issuer (a warning,
    not a refusal — Appendix VI §III.1)."""
    warnings: list[str] = []
    try:
        number = int(request.GET.get("number") or 0) or None
    except ValueError:
        number = None
    notation = search.normalize(request.GET.get("notation", ""))
    code = request.GET.get("issuer_code", "").strip().upper()
    name = search.normalize(request.GET.get("issuer_name", ""))
    if number and notation and (code or name):
        try:
            issuer = services.resolve_issuer(code=code, name=name)
        except ValidationError:
            issuer = services.Issuer(name=name)
        warnings = services.duplicate_warnings(request.person, services.Reference(number, notation, issuer))
    return partial(request, "documents/_duplicates.html", {"warnings": warnings})


@clerks_only
@require_GET
def issuer_options(request: HttpRequest) -> HttpResponse:
    """The issuer picker's source: agencies of the province and the directory matching what the clerk typed,
    abbreviations included (``UBND tỉnh``, ``HĐND``, ``SNV``); the value is the name, the code fills its field."""
    found = search.find_agencies(picker_query(request), limit=picker_limit(request))
    return picker_results({"value": m.name, "text": m.name, "hint": m.hint, "code": m.code} for m in found)


# ---- one document -------------------------------------------------------------------------------------------------


@login_required
def incoming_detail(request: HttpRequest, pk: int, cancel_form: CancelForm | None = None) -> HttpResponse:
    """Everything about one document: its fields, recipients, files and trail (404 for anyone who may not see it)."""
    document = access.get_incoming_for(request.person, pk)
    mark_seen(document, by=request.person)  # opened from any page, its notifications are done
    recipients = list(document.recipients.select_related("unit", "user").order_by("unit__name", "user__full_name"))
    files = list(document.files.select_related("file"))
    context = {
        "document": document,
        "recipients": recipients,
        "files": files,
        "trail": trail_for(document),
        "registered_by": document.registered_by,
        "may_register": request.person.has_role(Role.CLERK),
        "may_correct": access.may_correct(request.person, document),
        "links": object_links(request, document),
        "panels": object_panels(request, document),
    }
    if context["may_correct"] and document.status == IncomingDocument.Status.REGISTERED:
        context["cancel_form"] = cancel_form or CancelForm()
    return render(request, "documents/incoming_detail.html", context, status=400 if cancel_form else 200)


# ---- correcting and cancelling ------------------------------------------------------------------------------------


@login_required
def incoming_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """The clerk corrects and completes a registered document and adds files (Appendix VI: add and edit metadata);
    the history shows each change as before → after. In the document page's panel when htmx asks for it there."""
    document = access.get_incoming_for(request.person, pk)
    access.ensure_may_correct(request.person, document)
    form = IncomingCorrectionForm(request.POST or None, request.FILES or None, document=document, person=request.person)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.correct_incoming(
                document, by=request.person, changes=form.changes(), files=form.cleaned_data["files"]
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            for warning in result.warnings:
                messages.warning(request, warning)
            if result.changed:
                messages.success(request, _("The corrections were saved and recorded in the history."))
            else:
                messages.info(request, _("Nothing changed."))
            return _to_detail(request, document)
    context = {"form": form, "document": document, "in_panel": in_panel(request)}
    template = "documents/_correct_form.html" if context["in_panel"] else "documents/incoming_correct.html"
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
@require_POST
def incoming_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a mistaken registration with its reason: the document keeps its number and stays in the register,
    marked cancelled. A refusal shows the document page again with the reason's error."""
    document = access.get_incoming_for(request.person, pk)
    access.ensure_may_correct(request.person, document)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_incoming(document, by=request.person, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Registration no. %(number)s was cancelled: it stays in the register, marked cancelled.")
                % {"number": document.arrival_number_display},
            )
            return _to_detail(request, document)
    return incoming_detail(request, pk, cancel_form=form)


def _to_detail(request: HttpRequest, document: IncomingDocument) -> HttpResponse:
    """The document's page: a redirect, or for htmx a full-page redirect (the page changes as a whole)."""
    url = reverse("documents:incoming-detail", args=[document.pk])
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _attachment_for(request: HttpRequest, pk: int, file_pk: int) -> tuple[IncomingDocument, IncomingAttachment]:
    """A file of a document the person may see, and the document (404 otherwise: the document's or the file's)."""
    document = access.get_incoming_for(request.person, pk)
    attachment = IncomingAttachment.objects.select_related("file").filter(document=document, pk=file_pk).first()
    if attachment is None:
        raise Http404
    return document, attachment


@login_required
@require_GET
def incoming_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """A file of a document the person may see, served by what its bytes are (serving.py): a PDF, PNG or JPEG
    opens in the browser with ``?inline=1``; everything else is downloaded."""
    _, attachment = _attachment_for(request, pk, file_pk)
    return serving.file_response(request, attachment.file, name=attachment.name)


# The same file in the viewer (apps/core/viewer.py), for the same people.
incoming_file_view = login_required(
    require_GET(viewer_view(_attachment_for, download="documents:incoming-file", back="documents:incoming-detail"))
)
