"""The web shell: language, navigation per role, a home panel per role, and the province console."""

import re

import pytest
from django.conf import settings
from django.test import override_settings
from django_tenants.utils import schema_context

from apps.core.tests.utils import client_as, member
from apps.people.models import Position, Role
from apps.people.tests.factories import UnitFactory, UserFactory
from tenants.schemas import all_states

pytestmark = pytest.mark.django_db


def nav_labels(response) -> list[str]:
    """The labels of the main menu entries."""
    menu = response.content.decode().split('<ul class="navbar-nav me-auto">', 1)[1].split("</ul>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r'<a class="nav-link[^"]*"[^>]*>(.*?)</a>', menu)
    ]


def test_the_login_page_is_in_vietnamese_by_default(client_for, agency_a):
    response = client_for(agency_a).get("/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html and "Tên đăng nhập" in html and "Mật khẩu" in html


def test_the_language_switch_turns_the_interface_to_english_and_back(agency_a):
    clerk = member(agency_a, Role.CLERK)
    client = client_as(agency_a, clerk.user)
    assert "Trang chủ" in client.get("/").content.decode()

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Home" in html and "Log out" in html

    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Đăng xuất" in client.get("/").content.decode()


def test_logging_out_takes_a_post_and_ends_the_session(agency_a):
    clerk = member(agency_a, Role.CLERK)
    client = client_as(agency_a, clerk.user)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_the_header_names_the_agency_the_person_and_their_roles(agency_a):
    leader = member(agency_a, Role.LEADER, Role.CLERK, full_name="Trần Thị Lãnh Đạo")
    html = client_as(agency_a, leader.user).get("/").content.decode()
    assert agency_a.short_name in html
    assert "Trần Thị Lãnh Đạo" in html
    assert "Lãnh đạo, Văn thư" in html


def test_a_specialist_sees_no_administration_in_the_menu(agency_a):
    specialist = member(agency_a, Role.SPECIALIST)
    response = client_as(agency_a, specialist.user).get("/")
    labels = nav_labels(response)
    assert labels[:2] == ["Trang chủ", "Danh bạ"]
    assert not {"Nhân sự", "Đơn vị", "Chức vụ", "Sổ văn bản"} & set(labels)


def admin_labels(response) -> list[str]:
    """The labels of the administration dropdown of the menu."""
    menu = response.content.decode().split('aria-labelledby="nav-admin">', 1)[1].split("</div>", 1)[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<a [^>]*>(.*?)</a>", menu)]


def test_an_agency_admin_finds_people_units_positions_and_registers_under_administration(agency_a):
    admin = member(agency_a, Role.ADMIN, Role.CLERK, Role.LEADER)
    response = client_as(agency_a, admin.user).get("/people/units/")
    labels = nav_labels(response)
    assert labels[:2] == ["Trang chủ", "Danh bạ"] and labels[-1] == "Quản trị"
    assert not {"Nhân sự", "Đơn vị", "Chức vụ", "Sổ văn bản"} & set(labels)  # one line of menu, even at 1280 px
    assert admin_labels(response) == [
        "Nhân sự",
        "Đơn vị",
        "Chức vụ",
        "Sổ văn bản",
        "Tệp bị chặn",
        "Lịch làm việc",
        "Lãnh đạo nhận trình mặc định",
    ]
    html = response.content.decode()
    assert 'class="nav-link dropdown-toggle text-nowrap active"' in html  # the group holding the page
    active = re.findall(r'<a class="(?:nav-link|dropdown-item)[^"]*active"[^>]*>(.*?)</a>', html)
    assert len(active) == 2 and "Quản trị" in active[0] and "Đơn vị" in active[1]


def test_the_home_page_has_one_panel_per_role_the_person_holds(agency_a):
    both = member(agency_a, Role.CLERK, Role.LEADER)
    html = client_as(agency_a, both.user).get("/").content.decode()
    assert 'class="card h-100 panel-leader"' in html
    assert 'class="card h-100 panel-clerk"' in html
    assert "panel-specialist" not in html and "panel-admin" not in html


def test_a_specialist_home_lists_the_colleagues_of_their_unit_only(agency_a):
    with schema_context(agency_a.schema_name):
        unit, elsewhere = UnitFactory(), UnitFactory()
    me = member(agency_a, Role.SPECIALIST, unit=unit)
    colleague = member(agency_a, Role.CLERK, unit=unit, full_name="Đồng Nghiệp Cùng Phòng", phone="0251 3822 111")
    stranger = member(agency_a, Role.SPECIALIST, unit=elsewhere, full_name="Người Phòng Khác")
    html = client_as(agency_a, me.user).get("/").content.decode()
    assert colleague.user.full_name in html and "0251 3822 111" in html
    assert stranger.user.full_name not in html


def test_a_leader_home_lists_the_people_of_the_units_they_lead_and_below(agency_a):
    with schema_context(agency_a.schema_name):
        department = UnitFactory(name="Phòng Tổng hợp")
        team = UnitFactory(name="Tổ Một cửa", parent=department)
        head = Position.objects.get(name="Trưởng phòng")
    leader = member(agency_a, Role.LEADER, unit=department, position=head)
    below = member(agency_a, Role.SPECIALIST, unit=team, full_name="Nhân Viên Tổ Dưới")
    html = client_as(agency_a, leader.user).get("/").content.decode()
    assert below.user.full_name in html
    assert team.abbreviation in html


def test_the_admin_home_counts_units_people_and_positions(agency_a):
    admin = member(agency_a, Role.ADMIN)
    with schema_context(agency_a.schema_name):
        from apps.people.models import Membership, Unit

        units = Unit.objects.filter(is_active=True).count()
        people = Membership.objects.filter(is_active=True).values("user").distinct().count()
        positions = Position.objects.count()
    html = client_as(agency_a, admin.user).get("/").content.decode()
    assert f'data-count="units">{units}<' in html
    assert f'data-count="people">{people}<' in html
    assert f'data-count="positions">{positions}<' in html
    assert 'href="/people/add/"' in html


def test_the_home_page_shows_today_as_dd_mm_yyyy(agency_a):
    from django.utils import timezone

    clerk = member(agency_a, Role.CLERK)
    html = client_as(agency_a, clerk.user).get("/").content.decode()
    assert timezone.localdate().strftime("%d/%m/%Y") in html


def test_the_console_lists_agencies_with_level_code_host_link_and_schema_state(agency_a, agency_b):
    staff = UserFactory(is_staff=True)
    client = client_as(None, staff)
    response = client.get("/", SERVER_PORT="8123")
    assert response.status_code == 200
    html = response.content.decode()
    for agency in (agency_a, agency_b):
        assert agency.name in html and agency.code_102 in html and agency.level.name in html
        assert f'href="http://{agency.primary_host}:8123/"' in html
    assert 'href="/admin/"' in html
    state = next(s for s in all_states() if s.schema == agency_a.schema_name)
    row = html.split('id="agency-alpha"', 1)[1].split("</tr>", 1)[0]
    expected = f"còn {len(state.pending)} bản cập nhật cấu trúc dữ liệu" if state.pending else "đã cập nhật"
    assert expected in row


def test_the_console_is_only_for_province_administrators(client_for):
    clerk = UserFactory(is_staff=False)
    # A non-staff identity cannot log in on the province host at all, and a forced session is not honoured.
    client = client_as(None, clerk)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client_for(None).get("/").status_code == 302


def test_an_unknown_page_answers_a_vietnamese_404(agency_a):
    clerk = member(agency_a, Role.CLERK)
    response = client_as(agency_a, clerk.user).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_changing_the_password_confirms_in_vietnamese(agency_a):
    from apps.people.tests.factories import PASSWORD

    clerk = member(agency_a, Role.CLERK)
    client = client_as(agency_a, clerk.user)
    wrong = client.post("/password/", {"old_password": "sai", "new_password1": "x", "new_password2": "y"})
    assert wrong.status_code == 200
    assert "is-invalid" in wrong.content.decode()
    response = client.post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"},
        follow=True,
    )
    assert "Đã đổi mật khẩu." in response.content.decode()
    clerk.user.refresh_from_db()
    assert clerk.user.check_password("Mat-khau-moi-2026")


def test_an_english_browser_still_gets_vietnamese_until_english_is_chosen(client_for, agency_a):
    middleware = [
        "apps.core.middleware.VietnameseFirstLocaleMiddleware" if m.endswith(".LocaleMiddleware") else m
        for m in settings.MIDDLEWARE
    ]
    with override_settings(MIDDLEWARE=middleware):
        client = client_for(agency_a)
        html = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
        assert '<html lang="vi">' in html
        client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
        html = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
        assert '<html lang="en">' in html
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
        assert '<html lang="vi">' in client.get("/login/").content.decode()


def test_a_suspended_agency_answers_its_page_even_to_a_logged_in_member(agency_a):
    clerk = member(agency_a, Role.CLERK)
    client = client_as(agency_a, clerk.user)
    agency_a.status = agency_a.Status.SUSPENDED
    agency_a.save(update_fields=["status"])
    response = client.get("/")
    assert response.status_code == 503
    assert "tạm ngừng hoạt động" in response.content.decode()


def test_modules_add_menu_entries_and_home_sections_for_a_role(agency_a, monkeypatch, tmp_path, settings):
    from apps.core import registry

    def clerk_menu(request, person):
        return [registry.NavItem("/incoming/", "Văn bản đến", "inbox")] if person.has_role(Role.CLERK) else []

    (tmp_path / "waiting.html").write_text("<p id='waiting'>{{ section.waiting }} chờ vào sổ</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    from apps.people.plugins import people_menu

    monkeypatch.setattr(registry, "_menu_providers", [people_menu, clerk_menu])
    monkeypatch.setattr(registry, "_home_sections", [])
    registry.register_home_section(Role.CLERK, "waiting.html", lambda person: {"waiting": 3})

    clerk = member(agency_a, Role.CLERK)
    response = client_as(agency_a, clerk.user).get("/")
    assert nav_labels(response) == ["Trang chủ", "Danh bạ", "Văn bản đến"]
    assert "<p id='waiting'>3 chờ vào sổ</p>" in response.content.decode()
    specialist = member(agency_a, Role.SPECIALIST)
    response = client_as(agency_a, specialist.user).get("/")
    labels = nav_labels(response)
    assert labels[:2] == ["Trang chủ", "Danh bạ"]
    assert not {"Nhân sự", "Đơn vị", "Chức vụ", "Sổ văn bản"} & set(labels)
    assert "chờ vào sổ" not in response.content.decode()


def test_home_blocks_come_above_the_role_panels_in_their_order(agency_a, monkeypatch, tmp_path, settings):
    from apps.core import registry

    (tmp_path / "block.html").write_text("<p class='block'>{{ home_block.name }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    monkeypatch.setattr(registry, "_home_blocks", [])
    registry.register_home_block("block.html", lambda person: {"name": "sau"}, order=50)
    registry.register_home_block("block.html", lambda person: {"name": "trước"}, order=5)
    registry.register_home_block("block.html", lambda person: {"show": False, "name": "ẩn"})

    html = client_as(agency_a, member(agency_a, Role.SPECIALIST).user).get("/").content.decode()
    assert html.index("<p class='block'>trước</p>") < html.index("<p class='block'>sau</p>")
    assert html.index("<p class='block'>sau</p>") < html.index("panel-specialist")
    assert "ẩn" not in html
