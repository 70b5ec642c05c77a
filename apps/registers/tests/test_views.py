"""The agency administrator's register screens: list, add and change through registers.services."""

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from apps.audit.services import events_for
from apps.core.tests.utils import client_as, htmx, member
from apps.people.models import Role
from apps.registers.models import DocumentType, Register, RegisterCounter


def register_form(**overrides) -> dict:
    data = {
        "kind": "incoming",
        "name": "Sổ văn bản đến của Đảng ủy",
        "secrecy_levels": ["none"],
        "notation_pattern": "",
        "notation_pattern_without_type": "",
        "order": "30",
        "is_active": "on",
    }
    return {**data, **overrides}


@pytest.fixture
def admin_client(agency_a):
    return client_as(agency_a, member(agency_a, Role.ADMIN).user)


@pytest.mark.django_db
def test_the_administrator_sees_every_register_with_its_last_number_this_year(agency_a, admin_client):
    with schema_context(agency_a.schema_name):
        incoming = Register.objects.get(name="Sổ đăng ký văn bản đến")
        RegisterCounter.objects.create(register=incoming, year=timezone.localdate().year, last_number=7)
    response = admin_client.get("/registers/")
    html = response.content.decode()
    assert response.status_code == 200
    for name in ["Sổ đăng ký văn bản đến", "Sổ đăng ký văn bản đi mật", "Sổ đăng ký bản sao văn bản"]:
        assert name in html
    assert ">07<" in html
    assert "Tối mật" in html  # secrecy levels by name


@pytest.mark.django_db
def test_the_administrator_adds_a_register_in_the_panel_and_it_is_audited(agency_a, admin_client):
    with schema_context(agency_a.schema_name):
        decision = DocumentType.objects.get(abbreviation="QĐ")
    form = admin_client.get("/registers/add/", **htmx("panel")).content.decode()
    assert "<html" not in form and 'name="secrecy_levels"' in form
    response = admin_client.post("/registers/add/", register_form(document_types=[decision.pk]), **htmx("panel"))
    assert response.status_code == 200 and response["HX-Trigger"] == "registers-changed"
    with schema_context(agency_a.schema_name):
        register = Register.objects.get(name="Sổ văn bản đến của Đảng ủy")
        assert list(register.document_types.all()) == [decision]
        assert events_for(register).get().action == "created"


@pytest.mark.django_db
def test_wrong_register_input_gets_vietnamese_errors_and_nothing_is_saved(agency_a, admin_client):
    response = admin_client.post(
        "/registers/add/",
        register_form(name="Sổ đăng ký văn bản đến", secrecy_levels=["none", "secret"], notation_pattern="{loai} X"),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Đã có một sổ cùng loại đang sử dụng mang tên này." in html
    assert "không có dấu cách" in html
    mixed = admin_client.post("/registers/add/", register_form(secrecy_levels=["none", "secret"]))
    assert mixed.status_code == 400 and "hoặc" in mixed.content.decode()
    with schema_context(agency_a.schema_name):
        assert not Register.objects.filter(name="Sổ văn bản đến của Đảng ủy").exists()


@pytest.mark.django_db
def test_a_numbered_register_keeps_its_kind_and_the_form_says_why(agency_a, admin_client):
    with schema_context(agency_a.schema_name):
        incoming = Register.objects.get(name="Sổ đăng ký văn bản đến")
        RegisterCounter.objects.create(register=incoming, year=timezone.localdate().year, last_number=3)
    response = admin_client.post(f"/registers/{incoming.pk}/edit/", register_form(kind="outgoing", name=incoming.name))
    assert response.status_code == 400
    assert "không được đổi loại sổ và độ mật" in response.content.decode()
    renamed = admin_client.post(f"/registers/{incoming.pk}/edit/", register_form(name="Sổ văn bản đến chung"))
    assert renamed.status_code == 302
    with schema_context(agency_a.schema_name):
        assert Register.objects.get(pk=incoming.pk).name == "Sổ văn bản đến chung"


@pytest.mark.django_db
def test_only_the_administrator_manages_registers(agency_a):
    for role in (Role.CLERK, Role.LEADER, Role.SPECIALIST):
        client = client_as(agency_a, member(agency_a, role).user)
        assert client.get("/registers/").status_code == 403
        assert client.post("/registers/add/", register_form()).status_code == 403
    with schema_context(agency_a.schema_name):
        assert not Register.objects.filter(name="Sổ văn bản đến của Đảng ủy").exists()
