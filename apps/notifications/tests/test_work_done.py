"""Notifications match the work (issue 7, B5): done from any page, and an urgent document tells the leaders
concerned, not every leader."""

import pytest
from django_tenants.utils import schema_context

from apps.core.tests.utils import client_as
from apps.documents.notices import urgent_readers
from apps.documents.tests.factories import RegisteredIncomingFactory, make_person
from apps.notifications.models import Notification
from apps.notifications.services import notify
from apps.outgoing import notices, services
from apps.outgoing.models import Draft, ReviewStep
from apps.outgoing.tests.flow import make_team, new_draft, take_through
from apps.people.models import Position, Role
from apps.people.tests.factories import MembershipFactory, UnitFactory
from apps.registers.models import Urgency


@pytest.mark.django_db
def test_opening_a_document_from_any_page_marks_its_notification_done(agency_a):
    with schema_context(agency_a.schema_name):
        leader = make_person(Role.LEADER)
        document = RegisteredIncomingFactory(by=make_person(Role.CLERK))
        notify([leader.user.pk], kind=Notification.Kind.URGENT_INCOMING, message="Hỏa tốc", about=document)
    client = client_as(agency_a, leader.user)
    assert client.get(f"/documents/incoming/{document.pk}/").status_code == 200  # from the list, not the bell
    with schema_context(agency_a.schema_name):
        assert not Notification.objects.filter(recipient=leader.user, read_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_step_done_by_one_clerk_is_done_for_every_clerk_told(alpha):
    team = make_team()
    other_clerk = make_person(Role.CLERK)
    draft = take_through(new_draft(team), team, until=Draft.State.FORMAT_CHECK)
    step = ReviewStep.objects.filter(draft=draft).last()
    assert notices.notify_step(step) >= 2
    told = Notification.objects.filter(object_type="outgoing.reviewstep", object_id=str(step.pk))
    assert set(told.values_list("recipient_id", flat=True)) >= {team.clerk.user.pk, other_clerk.user.pk}
    services.check_format(draft, by=team.clerk, version=draft.version, approve=True)
    assert not told.filter(read_at__isnull=True).exists(), "the other clerk has nothing left to do"


@pytest.mark.django_db
def test_a_returned_draft_is_done_once_it_is_submitted_again(alpha):
    team = make_team()
    draft = take_through(new_draft(team), team, until=Draft.State.CONTENT_REVIEW)
    draft = services.review_content(draft, by=team.head, version=1, approve=False, comment="Sửa lại")
    step = ReviewStep.objects.filter(draft=draft).last()
    notices.notify_step(step)
    services.submit_draft(draft, by=team.drafter, version=1, reviewer=team.head.user)
    returned = Notification.objects.get(kind=Notification.Kind.DRAFT_RETURNED, object_id=str(step.pk))
    assert returned.read_at is not None


@pytest.mark.django_db
def test_an_urgent_document_tells_the_agencys_leaders_and_its_units_leaders_not_every_leader(alpha):
    board = UnitFactory(name="Ban Giám đốc", abbreviation="BGDX")
    director = MembershipFactory(unit=board, position=Position.objects.get(rank=10), roles=[Role.LEADER])
    deputy = MembershipFactory(unit=board, position=Position.objects.get(rank=20), roles=[Role.LEADER])
    finance, other = UnitFactory(), UnitFactory()
    finance_head = make_person(Role.LEADER, unit=finance)
    other_head = make_person(Role.LEADER, unit=other)
    document = RegisteredIncomingFactory(by=make_person(Role.CLERK), urgency=Urgency.FLASH, recipient_units=[finance])
    readers = urgent_readers(document)
    assert readers == {director.user_id, deputy.user_id, finance_head.user.pk}
    assert other_head.user.pk not in readers
