"""Every boolean of the API is the schema's boolean: JSON true or false in a body, "true" or "false" in a query
string or a form body — never 1, 0, "yes" or "on" (DRF's BooleanField takes them all); anything else is a 400 in
the one error shape. A boolean left out of a form body is left out, as in JSON."""

import importlib
import pkgutil

import pytest
from django_tenants.utils import schema_context
from rest_framework import serializers

import apps
from apps.core.serializers import StrictBooleanField
from apps.core.tests.utils import client_as, member
from apps.people.models import Role, Unit
from apps.people.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
NOT_BOOLEANS = [1, 0, "true", "false", "yes", "on", "1", None]


@pytest.fixture
def admin(agency_a):
    return client_as(agency_a, member(agency_a, Role.ADMIN).user)


@pytest.fixture
def unit(agency_a) -> Unit:
    with schema_context(agency_a.schema_name):
        return UnitFactory(name="Phòng Thử", abbreviation="PTH")


def api_serializers() -> list[type[serializers.Serializer]]:
    """Every serializer class of the apps' API modules (and those they build on)."""
    for module in pkgutil.walk_packages(apps.__path__, "apps."):
        if ".api" in module.name and ".tests" not in module.name:
            importlib.import_module(module.name)
    found, todo = [], [serializers.Serializer]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        abstract = issubclass(cls, serializers.ModelSerializer) and not hasattr(cls, "Meta")
        if cls.__module__.startswith("apps.") and not abstract:
            found.append(cls)
    return found


def boolean_fields(serializer: serializers.Serializer, prefix: str = "") -> dict[str, serializers.Field]:
    found = {}
    for name, field in serializer.fields.items():
        field = getattr(field, "child", field)
        if isinstance(field, serializers.BooleanField):
            found[f"{prefix}{name}"] = field
        elif isinstance(field, serializers.Serializer):
            found.update(boolean_fields(field, f"{prefix}{name}."))
    return found


def test_every_boolean_of_the_api_is_the_strict_one(agency_a):
    with schema_context(agency_a.schema_name):
        fields = {
            f"{cls.__module__}.{cls.__name__}.{name}": field
            for cls in api_serializers()
            for name, field in boolean_fields(cls()).items()
        }
    assert {
        "apps.people.api.serializers.UnitSerializer.is_active",
        "apps.outgoing.api.views.DraftListFlags.mine",
    } <= set(fields)
    assert [name for name, field in fields.items() if not isinstance(field, StrictBooleanField)] == []


@pytest.mark.parametrize("value", NOT_BOOLEANS)
def test_a_json_boolean_is_true_or_false_and_nothing_else(admin, unit, value):
    response = admin.patch(f"/api/v1/units/{unit.pk}/", {"is_active": value}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert (body["status"], body["code"], list(body["errors"])) == (400, "invalid", ["is_active"])


def test_json_true_and_false_are_taken(admin, unit, agency_a):
    response = admin.patch(f"/api/v1/units/{unit.pk}/", {"is_active": False}, content_type="application/json")
    assert response.status_code == 200 and response.json()["is_active"] is False
    with schema_context(agency_a.schema_name):
        assert Unit.objects.get(pk=unit.pk).is_active is False


@pytest.mark.parametrize("value", ["1", "0", "yes", "on", "True", "FALSE", "t"])
def test_a_boolean_query_parameter_is_true_or_false_and_nothing_else(admin, value):
    for url, name in (("/api/v1/units/", "is_active"), ("/api/v1/outgoing-drafts/", "waiting")):
        refused = admin.get(url, {name: value})
        assert refused.status_code == 400, url
        assert list(refused.json()["errors"]) == [name]
        assert admin.get(url, {name: "true"}).status_code == 200
        assert admin.get(url, {name: "false"}).status_code == 200


def test_a_boolean_query_parameter_filters(admin, unit, agency_a):
    with schema_context(agency_a.schema_name):
        UnitFactory(name="Phòng Cũ", abbreviation="PCU", is_active=False)
    names = {u["name"] for u in admin.get("/api/v1/units/", {"is_active": "false"}).json()["results"]}
    assert names == {"Phòng Cũ"}


def test_a_form_body_writes_a_boolean_as_true_or_false(admin, unit):
    refused = admin.patch(f"/api/v1/units/{unit.pk}/", "is_active=on", content_type="application/x-www-form-urlencoded")
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["is_active"]
    taken = admin.patch(
        f"/api/v1/units/{unit.pk}/", "is_active=false", content_type="application/x-www-form-urlencoded"
    )
    assert taken.status_code == 200 and taken.json()["is_active"] is False


def test_a_boolean_left_out_of_a_form_body_keeps_its_default_as_in_json(admin, agency_a):
    # DRF reads a form body as an HTML form, where a missing checkbox is False: the unit came out inactive.
    response = admin.post("/api/v1/units/", {"name": "Phòng Mới", "abbreviation": "PMO"})  # multipart
    assert response.status_code == 201, response.json()
    assert response.json()["is_active"] is True
    with schema_context(agency_a.schema_name):
        assert Unit.objects.get(abbreviation="PMO").is_active is True


def test_the_schema_states_the_booleans(admin):
    schema = admin.get("/api/schema/?format=json").json()
    assert schema["components"]["schemas"]["PatchedUnitRequest"]["properties"]["is_active"]["type"] == "boolean"
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/outgoing-drafts/"]["get"]["parameters"]}
    assert parameters["waiting"]["schema"] == {"type": "boolean", "default": False}
    assert parameters["waiting"]["in"] == "query"
