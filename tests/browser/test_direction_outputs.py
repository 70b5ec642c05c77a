"""The printed outputs of work direction in the browser (issue 8 point 8): the director opens a directed document on a
phone and prints its Phiếu giải quyết, which shows the chain; the clerk asks for the Sổ theo dõi from the menu and
gets it from the page of its export job once the worker has made it."""

import datetime
import re

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from apps.direction import services
from apps.direction.inputs import Assignee, DirectionInput, NoteInput
from apps.documents.tests.factories import RegisteredIncomingFactory
from apps.people.access import Person
from apps.people.models import Role
from tests.browser.members import office_member
from tests.browser.pages import download, follow_menu, log_in, watch

pytestmark = pytest.mark.browser

PASSWORD = "Phieu-Giai-Quyet-2026"


@pytest.fixture
def directed(transactional_db, agency_a) -> dict:
    """Committed: a document the clerk put before the director, directed to a specialist who gave an opinion."""
    director = office_member(agency_a, "gd.phieu", "Lê Văn Giám", Role.LEADER, password=PASSWORD, post="Giám đốc")
    clerk = office_member(agency_a, "vt.phieu", "Đặng Thị Văn Thư", Role.CLERK, password=PASSWORD, post="Văn thư")
    handler = office_member(agency_a, "cv.phieu", "Trần Thị Chuyên", Role.SPECIALIST, password=PASSWORD)
    with schema_context(agency_a.schema_name):
        by_clerk, by_director = Person.for_user(clerk), Person.for_user(director)
        document = RegisteredIncomingFactory(by=by_clerk, number=12658, notation="UBND-KGVX", subject="V/v in phiếu")
        services.submit(document, director, by=by_clerk)
        due = timezone.localdate() + datetime.timedelta(days=7)
        entry = DirectionInput(text="Giao chị Chuyên dự thảo trả lời", lead=Assignee(user=handler), due_on=due)
        [part] = services.direct(document, entry, by=by_director).assignments
        services.record_note(part, NoteInput(kind="opinion", text="Đề xuất đồng ý"), by=Person.for_user(handler))
    return {"document": document, "due": due}


def test_the_director_prints_the_handling_slip_on_a_phone_and_it_shows_the_chain(
    phone, desk, agency_a, agency_url, directed, tmp_path
):
    page = phone.new_page()
    problems = watch(page, console=True)
    log_in(page, agency_url(agency_a, "/login/"), "gd.phieu", PASSWORD)
    page.goto(agency_url(agency_a, f"/documents/incoming/{directed['document'].pk}/"))
    page.get_by_role("link", name="In phiếu giải quyết").click()

    expect(page.get_by_role("heading", name="Phiếu giải quyết", exact=True)).to_be_visible()
    slip = page.locator(".handling-slip")
    for text in ("Giao chị Chuyên dự thảo trả lời", "Chủ trì", "Trần Thị Chuyên", "Đề xuất đồng ý"):
        expect(slip).to_contain_text(text)
    expect(slip).to_contain_text(f"{directed['due']:%d/%m/%Y}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    slip_url = page.url
    page.screenshot(path=tmp_path / "slip-360.png", full_page=True)
    page.goto(agency_url(agency_a, "/direction/outputs/"))
    expect(page.get_by_role("heading", name="Báo cáo, sổ theo dõi", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    office = desk.new_page()
    log_in(office, agency_url(agency_a, "/login/"), "gd.phieu", PASSWORD)
    office.goto(slip_url)
    path, name = download(office, office.get_by_role("link", name="Tải về dạng PDF"), tmp_path)
    assert path.read_bytes().startswith(b"%PDF-") and name.startswith("phieu-giai-quyet-")
    assert not problems, problems


def test_the_clerk_gets_the_tracking_book_from_its_job_page(
    desk, agency_a, agency_url, directed, celery_worker, settings, tmp_path
):
    settings.MEDIA_ROOT = celery_worker
    desk.set_default_timeout(60_000)
    expect.set_options(timeout=60_000)
    page = desk.new_page()
    problems = watch(page, failed_responses=False, console=True)
    log_in(page, agency_url(agency_a, "/login/"), "vt.phieu", PASSWORD)
    follow_menu(page, "Báo cáo, sổ theo dõi", heading="Báo cáo, sổ theo dõi")
    page.get_by_role("button", name="Tải về dạng PDF").click()

    expect(page).to_have_url(re.compile(r"/registers/print/jobs/\d+/$"))
    link = page.get_by_role("link", name=re.compile("Tải về"))
    expect(link).to_be_visible()  # swapped in by the polling once the worker is done
    path, name = download(page, link, tmp_path, "so-theo-doi.pdf")
    assert path.read_bytes().startswith(b"%PDF-") and name.endswith(".pdf")
    assert not problems, problems
