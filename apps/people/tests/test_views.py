"""Agency-admin screens: units, positions and people, and the staff directory."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_tenants.utils import schema_context

from apps.core.tests.utils import client_as, htmx, member
from apps.people.models import Membership, Position, Role, Unit
from apps.people.tests.factories import MembershipFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def admin(agency_a) -> Membership:
    return member(agency_a, Role.ADMIN, full_name="Quản Trị Alpha")


@pytest.fixture
def admin_client(agency_a, admin) -> Client:
    return client_as(agency_a, admin.user)


def in_alpha():
    return schema_context("alpha")


def office_and_specialist_post() -> tuple[Unit, Position]:
    with in_alpha():
        return Unit.objects.get(abbreviation="VP"), Position.objects.get(name="Chuyên viên")


# ---- who may open the screens ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/people/", "/people/add/", "/people/units/", "/people/units/add/", "/people/positions/"]
)
def test_only_agency_admins_may_open_the_admin_screens(agency_a, url):
    specialist = member(agency_a, Role.SPECIALIST, Role.CLERK, Role.LEADER)
    response = client_as(agency_a, specialist.user).get(url)
    assert response.status_code == 403
    assert "Không được phép" in response.content.decode()


def test_a_non_admin_cannot_change_a_membership_even_by_posting(agency_a, admin):
    specialist = member(agency_a, Role.SPECIALIST)
    client = client_as(agency_a, specialist.user)
    assert client.post(f"/people/{admin.pk}/active/", {"active": "0"}).status_code == 403
    with in_alpha():
        assert Membership.objects.get(pk=admin.pk).is_active


def test_anonymous_visitors_are_sent_to_the_login_page(client_for, agency_a):
    response = client_for(agency_a).get("/people/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_every_member_can_read_the_directory(agency_a):
    specialist = member(agency_a, Role.SPECIALIST, full_name="Chuyên Viên Đọc Danh Bạ")
    colleague = member(agency_a, Role.CLERK, full_name="Văn Thư Trong Danh Bạ", phone="0909 000 111")
    html = client_as(agency_a, specialist.user).get("/people/directory/").content.decode()
    assert colleague.user.full_name in html and "0909 000 111" in html


# ---- units ----------------------------------------------------------------------------------------------------


def test_an_admin_creates_a_unit_and_its_abbreviation_is_upper_cased(admin_client):
    response = admin_client.post("/people/units/add/", {"name": "Phòng Kế hoạch", "abbreviation": "khtc", "order": 3})
    assert response.status_code == 302
    with in_alpha():
        unit = Unit.objects.get(name="Phòng Kế hoạch")
    assert unit.abbreviation == "KHTC" and unit.parent is None
    page = admin_client.get(response["Location"]).content.decode()
    assert "Đã lưu đơn vị Phòng Kế hoạch." in page


def test_an_abbreviation_used_by_an_active_unit_is_refused_in_vietnamese(admin_client):
    response = admin_client.post("/people/units/add/", {"name": "Văn phòng hai", "abbreviation": "vp", "order": 0})
    assert response.status_code == 400  # the form again with its errors (htmx swaps a 400: base.html)
    assert "Chữ viết tắt VP đã được một đơn vị đang hoạt động khác sử dụng." in response.content.decode()
    with in_alpha():
        assert not Unit.objects.filter(name="Văn phòng hai").exists()


def test_a_malformed_abbreviation_is_refused_in_vietnamese(admin_client):
    response = admin_client.post("/people/units/add/", {"name": "Phòng Lạ", "abbreviation": "P-1", "order": 0})
    assert "Chữ viết tắt chỉ gồm chữ in hoa và chữ số" in response.content.decode()


def test_a_unit_moves_under_another_unit_but_never_under_its_own_sub_unit(admin_client):
    with in_alpha():
        parent, other = UnitFactory(name="Phòng Cha"), UnitFactory(name="Phòng Khác")
        child = UnitFactory(name="Tổ Con", parent=parent)
    moved = admin_client.post(
        f"/people/units/{parent.pk}/edit/",
        {"name": parent.name, "abbreviation": parent.abbreviation, "parent": other.pk, "order": 0},
    )
    assert moved.status_code == 302
    refused = admin_client.post(
        f"/people/units/{parent.pk}/edit/",
        {"name": parent.name, "abbreviation": parent.abbreviation, "parent": child.pk, "order": 0},
    )
    assert refused.status_code == 400
    assert "Hãy chọn một lựa chọn hợp lệ" in refused.content.decode()
    with in_alpha():
        assert Unit.objects.get(pk=parent.pk).parent_id == other.pk


def test_the_unit_tree_nests_sub_units_under_their_parent(admin_client):
    with in_alpha():
        parent = UnitFactory(name="Phòng Cha Cây")
        UnitFactory(name="Tổ Con Cây", parent=parent)
    html = admin_client.get("/people/units/").content.decode()
    parent_item = html.split(f'id="unit-{parent.pk}"', 1)[1]
    assert "<ul>" in parent_item.split("Tổ Con Cây", 1)[0]


def test_a_unit_with_active_members_cannot_be_deactivated(agency_a, admin_client):
    with in_alpha():
        unit = UnitFactory(name="Phòng Còn Người")
    member(agency_a, Role.SPECIALIST, unit=unit)
    response = admin_client.post(f"/people/units/{unit.pk}/active/", {"active": "0"}, **htmx("unit-tree"))
    assert response.status_code == 200
    assert "Đơn vị vẫn còn nhân sự đang hoạt động; hãy chuyển họ sang đơn vị khác trước." in response.content.decode()
    with in_alpha():
        assert Unit.objects.get(pk=unit.pk).is_active


def test_an_empty_unit_is_deactivated_and_can_come_back(admin_client):
    with in_alpha():
        unit = UnitFactory(name="Phòng Trống")
    done = admin_client.post(f"/people/units/{unit.pk}/active/", {"active": "0"}, follow=True)
    assert "Đơn vị Phòng Trống đã ngừng hoạt động." in done.content.decode()
    with in_alpha():
        assert not Unit.objects.get(pk=unit.pk).is_active
    assert "Phòng Trống" not in admin_client.get("/people/units/").content.decode()
    assert "Phòng Trống" in admin_client.get("/people/units/?inactive=1").content.decode()
    admin_client.post(f"/people/units/{unit.pk}/active/", {"active": "1"})
    with in_alpha():
        assert Unit.objects.get(pk=unit.pk).is_active


def test_a_unit_form_in_the_panel_refreshes_the_tree_once_saved(admin_client):
    form = admin_client.get("/people/units/add/", **htmx("panel"))
    assert b"<html" not in form.content and b'hx-post="/people/units/add/"' in form.content
    saved = admin_client.post(
        "/people/units/add/", {"name": "Phòng Qua Htmx", "abbreviation": "HTMX", "order": 0}, **htmx("panel")
    )
    assert saved.status_code == 200 and saved["HX-Trigger"] == "units-changed"
    assert "Đã lưu đơn vị Phòng Qua Htmx." in saved.content.decode()


# ---- positions ------------------------------------------------------------------------------------------------


def test_an_admin_creates_and_renames_a_position(admin_client):
    admin_client.post("/people/positions/add/", {"name": "Thanh tra viên", "rank": 55})
    with in_alpha():
        position = Position.objects.get(name="Thanh tra viên")
    assert not position.is_leadership
    admin_client.post(
        f"/people/positions/{position.pk}/edit/", {"name": "Thanh tra viên chính", "rank": 50, "is_leadership": "on"}
    )
    position.refresh_from_db()
    assert position.name == "Thanh tra viên chính" and position.is_leadership


def test_two_positions_cannot_share_a_name(admin_client):
    response = admin_client.post("/people/positions/add/", {"name": "chuyên viên", "rank": 60})
    assert "Đã có chức vụ mang tên này." in response.content.decode()


# ---- people ---------------------------------------------------------------------------------------------------


def new_person(**overrides) -> dict:
    unit, position = office_and_specialist_post()
    data = {
        "mode": "new",
        "username": "Le.Van.Moi",
        "full_name": "Lê Văn Mới",
        "email": "le.van.moi@alpha.gov.vn",
        "phone": "0251 123 456",
        "password": "Khong-de-doan-2026",
        "unit": unit.pk,
        "position": position.pk,
        "roles": [Role.SPECIALIST, Role.CLERK],
    }
    data.update(overrides)
    return data


def test_an_admin_adds_a_new_person_who_can_then_log_in(agency_a, admin_client, client_for):
    response = admin_client.post("/people/add/", new_person())
    assert response.status_code == 302
    user = User.objects.get(username="le.van.moi")
    with in_alpha():
        membership = Membership.objects.get(user=user)
    assert membership.roles == [Role.CLERK, Role.SPECIALIST] and membership.unit.abbreviation == "VP"
    client = client_for(agency_a)
    logged_in = client.post("/login/", {"username": "le.van.moi", "password": "Khong-de-doan-2026"}, follow=True)
    assert "Xin chào, Lê Văn Mới" in logged_in.content.decode()


def test_an_admin_adds_someone_who_already_has_an_account_in_the_province(agency_b, admin_client):
    with schema_context(agency_b.schema_name):
        elsewhere = MembershipFactory(user=UserFactory(username="cung.tinh"), roles=[Role.LEADER])
    unit, position = office_and_specialist_post()
    data = {
        "mode": "existing",
        "existing_username": " Cung.Tinh ",
        "unit": unit.pk,
        "position": position.pk,
        "roles": [Role.LEADER],
    }
    assert admin_client.post("/people/add/", data).status_code == 302
    assert User.objects.filter(username="cung.tinh").count() == 1
    with in_alpha():
        assert Membership.objects.filter(user=elsewhere.user, roles=[Role.LEADER]).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"username": ""}, "Trường này là bắt buộc."),
        ({"password": "123"}, "Mật khẩu quá ngắn: cần ít nhất 8 ký tự."),
        ({"roles": []}, "Hãy chọn ít nhất một vai trò."),
        ({"username": "Có Dấu"}, "chữ thường không dấu"),
        ({"mode": "existing", "existing_username": "khong.co.ai"}, "Không có tài khoản nào mang tên đăng nhập này."),
    ],
)
def test_bad_input_when_adding_a_person_is_explained_and_creates_nothing(admin_client, overrides, message):
    response = admin_client.post("/people/add/", new_person(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.filter(full_name="Lê Văn Mới").exists()


def test_a_taken_username_or_email_points_to_the_existing_account(admin_client, admin):
    taken = admin_client.post("/people/add/", new_person(username=admin.user.username)).content.decode()
    assert "Tên đăng nhập này đã được dùng." in taken
    email = admin_client.post("/people/add/", new_person(email=admin.user.email.upper())).content.decode()
    assert "Thư điện tử này đã được dùng cho một tài khoản khác." in email


def test_editing_a_membership_changes_its_unit_position_and_roles(agency_a, admin_client):
    someone = member(agency_a, Role.SPECIALIST)
    unit, _ = office_and_specialist_post()
    with in_alpha():
        head = Position.objects.get(name="Chánh Văn phòng")
    data = {"unit": unit.pk, "position": head.pk, "roles": [Role.LEADER, Role.CLERK]}
    response = admin_client.post(f"/people/{someone.pk}/edit/", data, **htmx("panel"))
    assert response["HX-Trigger"] == "people-changed"
    with in_alpha():
        someone.refresh_from_db()
    assert (someone.unit_id, someone.position_id, someone.roles) == (unit.pk, head.pk, [Role.CLERK, Role.LEADER])


def test_the_last_admin_cannot_give_up_the_admin_role(admin, admin_client):
    data = {"unit": admin.unit_id, "position": admin.position_id, "roles": [Role.SPECIALIST]}
    response = admin_client.post(f"/people/{admin.pk}/edit/", data)
    assert "Đây là người quản trị cuối cùng của cơ quan; hãy giao quyền quản trị cho người khác trước." in (
        response.content.decode()
    )
    with in_alpha():
        assert Membership.objects.get(pk=admin.pk).roles == [Role.ADMIN]


def test_the_last_admin_cannot_be_deactivated(admin, admin_client):
    row = admin_client.post(f"/people/{admin.pk}/active/", {"active": "0"}, **htmx("member-" + str(admin.pk)))
    html = row.content.decode()
    assert html.startswith(f'<tr id="member-{admin.pk}"')
    assert "Đây là người quản trị cuối cùng của cơ quan" in html
    page = admin_client.post(f"/people/{admin.pk}/active/", {"active": "0"}, follow=True).content.decode()
    assert "Đây là người quản trị cuối cùng của cơ quan" in page
    with in_alpha():
        assert Membership.objects.get(pk=admin.pk).is_active


def test_a_membership_is_deactivated_and_reactivated_in_its_row(agency_a, admin_client):
    someone = member(agency_a, Role.CLERK)
    off = admin_client.post(f"/people/{someone.pk}/active/", {"active": "0"}, **htmx(f"member-{someone.pk}"))
    assert "Kích hoạt lại" in off.content.decode() and "Đã ngừng hoạt động" in off.content.decode()
    with in_alpha():
        assert not Membership.objects.get(pk=someone.pk).is_active
    admin_client.post(f"/people/{someone.pk}/active/", {"active": "1"}, **htmx(f"member-{someone.pk}"))
    with in_alpha():
        assert Membership.objects.get(pk=someone.pk).is_active


def test_search_as_you_type_finds_names_without_diacritics(agency_a, admin_client):
    member(agency_a, Role.CLERK, full_name="Phạm Thị Hường")
    member(agency_a, Role.CLERK, full_name="Đỗ Văn Khác")
    for query in ("huong", "Hường", "PHAM THI"):
        rows = admin_client.get("/people/", {"q": query}, **htmx("member-table")).content.decode()
        assert "Phạm Thị Hường" in rows and "Đỗ Văn Khác" not in rows, query
        assert "<html" not in rows
    assert "Đỗ Văn Khác" in admin_client.get("/people/", {"q": "do van"}, **htmx("member-table")).content.decode()


def test_deactivated_memberships_are_listed_apart(agency_a, admin_client):
    gone = member(agency_a, Role.CLERK, full_name="Người Đã Nghỉ")
    with in_alpha():
        Membership.objects.filter(pk=gone.pk).update(is_active=False)
    assert "Người Đã Nghỉ" not in admin_client.get("/people/").content.decode()
    assert "Người Đã Nghỉ" in admin_client.get("/people/?status=inactive").content.decode()


def test_the_people_list_costs_the_same_queries_for_many_people(admin_client, django_assert_max_num_queries):
    with in_alpha():
        unit = UnitFactory()
        for _ in range(40):
            MembershipFactory(unit=unit)
    # Baseline: session, user, login check (twice), the admin's posts, count, page, units of the filter; each
    # preceded by django-tenants' SET search_path. A query per row would add 40.
    with django_assert_max_num_queries(18):
        assert admin_client.get("/people/").status_code == 200
    with django_assert_max_num_queries(16):
        assert admin_client.get("/people/", {"q": "nguyen"}, **htmx("member-table")).status_code == 200
