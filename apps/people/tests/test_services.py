"""People's services: every change of rights is made by someone allowed to, and leaves an audit event with who,
when and before → after, plus an alert for the agency's administrators (Decree 30, Appendix VI)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.audit.models import AuditEvent, RightsAlert
from apps.audit.services import events_for
from apps.core.events import RightsChange, rights_changed
from apps.people import services
from apps.people.access import SYSTEM, Person
from apps.people.models import Membership, Position, Role, Unit
from apps.people.tests.factories import MembershipFactory, PositionFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(alpha) -> Person:
    return Person.for_user(MembershipFactory(roles=[Role.ADMIN], user__full_name="Quản Trị Alpha").user)


@pytest.fixture
def specialist(alpha) -> Person:
    return Person.for_user(MembershipFactory(roles=[Role.SPECIALIST]).user)


def test_a_non_admin_changes_nothing_through_the_services(specialist):
    unit, position = UnitFactory(), PositionFactory()
    membership = MembershipFactory(unit=unit, position=position)
    events = AuditEvent.objects.count()
    attempts = [
        lambda: services.save_unit(Unit(name="Phòng Mới", abbreviation="PM"), by=specialist),
        lambda: services.deactivate_unit(UnitFactory(), by=specialist),
        lambda: services.save_position(Position(name="Chức vụ mới"), by=specialist),
        lambda: services.add_member(user=UserFactory(), unit=unit, position=position, roles=["clerk"], by=specialist),
        lambda: services.update_membership(membership, unit=unit, position=position, roles=[Role.ADMIN], by=specialist),
        lambda: services.set_membership_active(membership, False, by=specialist),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    membership.refresh_from_db()
    assert membership.roles == [Role.SPECIALIST] and membership.is_active
    assert not Unit.objects.filter(abbreviation="PM").exists()
    assert AuditEvent.objects.count() == events


def test_a_change_of_roles_is_audited_with_who_and_before_after_and_alerts_the_administrators(admin):
    membership = MembershipFactory(roles=[Role.SPECIALIST])
    services.update_membership(
        membership,
        unit=membership.unit,
        position=membership.position,
        roles=[Role.SPECIALIST, Role.CLERK],
        by=admin,
    )
    [event] = events_for(membership)
    assert (event.action, event.actor_id, event.actor_name) == ("updated", admin.user.pk, "Quản Trị Alpha")
    assert event.changes == {"roles": [["specialist"], ["clerk", "specialist"]]}
    alert = RightsAlert.objects.get(event=event)
    assert alert.confirmed_at is None and membership.user.full_name in alert.label


def test_adding_a_new_person_audits_the_identity_and_the_membership(admin):
    unit, position = UnitFactory(), PositionFactory(name="Chuyên viên chính")
    membership = services.add_member(
        new_user={"username": "Moi.Den", "full_name": "Người Mới Đến", "password": "Mật-khẩu-2026!"},
        unit=unit,
        position=position,
        roles=[Role.CLERK],
        by=admin,
    )
    [created] = events_for(membership)
    assert created.changes["roles"] == [None, ["clerk"]]
    assert created.changes["position"] == [None, "Chuyên viên chính"]
    [identity] = events_for(membership.user)
    assert identity.changes["username"] == [None, "moi.den"]
    assert "password" not in identity.changes
    assert RightsAlert.objects.filter(event__in=[created, identity]).count() == 2


def test_deactivating_and_reactivating_a_membership_is_audited(admin):
    membership = MembershipFactory()
    services.set_membership_active(membership, False, by=admin)
    services.set_membership_active(membership, True, by=admin)
    actions = [(e.action, e.changes) for e in events_for(membership).order_by("id")]
    assert actions == [
        ("deactivated", {"is_active": [True, False]}),
        ("activated", {"is_active": [False, True]}),
    ]


def test_a_refused_change_leaves_no_event_and_no_alert(admin):
    [own] = admin.memberships
    alerts = RightsAlert.objects.count()
    with pytest.raises(ValidationError, match="quản trị cuối cùng"):
        services.set_membership_active(own, False, by=admin)
    with pytest.raises(ValidationError, match="quản trị cuối cùng"):
        services.update_membership(own, unit=own.unit, position=own.position, roles=[Role.CLERK], by=admin)
    assert not events_for(own).exists() and RightsAlert.objects.count() == alerts
    assert Membership.objects.get(pk=own.pk).roles == [Role.ADMIN]


def test_a_change_that_changes_nothing_is_not_an_event(admin):
    position = services.save_position(Position(name="Trợ lý", rank=55), by=admin)
    services.save_position(position, by=admin)
    assert [e.action for e in events_for(position)] == ["created"]


def test_unit_changes_keep_the_deactivation_and_reactivation_rules_whatever_the_path(admin):
    unit = services.save_unit(Unit(name="Phòng Cũ", abbreviation="pc"), by=admin)
    MembershipFactory(unit=unit)
    unit.is_active = False
    with pytest.raises(ValidationError, match="nhân sự đang hoạt động"):
        services.save_unit(unit, by=admin)
    Membership.objects.filter(unit=unit).update(is_active=False)
    services.deactivate_unit(unit, by=admin)
    services.save_unit(Unit(name="Phòng Chiếm", abbreviation="PC"), by=admin)
    unit.is_active = True
    with pytest.raises(ValidationError, match="Chữ viết tắt PC"):
        services.save_unit(unit, by=admin)
    assert not Unit.objects.get(pk=unit.pk).is_active
    assert [e.action for e in events_for(unit).order_by("id")] == ["created", "deactivated"]


def test_the_system_is_the_author_of_provisioning_changes(alpha):
    user = UserFactory()
    membership = services.ensure_admin_membership(user, by=SYSTEM)
    [event] = events_for(membership)
    assert (event.actor_id, event.actor_name, event.action) == (None, "", "created")
    assert event.changes["roles"] == [None, ["admin"]]


def test_a_change_of_rights_is_published_as_one_rights_change_and_an_empty_one_not_at_all(admin):
    received = []

    def listener(sender, *, change: RightsChange, **kwargs) -> None:
        received.append((sender, change))

    rights_changed.connect(listener, dispatch_uid="test.rights_change")
    try:
        unit = services.save_unit(Unit(name="Phòng Thử", abbreviation="PT"), by=admin)
        services.save_unit(unit, by=admin)  # nothing changed: no event
    finally:
        rights_changed.disconnect(dispatch_uid="test.rights_change")
    [(sender, change)] = received
    assert sender is Unit and change.target == unit and change.by == admin
    assert (change.action, change.before, change.label) == ("created", {}, "Phòng Thử")
    assert change.after["abbreviation"] == "PT"
