"""What every answer carries for the browser (issue 7 A2): a Content-Security-Policy that allows scripts and styles
from our own origin only, and ``Cache-Control: private, no-store`` on everything a logged-in person gets. The
templates hold no inline script, style or event handler (the browser test tests/browser/test_clean_pages.py proves
the pages run under the policy)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from apps.core.tests.utils import client_as, htmx, member
from apps.people.models import Role
from apps.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}


def test_every_page_allows_scripts_and_styles_from_its_own_origin_only(client_for, agency_a):
    policy = directives(client_for(agency_a).get("/login/"))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]


def test_the_policy_holds_on_errors_api_answers_and_the_province_host(client_for, agency_a):
    clerk = member(agency_a, Role.CLERK)
    client = client_as(agency_a, clerk.user)
    for path in ["/", "/no-such-page/", "/api/v1/registers/usable/", "/api/docs/"]:
        assert directives(client.get(path))["script-src"] == ["'self'"], path
    assert directives(client_for(None).get("/login/"))["script-src"] == ["'self'"]


def test_only_the_django_admin_and_the_api_docs_may_apply_inline_styles_and_never_inline_scripts(agency_a):
    province_admin = UserFactory(is_staff=True, is_superuser=True)
    admin = directives(client_as(None, province_admin).get("/admin/"))
    assert admin["style-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["script-src"] == ["'self'"]
    docs = client_as(agency_a, member(agency_a, Role.CLERK).user).get("/api/docs/")
    assert directives(docs)["script-src"] == ["'self'"]
    assert "<script>" not in docs.content.decode()  # Swagger UI's own script is served as a file


def test_everything_a_logged_in_person_gets_is_private_and_not_stored(agency_a):
    clerk = member(agency_a, Role.CLERK)
    client = client_as(agency_a, clerk.user)
    answers = [
        client.get("/"),
        client.get("/documents/incoming/"),
        client.get("/documents/incoming/", **htmx("incoming-table")),
        client.get("/api/v1/incoming-documents/"),
        client.get("/api/v1/registers/usable/"),
        client.get("/no-such-page/"),
    ]
    for response in answers:
        assert response["Cache-Control"] == PRIVATE, (response.request["PATH_INFO"], response.status_code)
    province_admin = UserFactory(is_staff=True)
    assert client_as(None, province_admin).get("/")["Cache-Control"] == PRIVATE


def test_browsers_asking_for_favicon_ico_get_the_icon(client_for, agency_a):
    for client in (client_for(agency_a), client_for(None)):
        response = client.get("/favicon.ico")
        assert response.status_code == 301 and response["Location"].endswith("favicon.svg")


# ---- templates ----------------------------------------------------------------------------------------------

INLINE = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style> element": re.compile(r"<style\b", re.I),
    'style="" attribute': re.compile(r"\sstyle\s*=", re.I),
    "on*= handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "hx-on attribute": re.compile(r"\shx-on", re.I),
}
# Rendered to PDF by WeasyPrint, never served to a browser.
NOT_FOR_BROWSERS = ("registers/print/",)


def template_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    files = list((base / "templates").rglob("*.html"))
    for app_dir in [*(base / "apps").iterdir(), *(base / "province").iterdir(), base / "tenants"]:
        if (app_dir / "templates").is_dir():
            files += list((app_dir / "templates").rglob("*.html"))
    return [f for f in files if not any(part in f.as_posix() for part in NOT_FOR_BROWSERS)]


def test_no_template_carries_inline_script_style_or_event_handlers():
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {what}"
        for path in template_files()
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert len(template_files()) > 20
    assert found == []
