"""The rules a direction's input must meet, every problem reported at once by field (issue 8, "bad input")."""

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.text import has_control_characters
from apps.documents.models import IncomingDocument
from apps.people.access import Person, heads_of_units
from apps.people.models import Membership, Role
from apps.registers.access import is_cleared_for
from apps.registers.models import Urgency
from apps.registers.validation import Errors, add

from .inputs import Assignee, DirectionInput, NoteInput, ReassignInput, TaskInput
from .models import Note

MAX_TEXT = 4000
TEXT_LIMIT = gettext_lazy("The text has at most %(max)d characters, without control characters.")
MAX_DAYS_AHEAD = 3 * 366  # a deadline three years away is a typing mistake


def unit_heads(unit_ids: Iterable[int]) -> QuerySet:
    """The people who act for units: their leaders."""
    return heads_of_units(set(unit_ids)).values_list("user_id", flat=True)


def check_leader(errors: Errors, leader: object, document: IncomingDocument) -> None:
    """A document goes to an active leader of the agency, cleared for its secrecy level."""
    if leader is None:
        add(errors, "leader", _("Choose the leader to submit the document to."))
        return
    person = Person.for_user(leader)
    if not getattr(leader, "is_active", False) or not person.has_role(Role.LEADER):
        add(errors, "leader", _("The document is submitted to an active leader of the agency."))
    elif not is_cleared_for(person, document.secrecy):
        add(errors, "leader", _("This leader is not cleared for the document's secrecy level."))


def check_text(errors: Errors, key: str, text: str, *, limit: int, message: str, multi_line: bool = True) -> None:
    """``text`` within ``limit`` characters and without control characters; ``message`` (with ``%(max)d``) if not."""
    if len(text) > limit or has_control_characters(text, multi_line=multi_line):
        add(errors, key, message % {"max": limit})


def check_deadline(errors: Errors, key: str, due_on: datetime.date | None, *, today: datetime.date) -> None:
    if due_on is None:
        return
    if due_on < today:
        add(errors, key, _("A deadline cannot be in the past."))
    elif (due_on - today).days > MAX_DAYS_AHEAD:
        add(errors, key, _("A deadline is at most three years away."))


def check_assignee(errors: Errors, key: str, assignee: Assignee, document: IncomingDocument | None) -> None:
    """An active unit, or a person with an active membership in the agency, cleared for a secret document."""
    if (assignee.unit is None) == (assignee.user is None):
        add(errors, key, _("Each assignee is a unit or a person."))
        return
    if assignee.unit is not None:
        if not assignee.unit.is_active:
            add(errors, key, _("%(name)s is no longer active.") % {"name": assignee.unit})
        return
    member = Membership.objects.filter(user=assignee.user, is_active=True).exists()
    if not member or not getattr(assignee.user, "is_active", False):
        add(errors, key, _("%(name)s is not an active member of the agency.") % {"name": assignee.user})
    elif document is not None and not is_cleared_for(Person.for_user(assignee.user), document.secrecy):
        add(errors, key, _("%(name)s is not cleared for the document's secrecy level.") % {"name": assignee.user})


def direction_errors(
    entry: DirectionInput, *, text: str, document: IncomingDocument | None, today: datetime.date
) -> Errors:
    errors: Errors = {}
    if entry.lead is None:
        add(errors, "lead", _("Choose the lead unit or person (chủ trì)."))
    message = _("The direction has at most %(max)d characters, without control characters.")
    check_text(errors, "text", text, limit=MAX_TEXT, message=message)
    check_deadline(errors, "due_on", entry.due_on, today=today)
    named = [("lead", entry.lead)] if entry.lead else []
    named += [("supports", a) for a in entry.supports] + [("infos", a) for a in entry.infos]
    seen: set = set()
    for key, assignee in named:
        check_assignee(errors, key, assignee, document)
        check_deadline(errors, key, assignee.due_on, today=today)
        if (assignee.unit is None) != (assignee.user is None):
            if assignee.key in seen:
                add(errors, key, _("%(name)s is named twice.") % {"name": assignee.label})
            seen.add(assignee.key)
    return errors


def note_errors(entry: NoteInput, *, text: str) -> Errors:
    errors: Errors = {}
    if entry.kind not in Note.Kind.values:
        add(errors, "kind", _("Choose what you record: an opinion, progress or the result."))
    if entry.kind != Note.Kind.RESULT and not text:
        add(errors, "text", _("Write the opinion or the progress."))
    check_text(errors, "text", text, limit=MAX_TEXT, message=TEXT_LIMIT)
    if entry.percent is not None and not 0 <= entry.percent <= 100:
        add(errors, "percent", _("Progress is a percentage from 0 to 100."))
    return errors


def reassign_errors(
    entry: ReassignInput, *, unit_ids: set[int], parent_due: datetime.date | None, today: datetime.date
) -> Errors:
    """Inside the unit only, and never past the unit's own deadline."""
    errors: Errors = {}
    if entry.handler is None:
        add(errors, "handler", _("Choose who carries the unit's part."))
    named = ([("handler", entry.handler)] if entry.handler else []) + [("helpers", h) for h in entry.helpers]
    seen: set = set()
    for key, assignee in named:
        if assignee.user is None or assignee.unit is not None:
            add(errors, key, _("Re-assign to people of the unit."))
            continue
        in_unit = Membership.objects.filter(user=assignee.user, unit_id__in=unit_ids, is_active=True).exists()
        if not in_unit:
            add(errors, key, _("%(name)s is not a member of the unit.") % {"name": assignee.user})
        check_deadline(errors, key, assignee.due_on, today=today)
        if assignee.due_on and parent_due and assignee.due_on > parent_due:
            add(errors, key, _("A deadline inside the unit is not later than the unit's own."))
        if assignee.key in seen:
            add(errors, key, _("%(name)s is named twice.") % {"name": assignee.label})
        seen.add(assignee.key)
    check_text(errors, "text", entry.text, limit=MAX_TEXT, message=TEXT_LIMIT)
    return errors


def extension_errors(
    requested: datetime.date | None, reason: str, *, current: datetime.date | None, today: datetime.date
) -> Errors:
    errors: Errors = {}
    if requested is None:
        add(errors, "requested_due_on", _("Give the new deadline you ask for."))
    else:
        check_deadline(errors, "requested_due_on", requested, today=today)
        if current is not None and requested <= current:
            add(errors, "requested_due_on", _("The new deadline is later than the current one."))
    if not reason:
        add(errors, "reason", _("Give the reason for more time."))
    else:
        message = _("The reason has at most 1000 characters, without control characters.")
        check_text(errors, "reason", reason, limit=1000, message=message)
    return errors


def task_errors(entry: TaskInput, *, title: str, description: str, today: datetime.date) -> Errors:
    direction = DirectionInput(
        text=description, lead=entry.lead, supports=entry.supports, infos=entry.infos, due_on=entry.due_on
    )
    errors = direction_errors(direction, text=description, document=None, today=today)
    if "text" in errors:
        errors["description"] = errors.pop("text")
    if not title:
        add(errors, "title", _("Give the task a title."))
    else:
        message = _("The title has at most 500 characters, without control characters.")
        check_text(errors, "title", title, limit=500, message=message, multi_line=False)
    if entry.urgency not in Urgency.values:
        add(errors, "urgency", _("Choose an urgency."))
    return errors
