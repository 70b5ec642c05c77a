"""The generic views and the guard of apps/core (generic.py, guards.py, panels.py), through real requests on an
agency's host: a filtered list answers its page, its table alone for htmx and its count; a form in a panel shows a
service's refusal on the form and confirms a save; each guard lets in whom it names and no one else."""

import copy
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django_tenants.utils import schema_context

from apps.core.tests import generic_urls
from apps.core.tests.utils import client_as, htmx, member
from apps.people.models import Position, Role

pytestmark = pytest.mark.django_db

TEST_TEMPLATES = {
    "test/list.html": "LIST {{ extra }} {% include 'test/_table.html' %}",
    "test/_table.html": "TABLE{% for p in page %} [{{ p.name }}]{% endfor %} next={{ page.has_next }} "
    "query={{ query }} filtered={{ filtered }}",
    "test/_count.html": "COUNT {{ counted.count }} capped={{ counted.is_capped }} {{ extra }}",
}


def _templates() -> list[dict]:
    """The project's template settings, with the test views' templates in memory first."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["APP_DIRS"] = False
    templates[0]["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", TEST_TEMPLATES),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    return templates


@pytest.fixture(autouse=True)
def _test_views():
    with override_settings(ROOT_URLCONF="apps.core.tests.generic_urls", TEMPLATES=_templates()):
        yield
    generic_urls.SAVED.clear()


@pytest.fixture
def client(agency_a) -> Client:
    return client_as(agency_a, member(agency_a, Role.SPECIALIST).user)


def positions(agency, name: str) -> list[str]:
    with schema_context(agency.schema_name):
        return list(
            Position.objects.filter(name__icontains=name).order_by("rank", "name").values_list("name", flat=True)
        )


# ---- the filtered list and its count ----------------------------------------------------------------------------


def test_a_filtered_list_answers_its_page_without_counting_and_a_next_page(agency_a, client):
    expected = positions(agency_a, "phòng")
    assert len(expected) > 2, "the agency's default positions: Chánh Văn phòng, Trưởng phòng, their deputies"
    html = client.get("/test-generic/positions/", {"name": "phòng"}).content.decode()
    assert html.startswith("LIST declared by the view TABLE")
    assert f"[{expected[0]}] [{expected[1]}] next=True" in html and f"[{expected[2]}]" not in html
    assert f"query={urlencode({'name': 'phòng'})}" in html and "filtered=True" in html
    second = client.get("/test-generic/positions/", {"name": "phòng", "page": "2"}).content.decode()
    assert f"[{expected[2]}]" in second and f"[{expected[0]}]" not in second


def test_htmx_refreshing_the_table_gets_the_table_alone_never_cached_for_the_page(client):
    response = client.get("/test-generic/positions/", **htmx("test-table"))
    html = response.content.decode()
    assert html.startswith("TABLE") and "LIST" not in html
    assert "HX-Request" in response["Vary"] and "HX-Target" in response["Vary"]
    # Another target (the panel) gets the whole page.
    assert client.get("/test-generic/positions/", **htmx("panel")).content.decode().startswith("LIST")


def test_the_count_view_counts_the_same_filters(agency_a, client):
    response = client.get("/test-generic/positions/count/", {"name": "phòng"})
    assert response.status_code == 200
    assert response.content.decode() == f"COUNT {len(positions(agency_a, 'phòng'))} capped=False declared by the view"
    assert (
        client.get("/test-generic/positions/count/", {"name": "no such position"})
        .content.decode()
        .startswith("COUNT 0 ")
    )


def test_lists_answer_reading_only(client):
    assert client.post("/test-generic/positions/").status_code == 405
    assert client.post("/test-generic/positions/count/").status_code == 405


# ---- the form in a panel ------------------------------------------------------------------------------------------


def test_the_form_is_a_page_of_its_own_and_comes_alone_into_the_panel(client):
    page = client.get("/test-generic/note/")
    assert page.status_code == 200
    assert "<html" in page.content.decode() and "A note" in page.content.decode()
    fragment = client.get("/test-generic/note/", **htmx("panel")).content.decode()
    assert "<html" not in fragment and "A note" in fragment
    assert 'action="/test-generic/note/"' in fragment


def test_a_refusal_of_the_service_shows_on_its_field_and_nothing_is_saved(client):
    response = client.post("/test-generic/note/", {"text": "taken"})
    assert response.status_code == 400
    assert "This text is taken." in response.content.decode()
    assert generic_urls.SAVED == []


def test_an_error_on_a_hidden_field_shows_above_the_form(client):
    response = client.post("/test-generic/note/", {"text": "stale", "version": "3"}, **htmx("panel"))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.non_field_errors() == ["Someone changed it meanwhile."] and "version" not in form.errors
    assert "Someone changed it meanwhile." in response.content.decode()
    assert generic_urls.SAVED == []


def test_a_form_with_errors_answers_400_and_saves_nothing(client):
    assert client.post("/test-generic/note/", {"text": "x" * 21}).status_code == 400
    assert generic_urls.SAVED == []


def test_a_save_in_the_panel_confirms_and_tells_the_list_to_refresh(client):
    response = client.post("/test-generic/note/", {"text": "hello"}, **htmx("panel"))
    assert response.status_code == 200
    assert response["HX-Trigger"] == "notes-changed" and "Saved: hello" in response.content.decode()
    assert generic_urls.SAVED == ["hello"]


def test_a_save_as_a_page_goes_back_to_the_list_with_the_message(client):
    response = client.post("/test-generic/note/", {"text": "again"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "Saved: again" in response.content.decode()


def test_an_object_edit_view_adds_without_pk_and_changes_with_one(agency_a, client):
    new = client.get("/test-generic/position/", {"rank": "77"}, **htmx("panel"))
    assert "New position" in new.content.decode() and new.context["form"]["rank"].value() == "77"
    added = client.post("/test-generic/position/", {"name": "Tổ trưởng", "rank": "77"}, **htmx("panel"))
    assert added.status_code == 200 and "Kept Tổ trưởng" in added.content.decode()
    with schema_context(agency_a.schema_name):
        pk = Position.objects.get(name="Tổ trưởng", rank=77).pk
    assert "Position Tổ trưởng" in client.get(f"/test-generic/position/{pk}/").content.decode()
    changed = client.post(f"/test-generic/position/{pk}/", {"name": "Tổ phó", "rank": "78"}, **htmx("panel"))
    assert changed["HX-Trigger"] == "positions-changed" and "Kept Tổ phó" in changed.content.decode()
    with schema_context(agency_a.schema_name):
        assert Position.objects.get(pk=pk).name == "Tổ phó"
    assert client.get("/test-generic/position/999999/").status_code == 404


# ---- the guards ---------------------------------------------------------------------------------------------------


def test_role_required_lets_in_the_role_only(agency_a):
    clerk = client_as(agency_a, member(agency_a, Role.CLERK, Role.LEADER).user)
    assert clerk.get("/test-generic/clerks/").content == b"ok"
    for role in (Role.LEADER, Role.SPECIALIST, Role.ADMIN):
        refused = client_as(agency_a, member(agency_a, role).user).get("/test-generic/clerks/")
        assert refused.status_code == 403 and refused.content != b"ok"


def test_members_only_lets_in_the_agency_s_members(agency_a):
    assert client_as(agency_a, member(agency_a, Role.SPECIALIST).user).get("/test-generic/members/").content == b"ok"


def test_a_hiding_guard_answers_404_revealing_nothing(agency_a):
    assert client_as(agency_a, member(agency_a, Role.ADMIN).user).get("/test-generic/hidden/").status_code == 404


@pytest.mark.parametrize("url", ["/test-generic/clerks/", "/test-generic/members/", "/test-generic/hidden/"])
def test_every_guard_sends_an_anonymous_visitor_to_the_login(agency_a, url):
    response = Client(HTTP_HOST=agency_a.get_primary_domain().domain).get(url)
    assert response.status_code == 302 and response["Location"] == f"/login/?next={url}"
