"""The API's error answers and its schema, rule by rule (the schemathesis run in test_api_schema.py checks them all
at once): one ``Error`` shape for every error, documented on every operation; responses and requests as the schema
says."""

import pytest
from django_tenants.utils import schema_context

from apps.core.tests.utils import client_as, member
from apps.outgoing.tests.flow import issue, make_team
from apps.people.models import Role
from apps.people.tests.factories import PositionFactory, UnitFactory

pytestmark = pytest.mark.django_db
ERROR_KEYS = {"status", "code", "detail", "errors"}


@pytest.fixture
def admin(agency_a):
    return client_as(agency_a, member(agency_a, Role.ADMIN).user)


@pytest.fixture
def schema(admin) -> dict:
    response = admin.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_a_request_that_breaks_the_schema_gets_a_400_error_by_field_with_nested_fields_dotted(admin, agency_a):
    with schema_context(agency_a.schema_name):
        unit, position = UnitFactory(), PositionFactory()
    payload = {"unit": unit.pk, "position": position.pk, "roles": ["clerk"], "new_person": {"full_name": "A"}}
    response = admin.post("/api/v1/memberships/", payload, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == ERROR_KEYS and (body["status"], body["code"]) == (400, "invalid")
    assert {"new_person.username", "new_person.password"} <= set(body["errors"])


def test_a_rule_of_the_agency_s_data_gets_a_409_error_by_field(admin, agency_a):
    with schema_context(agency_a.schema_name):
        parent = UnitFactory()
        child = UnitFactory(parent=parent)
    response = admin.patch(f"/api/v1/units/{parent.pk}/", {"parent": child.pk}, content_type="application/json")
    assert response.status_code == 409
    body = response.json()
    assert (body["status"], body["code"]) == (409, "conflict") and list(body["errors"]) == ["parent"]


def test_an_id_that_names_nothing_in_a_body_is_a_409_not_a_400(admin):
    response = admin.post("/api/v1/units/", {"name": "Phòng mới", "abbreviation": "PM", "parent": 987654})
    assert response.status_code == 409 and list(response.json()["errors"]) == ["parent"]


def test_forbidden_not_found_and_unknown_addresses_answer_the_same_error_shape(agency_a, admin):
    specialist = client_as(agency_a, member(agency_a, Role.SPECIALIST).user)
    refused = specialist.post("/api/v1/units/", {"name": "Phòng", "abbreviation": "P"})
    missing = admin.get("/api/v1/units/987654/")
    unknown = admin.get("/api/v1/units/not-a-number/")
    nowhere = admin.get("/api/v1/no-such-thing/")
    for response, status, code in (
        (refused, 403, "permission_denied"),
        (missing, 404, "not_found"),
        (unknown, 404, "not_found"),
        (nowhere, 404, "not_found"),
    ):
        assert response.status_code == status and response["Content-Type"] == "application/json"
        body = response.json()
        assert set(body) == ERROR_KEYS and (body["status"], body["code"], body["errors"]) == (status, code, {})


def test_every_operation_documents_its_error_answers_as_the_error_component(schema):
    assert set(schema["components"]["schemas"]["Error"]["required"]) == ERROR_KEYS
    error = {"$ref": "#/components/schemas/Error"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            expected = {"400", "403"} | ({"404"} if "{" in path else set())
            expected |= {"409"} if method in ("post", "put", "patch") else set()
            # Only an operation that reads a body can refuse its media type.
            expected |= {"415"} if "requestBody" in operation else set()
            assert expected <= set(responses), (method, path, sorted(responses))
            for code in expected:
                assert responses[code]["content"]["application/json"]["schema"] == error, (method, path, code)


def test_lists_answered_whole_are_documented_as_arrays_not_pages(schema):
    for path in ("/api/v1/registers/usable/", "/api/v1/outgoing-drafts/{id}/events/"):
        body = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert body["type"] == "array", path


def test_a_blank_correction_kind_is_what_the_schema_allows(schema, agency_a):
    for component in ("Draft", "OutgoingDocument"):
        kinds = schema["components"]["schemas"][component]["properties"]["correction_kind"]
        refs = {branch.get("$ref") for branch in kinds["oneOf"]}
        assert "#/components/schemas/BlankEnum" in refs, component
    with schema_context(agency_a.schema_name):
        team = make_team()
        issue(team)
    clerk = client_as(agency_a, team.clerk.user)
    assert {d["correction_kind"] for d in clerk.get("/api/v1/outgoing-documents/").json()["results"]} == {""}


def test_json_bodies_carry_no_files_and_forms_no_null(schema):
    body = schema["paths"]["/api/v1/incoming-documents/"]["post"]["requestBody"]["content"]
    components = schema["components"]["schemas"]

    def properties(media_type: str) -> dict:
        return components[body[media_type]["schema"]["$ref"].rsplit("/", 1)[1]]["properties"]

    assert "files" not in properties("application/json") and "files" in properties("multipart/form-data")
    assert properties("application/json")["register"].get("nullable")
    assert not properties("multipart/form-data")["register"].get("nullable")


def test_a_boolean_filter_refuses_what_is_not_a_boolean(admin):
    assert admin.get("/api/v1/units/", {"is_active": "true"}).status_code == 200
    refused = admin.get("/api/v1/units/", {"is_active": "maybe"})
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["is_active"]


def test_a_filter_by_an_id_that_names_nothing_matches_nothing(admin):
    assert admin.get("/api/v1/units/", {"parent": 987654}).json()["results"] == []
    assert admin.get("/api/v1/units/", {"parent": "abc"}).status_code == 400


def test_the_registers_usable_refuse_an_unknown_kind(agency_a):
    clerk = client_as(agency_a, member(agency_a, Role.CLERK).user)
    assert clerk.get("/api/v1/registers/usable/", {"kind": "incoming"}).status_code == 200
    refused = clerk.get("/api/v1/registers/usable/", {"kind": "lost"})
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["kind"]


def test_a_page_size_out_of_bounds_is_refused_and_the_bounds_are_in_the_schema(agency_a, schema):
    clerk = client_as(agency_a, member(agency_a, Role.CLERK).user)
    assert clerk.get("/api/v1/incoming-documents/", {"page_size": 200}).status_code == 200
    for wrong in ("0", "201", "many"):
        refused = clerk.get("/api/v1/incoming-documents/", {"page_size": wrong})
        assert refused.status_code == 400 and list(refused.json()["errors"]) == ["page_size"], wrong
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/incoming-documents/"]["get"]["parameters"]}
    assert (parameters["page_size"]["minimum"], parameters["page_size"]["maximum"]) == (1, 200)
    assert (parameters["year"]["minimum"], parameters["year"]["maximum"]) == (1900, 9999)


def test_an_empty_filter_that_is_not_text_is_refused(admin):
    refused = admin.get("/api/v1/units/", {"parent": ""})
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["parent"]


def test_the_schema_is_generated_without_a_warning(admin, capsys):
    """A warning means a name chosen by hash (``State62bEnum``) or a view whose model the schema had to guess."""
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    assert admin.get("/api/schema/?format=json").status_code == 200
    assert not GENERATOR_STATS, capsys.readouterr().err
