"""The people pickers' source (/people/options/): the agency's active members, searched as the staff directory is
(every member may read it), a few at a time, as JSON."""

import pytest
from django.test import Client

from apps.core.pickers import MAX_LIMIT
from apps.core.tests.utils import client_as, member
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
URL = "/people/options/"


def results(client, **params) -> list[dict]:
    response = client.get(URL, params)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    return response.json()["results"]


def test_members_find_colleagues_by_name_with_or_without_accents_and_by_unit(agency_a, in_agency):
    with in_agency(agency_a):
        tcbc = UnitFactory(name="Phòng Tổ chức, biên chế", abbreviation="TCBC")
    lan = member(agency_a, Role.SPECIALIST, unit=tcbc, full_name="Đinh Thị Lan")
    other = member(agency_a, Role.SPECIALIST, full_name="Đinh Thị Lanh")
    client = client_as(agency_a, member(agency_a, Role.CLERK).user)
    for typed in ("Đinh Thị Lan", "dinh thi lan", "DINH THI LAN"):
        assert {r["value"] for r in results(client, q=typed)} == {lan.pk, other.pk}
    found = results(client, q="lan tcbc")  # every word must match: the name and the unit's abbreviation
    assert found == [
        {
            "value": lan.pk,
            "user": lan.user_id,
            "text": f"Đinh Thị Lan — {lan.position.name}, {tcbc.name}",
            "hint": lan.user.username,
        }
    ]
    assert results(client, q="to chuc bien che")[0]["value"] == lan.pk


def test_the_answer_is_limited_and_deactivated_members_are_left_out(agency_a, in_agency):
    people = [member(agency_a, Role.SPECIALIST, full_name=f"Nguyễn Văn Số {i:02d}") for i in range(25)]
    with in_agency(agency_a):
        people[0].is_active = False
        people[0].save()
    client = client_as(agency_a, people[1].user)
    assert len(results(client, q="nguyen van so")) == 10
    assert len(results(client, q="nguyen van so", limit=500)) == MAX_LIMIT
    assert people[0].pk not in {r["value"] for r in results(client, q="so 00", limit=20)}


def test_only_members_of_the_agency_may_search_its_people(agency_a, agency_b):
    member(agency_a, Role.SPECIALIST, full_name="Người Của Alpha")
    colleague = member(agency_b, Role.SPECIALIST, full_name="Người Của Beta")
    # A member of another agency is not logged in here, nor is anyone anonymous.
    for client in (client_as(agency_a, colleague.user), Client(HTTP_HOST=agency_a.get_primary_domain().domain)):
        response = client.get(URL, {"q": "nguoi cua"})
        assert response.status_code == 302 and "/login/" in response["Location"]
    # Each agency's members find their own agency's people only.
    assert [r["text"].split(" — ")[0] for r in results(client_as(agency_b, colleague.user), q="nguoi cua")] == [
        "Người Của Beta"
    ]


def test_control_characters_in_the_query_are_refused_at_the_edge_not_a_500(agency_a):
    lan = member(agency_a, Role.SPECIALIST, full_name="Đinh Thị Lan")
    client = client_as(agency_a, lan.user)
    assert client.get(URL, {"q": "dinh\x00thi lan"}).status_code == 400  # apps.core.middleware
