"""Work direction's state changes (Decree 30/2020/NĐ-CP Đ23–24): submitting a document to a leader, the leader's
direction and assignments, what assignees record, and completion. Each checks permission, owns its transaction,
writes the audit event and tells the people concerned once the change is committed; nothing is saved when any
input is wrong (every problem reported at once, by field)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import record_event
from apps.core.text import normalize
from apps.documents import storage
from apps.documents.handling import add_handlers, set_handling_status
from apps.documents.inputs import Upload
from apps.documents.models import IncomingDocument, StoredFile
from apps.documents.services import stored_files
from apps.documents.validation import check_uploads
from apps.notifications.models import Notification
from apps.notifications.services import notify
from apps.people.access import Person, units_led_by
from apps.registers.models import Urgency
from apps.registers.validation import Errors, add, raise_if_any

from . import access, validation
from .inputs import Assignee, DirectionInput, NoteInput, ReassignInput, TaskInput
from .models import URGENCY_RANK, Assignment, ExtensionRequest, Note, Preference, State, Submission, Work
from .preferences import wanting

INVITATION = "GM"  # Giấy mời (Appendix III): flagged and notified at once, as urgent documents are.


@dataclass(frozen=True)
class Directed:
    work: Work
    assignments: list[Assignment]


# ---- submitting (trình) ---------------------------------------------------------------------------------------


def submit(document: IncomingDocument, leader: object, *, by: Person, note: str = "") -> Submission:
    """Put a registered document before a leader (Đ23: the same day, urgent ones at once). Submitting it again to
    another leader withdraws the waiting submission first."""
    if not access.may_submit(by, document):
        raise PermissionDenied(_("Only the clerk submits a registered document to a leader."))
    note = normalize(note)
    errors: Errors = {}
    validation.check_leader(errors, leader, document)
    if len(note) > 1000:
        add(errors, "note", _("The note has at most 1000 characters."))
    raise_if_any(errors)
    with transaction.atomic():
        document = IncomingDocument.objects.select_for_update().get(pk=document.pk)
        _withdraw_waiting(document, by=by)
        submission = Submission.objects.create(
            document=document,
            leader=leader,
            submitted_by=by.user,
            note=note,
            urgency_rank=URGENCY_RANK[document.urgency],
            is_invitation=_is_invitation(document),
        )
        record_event(document, "submitted", by=by, changes={"leader": str(leader), "note": note})
        transaction.on_commit(lambda: _tell_leader(submission))
    return submission


def _is_invitation(document: IncomingDocument) -> bool:
    return bool(document.document_type_id) and document.document_type.abbreviation == INVITATION


def _withdraw_waiting(document: IncomingDocument, *, by: Person) -> None:
    for waiting in Submission.objects.filter(document=document, state=Submission.State.WAITING):
        waiting.state = Submission.State.WITHDRAWN
        waiting.closed_at = timezone.now()
        waiting.save(update_fields=["state", "closed_at"])
        record_event(document, "submission_withdrawn", by=by, changes={"leader": str(waiting.leader)})


def _tell_leader(submission: Submission) -> None:
    document = submission.document
    urgent = Urgency.is_urgent(document.urgency) or submission.is_invitation
    kind = Notification.Kind.URGENT_INCOMING if urgent else Notification.Kind.DIRECTION_WAITING
    message = _("Waiting for your direction: %(subject)s") % {"subject": document.subject}
    # An urgent document reaches the leader whatever they chose; the others as they chose (preferences).
    leader = [submission.leader_id] if urgent else wanting([submission.leader_id], Preference.Kind.DIRECTION_WAITING)
    notify(leader, kind=kind, message=message, about=document)


# ---- directing (chỉ đạo, phân công) ----------------------------------------------------------------------------


def direct(document: IncomingDocument, entry: DirectionInput, *, by: Person) -> Directed:
    """The leader's direction on a document: the text, one lead, supports and people kept informed, deadlines
    (Đ23). Creates the document's work on the first direction; a later one by a leader changes the assignments
    (those no longer named are taken back). The document becomes "assigned"."""
    principal = _principal(
        by,
        lambda p: access.may_direct(p, document),
        _("Only the leader the document was submitted to, or an agency leader, directs it."),
    )
    text = normalize(entry.text)
    errors = validation.direction_errors(entry, text=text, document=document, today=timezone.localdate())
    raise_if_any(errors)
    with transaction.atomic():
        document = IncomingDocument.objects.select_for_update().get(pk=document.pk)
        work = _work_for(document, entry, text=text, by=by, principal=principal)
        assignments = _assign(work, entry, by=by)
        _close_submissions(document)
        _transfer(document, assignments, by=by)
        record_event(work, "directed", by=by, changes=_direction_snapshot(work, assignments, principal))
        set_handling_status(document, IncomingDocument.Status.ASSIGNED, by=by)
        transaction.on_commit(lambda: _tell_assignees(work, assignments))
    return Directed(work=work, assignments=assignments)


def _principal(by: Person, allowed, refusal: str) -> Person | None:
    """Whom ``by`` acts for (None: themselves; a grantor under a delegation in force), or PermissionDenied."""
    try:
        return access.principal_for(by, allowed)
    except PermissionDenied as exc:
        raise PermissionDenied(refusal) from exc


def _work_for(
    document: IncomingDocument, entry: DirectionInput, *, text: str, by: Person, principal: Person | None
) -> Work:
    work = Work.objects.filter(document=document).first() or Work(kind=Work.Kind.DOCUMENT, document=document)
    work.title = document.subject
    work.direction = text
    work.directed_by = by.user
    work.on_behalf_of = principal.user if principal else None
    work.directed_at = timezone.now()
    work.due_on = entry.due_on
    work.urgency_rank = URGENCY_RANK[document.urgency]
    work.secrecy = document.secrecy
    work.save()
    return work


def _assign(work: Work, entry: DirectionInput, *, by: Person) -> list[Assignment]:
    """The top of the chain as the direction names it: kept where the same assignee keeps the same role (their
    notes stay), taken back where no longer named, created where new."""
    wanted = [(Assignment.Role.LEAD, entry.lead)] if entry.lead else []
    wanted += [(Assignment.Role.SUPPORT, a) for a in entry.supports]
    wanted += [(Assignment.Role.INFO, a) for a in entry.infos]
    current = {
        (a.role, ("unit", a.unit_id) if a.unit_id else ("user", a.user_id)): a
        for a in work.assignments.filter(parent__isnull=True).exclude(state=State.WITHDRAWN)
    }
    kept_keys = {(role, assignee.key) for role, assignee in wanted}
    for key, assignment in current.items():
        if key not in kept_keys:
            assignment.state = State.WITHDRAWN
            assignment.save(update_fields=["state"])
    result = []
    for role, assignee in wanted:
        assignment = current.get((role, assignee.key)) or Assignment(work=work, role=role, assigned_by=by.user)
        assignment.unit, assignment.user = assignee.unit, assignee.user
        assignment.due_on = assignee.due_on or (entry.due_on if role != Assignment.Role.INFO else None)
        assignment.save()
        result.append(assignment)
    return result


def _transfer(document: IncomingDocument, assignments: list[Assignment], *, by: Person) -> None:
    """Those assigned receive the document (they find and read it as its recipients)."""
    units = [a.unit for a in assignments if a.unit_id and a.state != State.WITHDRAWN]
    users = [a.user for a in assignments if a.user_id and a.state != State.WITHDRAWN]
    add_handlers(document, units=units, users=users, by=by)


def _close_submissions(document: IncomingDocument) -> None:
    Submission.objects.filter(document=document, state=Submission.State.WAITING).update(
        state=Submission.State.DIRECTED, closed_at=timezone.now()
    )


def _direction_snapshot(work: Work, assignments: list[Assignment], principal: Person | None = None) -> dict:
    return {
        "on_behalf_of": str(principal.user) if principal else "",
        "direction": work.direction,
        "due_on": work.due_on,
        "assignments": [f"{a.get_role_display()}: {a.unit or a.user}" for a in assignments],
    }


def _tell_assignees(work: Work, assignments: list[Assignment]) -> None:
    message = _("Assigned to you: %(title)s") % {"title": work.title}
    user_ids = [a.user_id for a in assignments if a.user_id]
    user_ids += list(validation.unit_heads([a.unit_id for a in assignments if a.unit_id]))
    notify(
        wanting(user_ids, Preference.Kind.WORK_ASSIGNED),
        kind=Notification.Kind.WORK_ASSIGNED,
        message=message,
        about=work,
    )


# ---- what assignees record, and completion ---------------------------------------------------------------------


def record_note(assignment: Assignment, entry: NoteInput, *, by: Person) -> Note:
    """An assignee records an opinion, progress or the result on their part. The first one starts the part, and
    the document's handling becomes "in progress"."""
    text = normalize(entry.text)
    refusal = _("Only the assignee records on an open part of the work.")
    principal = _principal(by, lambda p: access.acts_for(p, assignment), refusal)
    errors = validation.note_errors(entry, text=text)
    check_uploads(errors, entry.files)
    if entry.reply is not None and entry.reply.in_reply_to_id != assignment.work.document_id:
        add(errors, "reply", _("Link a draft written in reply to this document."))
    raise_if_any(errors)
    blobs = _store(entry.files)
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().select_related("work").get(pk=assignment.pk)
        if assignment.state != State.OPEN:
            raise PermissionDenied(refusal)
        note = Note.objects.create(
            assignment=assignment,
            kind=entry.kind,
            text=text,
            percent=entry.percent,
            author=by.user,
            on_behalf_of=principal.user if principal else None,
            reply=entry.reply,
        )
        files = _stored(blobs, by)
        note.files.set(files)
        if assignment.started_at is None:
            assignment.started_at = note.created_at
            assignment.save(update_fields=["started_at"])
        changes = {"kind": entry.kind, "text": text, "percent": entry.percent, "files": [f.sha256 for f in files]}
        changes |= {"reply": entry.reply.pk if entry.reply else None, **_behalf(principal)}
        record_event(assignment.work, "note_recorded", by=by, changes=changes)
        _document_moves(assignment.work, IncomingDocument.Status.IN_PROGRESS, by=by)
    return note


def _store(uploads: tuple[Upload, ...]) -> list[storage.Blob]:
    """The files on disk (content-addressed), before the transaction: a refused entry leaves only unreferenced
    blobs (apps/documents/storage.py)."""
    return [storage.store(u.content, name=u.name, content_type=u.content_type) for u in uploads]


def _stored(blobs: list[storage.Blob], by: Person) -> list[StoredFile]:
    rows = stored_files(blobs, by=by)
    return list({b.sha256: rows[b.sha256] for b in blobs}.values())


def _behalf(principal: Person | None) -> dict:
    """What the audit records of a delegation the action was taken under."""
    return {"on_behalf_of": str(principal.user)} if principal else {}


def _acting(by: Person, assignment: Assignment, refusal: str) -> Person | None:
    """Whom ``by`` acts for on the assignment: themselves (None) or a grantor whose delegation is in force."""
    return _principal(by, lambda p: access.acts_for(p, assignment), refusal)


def complete_part(assignment: Assignment, *, by: Person, when: datetime.datetime | None = None) -> Assignment:
    """An assignee marks their own part done (a support's contribution, a re-assigned person's share)."""
    principal = _acting(by, assignment, _("Only the assignee marks their part done."))
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.state != State.OPEN:
            raise ValidationError({"state": _("This part is no longer open.")})
        assignment.state = State.DONE
        assignment.done_at = when or timezone.now()
        assignment.started_at = assignment.started_at or assignment.done_at
        assignment.save(update_fields=["state", "done_at", "started_at"])
        changes = {"assignment": str(assignment), **_behalf(principal)}
        record_event(assignment.work, "part_done", by=by, changes=changes)
        _document_moves(assignment.work, IncomingDocument.Status.IN_PROGRESS, by=by)
    return assignment


def complete_work(work: Work, *, by: Person, when: datetime.datetime | None = None) -> Work:
    """The lead marks the whole work done; the document's handling is "done" (status 06 for its sender)."""
    lead = access.open_lead(work.pk)
    refusal = _("Only the lead marks the whole work done.")
    if lead is None:
        raise PermissionDenied(refusal)
    principal = _acting(by, lead, refusal)
    with transaction.atomic():
        work = Work.objects.select_for_update().get(pk=work.pk)
        if work.state != State.OPEN:
            raise ValidationError({"state": _("This work is no longer open.")})
        done_at = when or timezone.now()
        if lead.state == State.OPEN:
            complete_part(lead, by=by, when=done_at)
        closed = _close_open_parts(work, done_at)
        work.state, work.done_at = State.DONE, done_at
        work.save(update_fields=["state", "done_at"])
        changes = {"done_at": done_at, "parts_closed": closed, **_behalf(principal)}
        record_event(work, "done", by=by, changes=changes)
        _document_moves(work, IncomingDocument.Status.DONE, by=by)
    return work


def _close_open_parts(work: Work, done_at: datetime.datetime) -> list[str]:
    """The work is over: every part still open (supports, people kept informed, shares re-assigned under the lead)
    closes with it, so that no one is reminded of it nor keeps following it. Returns the parts closed."""
    parts = list(Assignment.objects.select_for_update().filter(work=work, state=State.OPEN))
    for part in parts:
        part.state, part.done_at = State.DONE, done_at
        part.started_at = part.started_at or done_at
    Assignment.objects.bulk_update(parts, ["state", "done_at", "started_at"])
    return [str(part) for part in parts]


# ---- inside a unit, more time, taking back ---------------------------------------------------------------------


def reassign(assignment: Assignment, entry: ReassignInput, *, by: Person) -> list[Assignment]:
    """A unit head hands the unit's part to people of the unit (the chain is kept: each child names its parent).
    The person carrying it gets the unit's role; helpers support. Only inside the unit (and its sub-units)."""
    refusal = _("Only a head of the unit re-assigns the unit's open part, inside the unit.")
    if assignment.unit_id is None or assignment.state != State.OPEN:
        raise PermissionDenied(refusal)
    principal = _acting(by, assignment, refusal)
    unit_ids = {u.pk for u in units_led_by(principal or by)} & access.unit_and_below(assignment.unit_id)
    text = normalize(entry.text)
    today = timezone.localdate()
    raise_if_any(validation.reassign_errors(entry, unit_ids=unit_ids, parent_due=assignment.due_on, today=today))
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        children = [(assignment.role, entry.handler)] + [(Assignment.Role.SUPPORT, h) for h in entry.helpers]
        made = [
            Assignment.objects.create(
                work_id=assignment.work_id,
                role=role,
                user=child.user,
                parent=assignment,
                due_on=child.due_on or assignment.due_on,
                assigned_by=by.user,
                on_behalf_of=principal.user if principal else None,
            )
            for role, child in children
        ]
        assignment.started_at = assignment.started_at or timezone.now()
        assignment.save(update_fields=["started_at"])
        if assignment.work.document_id:
            _transfer(assignment.work.document, made, by=by)
        changes = {"to": [str(a.user) for a in made], "text": text, **_behalf(principal)}
        record_event(assignment.work, "reassigned", by=by, changes=changes)
        transaction.on_commit(lambda: _tell_assignees(assignment.work, made))
    return made


def request_extension(assignment: Assignment, requested: datetime.date | None, reason: str, *, by: Person):
    """The lead asks the leader who directed for more time; one request waits at a time."""
    refusal = _("Only the lead asks for more time on an open part.")
    if assignment.role != Assignment.Role.LEAD or assignment.state != State.OPEN:
        raise PermissionDenied(refusal)
    principal = _acting(by, assignment, refusal)
    reason = normalize(reason)
    today = timezone.localdate()
    raise_if_any(validation.extension_errors(requested, reason, current=assignment.due_on, today=today))
    with transaction.atomic():
        Assignment.objects.select_for_update().get(pk=assignment.pk)
        if ExtensionRequest.objects.filter(assignment=assignment, decision=ExtensionRequest.Decision.PENDING).exists():
            raise ValidationError({"requested_due_on": _("A request for more time is already waiting.")})
        request = ExtensionRequest.objects.create(
            assignment=assignment,
            current_due_on=assignment.due_on,
            requested_due_on=requested,
            reason=reason,
            requested_by=by.user,
        )
        changes = {"due_on": [assignment.due_on, requested], "reason": reason, **_behalf(principal)}
        record_event(assignment.work, "extension_requested", by=by, changes=changes)
    return request


def decide_extension(request: ExtensionRequest, *, grant: bool, by: Person, answer: str = "") -> ExtensionRequest:
    """The leader who directed (or an agency leader) grants — the lead's and the work's deadline move — or refuses."""
    work = request.assignment.work
    principal = _principal(
        by, lambda p: access.may_lead_work(p, work), _("Only the leader who directed the work decides on more time.")
    )
    answer = normalize(answer)
    with transaction.atomic():
        request = ExtensionRequest.objects.select_for_update().select_related("assignment").get(pk=request.pk)
        if request.decision != ExtensionRequest.Decision.PENDING:
            raise ValidationError({"decision": _("This request was already decided.")})
        request.decision = ExtensionRequest.Decision.GRANTED if grant else ExtensionRequest.Decision.REFUSED
        request.decided_by, request.decided_at, request.answer = by.user, timezone.now(), answer[:1000]
        request.save()
        if grant:
            Assignment.objects.filter(pk=request.assignment_id).update(due_on=request.requested_due_on)
            if request.assignment.parent_id is None:
                Work.objects.filter(pk=work.pk).update(due_on=request.requested_due_on)
        changes = {"due_on": request.requested_due_on, "on_behalf_of": str(principal.user) if principal else ""}
        record_event(work, f"extension_{request.decision}", by=by, changes=changes)
    return request


def take_back(assignment: Assignment, *, by: Person) -> Assignment:
    """The leader takes an assignment back (and the chain below it); a work whose every part is taken back goes
    back to "registered" for its document, ready to be directed again."""
    principal = _principal(
        by,
        lambda p: access.may_lead_work(p, assignment.work) or _heads_parent(p, assignment),
        _("Only the leader who directed, or the head who re-assigned, takes it back."),
    )
    with transaction.atomic():
        ids = access.chain_below(assignment)
        Assignment.objects.filter(pk__in=ids, state=State.OPEN).update(state=State.WITHDRAWN)
        changes = {"assignment": str(assignment), **_behalf(principal)}
        record_event(assignment.work, "taken_back", by=by, changes=changes)
        work = assignment.work
        if not work.assignments.exclude(state=State.WITHDRAWN).exists() and work.document_id:
            set_handling_status(work.document, IncomingDocument.Status.REGISTERED, by=by, forward_only=False)
    assignment.refresh_from_db()
    return assignment


def _heads_parent(by: Person, assignment: Assignment) -> bool:
    return assignment.parent is not None and access.acts_for(by, assignment.parent)


def add_assignees(work: Work, role: str, assignees: tuple[Assignee, ...], *, by: Person) -> list[Assignment]:
    """The leader who directed names more people or units on an open work: supports, people kept informed, or a
    lead when none is in charge (after taking the lead back). Each is checked as in a direction (Đ23)."""
    principal = _lead_principal(work, by)
    errors: Errors = {}
    if role not in Assignment.Role.values:
        add(errors, "role", _("Choose the role: lead, support or for information."))
    elif role == Assignment.Role.LEAD and (len(assignees) > 1 or access.open_lead(work.pk) is not None):
        add(errors, "role", _("A work has one lead: take the current lead back first."))
    if not assignees:
        add(errors, "assignees", _("Choose at least one unit or person."))
    current = {("unit", a.unit_id) if a.unit_id else ("user", a.user_id) for a in _top_open(work)}
    for assignee in assignees:
        _check_named(errors, "assignees", assignee, work)
        if (assignee.unit is None) != (assignee.user is None) and assignee.key in current:
            add(errors, "assignees", _("%(name)s is already assigned.") % {"name": assignee.label})
    raise_if_any(errors)
    with transaction.atomic():
        work = Work.objects.select_for_update().get(pk=work.pk)
        made = [_new_part(work, role, a, by=by, principal=principal) for a in assignees]
        changes = {"added": [f"{a.get_role_display()}: {a.unit or a.user}" for a in made], **_behalf(principal)}
        record_event(work, "assignees_added", by=by, changes=changes)
        if work.document_id:
            _transfer(work.document, made, by=by)
        transaction.on_commit(lambda: _tell_assignees(work, made))
    return made


def change_assignment(assignment: Assignment, entry: Assignee, *, by: Person) -> Assignment:
    """The leader who directed changes a part: its deadline, or its assignee — the part (and the chain below it) is
    then taken back and the new assignee gets the same role. Returns the part as it stands."""
    work = assignment.work
    principal = _lead_principal(work, by)
    if assignment.parent_id is not None or assignment.state != State.OPEN:
        raise ValidationError({"assignee": _("Only an open part the leader assigned is changed here.")})
    errors: Errors = {}
    _check_named(errors, "assignee", entry, work)
    raise_if_any(errors)
    same = entry.key == (("unit", assignment.unit_id) if assignment.unit_id else ("user", assignment.user_id))
    with transaction.atomic():
        Work.objects.select_for_update().get(pk=work.pk)
        before = f"{assignment} ({assignment.due_on or '—'})"
        if same:
            Assignment.objects.filter(pk=assignment.pk).update(due_on=entry.due_on)
            result = Assignment.objects.get(pk=assignment.pk)
        else:
            Assignment.objects.filter(pk__in=access.chain_below(assignment), state=State.OPEN).update(
                state=State.WITHDRAWN
            )
            result = _new_part(work, assignment.role, entry, by=by, principal=principal)
            if work.document_id:
                _transfer(work.document, [result], by=by)
            transaction.on_commit(lambda: _tell_assignees(work, [result]))
        if assignment.role == Assignment.Role.LEAD:
            Work.objects.filter(pk=work.pk).update(due_on=entry.due_on)
        changes = {"before": before, "after": f"{result} ({result.due_on or '—'})", **_behalf(principal)}
        record_event(work, "assignment_changed", by=by, changes=changes)
    return result


def _lead_principal(work: Work, by: Person) -> Person | None:
    if work.state != State.OPEN:
        raise PermissionDenied(_("This work is no longer open."))
    return _principal(
        by, lambda p: access.may_lead_work(p, work), _("Only the leader who directed the work changes its assignees.")
    )


def _top_open(work: Work):
    return work.assignments.filter(parent__isnull=True, state=State.OPEN)


def _check_named(errors: Errors, key: str, assignee: Assignee, work: Work) -> None:
    validation.check_assignee(errors, key, assignee, work.document if work.document_id else None)
    validation.check_deadline(errors, key, assignee.due_on, today=timezone.localdate())


def _new_part(work: Work, role: str, assignee: Assignee, *, by: Person, principal: Person | None) -> Assignment:
    due_on = assignee.due_on or (work.due_on if role != Assignment.Role.INFO else None)
    return Assignment.objects.create(
        work=work,
        role=role,
        unit=assignee.unit,
        user=assignee.user,
        due_on=due_on,
        assigned_by=by.user,
        on_behalf_of=principal.user if principal else None,
    )


# ---- tasks (giao việc) -----------------------------------------------------------------------------------------


def create_task(entry: TaskInput, *, by: Person, parent: Work | None = None) -> Directed:
    """A task not born from a document, on the same assignment model: a leader gives it; the lead of a task may
    split it into sub-tasks."""
    if not access.may_give_task(by, parent):
        raise PermissionDenied(_("Leaders give tasks; the lead of a task may add sub-tasks."))
    title, description = normalize(entry.title), entry.description.strip()
    today = timezone.localdate()
    errors = validation.task_errors(entry, title=title, description=description, today=today)
    check_uploads(errors, entry.files)
    raise_if_any(errors)
    blobs = _store(entry.files)
    with transaction.atomic():
        work = Work.objects.create(
            kind=Work.Kind.TASK,
            parent=parent,
            title=title,
            description=description,
            directed_by=by.user,
            due_on=entry.due_on,
            urgency_rank=URGENCY_RANK[entry.urgency],
        )
        work.files.set(_stored(blobs, by))
        direction = DirectionInput(
            text="", lead=entry.lead, supports=entry.supports, infos=entry.infos, due_on=entry.due_on
        )
        assignments = _assign(work, direction, by=by)
        changes = {**_direction_snapshot(work, assignments), "files": [b.sha256 for b in blobs]}
        record_event(work, "task_created", by=by, changes=changes)
        transaction.on_commit(lambda: _tell_assignees(work, assignments))
    return Directed(work=work, assignments=assignments)


def _document_moves(work: Work, status: str, *, by: Person) -> None:
    if work.document_id is not None:
        set_handling_status(work.document, status, by=by)


__all__ = [
    "Assignee",
    "Directed",
    "DirectionInput",
    "NoteInput",
    "add_assignees",
    "change_assignment",
    "complete_part",
    "complete_work",
    "create_task",
    "decide_extension",
    "direct",
    "reassign",
    "record_note",
    "request_extension",
    "submit",
    "take_back",
]
