"""The leader opens "Tình hình giải quyết" from the menu at 1366 px and at 360 px: the charts are drawn from the page's
data island by the locally served Chart.js (at 1366 px), the tables carry the same figures (at 360 px, without
scrolling sideways), a figure opens the list behind it — with no console error, script error or CSP violation."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import Page, expect

from apps.direction import services
from apps.direction.inputs import Assignee, TaskInput
from apps.direction.models import Assignment
from apps.people.access import Person
from apps.people.models import Position, Role
from tests.browser.members import office_member
from tests.browser.pages import PHONE, follow_menu, log_in_and_see_home, open_menu, watch
from tests.browser.test_clean_pages import WATCH_CSP

pytestmark = pytest.mark.browser
PASSWORD = "Tinh-Hinh-2026"
WIDE = {"width": 1366, "height": 900}


@pytest.fixture
def directed_work(transactional_db, agency_a) -> None:
    """The agency's head and a specialist of the office, with three tasks: open, done on time, overdue."""
    with schema_context(agency_a.schema_name):
        head_title = Position.objects.get(rank=10).name
    director = office_member(
        agency_a, "gd.tinhhinh", "Trần Văn Tình Hình", Role.LEADER, password=PASSWORD, post=head_title
    )
    specialist = office_member(agency_a, "cv.tinhhinh", "Lê Thị Giải Quyết", Role.SPECIALIST, password=PASSWORD)
    with schema_context(agency_a.schema_name):
        leader, handler = Person.for_user(director), Person.for_user(specialist)
        due = timezone.localdate() + datetime.timedelta(days=5)
        works = [
            services.create_task(TaskInput(title=title, lead=Assignee(user=specialist), due_on=due), by=leader).work
            for title in ("Báo cáo quý", "Kế hoạch năm", "Tổng hợp số liệu")
        ]
        services.complete_work(works[1], by=handler)
        Assignment.objects.filter(work=works[2]).update(due_on=timezone.localdate() - datetime.timedelta(days=1))


def open_dashboard(page: Page, url: str, *, phone: bool) -> None:
    log_in_and_see_home(page, url, "gd.tinhhinh", PASSWORD, "Trần Văn Tình Hình")
    if phone:
        open_menu(page)
    follow_menu(page, "Tình hình giải quyết", heading="Tình hình giải quyết")


def test_the_leader_sees_charts_at_1366_px(open_context, agency_a, agency_url, directed_work) -> None:
    page = open_context(viewport=WIDE).new_page()
    page.add_init_script(WATCH_CSP)
    problems = watch(page, console=True)
    open_dashboard(page, agency_url(agency_a, "/login/"), phone=False)
    expect(page.locator("#total-received")).to_contain_text("3")
    for chart in ("series", "units"):
        canvas = page.locator(f'canvas[data-chart="{chart}"]')
        if chart == "units":
            expect(canvas).to_have_count(0)  # the tasks are led by a person: no unit chart
            continue
        expect(canvas).to_be_visible()
        assert page.evaluate("c => !!window.Chart.getChart(c)", canvas.element_handle())
    expect(page.locator("#people-table")).to_contain_text("Lê Thị Giải Quyết")
    page.locator("#total-overdue").click()
    expect(page.get_by_role("heading", name="Công việc theo số liệu")).to_be_visible()
    expect(page.locator("table.figure-rows tbody tr")).to_have_count(1)
    expect(page.locator("table.figure-rows")).to_contain_text("Tổng hợp số liệu")
    expect(page.locator("#figure-rows-count")).to_contain_text("1 phần việc")
    assert not problems, problems


def test_the_leader_reads_the_tables_at_360_px(open_context, agency_a, agency_url, directed_work) -> None:
    page = open_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.add_init_script(WATCH_CSP)
    problems = watch(page, console=True)
    open_dashboard(page, agency_url(agency_a, "/login/"), phone=True)
    expect(page.locator("#series-table")).to_be_visible()
    expect(page.locator('canvas[data-chart="series"]')).to_be_hidden()
    expect(page.locator("#people-table")).to_contain_text("Lê Thị Giải Quyết")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator("#people-table a.figure-done_on_time").click()
    expect(page.locator("table.figure-rows")).to_contain_text("Kế hoạch năm")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not problems, problems
