"""Vietnamese everywhere an administrator looks: the console, the Django admin (chrome, models and fields), and
examples of notations in the agency's own abbreviation; the clerk's home starts with the work of the day."""

import re

import pytest
from django.contrib import admin
from django.utils import translation

from apps.core.tests.utils import client_as, member
from apps.people.models import Role
from apps.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Words an administrator must not meet in the Vietnamese interface.
ENGLISH = [
    "Django administration",
    "Site administration",
    "Recent actions",
    "Log out",
    "Change password",
    "Schema",
    "schema",
    "migration",
    "agency_template",
    "Select ",
    " to change",
    "Add ",
    "Axes",
    "Filter",
    "Search",
    "Skip to main content",
    "Toggle theme",
    "Show counts",
    "Is primary",
    "superuser",
]


def visible_text(html: str) -> str:
    """The text a reader sees: no tags, scripts, styles or attribute values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def english_in(html: str) -> list[str]:
    text = visible_text(html)
    return [word for word in ENGLISH if word in text]


@pytest.fixture
def province_admin():
    return client_as(None, UserFactory(is_staff=True, is_superuser=True))


def test_the_console_speaks_vietnamese_to_the_province_administrator(province_admin, agency_a):
    for url in ("/", "/people/", f"/people/?q={agency_a.schema_name}"):
        response = province_admin.get(url)
        assert response.status_code == 200
        assert english_in(response.content.decode()) == [], url


def test_every_page_of_the_django_admin_is_vietnamese(province_admin, agency_a):
    person = UserFactory()
    pages = ["/admin/", f"/admin/accounts/user/{person.pk}/change/", f"/admin/tenants/agency/{agency_a.pk}/change/"]
    pages += [f"/admin/{m._meta.app_label}/{m._meta.model_name}/" for m in admin.site._registry]
    for url in pages:
        response = province_admin.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "quản trị cấp tỉnh" in html, url
        assert english_in(html) == [], url


def test_every_model_and_field_the_admin_shows_is_translated():
    untranslated = []
    for model in admin.site._registry:
        meta = model._meta
        labels = [meta.verbose_name, meta.verbose_name_plural, meta.app_config.verbose_name]
        labels += [f.verbose_name for f in meta.get_fields() if hasattr(f, "verbose_name") and not f.auto_created]
        for label in labels:
            with translation.override("en"):
                english = str(label)
            with translation.override("vi"):
                vietnamese = str(label)
            if english == vietnamese and english not in {"ID", "QĐ 20"}:
                untranslated.append(f"{meta.label}: {english}")
    excluded = {"tenants.Agency: schema name"}  # not shown: the admin labels it "tên vùng dữ liệu"
    assert sorted(set(untranslated) - excluded) == []


def test_the_clerks_home_starts_with_the_work_of_the_day(agency_a):
    clerk = member(agency_a, Role.CLERK)
    html = client_as(agency_a, clerk.user).get("/").content.decode()
    panel = html.split('class="card h-100 panel-clerk"', 1)[1].split("</section>", 1)[0]
    body = panel.split('class="card-body">', 1)[1]
    assert body.lstrip().startswith('<div class="home-section">')
    assert "hôm nay" in visible_text(body.split("<hr>", 1)[0])  # today's registrations come first
    assert "<table" not in panel  # no table of abbreviations
    assert html.index("panel-clerk") < html.index('id="my-posts"')
    assert f"01/{agency_a.abbreviation}-{clerk.unit.abbreviation}" in panel


def test_examples_of_notations_show_the_agencys_own_abbreviation(agency_a):
    admin_member = member(agency_a, Role.ADMIN)
    client = client_as(agency_a, admin_member.user)
    register_form = client.get("/registers/add/").content.decode()
    assert f"QĐ-{agency_a.abbreviation}" in register_form and "QĐ-SNV" not in register_form
    unit_form = client.get("/people/units/add/").content.decode()
    assert f"05/{agency_a.abbreviation}-VP" in unit_form and "SNV-VP" not in unit_form


AGENCY_ADMIN_PAGES = [
    "/",
    "/people/",
    "/people/add/",
    "/people/directory/",
    "/people/units/",
    "/people/units/add/",
    "/people/positions/",
    "/people/positions/add/",
    "/registers/",
    "/registers/add/",
    "/registers/types/",
    "/registers/types/add/",
    "/registers/clearances/",
    "/registers/clearances/add/",
    "/password/",
]


def test_the_agency_administrators_screens_are_vietnamese(agency_a):
    admin_member = member(agency_a, Role.ADMIN, Role.CLERK)
    client = client_as(agency_a, admin_member.user)
    found = {}
    for url in AGENCY_ADMIN_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        if words := english_in(response.content.decode()):
            found[url] = words
    assert found == {}
