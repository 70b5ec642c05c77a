"""Factories for document types, registers, counters and clearances (current schema: wrap calls in
``in_agency(agency)``)."""

import factory

from apps.people.tests.factories import UserFactory
from apps.registers.models import DocumentType, ExportJob, Register, RegisterCounter, Secrecy, SecrecyClearance


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentType

    name = factory.Sequence(lambda n: f"Loại văn bản chuyên ngành {n}")
    abbreviation = factory.Sequence(lambda n: f"X{n}")


class RegisterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Register
        skip_postgeneration_save = True

    kind = Register.Kind.INCOMING
    name = factory.Sequence(lambda n: f"Sổ thử nghiệm {n}")
    secrecy_levels = factory.LazyFunction(lambda: [Secrecy.NONE])

    @factory.post_generation
    def document_types(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.document_types.set(extracted)


class RegisterCounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegisterCounter

    register = factory.SubFactory(RegisterFactory)
    year = 2026
    last_number = 0


class SecrecyClearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecrecyClearance

    user = factory.SubFactory(UserFactory)
    level = Secrecy.CONFIDENTIAL


class ExportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExportJob

    requested_by = factory.SubFactory(UserFactory)
    register = factory.SubFactory(RegisterFactory)
    format = "pdf"
    params = factory.LazyFunction(lambda: {"year": "2026"})
