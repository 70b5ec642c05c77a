"""Factories for work direction's rows as such (the clone test proves an agency's schema accepts each). Tests of
behaviour go through the services (apps.direction.services), which these do not replace."""

import datetime

import factory
from django.utils import timezone

from apps.direction.models import (
    Assignment,
    Delegation,
    ExtensionRequest,
    Note,
    Preference,
    Reminder,
    Submission,
    SubmissionRoute,
    Work,
)
from apps.documents.tests.factories import IncomingDocumentFactory
from apps.people.tests.factories import UnitFactory, UserFactory


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    document = factory.SubFactory(IncomingDocumentFactory)
    leader = factory.SubFactory(UserFactory)
    submitted_by = factory.SubFactory(UserFactory)


class SubmissionRouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubmissionRoute

    unit = factory.SubFactory(UnitFactory)
    leader = factory.SubFactory(UserFactory)


class WorkFactory(factory.django.DjangoModelFactory):
    """A task (no document)."""

    class Meta:
        model = Work

    kind = Work.Kind.TASK
    title = factory.Sequence(lambda n: f"Nhiệm vụ {n}")
    directed_by = factory.SubFactory(UserFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    work = factory.SubFactory(WorkFactory)
    role = Assignment.Role.SUPPORT
    user = factory.SubFactory(UserFactory)
    assigned_by = factory.SubFactory(UserFactory)


class OfAssignmentFactory(factory.django.DjangoModelFactory):
    """A row recorded on an assignee's part (a note, an extension request, a reminder)."""

    class Meta:
        abstract = True

    assignment = factory.SubFactory(AssignmentFactory)


class NoteFactory(OfAssignmentFactory):
    class Meta:
        model = Note

    kind = Note.Kind.OPINION
    text = "Ý kiến"
    author = factory.SubFactory(UserFactory)


class ExtensionRequestFactory(OfAssignmentFactory):
    class Meta:
        model = ExtensionRequest

    requested_due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    reason = "Chờ số liệu"
    requested_by = factory.SubFactory(UserFactory)


class ReminderFactory(OfAssignmentFactory):
    class Meta:
        model = Reminder

    kind = Reminder.Kind.DUE_SOON
    due_on = factory.LazyFunction(timezone.localdate)


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preference

    user = factory.SubFactory(UserFactory)
    kind = Preference.Kind.OVERDUE


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    grantor = factory.SubFactory(UserFactory)
    delegate = factory.SubFactory(UserFactory)
    created_by = factory.SelfAttribute("grantor")
    starts_at = factory.LazyFunction(timezone.now)
    ends_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    reason = "Nghỉ phép"
