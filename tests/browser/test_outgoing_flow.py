"""An outgoing document from draft to number, in the browser: a specialist drafts a công văn with its file and
submits it; the head of the office approves the content on a phone; the clerk checks the format; the director
approves it on a phone; the clerk issues it, sees the register's next number (``NN/SAL-VP``) and finds the document in
the issued list by an accent-free search and by its number."""

import re

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from apps.documents.models import IntakeState, StoredFile
from apps.documents.tests.factories import settled
from apps.people.models import Position, Role
from apps.people.tests.factories import UnitFactory
from apps.registers.models import Register, RegisterCounter
from ocr.tests.files import born_digital_pdf
from tests.browser.members import office_member
from tests.browser.pages import DESK, choose, follow_menu, log_in, open_menu, search_list, watch

pytestmark = pytest.mark.browser

PASSWORD = "Van-ban-di-2026"
SUBJECT = "V/v tổ chức hội nghị tổng kết công tác văn thư năm 2026"


@pytest.fixture
def people(transactional_db, agency_a) -> dict:
    """Committed people of alpha's office (VP) and its director, in a board of their own."""
    with schema_context(agency_a.schema_name):
        UnitFactory(name="Ban Giám đốc", abbreviation="BGDTD")
        director_post = Position.objects.order_by("rank").first().name
    office = [
        ("drafter", "cv.duthao", "Lê Thị Dự Thảo", "Chuyên viên", Role.SPECIALIST),
        ("head", "cvp.duyet", "Trần Văn Chánh", "Chánh Văn phòng", Role.LEADER),
        ("clerk", "vt.phathanh", "Phạm Thị Văn Thư", "Văn thư", Role.CLERK),
    ]
    people = {key: office_member(agency_a, u, n, r, password=PASSWORD, post=p) for key, u, n, p, r in office}
    people["signer"] = office_member(
        agency_a, "gd.ky", "Nguyễn Văn Giám Đốc", Role.LEADER, password=PASSWORD, post=director_post, unit="BGDTD"
    )
    return people


def expected_number(agency) -> str:
    """The register's next number this year, as the page writes it (leading zero below 10)."""
    with schema_context(agency.schema_name):
        register = Register.objects.filter(kind=Register.Kind.OUTGOING, is_active=True).order_by("order").first()
        counter = RegisterCounter.objects.filter(register=register, year=timezone.localdate().year).first()
    return f"{(counter.last_number if counter else 0) + 1:02d}/SAL-VP"


def open_waiting_draft(page: Page) -> None:
    """From the home page: the count of drafts waiting, then the draft itself."""
    waiting = page.locator(".outgoing-waiting")
    expect(waiting).to_contain_text("1 dự thảo chờ bạn xử lý")
    waiting.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Chờ tôi xử lý")).to_be_visible()
    page.get_by_role("link", name=SUBJECT).first.click()
    expect(page.get_by_role("heading", name=SUBJECT)).to_be_visible()


def draft_and_submit(page: Page, login: str, signer: str) -> str:
    """The specialist drafts the công văn with its file and submits it; the draft's address."""
    log_in(page, login, "cv.duthao", PASSWORD)
    follow_menu(page, "Văn bản đi")
    page.get_by_role("link", name="Soạn dự thảo").click()
    page.get_by_label("Loại văn bản").select_option(label="Công văn")
    page.get_by_label("Trích yếu").fill(SUBJECT)
    choose(page, "Người ký", signer, signer)
    choose(page, "Đơn vị trong cơ quan", "van phong", "Văn phòng")
    page.get_by_label("Nơi nhận khác").fill("Như trên")
    page.get_by_label("Tệp đính kèm").set_input_files(
        files=[{"name": "du-thao-cong-van.pdf", "mimeType": "application/pdf", "buffer": born_digital_pdf()}]
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#messages")).to_contain_text("Đã lưu dự thảo phiên bản 1.")
    expect(page.locator("#content")).to_contain_text("du-thao-cong-van.pdf")
    page.get_by_role("button", name="Trình duyệt nội dung").click()
    expect(page.locator("#draft .state-content_review")).to_be_visible()
    expect(page.locator("#messages")).to_contain_text("duyệt nội dung.")  # "Đã trình <the reviewer> duyệt nội dung."
    return page.url


def decide(page: Page, login: str, username: str, button: str, state: str, comment: str = "") -> None:
    """A reviewer logs in, opens the draft waiting for them from the home page, decides, and the draft moves on."""
    page.context.clear_cookies()
    log_in(page, login, username, PASSWORD)
    open_waiting_draft(page)
    if comment:
        page.get_by_label("Ý kiến").fill(comment)
    page.get_by_role("button", name=button).click()
    expect(page.locator(f"#draft .state-{state}")).to_be_visible()


def issue(page: Page, draft_url: str, number: str) -> None:
    """The clerk issues it: the register's next number, shown on the page and in the audit trail."""
    page.goto(draft_url)
    expect(page.get_by_label("Sổ văn bản")).to_have_value(re.compile(r"\d+"))
    page.get_by_role("button", name="Cấp số và phát hành").click()
    expect(page.locator("#issued-number")).to_have_text(number)
    expect(page.locator("#messages")).to_contain_text(f"Đã phát hành văn bản số {number}")
    expect(page.locator("#audit-trail")).to_contain_text("Cấp số và phát hành")


def find_in_the_issued_list(page: Page, number: str) -> None:
    """In the issued list; searched as one types, without accents, or by the number as written."""
    follow_menu(page, "Văn bản đi")
    page.get_by_role("link", name="Đã phát hành").click()
    expect(page.locator("#issued-table")).to_contain_text(number)
    expect(page.locator("#issued-table")).to_contain_text(SUBJECT)
    rows = page.locator("#issued-table tbody tr")
    search_list(page, "hoi nghi tong ket van thu", rows, 1)
    expect(page).to_have_url(re.compile(r"/outgoing/issued/\?q=hoi(\+|%20)nghi(\+|%20)tong"))
    expect(page.locator("#issued-count")).to_have_text("1 văn bản")
    page.get_by_role("searchbox").fill("khong co van ban nay")
    expect(page.locator("#issued-table")).to_contain_text("Không có văn bản nào phù hợp")
    search_list(page, number, rows, 1)


def test_a_draft_is_reviewed_approved_and_issued_with_the_next_number(
    desk, phone, open_context, agency_a, agency_url, people, celery_worker, settings
):
    settings.MEDIA_ROOT = celery_worker  # the web server and the intake workers share the agency's files
    number = expected_number(agency_a)
    login = agency_url(agency_a, "/login/")
    drafter, mobile, clerk = desk.new_page(), phone.new_page(), open_context(viewport=DESK).new_page()
    problems = watch(drafter)
    for page in (mobile, clerk):
        watch(page, problems=problems)

    draft_url = draft_and_submit(drafter, login, people["signer"].full_name)
    # The head of the office approves the content, on a phone.
    decide(mobile, login, "cvp.duyet", "Đồng ý", "format_check", comment="Đồng ý nội dung.")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 360
    decide(clerk, login, "vt.phathanh", "Đồng ý", "awaiting_approval")  # the clerk checks the format
    decide(mobile, login, "gd.ky", "Duyệt ký", "approved")  # the director, on a phone (a fresh session)
    with schema_context(agency_a.schema_name):
        assert settled(*StoredFile.objects.all()) == [IntakeState.READY]  # the intake workers, after the commit
    issue(clerk, draft_url, number)
    find_in_the_issued_list(clerk, number)
    # The drafter sees the number on their draft too.
    drafter.goto(draft_url)
    expect(drafter.locator("#issued-number")).to_have_text(number)

    assert not problems, problems


def test_the_menu_is_reached_through_the_collapsed_toggler_on_a_phone(phone, agency_a, agency_url, people):
    page = phone.new_page()
    log_in(page, agency_url(agency_a, "/login/"), "cv.duthao", PASSWORD)
    open_menu(page)
    page.locator("#nav").get_by_role("link", name="Văn bản đi").click()
    expect(page.get_by_role("heading", name="Dự thảo của tôi")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
