"""Celery tasks of the direction app: thin, each takes the agency's schema name explicitly and runs inside it.

``remind_everywhere`` is periodic (settings.CELERY_BEAT_SCHEDULE, every morning): a public dispatcher that fans
out one ``remind`` per agency on the "periodic" queue; ``send_reminder_mail`` goes to the "notify" queue."""

from smtplib import SMTPException

from celery import shared_task
from django_tenants.utils import schema_context

from apps.workdays.calendar import calendar_for

NOTIFY_QUEUE = "notify"
PERIODIC_QUEUE = "periodic"


@shared_task(acks_late=True)
def remind(schema_name: str) -> dict:
    from . import reminders, status

    with schema_context(schema_name):
        when = status.today()
        if not calendar_for().is_working_day(when.today):  # nobody is at work to be reminded
            return {"schema": schema_name, "skipped": "not a working day"}
        run = reminders.run_reminders(when)
    if run.due_soon or run.overdue:  # committed: the e-mails go apart, retried while the mail server is down
        send_reminder_mail.apply_async((schema_name,), queue=NOTIFY_QUEUE)
    return {"schema": schema_name, "due_soon": run.due_soon, "overdue": run.overdue, "notified": run.notified}


@shared_task(
    acks_late=True, autoretry_for=(OSError, SMTPException), retry_backoff=30, retry_backoff_max=1800, max_retries=12
)
def send_reminder_mail(schema_name: str) -> dict:
    from . import reminders

    with schema_context(schema_name):
        return {"schema": schema_name, "sent": reminders.send_mail()}


@shared_task
def remind_everywhere() -> int:
    """One ``remind`` per active agency (a suspended agency's people are not at work in it)."""
    from tenants.tasks import fan_out

    return fan_out(remind, queue=PERIODIC_QUEUE)
