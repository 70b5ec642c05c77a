import pytest

from apps.core.tests.utils import client_as, member
from apps.people.models import Membership, Role, Unit
from apps.people.tests.factories import MembershipFactory, PositionFactory, UnitFactory


@pytest.fixture
def api_for():
    """A client logged in on ``agency``'s host as a new member with ``roles``; returns (client, membership)."""

    def make(agency, *roles: str):
        membership = member(agency, *roles)
        return client_as(agency, membership.user), membership

    return make


@pytest.mark.django_db
def test_members_read_units_but_only_admins_change_them(agency_a, api_for):
    specialist, _ = api_for(agency_a, Role.SPECIALIST)
    listed = specialist.get("/api/v1/units/")
    assert listed.status_code == 200
    assert "VP" in [u["abbreviation"] for u in listed.json()["results"]]
    assert specialist.post("/api/v1/units/", {"name": "Phòng Kế hoạch", "abbreviation": "KH"}).status_code == 403

    admin, _ = api_for(agency_a, Role.ADMIN)
    created = admin.post("/api/v1/units/", {"name": "Phòng Kế hoạch", "abbreviation": "kh"})
    assert created.status_code == 201, created.content
    assert created.json()["abbreviation"] == "KH"


@pytest.mark.django_db
def test_bad_unit_input_gets_a_structured_error_and_saves_nothing(agency_a, api_for, in_agency):
    admin, _ = api_for(agency_a, Role.ADMIN)
    response = admin.post("/api/v1/units/", {"name": "Phòng Sai", "abbreviation": "P-1"})
    assert response.status_code in (400, 409)
    assert "abbreviation" in response.json()["errors"]
    with in_agency(agency_a):
        assert not Unit.objects.filter(name="Phòng Sai").exists()


@pytest.mark.django_db
def test_a_unit_cannot_be_moved_under_its_own_sub_unit(agency_a, api_for, in_agency):
    admin, _ = api_for(agency_a, Role.ADMIN)
    with in_agency(agency_a):
        parent = UnitFactory()
        child = UnitFactory(parent=parent)
    response = admin.patch(f"/api/v1/units/{parent.pk}/", {"parent": child.pk}, content_type="application/json")
    assert response.status_code == 409
    assert "parent" in response.json()["errors"]


@pytest.mark.django_db
def test_an_admin_adds_a_new_person_who_can_then_log_in(agency_a, api_for, in_agency, client_for):
    admin, _ = api_for(agency_a, Role.ADMIN)
    with in_agency(agency_a):
        unit, position = UnitFactory(), PositionFactory()
    payload = {
        "unit": unit.pk,
        "position": position.pk,
        "roles": ["clerk"],
        "new_person": {"username": "vanthu.moi", "full_name": "Trần Thị Văn Thư", "password": "Vanthu@2026"},
    }
    response = admin.post("/api/v1/memberships/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["person"]["username"] == "vanthu.moi"
    login = client_for(agency_a).post("/login/", {"username": "vanthu.moi", "password": "Vanthu@2026"})
    assert login.status_code == 302


@pytest.mark.django_db
def test_the_last_admin_cannot_be_deactivated(agency_a, api_for, in_agency):
    admin, membership = api_for(agency_a, Role.ADMIN)
    with in_agency(agency_a):
        Membership.objects.exclude(pk=membership.pk).filter(roles__contains=[Role.ADMIN]).update(is_active=False)
    response = admin.post(
        f"/api/v1/memberships/{membership.pk}/active/", {"is_active": False}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["errors"]["non_field_errors"]
    with in_agency(agency_a):
        assert Membership.objects.get(pk=membership.pk).is_active


@pytest.mark.django_db
def test_only_admins_see_the_people_of_the_agency(agency_a, api_for):
    specialist, _ = api_for(agency_a, Role.SPECIALIST, Role.LEADER)
    assert specialist.get("/api/v1/memberships/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/units/", "/api/v1/positions/", "/api/v1/memberships/", "/api/v1/me/"])
def test_the_api_refuses_anonymous_callers(agency_a, client_for, path):
    assert client_for(agency_a).get(path).status_code == 403


@pytest.mark.django_db
def test_the_people_list_does_not_grow_queries_with_rows(agency_a, api_for, in_agency, django_assert_max_num_queries):
    admin, _ = api_for(agency_a, Role.ADMIN)
    with in_agency(agency_a):
        MembershipFactory.create_batch(25)
    with django_assert_max_num_queries(20):
        response = admin.get("/api/v1/memberships/")
    assert response.json()["count"] >= 26


@pytest.mark.django_db
def test_the_openapi_schema_and_docs_are_served(agency_a, api_for):
    client, _ = api_for(agency_a, Role.SPECIALIST)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/memberships/" in schema.json()["paths"]
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_a_unit_patch_keeps_the_reactivation_rule(agency_a, api_for, in_agency):
    admin, _ = api_for(agency_a, Role.ADMIN)
    with in_agency(agency_a):
        old = UnitFactory(name="Phòng Cũ", abbreviation="PCU", is_active=False)
        UnitFactory(name="Phòng Mới", abbreviation="PCU")
    response = admin.patch(f"/api/v1/units/{old.pk}/", {"is_active": True}, content_type="application/json")
    assert response.status_code == 409  # a service's refusal (docs/api.md)
    assert "abbreviation" in response.json()["errors"]
    with in_agency(agency_a):
        assert not Unit.objects.get(pk=old.pk).is_active


@pytest.mark.django_db
def test_a_unit_patch_cannot_deactivate_a_unit_with_members(agency_a, api_for, in_agency):
    admin, _ = api_for(agency_a, Role.ADMIN)
    with in_agency(agency_a):
        unit = MembershipFactory().unit
    response = admin.patch(
        f"/api/v1/units/{unit.pk}/", {"is_active": False, "name": "Đổi tên"}, content_type="application/json"
    )
    assert response.status_code == 409  # a service's refusal (docs/api.md)
    with in_agency(agency_a):
        stored = Unit.objects.get(pk=unit.pk)
        assert stored.is_active and stored.name == unit.name


@pytest.mark.django_db
def test_positions_change_through_the_service_with_an_audit_event(agency_a, api_for, in_agency):
    from apps.audit.services import events_for
    from apps.people.models import Position

    admin, membership = api_for(agency_a, Role.ADMIN)
    created = admin.post("/api/v1/positions/", {"name": "  Chuyên viên   chính ", "rank": 55})
    assert created.status_code == 201, created.content
    assert created.json()["name"] == "Chuyên viên chính"
    changed = admin.patch(
        f"/api/v1/positions/{created.json()['id']}/", {"is_leadership": True}, content_type="application/json"
    )
    assert changed.status_code == 200, changed.content
    with in_agency(agency_a):
        position = Position.objects.get(pk=created.json()["id"])
        events = list(events_for(position).order_by("id"))
    assert [e.action for e in events] == ["created", "updated"]
    assert events[1].changes == {"is_leadership": [False, True]}
    assert {e.actor_id for e in events} == {membership.user.pk}
