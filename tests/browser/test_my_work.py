"""A specialist, on a 360 px phone and at 1366 px, opens the home page — "Việc của tôi" first, the most urgent
work on top — sees the count of what waits in the header (and htmx's refresh of it keeps it), and opens "Việc của
tôi" from the menu, its tabs and the work's page, with no console error, no CSP violation and no sideways scroll."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from apps.direction import services
from apps.direction.inputs import Assignee, TaskInput
from apps.people.access import Person
from apps.people.models import Role
from apps.registers.models import Urgency
from tests.browser.members import office_member
from tests.browser.pages import PHONE, choose, follow_menu, log_in_and_see_home, open_menu, watch

pytestmark = pytest.mark.browser

PASSWORD = "Viec-cua-toi-2026"
NAME = "Đỗ Thị Chuyên Viên"
URGENT = "Báo cáo khẩn tình hình bão lũ"
LATER = "Rà soát thủ tục hành chính quý I"
WIDE = {"width": 1366, "height": 900}
# CSP violations reported by the page itself (Chromium also logs them as console errors).
WATCH_CSP = """document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " " + (event.blockedURI || "inline"));
});"""


@pytest.fixture
def specialist_with_work(transactional_db, agency_a) -> object:
    """A committed specialist of alpha with two tasks from a leader: an urgent one due soon, another later."""
    leader = office_member(agency_a, "ld.viectoi", "Trần Văn Giao Việc", Role.LEADER, password=PASSWORD)
    user = office_member(agency_a, "cv.viectoi", NAME, Role.SPECIALIST, password=PASSWORD)
    today = timezone.localdate()
    with schema_context(agency_a.schema_name):
        giver = Person.for_user(leader)
        for title, due, urgency in ((LATER, 30, Urgency.NONE), (URGENT, 3, Urgency.URGENT)):
            entry = TaskInput(
                title=title, lead=Assignee(user=user), due_on=today + datetime.timedelta(days=due), urgency=urgency
            )
            services.create_task(entry, by=giver)
    return user


def see_home_then_my_work(page: Page, login_url: str, *, phone: bool) -> None:
    log_in_and_see_home(page, login_url, "cv.viectoi", PASSWORD, NAME)
    block = page.locator(".my-work-block")
    expect(block).to_be_visible()
    expect(block.locator("#home-queue li").first).to_contain_text(URGENT)
    badge = page.locator("#header-badge-list-check")
    expect(badge).to_have_text("2 việc chờ đồng chí xử lý")
    # htmx's poll, asked now rather than in a minute: the badge comes back with its count and keeps polling.
    page.evaluate("htmx.ajax('GET', '/direction/mine/badge/', {target: '#header-badge-list-check', swap: 'outerHTML'})")
    expect(badge).to_have_attribute("hx-trigger", "every 60s")
    expect(badge).to_have_text("2 việc chờ đồng chí xử lý")
    if phone:
        open_menu(page)
    follow_menu(page, "Việc của tôi", heading="Việc của tôi")
    rows = page.locator("#queue-rows tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(URGENT)
    page.locator("#tab-done").click()
    expect(page.locator("#tab-done")).to_have_attribute("aria-current", "page")
    expect(page.locator("#my-work")).to_contain_text("Chưa có việc nào đã xong.")
    page.locator("#tab-todo").click()
    expect(rows).to_have_count(2)
    rows.first.get_by_role("link", name=URGENT).click()
    expect(page.get_by_role("heading", name=URGENT)).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["360px", "1366px"])
def test_the_specialist_sees_their_work_first_without_errors(
    open_context, agency_a, agency_url, specialist_with_work, viewport
):
    phone = viewport["width"] == PHONE["width"]
    context = open_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.add_init_script(WATCH_CSP)
    problems = watch(page, console=True)
    see_home_then_my_work(page, agency_url(agency_a, "/login/"), phone=phone)
    page.go_back()
    expect(page.get_by_role("heading", name="Việc của tôi")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.goto(agency_url(agency_a, "/"))
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert problems == [], "\n".join(problems)


def test_the_leader_delegates_on_a_phone_and_an_overlap_is_refused(phone, agency_a, agency_url, specialist_with_work):
    page = phone.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.add_init_script(WATCH_CSP)
    problems = watch(page, console=True, failed_responses=False)
    log_in_and_see_home(page, agency_url(agency_a, "/login/"), "ld.viectoi", PASSWORD, "Trần Văn Giao Việc")
    open_menu(page)
    follow_menu(page, "Ủy quyền", heading="Ủy quyền")
    last = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    for attempt in ("saved", "overlap"):
        page.get_by_role("link", name="Ủy quyền chỉ đạo").click()
        panel = page.locator("#panel")
        choose(panel, "Người được ủy quyền", "Chuyên Viên", NAME)
        panel.get_by_label("Từ ngày").fill(timezone.localdate().strftime("%d/%m/%Y"))
        panel.get_by_label("Đến hết ngày").fill(last)
        panel.get_by_label("Lý do").fill("Nghỉ phép năm")
        panel.get_by_role("button", name="Lưu").click()
        if attempt == "saved":
            expect(panel).to_contain_text(f"{NAME} được ủy quyền thay đồng chí")
            expect(page.locator("#delegations-active")).to_contain_text(NAME)
        else:
            expect(panel).to_contain_text("Trùng thời gian với một ủy quyền khác của đồng chí.")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator("#delegations-active").get_by_role("button", name="Kết thúc ngay").click()
    expect(page.locator("#delegations-past")).to_contain_text(NAME)
    # The refused form answers 400 on purpose (Chromium logs it); nothing else may go wrong.
    refused = [p for p in problems if "status of 400" in p]
    assert len(refused) == 1 and len(problems) == 1, "\n".join(problems)
