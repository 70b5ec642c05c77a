"""The agency administrator's register screens: list, add and change through registers.services."""

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from apps.audit.models import AuditEvent
from apps.audit.services import events_for
from apps.core.tests.utils import client_as, htmx, member
from apps.people.models import Role
from apps.registers.models import DocumentType, Register, RegisterCounter, SecrecyClearance


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


@pytest.mark.django_db
def test_every_administrator_screen_of_registers_refuses_everyone_else(agency_a):
    addresses = ["/registers/types/", "/registers/types/add/", "/registers/clearances/", "/registers/clearances/add/"]
    for role in (Role.CLERK, Role.LEADER, Role.SPECIALIST):
        client = client_as(agency_a, member(agency_a, role).user)
        assert [client.get(address).status_code for address in addresses] == [403] * 4
        assert client.post("/registers/types/add/", {"name": "Quy chế nội bộ", "order": "5"}).status_code == 403
    with schema_context(agency_a.schema_name):
        assert not DocumentType.objects.filter(name="Quy chế nội bộ").exists()


@pytest.mark.django_db
def test_the_administrator_adds_a_specialised_type_which_clerks_can_then_choose(agency_a, admin_client):
    page = admin_client.get("/registers/types/").content.decode()
    assert "Quyết định" in page and "Nghị định 30" in page and 'aria-current="page"' in page
    added = admin_client.post(
        "/registers/types/add/",
        {"name": "  Phương án   chữa cháy ", "abbreviation": "PACC", "order": "40", "is_active": "on"},
        **htmx("panel"),
    )
    assert added.status_code == 200 and added["HX-Trigger"] == "types-changed"
    assert "Đã lưu loại văn bản Phương án chữa cháy." in added.content.decode()
    with schema_context(agency_a.schema_name):
        added_type = DocumentType.objects.get(abbreviation="PACC")
        assert (added_type.name, added_type.is_builtin, added_type.is_active) == ("Phương án chữa cháy", False, True)
        assert events_for(added_type).get().action == "created"
    table = admin_client.get("/registers/types/", **htmx("type-table")).content.decode()
    assert "<html" not in table and "Phương án chữa cháy" in table and "Do cơ quan thêm" in table


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "quyết định", "abbreviation": "QDX"}, "name", "Đã có loại văn bản khác mang tên này."),
        (
            {"name": "Quyết định riêng", "abbreviation": "qđ"},
            "abbreviation",
            "Đã có loại văn bản khác dùng chữ viết tắt",
        ),
        ({"name": "Sổ tay", "abbreviation": "s-t"}, "abbreviation", "Chữ viết tắt bắt đầu bằng chữ in hoa"),
        ({"name": "", "abbreviation": "ST"}, "name", "Trường này là bắt buộc."),
    ],
)
def test_wrong_type_input_is_explained_on_its_field_and_nothing_is_saved(agency_a, admin_client, data, field, message):
    before = _type_count(agency_a)
    response = admin_client.post("/registers/types/add/", {"order": "40", **data}, **htmx("panel"))
    assert response.status_code == 400 and message in response.content.decode()
    assert f'id="id_{field}"' in response.content.decode() and "is-invalid" in response.content.decode()
    assert _type_count(agency_a) == before


def _type_count(agency) -> int:
    with schema_context(agency.schema_name):
        return DocumentType.objects.count()


@pytest.mark.django_db
def test_a_decree_type_keeps_its_name_and_abbreviation_but_can_be_taken_out_of_use(agency_a, admin_client):
    with schema_context(agency_a.schema_name):
        decision = DocumentType.objects.get(abbreviation="QĐ")
    form = admin_client.get(f"/registers/types/{decision.pk}/edit/").content.decode()
    assert "Cố định theo Nghị định 30" in form and "disabled" in form
    changed = admin_client.post(
        f"/registers/types/{decision.pk}/edit/", {"name": "Quyết định khác", "abbreviation": "QDK", "order": "9"}
    )
    assert changed.status_code == 302  # the disabled fields keep their values; is_active unticked: out of use
    with schema_context(agency_a.schema_name):
        decision.refresh_from_db()
        assert (decision.name, decision.abbreviation, decision.order, decision.is_active) == (
            "Quyết định",
            "QĐ",
            9,
            False,
        )


@pytest.mark.django_db
def test_the_administrator_grants_changes_and_removes_a_clearance(agency_a, agency_b, admin_client):
    clerk = member(agency_a, Role.CLERK, full_name="Phạm Thị Văn Thư")
    assert "Chưa có ai được đọc văn bản mật." in admin_client.get("/registers/clearances/").content.decode()
    form = admin_client.get("/registers/clearances/add/", **htmx("panel")).content.decode()
    assert 'data-picker-source="/people/options/" data-picker-value-field="user"' in form  # searched, not listed
    found = admin_client.get("/people/options/", {"q": "pham thi van thu"}).json()["results"]
    assert [r["user"] for r in found] == [clerk.user_id]
    granted = admin_client.post(
        "/registers/clearances/add/", {"user": clerk.user_id, "level": "secret"}, **htmx("panel")
    )
    assert granted.status_code == 200 and granted["HX-Trigger"] == "clearances-changed"
    table = admin_client.get("/registers/clearances/", **htmx("clearance-table")).content.decode()
    assert "Phạm Thị Văn Thư" in table and "Tối mật" in table and clerk.unit.name in table
    changed = admin_client.post(f"/registers/clearances/{clerk.user_id}/", {"level": "confidential"})
    assert changed.status_code == 302
    with schema_context(agency_a.schema_name):
        assert SecrecyClearance.objects.get(user_id=clerk.user_id).level == "confidential"
    admin_client.post(f"/registers/clearances/{clerk.user_id}/", {"level": "none"})
    with schema_context(agency_a.schema_name):
        assert not SecrecyClearance.objects.filter(user_id=clerk.user_id).exists()
        events = AuditEvent.objects.filter(object_type="registers.secrecyclearance").order_by("at", "id")
        assert [e.action for e in events] == ["granted", "granted", "revoked"]


@pytest.mark.django_db
def test_only_members_of_the_agency_can_be_cleared(agency_a, agency_b, admin_client):
    stranger = member(agency_b, Role.CLERK)  # a clerk of another agency
    assert admin_client.get(f"/registers/clearances/{stranger.user_id}/").status_code == 404
    refused = admin_client.post("/registers/clearances/add/", {"user": stranger.user_id, "level": "secret"})
    assert refused.status_code == 400 and "Hãy chọn một lựa chọn hợp lệ" in refused.content.decode()
    with schema_context(agency_a.schema_name):
        assert not SecrecyClearance.objects.exists()
