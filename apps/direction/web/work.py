"""A work's page: what was directed (or asked, for a task), its deadline and status, and the chain of
assignments with each part's notes. Everyone who may read the work sees the same chain; each one gets the actions
that are theirs (docs/direction.md, "the assignee's part"):

- on a part they act for (named, a unit they lead, or for a grantor under a delegation — shown "on behalf of"):
  record an opinion, progress or the result (files, the reply draft), mark the part done, re-assign a unit's part
  inside the unit; the lead also asks for more time and marks the whole work done;
- the leader who directed: decides requests for more time, takes a part back, changes a part, names more assignees.

Each action is a form in the page's panel (htmx) or a page of its own (apps/core PanelFormView); once saved the
page's body refreshes itself (``work-changed``)."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, prefetch_related_objects
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.generic import PanelFormView
from apps.core.guards import members_only
from apps.core.panels import partial, saved
from apps.core.viewer import viewer_view
from apps.documents import serving, staging
from apps.documents.models import StoredFile
from apps.outgoing.access import drafts_visible_to
from apps.people.access import Person, units_led_by
from apps.people.models import Membership

from .. import access, queues, services
from ..forms import (
    AddAssigneesForm,
    ChangeAssignmentForm,
    ConfirmForm,
    DecisionForm,
    ExtensionForm,
    NoteForm,
    ReassignForm,
)
from ..models import Assignment, ExtensionRequest, Note, Reminder, State, Work
from ..status import status_of, today

User = get_user_model()
EVENT = "work-changed"
BODY = "work-body"


def _shown(work: Work):
    when = today()
    shown = queues.with_chain(
        Work.objects.filter(pk=work.pk).select_related("document", "directed_by", "on_behalf_of", "parent"), when
    ).get()
    started = any(a.started_at for a in shown.shown_assignments)
    status = status_of(state=shown.state, due_on=shown.due_on, done_at=shown.done_at, started=started, when=when)
    return shown, status


def _mark_actions(person: Person, work: Work, chain: list[tuple[Assignment, int]]) -> None:
    """On each part of the chain, what the person may do with it (``acting``, ``behalf``, ``may_take_back``)."""
    parts = [a for a, _depth in chain]
    acting = access.acting_parts(person, parts)
    leading, _principal = access.may_as(person, lambda p: access.may_lead_work(p, work))
    for assignment in parts:
        assignment.acting = assignment.pk in acting and assignment.role != Assignment.Role.INFO
        assignment.behalf = acting.get(assignment.pk)
        assignment.may_take_back = assignment.state == State.OPEN and (
            (leading and assignment.parent_id is None) or assignment.parent_id in acting
        )
        assignment.may_change = leading and assignment.parent_id is None and assignment.state == State.OPEN


def _context(request: HttpRequest, work: Work) -> dict:
    person = request.person
    shown, status = _shown(work)
    chain = queues.in_tree_order(shown.shown_assignments)
    _mark_actions(person, shown, chain)
    prefetch_related_objects([n for a, _d in chain for n in a.notes.all()], "files", "reply")
    leading, lead_principal = access.may_as(person, lambda p: access.may_lead_work(p, shown))
    lead = next((a for a, depth in chain if depth == 0 and a.role == Assignment.Role.LEAD and a.acting), None)
    return {
        "work": shown,
        "status": status,
        "chain": chain,
        "my_lead": lead,
        "is_open": shown.state == State.OPEN,
        "leading": leading and shown.state == State.OPEN,
        "lead_principal": lead_principal,
        "pending": ExtensionRequest.objects.filter(
            assignment__work=shown, decision=ExtensionRequest.Decision.PENDING
        ).select_related("assignment", "assignment__unit", "assignment__user", "requested_by"),
        "subtasks": access.works_visible_to(person).filter(parent=shown).order_by("id"),
        "may_subtask": shown.kind == Work.Kind.TASK and access.may_give_task(person, shown),
        "reply_url": _reply_url(shown, chain),
        "replies": _replies(person, shown),
    }


def _replies(person, work: Work) -> list:
    """The drafts answering the work's document that the viewer may read (outgoing's "Trả lời"), newest first:
    a reply drafted from this page shows here at once, linked or not yet to a part's result."""
    if work.document_id is None:
        return []
    drafts = drafts_visible_to(person).filter(in_reply_to_id=work.document_id).order_by("-id")
    return list(drafts.only("id", "subject", "state")[:10])


def _reply_url(work: Work, chain: list[tuple[Assignment, int]]) -> str:
    """ "Trả lời" for those acting on an open document's work: a new draft in reply to the document (outgoing)."""
    if work.document_id is None or work.state != State.OPEN or not any(a.acting for a, _d in chain):
        return ""
    return f"{reverse('outgoing:draft-add')}?reply_to={work.document_id}"


@members_only
def work_detail(request: HttpRequest, pk: int) -> HttpResponse:
    work = access.get_work_for(request.person, pk)
    context = _context(request, work)
    if request.htmx and request.htmx.target == BODY:
        return partial(request, "direction/_work_body.html", context)
    return render(request, "direction/work_detail.html", context)


def _work_file_for(request: HttpRequest, pk: int, file_pk: int) -> tuple[Work, StoredFile]:
    """A file of the work (a task's) or of a note on it, and the work, for those who may read the work (404
    otherwise)."""
    work = access.get_work_for(request.person, pk)
    notes = Note.objects.filter(assignment__work=work, files=file_pk)
    stored = StoredFile.objects.filter(
        Q(pk=file_pk) & (Q(pk__in=work.files.values("pk")) | Q(pk__in=notes.values("files")))
    )
    found = stored.first()
    if found is None:
        raise Http404
    return work, found


@members_only
def work_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """A file of the work or of a note on it, served by what its bytes are (documents.serving)."""
    _, found = _work_file_for(request, pk, file_pk)
    return serving.file_response(request, found, name=found.original_name)


# The same file in the viewer (apps/core/viewer.py), for the same people.
work_file_view = members_only(
    viewer_view(_work_file_for, download="direction:work-file", back="direction:work", name_field="original_name")
)


@members_only
def reminder(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a due-soon or overdue reminder leads (the bell): the work's page, at the part it is about."""
    found = get_object_or_404(Reminder.objects.select_related("assignment"), pk=pk)
    work = access.get_work_for(request.person, found.assignment.work_id)
    return redirect(f"{reverse('direction:work', args=[work.pk])}#assignment-{found.assignment_id}")


# ---- the actions, each a form in the panel -----------------------------------------------------------------------


class WorkAction(PanelFormView):
    """An action on a work (``target_kind`` "work") or on one of its parts ("part"), saved through one service
    (``act``). Subclasses declare who may take it (``rule``: "acting" on the part, "acting_lead", "unit_head",
    "leading", "taking_back") and the texts: ``refusal_text``, ``title_text`` (with ``%(name)s``, the part's
    assignee) and ``saved_text``. A person who may not take it gets 403 with the reason (the service would refuse
    it too); a service's ValidationError shows on the form; the files of a refused form are kept for the next try."""

    form_class = ConfirmForm
    event = EVENT
    target_kind = "part"
    rule = "acting"
    refusal_text = gettext_lazy("You may not do this on this work.")
    title_text = ""
    saved_text = ""
    service = None

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.person = request.person
        self.target = self.get_target(kwargs["pk"])
        if not getattr(self, f"_{self.rule}")():
            raise PermissionDenied(str(self.refusal_text))
        return super().dispatch(request, *args, **kwargs)

    def get_target(self, pk: int):
        """The work or part named by ``pk`` if the person may read its work (404 otherwise); sets ``self.work``."""
        if self.target_kind == "work":
            self.work = access.get_work_for(self.person, pk)
            return self.work
        part = Assignment.objects.select_related("unit", "user").filter(pk=pk).first()
        if part is None:
            raise Http404
        self.work = part.work = access.get_work_for(self.person, part.work_id)
        return part

    # ---- who may take the action
    def _acting(self) -> bool:
        return self.acting()[0] and self.target.role != Assignment.Role.INFO

    def _acting_lead(self) -> bool:
        return self.acting()[0] and self.target.role == Assignment.Role.LEAD

    def _unit_head(self) -> bool:
        return self.target.unit_id is not None and self.acting()[0]

    def _leading(self) -> bool:
        return (
            self.work.state == State.OPEN
            and access.may_as(self.person, lambda p: access.may_lead_work(p, self.work))[0]
        )

    def _lead_of_work(self) -> bool:
        lead = access.open_lead(self.work.pk)
        return lead is not None and lead.pk in access.acting_parts(self.person, [lead])

    def _taking_back(self) -> bool:
        if self.target.state != State.OPEN:
            return False
        parent = self.target.parent
        return (parent is not None and parent.pk in access.acting_parts(self.person, [parent])) or self._leading()

    def acting(self) -> tuple[bool, Person | None]:
        """Whether the person acts on the target part, and for whom (a delegation's grantor, else None)."""
        found = access.acting_parts(self.person, [self.target])
        return self.target.pk in found, found.get(self.target.pk)

    # ---- the form
    def get_form(self) -> Form:
        """Bound on every POST, even an empty one (a confirmation has no fields)."""
        posted = self.request.method == "POST"
        data, files = (self.request.POST, self.request.FILES) if posted else (None, None)
        return self.form_class(data, files, **self.get_form_kwargs())

    def get_back_url(self) -> str:
        return reverse("direction:work", args=[self.work.pk])

    def get_title(self, form: Form) -> str:
        return self.title_text % {"name": self.part_label()}

    def part_label(self) -> str:
        part = self.target
        if not isinstance(part, Assignment):
            return self.work.title[:80]
        return str(part.unit.name if part.unit_id else (part.user.full_name or part.user.username))

    def act(self, form: Form) -> str | None:
        """Call the service; by default a confirmation's: ``service(target, by=person)``."""
        self.service(self.target, by=self.person)
        return None

    def save(self, form: Form) -> str:
        return self.act(form) or str(self.saved_text)

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        form = self.get_form()
        refused = False
        if form.is_valid():
            try:
                message = self.save(form)
            except ValidationError as error:
                form.add_service_error(error)
            except PermissionDenied as error:
                form.add_error(None, str(error) or str(self.refusal_text))
                refused = True
            else:
                return saved(request, message, back=self.get_back_url(), event=self.event)
        if "files" in form.fields:
            staging.keep_for_retry(form)
        response = self.respond(form)
        if refused:
            response.status_code = 403
        return response


class NoteAdd(WorkAction):
    """Record an opinion, progress (with %) or the result (files, the reply draft) on one's part."""

    form_class = NoteForm
    refusal_text = gettext_lazy("Only the assignee records on an open part of the work.")
    title_text = gettext_lazy("Record on the part of %(name)s")
    saved_text = gettext_lazy("Recorded.")

    def get_form_kwargs(self) -> dict:
        document_id = self.work.document_id
        replies = drafts_visible_to(self.person).filter(in_reply_to_id=document_id) if document_id else None
        kind = self.request.GET.get("kind")
        initial = {"kind": kind if kind in Note.Kind.values else Note.Kind.OPINION}
        return {"person": self.person, "replies": replies, "initial": initial}

    def act(self, form: Form) -> None:
        services.record_note(self.target, form.entry(), by=self.person)


class ExtensionAsk(WorkAction):
    form_class = ExtensionForm
    rule = "acting_lead"
    refusal_text = gettext_lazy("Only the lead asks for more time on an open part.")
    saved_text = gettext_lazy("Your request for more time was sent to the leader who directed.")

    def get_title(self, form: Form) -> str:
        due = self.target.due_on.strftime("%d/%m/%Y") if self.target.due_on else "—"
        return _("Ask for more time (deadline %(due)s)") % {"due": due}

    def act(self, form: Form) -> None:
        data = form.cleaned_data
        services.request_extension(self.target, data["requested_due_on"], data["reason"], by=self.person)


class Reassign(WorkAction):
    form_class = ReassignForm
    rule = "unit_head"
    refusal_text = gettext_lazy("Only a head of the unit re-assigns the unit's open part, inside the unit.")
    title_text = gettext_lazy("Re-assign the part of %(name)s inside the unit")

    def get_form_kwargs(self) -> dict:
        principal = self.acting()[1]
        led = {u.pk for u in units_led_by(principal or self.person)} & access.unit_and_below(self.target.unit_id)
        members = Membership.objects.filter(unit_id__in=led, is_active=True, user__is_active=True).values("user_id")
        return {"members": User.objects.filter(pk__in=members).order_by("full_name", "username")}

    def act(self, form: Form) -> str:
        made = services.reassign(self.target, form.entry(), by=self.person)
        return _("Re-assigned to %(names)s.") % {"names": ", ".join(a.user.full_name for a in made)}


class AssignmentChange(WorkAction):
    form_class = ChangeAssignmentForm
    rule = "leading"
    refusal_text = gettext_lazy("Only the leader who directed the work changes its assignees.")
    title_text = gettext_lazy("Change the part of %(name)s")
    saved_text = gettext_lazy("The part was changed.")

    def get_form_kwargs(self) -> dict:
        part = self.target
        current = f"unit:{part.unit_id}" if part.unit_id else f"user:{part.user_id}"
        return {"initial": {"assignee": current, "due_on": part.due_on}}

    def act(self, form: Form) -> None:
        named = form.named()
        if named is None:
            raise ValidationError({"assignee": _("Choose a unit or a person.")})
        services.change_assignment(self.target, named, by=self.person)


class AssigneesAdd(WorkAction):
    form_class = AddAssigneesForm
    target_kind = "work"
    rule = "leading"
    refusal_text = gettext_lazy("Only the leader who directed the work changes its assignees.")
    title_text = gettext_lazy("Assign more units or people")

    def act(self, form: Form) -> str:
        made = services.add_assignees(self.work, form.cleaned_data["role"], form.named(), by=self.person)
        return _("Assigned: %(names)s.") % {"names": ", ".join(str(a.unit or a.user) for a in made)}


class ExtensionDecide(WorkAction):
    form_class = DecisionForm
    rule = "leading"
    refusal_text = gettext_lazy("Only the leader who directed the work decides on more time.")

    def get_target(self, pk: int) -> ExtensionRequest:
        request = ExtensionRequest.objects.select_related("assignment__work", "assignment__unit", "assignment__user")
        found = request.filter(pk=pk).first()
        if found is None:
            raise Http404
        self.work = found.assignment.work = access.get_work_for(self.person, found.assignment.work_id)
        return found

    def get_title(self, form: Form) -> str:
        asked = self.target
        due = asked.requested_due_on.strftime("%d/%m/%Y")
        return _("More time asked until %(due)s: %(reason)s") % {"due": due, "reason": asked.reason}

    def act(self, form: Form) -> str:
        data = form.cleaned_data
        grant = data["decision"] == "grant"
        services.decide_extension(self.target, grant=grant, by=self.person, answer=data["answer"])
        return _("The new deadline was granted.") if grant else _("The request was refused.")


def _confirm(service: Callable, rule: str, *texts: str, target_kind: str = "part") -> Callable:
    """A confirmation (no field) calling ``service(target, by=person)``; ``texts``: refusal, title, saved."""
    refusal, title, done = texts
    declared = {"rule": rule, "refusal_text": refusal, "title_text": title, "saved_text": done}
    return members_only(WorkAction.as_view(service=service, target_kind=target_kind, **declared))


part_done = _confirm(
    services.complete_part,
    "acting",
    gettext_lazy("Only the assignee marks their part done."),
    gettext_lazy("Mark the part of %(name)s done"),
    gettext_lazy("The part is done."),
)
work_done = _confirm(
    services.complete_work,
    "lead_of_work",
    gettext_lazy("Only the lead marks the whole work done."),
    gettext_lazy("Mark the whole work done: %(name)s"),
    gettext_lazy("The whole work is done."),
    target_kind="work",
)
take_back = _confirm(
    services.take_back,
    "taking_back",
    gettext_lazy("Only the leader who directed, or the head who re-assigned, takes it back."),
    gettext_lazy("Take back the part of %(name)s"),
    gettext_lazy("The part was taken back."),
)

urlpatterns = [
    path("works/<int:pk>/", work_detail, name="work"),
    path("works/<int:pk>/files/<int:file_pk>/", work_file, name="work-file"),
    path("works/<int:pk>/files/<int:file_pk>/view/", work_file_view, name="work-file-view"),
    path("works/<int:pk>/done/", work_done, name="work-done"),
    path("works/<int:pk>/assignees/", members_only(AssigneesAdd.as_view()), name="assignees-add"),
    path("parts/<int:pk>/note/", members_only(NoteAdd.as_view()), name="note"),
    path("parts/<int:pk>/done/", part_done, name="part-done"),
    path("parts/<int:pk>/extension/", members_only(ExtensionAsk.as_view()), name="extension"),
    path("parts/<int:pk>/reassign/", members_only(Reassign.as_view()), name="reassign"),
    path("parts/<int:pk>/take-back/", take_back, name="take-back"),
    path("parts/<int:pk>/change/", members_only(AssignmentChange.as_view()), name="assignment-change"),
    path("extensions/<int:pk>/decide/", members_only(ExtensionDecide.as_view()), name="extension-decide"),
    path("reminders/<int:pk>/", reminder, name="reminder"),
]
