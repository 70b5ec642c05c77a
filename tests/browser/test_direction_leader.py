"""The leader's side of work direction in the browser: the clerk submits an urgent document from its page (the
register's default leader proposed, the urgency flagged); the director, on a 360 px phone, opens the waiting figure
of the home page, finds it first in "Văn bản chờ ý kiến chỉ đạo", directs it in one screen with a tap per unit and a
deadline in working days, and lands on the work with its chain. No script error, console error or CSP violation."""

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from apps.direction.models import SubmissionRoute
from apps.documents.tests.factories import RegisteredIncomingFactory, default_register
from apps.people.access import Person
from apps.people.models import Position, Role
from apps.people.tests.factories import UnitFactory
from apps.registers.models import Urgency
from tests.browser.members import office_member
from tests.browser.pages import DESK, log_in, watch

pytestmark = pytest.mark.browser

PASSWORD = "Chi-dao-Dieu-hanh-2026"
SUBJECT = "V/v triển khai phòng chống bão số 15 trên địa bàn tỉnh"
DIRECTION = "Giao Phòng Tổng hợp chủ trì, Văn phòng phối hợp, báo cáo kết quả."


def board_and_unit(agency) -> tuple[str, object]:
    """The director's board (the highest post sits there) and the unit the director gives the lead to."""
    with schema_context(agency.schema_name):
        UnitFactory(name="Ban Giám đốc", abbreviation="BGDCD")
        return Position.objects.order_by("rank").first().name, UnitFactory(name="Phòng Tổng hợp", abbreviation="PTHCD")


@pytest.fixture
def scene(transactional_db, agency_a) -> dict:
    """Committed: a clerk, the director (the register's default leader), a unit to lead, an urgent document."""
    director_post, lead_unit = board_and_unit(agency_a)
    director = office_member(
        agency_a, "gd.chidao", "Nguyễn Văn Chỉ Đạo", Role.LEADER, password=PASSWORD, post=director_post, unit="BGDCD"
    )
    clerk = office_member(agency_a, "vt.trinh", "Phạm Thị Trình", Role.CLERK, password=PASSWORD, post="Văn thư")
    with schema_context(agency_a.schema_name):
        SubmissionRoute.objects.create(register=default_register(), leader=director)
        document = RegisteredIncomingFactory(by=Person.for_user(clerk), urgency=Urgency.URGENT, subject=SUBJECT)
    return {"document": document, "unit": lead_unit, "director": director}


def clerk_submits(page: Page, url: str, director_pk: int) -> None:
    page.goto(url)
    panel = page.locator("#handling-panel")
    expect(panel).to_contain_text("Văn bản khẩn: lãnh đạo được báo ngay.")
    expect(panel.locator("select[name=leader]")).to_have_value(str(director_pk))
    panel.get_by_label("Ghi chú cho lãnh đạo").fill("Bão số 15 đổ bộ, kính trình Giám đốc.")
    panel.get_by_role("button", name="Trình lãnh đạo").click()
    expect(page.locator("#messages")).to_contain_text("Đã trình Nguyễn Văn Chỉ Đạo cho ý kiến chỉ đạo.")
    expect(page.locator("#handling-submission")).to_contain_text("Chờ ý kiến chỉ đạo")


def open_the_direction_form_from_home(page: Page, subject: str) -> None:
    """The home page's waiting figure opens the queue, where the urgent document comes first; then its form."""
    page.get_by_role("link", name="1 văn bản đang chờ").click()
    expect(page.get_by_role("heading", name="Văn bản chờ ý kiến chỉ đạo")).to_be_visible()
    row = page.locator("#queue-table tbody tr").first
    expect(row).to_contain_text(subject)
    expect(row).to_contain_text("Khẩn")
    row.get_by_role("link", name="Cho ý kiến chỉ đạo").click()
    expect(page.get_by_role("heading", name="Cho ý kiến chỉ đạo văn bản")).to_be_visible()


def leader_directs_on_a_phone(page: Page, unit) -> None:
    open_the_direction_form_from_home(page, SUBJECT)
    page.get_by_label("Ý kiến chỉ đạo (bút phê)").fill(DIRECTION)
    page.locator(f"#unit-{unit.pk}").get_by_text("Chủ trì", exact=True).tap()
    office = page.locator("li[data-unit-row]", has_text="Văn phòng")
    office.get_by_text("Phối hợp", exact=True).tap()
    page.locator("label[for=days-10]").tap()
    expect(page.locator("#deadline-computed")).to_contain_text("10 ngày làm việc")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 360, f"the direction form is {width} px wide on a 360 px phone"
    page.get_by_role("button", name="Ghi ý kiến chỉ đạo và giao việc").click()
    expect(page.locator("#messages")).to_contain_text("Đã ghi ý kiến chỉ đạo")
    chain = page.locator(".direction-chain")
    expect(chain).to_contain_text("Phòng Tổng hợp")
    expect(chain).to_contain_text("Văn phòng")


def test_a_clerk_submits_an_urgent_document_and_the_director_directs_it_on_a_phone(
    scene, open_context, phone, agency_a, agency_url
):
    problems: list[str] = []
    desk = open_context(viewport=DESK)
    clerk_page = desk.new_page()
    watch(clerk_page, console=True, problems=problems)
    log_in(clerk_page, agency_url(agency_a), "vt.trinh", PASSWORD)
    document_url = agency_url(agency_a, f"/documents/incoming/{scene['document'].pk}/")
    clerk_submits(clerk_page, document_url, scene["director"].pk)
    leader_page = phone.new_page()
    watch(leader_page, console=True, problems=problems)
    log_in(leader_page, agency_url(agency_a), "gd.chidao", PASSWORD)
    leader_directs_on_a_phone(leader_page, scene["unit"])
    assert problems == []
