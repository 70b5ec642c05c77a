"""Ủy quyền: the delegate acts for the leader during the window, recorded "on behalf of"; it ends by itself; bad
delegations are refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.audit.services import events_for
from apps.direction import delegations, services
from apps.direction.inputs import Assignee, DirectionInput
from apps.direction.models import Delegation
from apps.documents.tests.factories import RegisteredIncomingFactory, make_person
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now


def hours(n: float) -> datetime.datetime:
    return NOW() + datetime.timedelta(hours=n)


def test_the_delegate_directs_on_behalf_of_the_leader_until_the_window_ends(clerk, director, deputy_head):
    leader, deputy = director, deputy_head
    document = RegisteredIncomingFactory(by=clerk)
    services.submit(document, leader.user, by=clerk)
    entry = DirectionInput(text="Đồng ý", lead=Assignee(unit=UnitFactory()))
    with pytest.raises(PermissionDenied):
        services.direct(document, entry, by=deputy)
    delegation = delegations.delegate(deputy.user, hours(-1), hours(48), "Nghỉ phép", by=leader)
    work = services.direct(document, entry, by=deputy).work
    assert (work.directed_by_id, work.on_behalf_of_id) == (deputy.user.pk, leader.user.pk)
    assert events_for(work).get(action="directed").changes["on_behalf_of"] == str(leader.user)
    Delegation.objects.filter(pk=delegation.pk).update(starts_at=hours(-72), ends_at=hours(-1))  # time passed
    other = RegisteredIncomingFactory(by=clerk)
    services.submit(other, leader.user, by=clerk)
    with pytest.raises(PermissionDenied):
        services.direct(other, entry, by=deputy)


def test_a_revoked_delegation_ends_at_once(clerk, director, deputy_head):
    leader, deputy = director, deputy_head
    delegation = delegations.delegate(deputy.user, hours(-1), hours(48), "Đi công tác", by=leader)
    with pytest.raises(PermissionDenied):
        delegations.revoke(delegation, by=deputy)
    delegations.revoke(delegation, by=leader)
    document = RegisteredIncomingFactory(by=clerk)
    services.submit(document, leader.user, by=clerk)
    with pytest.raises(PermissionDenied):
        services.direct(document, DirectionInput(text="", lead=Assignee(unit=UnitFactory())), by=deputy)


def test_bad_delegations_are_refused_and_windows_never_overlap(alpha):
    leader, deputy, other = make_person(Role.LEADER), make_person(Role.LEADER), make_person(Role.SPECIALIST)
    with pytest.raises(ValidationError) as refused:
        delegations.delegate(leader.user, hours(2), hours(1), "", by=leader)
    assert set(refused.value.message_dict) == {"delegate", "ends_at", "reason"}
    with pytest.raises(ValidationError) as refused:
        delegations.delegate(deputy.user, hours(-50), hours(-2), "Nghỉ", by=leader)
    assert "ends_at" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        delegations.delegate(deputy.user, hours(1), hours(2), "Nghỉ", by=other)
    delegations.delegate(deputy.user, hours(1), hours(24), "Nghỉ phép", by=leader)
    with pytest.raises(ValidationError) as refused:
        delegations.delegate(other.user, hours(12), hours(36), "Công tác", by=leader)
    assert "starts_at" in refused.value.message_dict
    assert Delegation.objects.filter(grantor=leader.user).count() == 1
