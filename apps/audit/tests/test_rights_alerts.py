"""Every change of rights is shown to the agency's administrators until one of them confirms it, and the
confirmation is itself audited (Decree 30, Appendix VI)."""

import pytest
from django_tenants.utils import schema_context

from apps.audit.models import AuditEvent, RightsAlert
from apps.audit.services import confirm_alerts, events_for
from apps.core.tests.utils import client_as, member
from apps.people import services
from apps.people.access import Person
from apps.people.models import Role
from apps.registers.models import Secrecy
from apps.registers.services import set_clearance

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(agency_a):
    """Two administrators of alpha, the first having just made a specialist a clerk too."""
    first = member(agency_a, Role.ADMIN, full_name="Quản Trị Một")
    second = member(agency_a, Role.ADMIN, full_name="Quản Trị Hai")
    target = member(agency_a, Role.SPECIALIST, full_name="Trần Thị Được Cấp")
    with schema_context(agency_a.schema_name):
        confirm_alerts(None, by=Person.for_user(second.user))  # the set-up's own alerts (made by the factories)
        services.update_membership(
            target,
            unit=target.unit,
            position=target.position,
            roles=[Role.SPECIALIST, Role.CLERK],
            by=Person.for_user(first.user),
        )
        alert = RightsAlert.objects.get(event__in=events_for(target).filter(action="updated"))
    return first, second, alert


def test_administrators_see_each_change_of_rights_on_their_home_page_and_in_the_header(agency_a, admins):
    _first, second, alert = admins
    page = client_as(agency_a, second.user).get("/").content.decode()
    assert "Thay đổi quyền chờ xác nhận" in page
    assert "Quản Trị Một đã sửa vị trí công tác" in page
    assert "Trần Thị Được Cấp" in page
    assert "vai trò: Chuyên viên → Văn thư, Chuyên viên" in page
    assert 'href="/audit/rights/" id="header-shield-exclamation"' in page  # the header badge

    specialist = member(agency_a, Role.SPECIALIST, Role.CLERK, Role.LEADER)
    other = client_as(agency_a, specialist.user)
    assert "Trần Thị Được Cấp" not in other.get("/").content.decode()
    assert other.get("/audit/rights/").status_code == 403
    assert other.post("/audit/rights/confirm/", {"alert": alert.pk}).status_code == 403
    with schema_context(agency_a.schema_name):
        assert RightsAlert.objects.get(pk=alert.pk).confirmed_at is None


def test_another_administrator_confirms_and_the_confirmation_is_audited(agency_a, admins):
    first, second, alert = admins
    response = client_as(agency_a, second.user).post("/audit/rights/confirm/", {"alert": alert.pk, "next": "home"})
    assert response.status_code == 302
    with schema_context(agency_a.schema_name):
        stored = RightsAlert.objects.get(pk=alert.pk)
        assert stored.confirmed_at is not None
        assert (stored.confirmed_by_id, stored.confirmed_by_name) == (second.user.pk, "Quản Trị Hai")
        [confirmation] = events_for(stored)
        assert (confirmation.action, confirmation.actor_id) == ("confirmed", second.user.pk)
        assert confirmation.changes["event"] == alert.event_id
    page = client_as(agency_a, first.user).get("/audit/rights/").content.decode()
    assert "Trần Thị Được Cấp" not in page


def test_an_administrator_cannot_confirm_a_change_of_their_own_while_another_one_can(agency_a, admins):
    first, _second, alert = admins
    with schema_context(agency_a.schema_name):
        assert confirm_alerts([alert.pk], by=Person.for_user(first.user)) == 0
        assert (
            confirm_alerts(None, by=Person.for_user(first.user)) == 0
            or not RightsAlert.objects.filter(pk=alert.pk, confirmed_at__isnull=False).exists()
        )
        assert RightsAlert.objects.get(pk=alert.pk).confirmed_at is None
    page = client_as(agency_a, first.user).get("/audit/rights/").content.decode()
    assert "người quản trị khác xác nhận" in page


def test_a_secrecy_clearance_raises_an_alert_with_its_level_in_words(agency_a, admins):
    first, second, _alert = admins
    target = member(agency_a, Role.CLERK, full_name="Văn Thư Mật")
    with schema_context(agency_a.schema_name):
        clearance = set_clearance(target.user, Secrecy.CONFIDENTIAL, by=Person.for_user(first.user))
        [event] = events_for(clearance)
        assert RightsAlert.objects.get(event=event).label.startswith("Văn Thư Mật")
    page = client_as(agency_a, second.user).get("/audit/rights/").content.decode()
    assert "Văn Thư Mật" in page and "Mật" in page


def test_confirming_all_confirms_every_alert_the_administrator_may(agency_a, admins):
    first, second, _alert = admins
    response = client_as(agency_a, second.user).post("/audit/rights/confirm/", {"all": "1"})
    assert response.status_code == 302
    with schema_context(agency_a.schema_name):
        assert not RightsAlert.objects.filter(confirmed_at__isnull=True, event__actor_id=first.user.pk).exists()
        assert AuditEvent.objects.filter(action="confirmed", actor_id=second.user.pk).exists()


def test_a_change_that_reads_the_same_on_both_sides_is_not_shown():
    from apps.audit.display import changes_of
    from apps.audit.models import AuditEvent

    event = AuditEvent(changes={"phone": [None, ""], "full_name": [None, "Lương Thị Hoa"], "is_active": [None, True]})
    assert [(c.before, c.after) for c in changes_of(event)] == [("—", "Lương Thị Hoa"), ("—", "có")]
