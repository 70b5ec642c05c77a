"""Issue 7 A2: every role's main pages load under the Content-Security-Policy without a console error, an uncaught
script error or a CSP violation (htmx included: no ``htmx:syntax:error``, no eval, no injected style).

Each role of a test agency (clerk, leader, specialist, agency administrator) and the province administrator on
the console log in, open every entry of their menu and header, the pages of a document and of a draft, and type
in each search box (an htmx request and swap)."""

import datetime
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from apps.documents import services as documents
from apps.documents.inputs import IncomingEntry, resolve_issuer
from apps.outgoing import services as outgoing
from apps.outgoing.inputs import DraftEntry, RecipientSpec
from apps.people.access import Person
from apps.people.models import Membership, Position, Role, Unit
from apps.registers.models import DocumentType, Register
from tests.browser.pages import log_in

pytestmark = pytest.mark.browser

PASSWORD = "Trang-Sach-2026"
AGENCY_PEOPLE = {
    "clerk": ("vt.sach", "Lý Thị Văn Thư", [Role.CLERK]),
    "leader": ("ld.sach", "Trần Văn Lãnh Đạo", [Role.LEADER]),
    "specialist": ("cv.sach", "Lê Thị Chuyên Viên", [Role.SPECIALIST]),
    "admin": ("qt.sach", "Ngô Văn Quản Trị", [Role.ADMIN]),
}
# Reported by the page itself (CSP violations are also reported by Chromium as console errors).
WATCH_CSP = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def alpha_world(transactional_db, agency_a, settings, tmp_path) -> Iterator[dict]:
    """Committed people of every role in alpha's office, an incoming document and a draft they may see; the
    watermark clean-up removes them afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"
    User = get_user_model()
    with schema_context(agency_a.schema_name):
        office, post = Unit.objects.get(abbreviation="VP"), Position.objects.get(name="Chuyên viên")
        people = {}
        for role, (username, name, roles) in AGENCY_PEOPLE.items():
            user = User.objects.create_user(username, full_name=name, password=PASSWORD)
            Membership.objects.create(user=user, unit=office, position=post, roles=roles)
            people[role] = Person.for_user(user)
        register = next(r for r in Register.objects.filter(kind=Register.Kind.INCOMING).order_by("order"))
        entry = IncomingEntry(
            register=register,
            document_type=DocumentType.objects.get(name="Công văn"),
            issuer=resolve_issuer(name="Ủy ban nhân dân tỉnh Đồng Nai"),
            number=12,
            notation="UBND-KGVX",
            issued_date=timezone.localdate() - datetime.timedelta(days=1),
            subject="V/v kế hoạch kiểm tra trang sạch",
            recipient_units=(office,),
            files=(SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.7 ke hoach", "application/pdf"),),
        )
        document = documents.register_incoming(entry, by=people["clerk"]).document
        draft = outgoing.create_draft(
            DraftEntry.of(
                document_type=DocumentType.objects.get(name="Công văn"),
                subject="V/v dự thảo kiểm tra trang sạch",
                signer=people["leader"].user,
                recipients=[RecipientSpec.of_unit(office)],
                files=[SimpleUploadedFile("du-thao.pdf", b"%PDF-1.7 du thao", "application/pdf")],
            ),
            by=people["specialist"],
        )
    admin = User.objects.create_user("tinh.sach", full_name="Quản Trị Tỉnh", password=PASSWORD, is_staff=True)
    yield {"document": document, "draft": draft, "province_admin": admin}


def watch(page: Page) -> list[str]:
    problems: list[str] = []
    page.add_init_script(WATCH_CSP)
    page.on("console", lambda message: message.type == "error" and problems.append(f"{page.url}: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{page.url}: {r.status} {r.url}"))
    return problems


def menu_links(page: Page) -> list[str]:
    """Every page the menu and the header lead to, on this host."""
    hrefs = page.eval_on_selector_all(
        "#nav a.nav-link[href], #nav a.dropdown-item[href], a.header-item[href]", "els => els.map(e => e.href)"
    )
    here = urlsplit(page.url).netloc
    return list(dict.fromkeys(h for h in hrefs if urlsplit(h).netloc == here and not h.endswith("#")))


def visit(page: Page, url: str) -> None:
    """Open the page, let its htmx requests settle, and type in its search box if it has one."""
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    page.wait_for_load_state("networkidle")
    search = page.locator("input[type=search]")
    if search.count():
        search.first.fill("ke hoach")
        page.wait_for_timeout(500)  # the search waits for a pause in typing
        page.wait_for_load_state("networkidle")


def tour(page: Page, login_url: str, username: str, extra: list[str]) -> int:
    log_in(page, login_url, username, PASSWORD)
    expect(page.locator("#user-menu")).to_be_visible()
    page.wait_for_load_state("networkidle")
    links = menu_links(page) + extra
    for url in links:
        visit(page, url)
    return len(links)


@pytest.mark.parametrize("role", list(AGENCY_PEOPLE))
def test_every_agency_role_sees_its_pages_without_console_errors_or_csp_violations(
    browser, agency_a, agency_url, alpha_world, role
):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    problems = watch(page)
    document, draft = alpha_world["document"], alpha_world["draft"]
    extra = [agency_url(agency_a, "/password/")]
    if role != "admin":
        extra.append(agency_url(agency_a, f"/documents/incoming/{document.pk}/"))
    if role == "admin":
        extra.append(agency_url(agency_a, "/api/docs/"))
    if role in ("specialist", "leader"):
        extra.append(agency_url(agency_a, f"/outgoing/drafts/{draft.pk}/"))
    try:
        visited = tour(page, agency_url(agency_a, "/login/"), AGENCY_PEOPLE[role][0], extra)
        assert visited >= 3
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


def test_the_province_administrator_sees_the_console_without_console_errors_or_csp_violations(
    browser, live_server, alpha_world
):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    problems = watch(page)
    console = f"http://localhost:{urlsplit(live_server.url).port}"
    try:
        tour(page, f"{console}/login/", "tinh.sach", [f"{console}/", f"{console}/password/"])
        expect(page.get_by_role("heading").first).to_be_visible()
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
