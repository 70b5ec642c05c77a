"""The direction chain in a test's words: a document registered, submitted, directed (through the services)."""

import datetime

from django.utils import timezone

from apps.direction import services
from apps.direction.inputs import Assignee, DirectionInput, TaskInput
from apps.documents.models import IncomingDocument
from apps.documents.tests.factories import RegisteredIncomingFactory, default_register
from apps.registers.models import Secrecy, Urgency


def registered(clerk, **fields) -> IncomingDocument:
    secret = fields.get("secrecy", Secrecy.NONE) != Secrecy.NONE
    return RegisteredIncomingFactory(by=clerk, register=default_register(secret=secret), **fields)


def submitted(clerk, leader, **fields) -> IncomingDocument:
    document = registered(clerk, **fields)
    services.submit(document, leader.user, by=clerk)
    return document


def direction(
    lead, *, due_on=None, supports=(), infos=(), text="Giao Phòng Tổng hợp chủ trì tham mưu."
) -> DirectionInput:
    return DirectionInput(text=text, lead=lead, supports=tuple(supports), infos=tuple(infos), due_on=due_on)


def day(n: int) -> datetime.date:
    """``n`` days from today (before it when negative)."""
    return timezone.localdate() + datetime.timedelta(days=n)


def task(leader, title, lead, *, due=None, urgency=Urgency.NONE, infos=()):
    """A task given by ``leader`` to the person ``lead``, with people kept informed (``infos``)."""
    entry = TaskInput(title=title, lead=Assignee(user=lead.user), due_on=due, urgency=urgency, infos=tuple(infos))
    return services.create_task(entry, by=leader).work
