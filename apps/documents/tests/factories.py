"""Factories for incoming documents and files (current schema: wrap calls in ``in_agency(agency)``).

``RegisteredIncomingFactory`` goes through ``services.register_incoming`` (the real path: numbering, checks,
audit); the plain model factories exist for tests that need a row as such (the clone test, imported rows)."""

import datetime
import hashlib

import factory
from django.utils import timezone

from apps.documents import search, services
from apps.documents.inputs import IncomingEntry
from apps.documents.models import (
    IncomingAttachment,
    IncomingDocument,
    IncomingRecipient,
    IntakeState,
    PendingRegistration,
    StoredFile,
    StoredFileText,
)
from apps.people.access import Person
from apps.people.models import Role, Unit
from apps.people.tests.factories import MembershipFactory, UnitFactory, UserFactory
from apps.registers.models import DocumentType, Register, Secrecy, SecrecyClearance
from apps.registers.tests.factories import DocumentTypeFactory, RegisterFactory


def make_person(*roles: str, unit: Unit | None = None, clearance: str | None = None) -> Person:
    """A new member of the current agency with ``roles`` (and a secrecy clearance), as the request sees them."""
    membership = MembershipFactory(roles=list(roles) or [Role.SPECIALIST], **({"unit": unit} if unit else {}))
    if clearance and clearance != Secrecy.NONE:
        SecrecyClearance.objects.create(user=membership.user, level=clearance)
    return Person.for_user(membership.user)


def default_register(kind: str = Register.Kind.INCOMING, *, secret: bool = False) -> Register:
    """One of the registers every agency starts with (apps.registers.defaults)."""
    registers = Register.objects.filter(kind=kind, is_active=True).order_by("order")
    return next(r for r in registers if r.is_secret == secret)


def cong_van() -> DocumentType:
    return DocumentType.objects.get(name="Công văn")


class StoredFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoredFile

    sha256 = factory.Sequence(lambda n: hashlib.sha256(f"tệp {n}".encode()).hexdigest())
    size = 1024
    content_type = "application/pdf"
    original_name = factory.Sequence(lambda n: f"van-ban-{n}.pdf")


class StoredFileTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoredFileText

    file = factory.SubFactory(StoredFileFactory)
    text = "Ủy ban nhân dân tỉnh Đồng Nai thông báo"


class PendingRegistrationFactory(factory.django.DjangoModelFactory):
    """A scan waiting to be registered (pending.py), uploaded by a clerk."""

    class Meta:
        model = PendingRegistration

    file = factory.SubFactory(StoredFileFactory)
    name = factory.Sequence(lambda n: f"ban-quet-{n}.pdf")
    uploaded_by = factory.LazyFunction(lambda: make_person(Role.CLERK).user)


class IncomingDocumentFactory(factory.django.DjangoModelFactory):
    """A row as such, outside the service (e.g. imported from an old system)."""

    class Meta:
        model = IncomingDocument

    register = factory.SubFactory(RegisterFactory)
    arrival_date = factory.LazyFunction(timezone.localdate)
    year = factory.LazyAttribute(lambda d: d.arrival_date.year)
    arrival_number = factory.Sequence(lambda n: n + 1)
    issuer_name = "Ủy ban nhân dân tỉnh Đồng Nai"
    number = factory.Sequence(lambda n: 1000 + n)
    notation = "UBND-KGVX"
    issued_date = factory.LazyAttribute(lambda d: d.arrival_date - datetime.timedelta(days=2))
    document_type = factory.SubFactory(DocumentTypeFactory)
    subject = factory.Sequence(lambda n: f"V/v thử nghiệm số {n}")
    registered_by = factory.SubFactory(UserFactory)
    search_text = factory.LazyAttribute(search.incoming_search_text)
    issuer_key = factory.LazyAttribute(lambda d: search.issuer_key(d.issuer_name))


class IncomingRecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncomingRecipient

    document = factory.SubFactory(IncomingDocumentFactory)
    unit = factory.SubFactory(UnitFactory)


class AttachedFileFactory(factory.django.DjangoModelFactory):
    """A stored file attached under its own name (to an incoming document here, to a draft's version in outgoing)."""

    class Meta:
        abstract = True

    file = factory.SubFactory(StoredFileFactory)
    name = factory.LazyAttribute(lambda a: a.file.original_name)


class IncomingAttachmentFactory(AttachedFileFactory):
    class Meta:
        model = IncomingAttachment

    document = factory.SubFactory(IncomingDocumentFactory)


def register_entry(by: Person, **fields) -> services.Registration:
    """``services.register_incoming`` with the entry's fields as keywords (as the tests write them)."""
    return services.register_incoming(IncomingEntry(**fields), by=by)


class RegisteredIncomingFactory(factory.Factory):
    """An incoming document registered through the service by a clerk (``by``: a Person)."""

    class Meta:
        model = IncomingDocument

    by = factory.LazyFunction(lambda: make_person(Role.CLERK))
    register = factory.LazyFunction(default_register)
    document_type = factory.LazyFunction(cong_van)
    issuer = "Ủy ban nhân dân tỉnh Đồng Nai"
    number = factory.Sequence(lambda n: 100 + n)
    notation = "UBND-KGVX"
    issued_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    subject = factory.Sequence(lambda n: f"V/v triển khai nhiệm vụ số {n}")

    @classmethod
    def _create(cls, model_class, **kwargs) -> IncomingDocument:
        return register_entry(**kwargs).document

    @classmethod
    def _build(cls, model_class, **kwargs):
        raise NotImplementedError("registered documents are always saved: use create()")


def through_intake(*files: StoredFile) -> list[str]:
    """Run stored files through the real intake chain in this process (the stages the Celery tasks run: real clamd,
    libmagic, pikepdf, tesseract), as the workers would after the upload's commit; their states afterwards."""
    from apps.documents import intake

    states = []
    for stored in files:
        state = intake.run_scan_stage(stored.pk)
        if state == IntakeState.READING:
            state = intake.run_heavy_stage(stored.pk)
        stored.refresh_from_db()
        states.append(state)
    return states


def settled(*files: StoredFile, timeout: float = 120) -> list[str]:
    """Wait until the real intake workers (the ``celery_worker`` fixture) have finished with ``files``; their states.
    For tests that upload through the web server, whose commit queues the files as in production."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        for stored in files:
            stored.refresh_from_db()
        if all(stored.is_settled for stored in files) or time.monotonic() > deadline:
            return [stored.intake_state for stored in files]
        time.sleep(0.5)
