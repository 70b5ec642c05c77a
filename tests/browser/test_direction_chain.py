"""The whole chain of work direction in the browser (issue 8, "Tests and figures"), through the screens only: the
clerk registers an urgent (Khẩn) incoming document and submits it to the director from its page; the director, on a
360 px phone, opens the queue from the home page and directs it in one screen, giving the lead to a specialist through
the person picker with a deadline in working days; the specialist finds it first in "Việc của tôi", records an
opinion, drafts the reply from the work ("Trả lời"), links it back as the result and completes the whole work; the
director's figures ("Tình hình giải quyết") move from what they read before the direction; the printed Phiếu giải
quyết shows the chain. No script error, console error, failed answer or CSP violation on any page.

Only people, units and the register's default leader are made beforehand (committed); the document, the submission,
the direction, the notes, the draft and the completion are made by clicking. Screenshots of the key steps go
to $CHAIN_SHOTS when it is set (to look at them after changing these screens)."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from apps.direction.models import Assignment, Note, State, SubmissionRoute, Work
from apps.documents.models import IncomingDocument
from apps.documents.tests.factories import default_register
from apps.outgoing.models import Draft
from apps.people.models import Position, Role
from apps.people.tests.factories import UnitFactory
from tests.browser.members import office_member
from tests.browser.pages import choose, log_in_and_see_home, watch
from tests.browser.test_clean_pages import WATCH_CSP
from tests.browser.test_direction_leader import open_the_direction_form_from_home
from tests.browser.test_incoming_flow import open_and_fill_the_register_form

pytestmark = pytest.mark.browser

PASSWORD = "Chuoi-Dieu-Hanh-2026"
WIDE = {"width": 1366, "height": 900}
SUBJECT = "V/v khắc phục hậu quả mưa lũ tại các xã vùng cao"
DIRECTION = "Giao chị Hà chủ trì, tham mưu văn bản trả lời trước hạn."
OPINION = "Đề xuất phối hợp Sở Tài chính rà soát kinh phí hỗ trợ."
FIGURES = ("received", "open", "overdue", "done_on_time", "done_late")
LEADER, CLERK, SPECIALIST = "Hoàng Văn Điều Hành", "Đỗ Thị Vào Sổ", "Vũ Thị Thu Hà"


@pytest.fixture
def people(transactional_db, agency_a) -> dict:
    """Committed: the director (the agency's highest post, on its board, the register's default leader), a clerk
    and a specialist of the office."""
    with schema_context(agency_a.schema_name):
        UnitFactory(name="Ban Giám đốc", abbreviation="BGDCH")
        director_post = Position.objects.order_by("rank").first().name
    director = office_member(
        agency_a, "gd.chuoi", LEADER, Role.LEADER, password=PASSWORD, post=director_post, unit="BGDCH"
    )
    office_member(agency_a, "vt.chuoi", CLERK, Role.CLERK, password=PASSWORD, post="Văn thư")
    specialist = office_member(agency_a, "cv.chuoi", SPECIALIST, Role.SPECIALIST, password=PASSWORD)
    with schema_context(agency_a.schema_name):
        SubmissionRoute.objects.create(register=default_register(), leader=director)
    return {"director": director, "specialist": specialist}


def shot(page: Page, name: str) -> None:
    """A screenshot of a key step into $CHAIN_SHOTS when it is set (to look at the screens), else none."""
    folder = os.environ.get("CHAIN_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(folder) / f"{name}.png", full_page=True)


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


def clerk_registers_an_urgent_document(page: Page) -> str:
    """From the menu to the register screen, an urgent document; the address of its page."""
    open_and_fill_the_register_form(page, SUBJECT)
    page.get_by_label("Độ khẩn").select_option(label="Khẩn")
    shot(page, "01-clerk-registers")
    page.get_by_role("button", name="Vào sổ", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("Đã vào sổ văn bản đến số")
    expect(page).to_have_url(re.compile(r"/documents/incoming/\d+/$"))
    no_sideways_scroll(page)
    return page.url


def clerk_submits(page: Page, director_pk: int) -> None:
    """On the document's page, the "Xử lý" panel proposes the register's default leader and flags the urgency."""
    panel = page.locator("#handling-panel")
    expect(panel).to_contain_text("Văn bản khẩn: lãnh đạo được báo ngay.")
    expect(panel.locator("select[name=leader]")).to_have_value(str(director_pk))
    panel.get_by_label("Ghi chú cho lãnh đạo").fill("Kính trình Giám đốc cho ý kiến chỉ đạo.")
    panel.get_by_role("button", name="Trình lãnh đạo").click()
    expect(page.locator("#messages")).to_contain_text(f"Đã trình {LEADER} cho ý kiến chỉ đạo.")
    expect(page.locator("#handling-submission")).to_contain_text("Chờ ý kiến chỉ đạo")


def read_figures(page: Page, url: str) -> dict[str, int]:
    """The totals of the director's "Tình hình giải quyết" (the units and people they oversee, default period)."""
    page.goto(url)
    expect(page.get_by_role("heading", name="Tình hình giải quyết", exact=True)).to_be_visible()
    figures = {}
    for name in FIGURES:
        text = page.locator(f"#total-{name} .fs-3").inner_text()
        figures[name] = int(text.strip())
    no_sideways_scroll(page)  # the leader's full menu fits a 1366 px screen
    return figures


def leader_directs_to_the_specialist_on_a_phone(page: Page) -> None:
    """From the home page's waiting figure to the queue, then the direction form: the lead to the specialist (the
    person picker), ten working days."""
    open_the_direction_form_from_home(page, SUBJECT)
    page.get_by_label("Ý kiến chỉ đạo (bút phê)").fill(DIRECTION)
    choose(page, "Cá nhân chủ trì", "Thu Hà", SPECIALIST)
    page.locator("label[for=days-10]").tap()
    expect(page.locator("#deadline-computed")).to_contain_text("10 ngày làm việc")
    no_sideways_scroll(page)
    shot(page, "02-leader-directs-360")


def leader_records_the_direction(page: Page) -> None:
    page.get_by_role("button", name="Ghi ý kiến chỉ đạo và giao việc").click()
    expect(page.locator("#messages")).to_contain_text("Đã ghi ý kiến chỉ đạo")
    chain = page.locator(".direction-chain")
    expect(chain).to_contain_text(SPECIALIST)
    expect(chain).to_contain_text("Chủ trì")
    no_sideways_scroll(page)
    shot(page, "03-leader-directed-360")


def specialist_finds_it_first(page: Page) -> None:
    """The home page's first block is "Việc của tôi" and the document is its first row; so in the full list."""
    first_block = page.locator("#content section").first
    expect(first_block.get_by_role("heading", name="Việc của tôi")).to_be_visible()
    expect(page.locator("#home-queue li").first).to_contain_text(SUBJECT)
    shot(page, "04-specialist-home")
    page.get_by_role("link", name="Tất cả việc của tôi").click()
    expect(page.get_by_role("heading", name="Việc của tôi", exact=True)).to_be_visible()
    expect(page.locator("#queue-rows tr").first).to_contain_text(SUBJECT)
    page.locator("#queue-rows tr").first.get_by_role("link", name=SUBJECT).click()
    expect(page.get_by_role("heading", name=SUBJECT)).to_be_visible()


def record(page: Page, kind: str, *, text: str = "", reply: str = "") -> None:
    """A note on the specialist's part through the panel: an opinion, or the result with the reply linked."""
    part = page.locator(".direction-chain > li", has_text=SPECIALIST)
    part.get_by_role("link", name="Ý kiến, tiến độ, kết quả").click()
    panel = page.locator("#panel")
    panel.get_by_label(kind, exact=True).check()
    if text:
        panel.get_by_label("Nội dung", exact=True).fill(text)
    if reply:
        panel.get_by_label("Văn bản trả lời").select_option(label=reply)
    panel.get_by_role("button", name="Lưu").click()
    expect(panel).to_contain_text("Đã ghi nhận.")


def specialist_drafts_the_reply(page: Page) -> str:
    """ "Trả lời" on the work's page opens the draft form in reply to the document; saved, the draft's page."""
    page.locator("#work-actions").get_by_role("link", name="Trả lời").click()
    expect(page.get_by_role("heading", name="Soạn dự thảo")).to_be_visible()
    expect(page.locator("#content .alert-info")).to_contain_text("12658/UBND-KGVX")
    subject = page.get_by_label("Trích yếu")
    expect(subject).to_have_value(re.compile(r"^Trả lời văn bản 12658/UBND-KGVX: "))
    subject.fill("V/v báo cáo khắc phục hậu quả mưa lũ")
    page.get_by_label("Loại văn bản").select_option(label="Công văn")
    shot(page, "06-specialist-drafts-the-reply")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("#messages")).to_contain_text("Đã lưu dự thảo phiên bản 1.")
    expect(page.locator("#in-reply-to")).to_contain_text(SUBJECT)
    return "V/v báo cáo khắc phục hậu quả mưa lũ"


def back_to_the_work(page: Page) -> None:
    """From the draft to the document it answers, and from its "Xử lý" panel to the work."""
    page.locator("#in-reply-to").get_by_role("link").click()
    page.locator("#handling-panel").get_by_role("link", name="Mở công việc").click()
    expect(page.get_by_role("heading", name=SUBJECT)).to_be_visible()


def specialist_completes(page: Page, draft_subject: str) -> None:
    record(page, "Kết quả", text="Đã dự thảo văn bản trả lời.", reply=draft_subject)
    part = page.locator(".direction-chain > li", has_text=SPECIALIST)
    expect(part).to_contain_text(f"Văn bản trả lời: {draft_subject}")
    page.locator("#work-actions").get_by_role("link", name="Hoàn thành toàn bộ").click()
    panel = page.locator("#panel")
    panel.get_by_role("button", name="Lưu").click()
    expect(panel).to_contain_text("Công việc đã hoàn thành.")
    expect(part).to_contain_text("Hoàn thành đúng hạn")
    shot(page, "07-specialist-completed")


def the_slip_shows_the_chain(page: Page, document_url: str, due: datetime.date) -> None:
    page.goto(document_url)
    page.get_by_role("link", name="In phiếu giải quyết").click()
    expect(page.get_by_role("heading", name="Phiếu giải quyết", exact=True)).to_be_visible()
    slip = page.locator(".handling-slip")
    for text in (DIRECTION, "Chủ trì", SPECIALIST, OPINION, f"{due:%d/%m/%Y}"):
        expect(slip).to_contain_text(text)
    shot(page, "09-the-slip")


def test_the_whole_chain_from_registration_to_completion(people, open_context, phone, agency_a, agency_url) -> None:
    problems: list[str] = []

    def page_of(context, username: str, full_name: str) -> Page:
        page = context.new_page()
        page.add_init_script(WATCH_CSP)
        watch(page, console=True, problems=problems)
        log_in_and_see_home(page, agency_url(agency_a, "/login/"), username, PASSWORD, full_name)
        return page

    clerk = page_of(open_context(viewport=WIDE), "vt.chuoi", CLERK)
    document_url = clerk_registers_an_urgent_document(clerk)
    clerk_submits(clerk, people["director"].pk)

    leader = page_of(phone, "gd.chuoi", LEADER)
    leader_directs_to_the_specialist_on_a_phone(leader)
    office = page_of(open_context(viewport=WIDE), "gd.chuoi", LEADER)
    dashboard = agency_url(agency_a, "/direction/dashboard/")
    before = read_figures(office, dashboard)
    leader_records_the_direction(leader)
    directed = read_figures(office, dashboard)
    assert directed == {**before, "received": before["received"] + 1, "open": before["open"] + 1}

    specialist = page_of(open_context(viewport=WIDE), "cv.chuoi", SPECIALIST)
    specialist_finds_it_first(specialist)
    record(specialist, "Ý kiến", text=OPINION)
    expect(specialist.locator(".direction-chain")).to_contain_text(OPINION)
    shot(specialist, "05-specialist-opinion")
    draft_subject = specialist_drafts_the_reply(specialist)
    back_to_the_work(specialist)
    specialist_completes(specialist, draft_subject)

    after = read_figures(office, dashboard)
    shot(office, "08-dashboard-after")
    assert after == {**before, "received": before["received"] + 1, "done_on_time": before["done_on_time"] + 1}
    with schema_context(agency_a.schema_name):
        work = Work.objects.get(document__subject=SUBJECT)
        assert work.state == State.DONE and work.direction == DIRECTION
        assert work.document.status == IncomingDocument.Status.DONE
        [lead] = Assignment.objects.filter(work=work)
        assert (lead.role, lead.user_id, lead.state) == (Assignment.Role.LEAD, people["specialist"].pk, State.DONE)
        assert list(Note.objects.filter(assignment=lead).values_list("kind", flat=True).order_by("id")) == [
            "opinion",
            "result",
        ]
        assert Draft.objects.get(in_reply_to=work.document).subject == draft_subject
        due = work.due_on
    assert due > timezone.localdate()
    the_slip_shows_the_chain(office, document_url, due)
    assert not problems, problems
