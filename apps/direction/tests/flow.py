"""The direction chain in a test's words: a document registered, submitted, directed (through the services)."""

from apps.direction import services
from apps.direction.inputs import DirectionInput
from apps.documents.models import IncomingDocument
from apps.documents.tests.factories import RegisteredIncomingFactory, default_register
from apps.registers.models import Secrecy


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
