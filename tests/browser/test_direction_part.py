"""A specialist's part of a directed document, on a 360 px phone: they open the work's page, record an opinion in
the panel, see it in the chain, and mark their part done — under the CSP, without console errors and without
scrolling sideways."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from apps.direction import services
from apps.direction.inputs import Assignee
from apps.direction.models import Assignment, Note, State
from apps.direction.tests.flow import direction, submitted
from apps.people.access import Person
from apps.people.models import Position, Role
from apps.people.tests.factories import UnitFactory
from tests.browser.members import office_member
from tests.browser.pages import log_in, watch

pytestmark = pytest.mark.browser
PASSWORD = "Xu-ly-van-ban-2026"
OPINION = "Đề nghị Văn phòng tổng hợp ý kiến các phòng trước ngày 20"
WATCH_CSP = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def directed(transactional_db, agency_a) -> dict:
    """Committed: a clerk, a director and a specialist of alpha; a document submitted and directed to the
    specialist (the watermark clean-up removes them afterwards)."""
    with schema_context(agency_a.schema_name):
        UnitFactory(name="Ban Giám đốc", abbreviation="BGDXL")
        director_post = Position.objects.order_by("rank").first().name
    clerk = office_member(agency_a, "vt.xuly", "Phạm Thị Văn Thư", Role.CLERK, password=PASSWORD, post="Văn thư")
    leader = office_member(
        agency_a, "gd.xuly", "Nguyễn Văn Giám Đốc", Role.LEADER, password=PASSWORD, post=director_post, unit="BGDXL"
    )
    specialist = office_member(agency_a, "cv.xuly", "Lê Thị Chuyên Viên", Role.SPECIALIST, password=PASSWORD)
    with schema_context(agency_a.schema_name):
        document = submitted(Person.for_user(clerk), Person.for_user(leader), subject="V/v báo cáo công tác quý IV")
        due = timezone.localdate() + datetime.timedelta(days=20)
        result = services.direct(document, direction(Assignee(user=specialist), due_on=due), by=Person.for_user(leader))
    return {"work": result.work, "part": result.assignments[0]}


def test_a_specialist_records_an_opinion_and_completes_the_part_on_a_phone(
    phone, agency_a, agency_url, directed
) -> None:
    page = phone.new_page()
    page.add_init_script(WATCH_CSP)
    problems = watch(page, console=True)
    work, part = directed["work"], directed["part"]

    log_in(page, agency_url(agency_a, "/login/"), "cv.xuly", PASSWORD)
    page.goto(agency_url(agency_a, f"/direction/works/{work.pk}/"))
    expect(page.get_by_role("heading", name="V/v báo cáo công tác quý IV")).to_be_visible()
    chain = page.locator(f"#assignment-{part.pk}")
    chain.get_by_role("link", name="Ý kiến, tiến độ, kết quả").click()
    panel = page.locator("#panel")
    panel.get_by_label("Ý kiến", exact=True).check()
    panel.get_by_label("Nội dung").fill(OPINION)
    panel.get_by_role("button", name="Lưu").click()
    expect(panel).to_contain_text("Đã ghi nhận.")
    expect(page.locator(f"#assignment-{part.pk}")).to_contain_text(OPINION)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.locator(f"#assignment-{part.pk}").get_by_role("link", name="Hoàn thành phần việc").click()
    panel.get_by_role("button", name="Lưu").click()
    expect(panel).to_contain_text("Phần việc đã hoàn thành.")
    expect(page.locator(f"#assignment-{part.pk}")).to_contain_text("Hoàn thành đúng hạn")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    with schema_context(agency_a.schema_name):
        assert Note.objects.get(assignment_id=part.pk).text == OPINION
        assert Assignment.objects.get(pk=part.pk).state == State.DONE
    assert not problems, problems
