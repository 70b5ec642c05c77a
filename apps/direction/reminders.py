"""Due-soon and overdue reminders (issue 8 point 7): once a day per agency, every open part whose deadline is near
or past is reminded once per deadline — in the application and by e-mail, as each person chose
(``models.Preference``).

``run_reminders`` runs in one agency's schema (the periodic task fans out one per agency): it records the
``Reminder`` rows and the in-app notifications in one transaction, under an advisory lock so that two runs never
send twice. The e-mails go after the commit (``send_mail``, run by the task ``send_reminder_mail``), one message
per person, retried while the mail server is down."""

import datetime
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Case, Exists, OuterRef, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.notifications.models import Notification
from apps.notifications.services import notify_each
from apps.people.access import heads_of_units

from .models import Assignment, Preference, Reminder, State
from .status import Today

KIND_TO_NOTIFICATION = {
    Reminder.Kind.DUE_SOON: Notification.Kind.WORK_DUE_SOON,
    Reminder.Kind.OVERDUE: Notification.Kind.WORK_OVERDUE,
}


@dataclass(frozen=True)
class ReminderRun:
    due_soon: int
    overdue: int
    notified: int


def due(when: Today):
    """Open parts to act on (lead, support) whose deadline is near or past and not yet reminded for that deadline."""
    kind = Case(
        When(due_on__lt=when.today, then=Value(Reminder.Kind.OVERDUE)),
        default=Value(Reminder.Kind.DUE_SOON),
    )
    sent = Reminder.objects.filter(assignment=OuterRef("pk"), due_on=OuterRef("due_on"), kind=OuterRef("kind"))
    return (
        Assignment.objects.filter(state=State.OPEN, due_on__isnull=False, due_on__lte=when.due_soon_until)
        .exclude(role=Assignment.Role.INFO)
        .annotate(kind=kind)
        .exclude(Exists(sent))
        .select_related("work")
        .order_by("id")
    )


def _recipients(assignments: list[Assignment]) -> dict[int, list[int]]:
    unit_ids = {a.unit_id for a in assignments if a.unit_id}
    heads: dict[int, list[int]] = {}
    for unit_id, user_id in heads_of_units(unit_ids).values_list("unit_id", "user_id"):
        heads.setdefault(unit_id, []).append(user_id)
    return {a.pk: [a.user_id] if a.user_id else heads.get(a.unit_id, []) for a in assignments}


def _opted_out(kind: str, channel: str) -> set[int]:
    return set(Preference.objects.filter(kind=kind, **{channel: False}).values_list("user_id", flat=True))


def run_reminders(when: Today) -> ReminderRun:
    """Remind every part due soon or overdue in the current agency, once per deadline."""
    with transaction.atomic():
        key = zlib.crc32(f"direction-reminders:{connection.schema_name}".encode())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
        assignments = list(due(when))
        recipients = _recipients(assignments)
        reminders = Reminder.objects.bulk_create(
            [Reminder(assignment=a, kind=a.kind, due_on=a.due_on, recipient_ids=recipients[a.pk]) for a in assignments]
        )
        notified = _notify_in_app(reminders)
    kinds = [r.kind for r in reminders]
    return ReminderRun(kinds.count(Reminder.Kind.DUE_SOON), kinds.count(Reminder.Kind.OVERDUE), notified)


def _notify_in_app(reminders: list[Reminder]) -> int:
    """The reminders in the application, for those who did not opt out: one statement per kind (a run in an agency
    with hundreds of parts due made three queries per reminder)."""
    if not reminders:
        return 0
    skip = {kind: _opted_out(kind, "in_app") for kind in Reminder.Kind.values}
    by_kind: dict[str, list] = {}
    for reminder in reminders:
        users = [u for u in reminder.recipient_ids if u not in skip[reminder.kind]]
        by_kind.setdefault(reminder.kind, []).append((users, _message(reminder), reminder))
    return sum(notify_each(KIND_TO_NOTIFICATION[kind], items) for kind, items in by_kind.items())


def _message(reminder: Reminder) -> str:
    values = {"title": reminder.assignment.work.title, "date": reminder.due_on.strftime("%d/%m/%Y")}
    if reminder.kind == Reminder.Kind.OVERDUE:
        return _("Overdue since %(date)s: %(title)s") % values
    return _("Due on %(date)s: %(title)s") % values


def send_mail(now: datetime.datetime | None = None) -> int:
    """E-mail every reminder not yet e-mailed: one message per person listing theirs. Returns how many messages
    went out. An SMTP failure raises (the task retries); what was sent before it is marked."""
    pending = list(
        Reminder.objects.filter(emailed_at__isnull=True).select_related("assignment__work").order_by("due_on", "id")
    )
    by_person: dict[int, list[Reminder]] = {}
    skip = {kind: _opted_out(kind, "email") for kind in Reminder.Kind.values}
    for reminder in pending:
        for user_id in reminder.recipient_ids:
            if user_id not in skip[reminder.kind]:
                by_person.setdefault(user_id, []).append(reminder)
    addresses = dict(
        get_user_model()
        .objects.filter(pk__in=by_person, is_active=True, email__isnull=False)
        .values_list("pk", "email")
    )
    messages = [_mail(addresses[uid], items) for uid, items in by_person.items() if addresses.get(uid)]
    if messages:
        with get_connection() as smtp:
            smtp.send_messages(messages)
    Reminder.objects.filter(pk__in=[r.pk for r in pending]).update(emailed_at=now or timezone.now())
    return len(messages)


def _mail(address: str, reminders: list[Reminder]) -> EmailMessage:
    with override(settings.LANGUAGE_CODE):
        lines = [f"- {_message(r)}" for r in reminders]
        subject = _("Reminder: %(count)d item(s) of your work are due") % {"count": len(reminders)}
        body = "\n".join([_("Your work in the document management system:"), "", *lines, ""])
    return EmailMessage(subject, body, None, [address])
