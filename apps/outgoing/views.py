"""Outgoing documents on the web: the work page (drafts waiting for me, my drafts), the issued list (filters, search
as you type, order, pages: the same FilterSet as the API), the draft form, the draft page with its actions, and file
downloads.

Views parse input, ask access.py, call one service and render. The action forms on the draft page post normally
(post/redirect/get); with htmx they swap the draft (``#draft``) and the messages in place."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from apps.core.agency_search import find_agencies
from apps.core.generic import FilteredListView
from apps.core.guards import members_only
from apps.core.pickers import picker_limit, picker_query, picker_results
from apps.core.viewer import viewer_view
from apps.documents import serving, staging
from apps.documents.access import incoming_visible_to
from apps.documents.fulltext_search import INDEX_FIELDS
from apps.documents.views import SnippetsMixin
from apps.notifications.services import mark_seen
from apps.registers.access import registers_usable_by
from apps.registers.models import Register
from apps.registers.validation import registers_covering

from . import access, services
from .filters import OutgoingFilter
from .forms import AbandonForm, DraftForm, IssueForm, RecallForm, StepForm, SubmitForm, not_recipients
from .models import Draft, DraftFile, DraftVersion, OutgoingDocument, ReviewStep

Stage = ReviewStep.Stage
# The decision forms of the draft page: the stage each one decides, its action and its title.
DECISIONS = {
    "review": (Stage.CONTENT_REVIEW, gettext_lazy("Content review by the head of the drafting unit")),
    "check_format": (Stage.FORMAT_CHECK, gettext_lazy("Format check by the clerk")),
    "approve": (Stage.APPROVAL, gettext_lazy("Approval by the signer")),
}
# The audit trail's actions as the page names them.
EVENT_LABELS = {
    "created": gettext_lazy("Created (version 1)"),
    "edited": gettext_lazy("Edited: new version"),
    "submitted": gettext_lazy("Submitted"),
    "approved": gettext_lazy("Approved"),
    "returned": gettext_lazy("Returned"),
    "issued": gettext_lazy("Numbered and issued"),
    "recalled": gettext_lazy("Recalled"),
    "abandoned": gettext_lazy("Abandoned by its drafter"),
    "corrected": gettext_lazy("Corrected, amended or replaced by a later document"),
}


def event_label(event) -> str:
    """The action as the page names it, with the stage for approvals and returns: "Đồng ý (Kiểm tra thể thức)"."""
    label = str(EVENT_LABELS.get(event.action, event.action))
    stage = event.changes.get("stage") if isinstance(event.changes, dict) else None
    if stage in Stage.values and stage != Stage.SUBMISSION:
        label = f"{label} ({Stage(stage).label})"
    return label


STAGE_BY_SLUG = {"content": Stage.CONTENT_REVIEW, "format": Stage.FORMAT_CHECK, "approval": Stage.APPROVAL}


def draft_rows(drafts: QuerySet[Draft]) -> QuerySet[Draft]:
    """What a list of drafts shows, in a fixed number of queries."""
    return drafts.select_related("drafting_unit", "drafter", "document_type", "signer", "document").order_by(
        "-updated_at", "-id"
    )


# ---- lists ----------------------------------------------------------------------------------------------------


@members_only
def work(request: HttpRequest) -> HttpResponse:
    """Văn bản đi: the drafts waiting for the person, and their own drafts not yet issued."""
    person = request.person
    waiting = list(draft_rows(access.drafts_waiting_for(person))[:100])
    own = access.drafts_visible_to(person).filter(drafter_id=person.user.pk)
    mine = list(draft_rows(own.exclude(state__in=[Draft.State.ISSUED, Draft.State.ABANDONED]))[:100])
    abandoned = list(draft_rows(own.filter(state=Draft.State.ABANDONED))[:20])
    context = {"waiting": waiting, "mine": mine, "abandoned": abandoned, "tab": "work"}
    return render(request, "outgoing/work.html", context)


class IssuedList(SnippetsMixin, FilteredListView):
    """Issued outgoing documents the person may see, filtered, searched (number and notation, subject, recipients,
    accents optional) and sorted, newest first by default; the same FilterSet as the API. The count comes in a
    request of its own (``issued_count``: how many match, up to 10,000), so the rows show at once however many
    match. The register's own print is in registers."""

    filterset_class = OutgoingFilter
    template_name = "outgoing/issued_list.html"
    table_template = "outgoing/_issued_table.html"
    table_id = "issued-table"
    count_template = "outgoing/_issued_count.html"
    newest_first_on = "issued_date"

    def get_queryset(self) -> QuerySet:
        later = OutgoingDocument.objects.only("pk", "corrects_id").order_by()  # the status: corrected by a later one
        return (
            access.outgoing_visible_to(self.request.person)
            .defer(*INDEX_FIELDS)
            .select_related("drafting_unit", "register")
            .prefetch_related(Prefetch("corrected_by", queryset=later))
        )

    def get_context_data(self) -> dict:
        return {"tab": "issued"}


issued = members_only(IssuedList.as_view())
issued_count = members_only(IssuedList.as_view(count=True))


# ---- the draft form -------------------------------------------------------------------------------------------


@members_only
def draft_add(request: HttpRequest) -> HttpResponse:
    person = request.person
    reply_to = request.GET.get("reply_to") or request.POST.get("in_reply_to")
    in_reply_to = incoming_visible_to(person).filter(pk=reply_to).first() if str(reply_to or "").isdigit() else None
    initial = {"in_reply_to": in_reply_to.pk} if in_reply_to else {}
    if in_reply_to:
        initial["subject"] = _("Reply to %(ref)s: %(subject)s") % {
            "ref": in_reply_to.number_and_notation or in_reply_to.issuer_name,
            "subject": in_reply_to.subject,
        }
    form = DraftForm(request.POST or None, request.FILES or None, person=person, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.create_draft(form.entry(in_reply_to=in_reply_to), by=person)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The draft was saved as version 1."))
            return redirect("outgoing:draft", pk=draft.pk)
    if request.method == "POST":
        staging.keep_for_retry(form)
    context = {"form": form, "title": _("New draft"), "in_reply_to": in_reply_to, "tab": "work"}
    return render(request, "outgoing/draft_form.html", context)


def _version_read(request: HttpRequest) -> int:
    """The version the person edited (a hidden field); 0 when missing or not a number, which the service
    refuses as a stale version."""
    typed = request.POST.get("version", "")
    return int(typed) if typed.isascii() and typed.isdigit() and len(typed) <= 10 else 0


@members_only
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = request.person
    draft = access.get_draft_for(person, pk)
    if "edit" not in access.actions_for(person, draft):
        raise PermissionDenied(_("Only the drafter changes a draft, while it is with them."))
    form = DraftForm(request.POST or None, request.FILES or None, person=person, draft=draft)
    if request.method == "POST" and form.is_valid():
        before = draft.version
        try:
            saved = services.update_draft(draft, form.entry(), by=person, version=_version_read(request))
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if saved.version != before:
                messages.success(request, _("Saved as version %(version)s.") % {"version": saved.version})
            else:
                messages.info(request, _("Nothing changed: no new version."))
            return redirect("outgoing:draft", pk=draft.pk)
    if request.method == "POST":
        staging.keep_for_retry(form)
    title = _("Edit the draft (version %(version)s)") % {"version": draft.version}
    return render(request, "outgoing/draft_form.html", {"form": form, "title": title, "draft": draft, "tab": "work"})


# ---- the draft page -------------------------------------------------------------------------------------------


@members_only
@require_GET
def recipient_agency_options(request: HttpRequest) -> HttpResponse:
    """The recipient agencies picker's source: agencies a draft may be sent to (the deployment's others, the
    directory's) matching what the drafter typed — name, abbreviation or code; the value is the QCVN 102 code."""
    found = find_agencies(picker_query(request), limit=picker_limit(request), exclude_schemas=not_recipients())
    return picker_results({"value": m.code, "text": m.name, "hint": m.hint} for m in found)


def _draft_for_page(person, pk: int) -> Draft:
    draft = access.get_draft_for(person, pk)
    files = DraftFile.objects.select_related("file")
    return (
        Draft.objects.select_related(
            "drafting_unit", "drafter", "document_type", "signer", "reviewer", "register", "in_reply_to", "corrects"
        )
        .prefetch_related(
            "recipients",
            Prefetch(
                "versions", DraftVersion.objects.select_related("created_by").prefetch_related(Prefetch("files", files))
            ),
            Prefetch("steps", ReviewStep.objects.select_related("by").order_by("-at", "-id")),
        )
        .get(pk=draft.pk)
    )


def issue_registers(person, draft: Draft) -> list[Register]:
    """Outgoing registers the clerk may issue the draft into (covering its type and secrecy level)."""
    usable = registers_usable_by(person, Register.Kind.OUTGOING)
    return registers_covering(usable, draft.document_type, draft.secrecy)


def draft_context(request: HttpRequest, draft: Draft, *, forms: dict | None = None) -> dict:
    person = request.person
    actions = access.actions_for(person, draft)
    forms = forms or {}
    step_initial = {"version": draft.version}
    context = {
        "draft": draft,
        "actions": actions,
        "versions": list(draft.versions.all()),
        "steps": list(draft.steps.all()),
        "events": [(e, event_label(e)) for e in access.audit_trail(draft)[:200]],
        "submit_form": forms.get("submit") or SubmitForm(initial=step_initial, prefix="submit", draft=draft),
        "abandon_form": forms.get("abandon") or AbandonForm(initial=step_initial, prefix="abandon"),
        "decision_forms": [],
        "tab": "issued" if draft.state == Draft.State.ISSUED else "work",
    }
    context["current_files"] = context["versions"][0].files.all() if context["versions"] else []
    for action, (stage, title) in DECISIONS.items():
        if action in actions:
            slug = {v: k for k, v in STAGE_BY_SLUG.items()}[stage]
            form = forms.get(action) or StepForm(initial=step_initial, prefix=action)
            context["decision_forms"].append({"slug": slug, "title": title, "form": form, "action": action})
    if "issue" in actions:
        registers = issue_registers(person, draft)
        context["issue_form"] = forms.get("issue") or IssueForm(
            initial={**step_initial, "register": draft.register_id}, registers=registers, prefix="issue"
        )
    document = (
        OutgoingDocument.objects.filter(draft=draft).select_related("register", "recalled_by", "corrects").first()
    )
    context["document"] = document
    events = [e for e, _label in context["events"] if e.action == "abandoned"]
    context["abandon_reason"] = events[0].changes.get("reason", "") if events else ""
    if document:
        mark_seen(document, by=person)  # issued or recalled: opened from any page, the notice is done
        context["corrected_by"] = list(document.corrected_by.all())
        if not document.is_recalled and access.may_recall(person, document):
            context["recall_form"] = forms.get("recall") or RecallForm(prefix="recall")
    return context


@members_only
def draft_detail(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_for_page(request.person, pk)
    return render(request, "outgoing/draft_detail.html", draft_context(request, draft))


def _refused(request: HttpRequest, pk: int, key: str, form, error: ValidationError) -> HttpResponse:
    """The draft page again with the service's error on the action's form (nothing was saved)."""
    form.add_service_error(error)
    draft = _draft_for_page(request.person, pk)
    return render(request, "outgoing/draft_detail.html", draft_context(request, draft, forms={key: form}))


def _act(request: HttpRequest, pk: int, form, incomplete: str, perform: Callable[[dict], str]) -> HttpResponse:
    """One action of the draft page (its form's prefix names it): ``perform(cleaned_data)`` calls the service and
    returns the confirmation, shown on the draft page (post/redirect/get). A form ``incomplete`` or a service's
    refusal shows the draft page again with the error on the action's form."""
    if not form.is_valid():
        return _refused(request, pk, form.prefix, form, ValidationError(incomplete))
    try:
        message = perform(form.cleaned_data)
    except ValidationError as error:
        return _refused(request, pk, form.prefix, form, error)
    messages.success(request, message)
    return redirect("outgoing:draft", pk=pk)


@members_only
@require_POST
def draft_submit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = access.get_draft_for(request.person, pk)

    def submit(data: dict) -> str:
        submitted = services.submit_draft(draft, by=request.person, **data)
        return _("Submitted to %(reviewer)s for the content review.") % {"reviewer": submitted.reviewer.full_name}

    form = SubmitForm(request.POST, prefix="submit", draft=draft)
    return _act(request, pk, form, _("The form was incomplete: try again."), submit)


@members_only
@require_POST
def draft_abandon(request: HttpRequest, pk: int) -> HttpResponse:
    """The drafter abandons the draft: kept and marked, with the reason in its history."""
    draft = access.get_draft_for(request.person, pk)

    def abandon(data: dict) -> str:
        services.abandon_draft(draft, by=request.person, **data)
        return _("The draft was abandoned. It is kept with its versions and history.")

    form = AbandonForm(request.POST, prefix="abandon")
    return _act(request, pk, form, _("The form was incomplete: try again."), abandon)


def _decided(stage: str, approve: bool) -> str:
    if not approve:
        return _("The draft was returned to its drafter.")
    return {
        Stage.CONTENT_REVIEW: _("Content approved: the draft goes to the clerk for the format check."),
        Stage.FORMAT_CHECK: _("Format checked: the draft goes to the signer."),
        Stage.APPROVAL: _("Approved: the clerk will number and issue it."),
    }[stage]


@members_only
@require_POST
def draft_decide(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    """Approve or return the draft at a stage (the button pressed: ``decision`` approve or return)."""
    if stage not in STAGE_BY_SLUG:
        raise Http404
    stage = STAGE_BY_SLUG[stage]
    action = next(a for a, (s, _title) in DECISIONS.items() if s == stage)
    draft = access.get_draft_for(request.person, pk)
    approve = request.POST.get("decision") == "approve"

    def decide(data: dict) -> str:
        services.decide(draft, by=request.person, stage=stage, approve=approve, **data)
        return _decided(stage, approve)

    form = StepForm(request.POST, prefix=action)
    return _act(request, pk, form, _("The form was incomplete: try again."), decide)


@members_only
@require_POST
def draft_issue(request: HttpRequest, pk: int) -> HttpResponse:
    person = request.person
    draft = access.get_draft_for(person, pk)
    access.ensure_may_act(person, draft, "issue")

    def issue(data: dict) -> str:
        document = services.issue_outgoing(draft, by=person, **data)
        return _("Issued as number %(ref)s on %(date)s.") % {
            "ref": document.number_and_notation,
            "date": document.issued_date.strftime("%d/%m/%Y"),
        }

    form = IssueForm(request.POST, registers=issue_registers(person, draft), prefix="issue")
    return _act(request, pk, form, _("Choose the register."), issue)


@members_only
@require_POST
def draft_recall(request: HttpRequest, pk: int) -> HttpResponse:
    draft = access.get_draft_for(request.person, pk)
    document = OutgoingDocument.objects.filter(draft=draft).first()
    if document is None:
        raise Http404

    def recall(data: dict) -> str:
        services.recall_outgoing(document, by=request.person, reason=data["reason"])
        return _("The recall of %(ref)s was recorded.") % {"ref": document.number_and_notation}

    form = RecallForm(request.POST, prefix="recall")
    return _act(request, pk, form, _("Give the reason for the recall."), recall)


@members_only
def step_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a notification about a review step leads: the page of its draft, if the person may see it."""
    draft_id = ReviewStep.objects.filter(pk=pk).values_list("draft_id", flat=True).first()
    if draft_id is None:
        raise Http404
    return redirect("outgoing:draft", pk=access.get_draft_for(request.person, draft_id).pk)


@members_only
def document_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a notification or a link about an issued document leads: the page of its draft."""
    return redirect("outgoing:draft", pk=access.get_outgoing_for(request.person, pk).draft_id)


def _draft_file_for(request: HttpRequest, pk: int, file_pk: int) -> tuple[Draft, DraftFile]:
    """A file of any version of a draft the person may see, and the draft (404 otherwise)."""
    draft = access.get_draft_for(request.person, pk)
    try:
        return draft, DraftFile.objects.select_related("file").get(pk=file_pk, version__draft=draft)
    except DraftFile.DoesNotExist as exc:
        raise Http404 from exc


@members_only
def file_download(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """A file of any version of a draft the person may see, served by what its bytes are (documents.serving;
    files are never served from MEDIA_ROOT)."""
    _, file = _draft_file_for(request, pk, file_pk)
    return serving.file_response(request, file.file, name=file.name)


# The same file in the viewer (apps/core/viewer.py), for the same people.
file_view = members_only(viewer_view(_draft_file_for, download="outgoing:file", back="outgoing:draft"))
