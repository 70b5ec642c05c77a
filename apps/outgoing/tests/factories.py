"""Factories for outgoing drafts and documents (current schema: wrap calls in ``in_agency(agency)``).

``DraftFactory`` and the others build rows as such (the clone test builds one of every model); tests of the rules
go through the services (``services.create_draft`` …) or the ``flow`` helpers in ``tests/flow.py``."""

import factory
from django.utils import timezone

from apps.documents.tests.factories import AttachedFileFactory, cong_van
from apps.outgoing.models import (
    Draft,
    DraftFile,
    DraftVersion,
    OutgoingDocument,
    OutgoingRecipient,
    ReviewStep,
)
from apps.outgoing.search import outgoing_search_text
from apps.people.tests.factories import UnitFactory, UserFactory
from apps.registers.models import Register
from apps.registers.tests.factories import RegisterFactory


def outgoing_register(*, secret: bool = False) -> Register:
    """One of the outgoing registers every agency starts with (apps.registers.defaults)."""
    registers = Register.objects.filter(kind=Register.Kind.OUTGOING, is_active=True).order_by("order")
    return next(r for r in registers if r.is_secret == secret)


class DraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Draft

    drafting_unit = factory.SubFactory(UnitFactory)
    drafter = factory.SubFactory(UserFactory)
    document_type = factory.LazyFunction(cong_van)
    subject = factory.Sequence(lambda n: f"V/v dự thảo thử nghiệm số {n}")


class OfDraftFactory(factory.django.DjangoModelFactory):
    """A row that belongs to a draft (a version, a review step, a recipient)."""

    class Meta:
        abstract = True

    draft = factory.SubFactory(DraftFactory)


class DraftVersionFactory(OfDraftFactory):
    class Meta:
        model = DraftVersion

    number = 1
    subject = factory.LazyAttribute(lambda v: v.draft.subject)
    created_by = factory.LazyAttribute(lambda v: v.draft.drafter)


class DraftFileFactory(AttachedFileFactory):
    class Meta:
        model = DraftFile

    version = factory.SubFactory(DraftVersionFactory)


class ReviewStepFactory(OfDraftFactory):
    class Meta:
        model = ReviewStep

    stage = ReviewStep.Stage.SUBMISSION
    decision = ReviewStep.Decision.SUBMIT
    version = 1
    by = factory.LazyAttribute(lambda s: s.draft.drafter)


class OutgoingRecipientFactory(OfDraftFactory):
    class Meta:
        model = OutgoingRecipient

    kind = OutgoingRecipient.Kind.PLACE
    name = factory.Sequence(lambda n: f"Nơi nhận thử nghiệm {n}")


class OutgoingDocumentFactory(factory.django.DjangoModelFactory):
    """A row as such (e.g. imported from an old system): its draft is marked issued first."""

    class Meta:
        model = OutgoingDocument

    draft = factory.SubFactory(
        DraftFactory,
        state=Draft.State.ISSUED,
        register=factory.SubFactory(RegisterFactory, kind=Register.Kind.OUTGOING),
        signer=factory.SubFactory(UserFactory),
    )
    version = factory.SubFactory(DraftVersionFactory, draft=factory.SelfAttribute("..draft"))
    register = factory.LazyAttribute(lambda d: d.draft.register)
    issued_at = factory.LazyFunction(timezone.now)
    issued_date = factory.LazyAttribute(lambda d: timezone.localdate(d.issued_at))
    year = factory.LazyAttribute(lambda d: d.issued_date.year)
    number = factory.Sequence(lambda n: 5000 + n)
    notation = "SAL-VP"
    issued_by = factory.SubFactory(UserFactory)
    issuer_code = "000.00.91.H19"
    issuer_name = "Sở Thử nghiệm Alpha tỉnh Đồng Nai"
    document_type = factory.LazyAttribute(lambda d: d.draft.document_type)
    type_name = factory.LazyAttribute(lambda d: d.document_type.name)
    subject = factory.LazyAttribute(lambda d: d.draft.subject)
    drafting_unit = factory.LazyAttribute(lambda d: d.draft.drafting_unit)
    signer = factory.LazyAttribute(lambda d: d.draft.signer)
    signer_name = factory.LazyAttribute(lambda d: d.signer.full_name[:50])
    signer_position = "Giám đốc"
    recipients_text = "- Như trên;\n- Lưu: VT, VP."
    files_text = ""
    urgency = "none"
    secrecy = "none"
    search_text = factory.LazyAttribute(
        lambda d: outgoing_search_text(
            number=d.number, notation=d.notation, subject=d.subject, recipients_text=d.recipients_text
        )
    )
