"""On a 360 px phone, a clerk registers an incoming document with the pickers alone, from the keyboard: the issuer
found by the abbreviation typed (``UBND tinh``) fills its agency code, a unit and a person are picked as
recipients, and the page never scrolls sideways. It runs under a policy with scripts and styles from 'self' only
(tom-select sets no inline style such a policy blocks): no script error, no CSP violation, no failed request."""

import datetime
from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from apps.documents.models import IncomingDocument
from apps.people.models import Membership, Position, Role, Unit
from province.directory.models import DirectoryEntry
from tests.browser.pages import choose, log_in

pytestmark = pytest.mark.browser

PASSWORD = "Chon-Nhanh-2026"


@pytest.fixture
def clerk_and_reader(transactional_db, agency_a, settings, tmp_path) -> Iterator[tuple[object, object]]:
    """A committed clerk and a specialist of alpha, and the province's committee in the directory (removed after
    the test by the watermark clean-up, tests/support/committed.py)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    users = get_user_model().objects
    clerk = users.create_user("vt.chon", full_name="Lý Thị Chọn", password=PASSWORD)
    reader = users.create_user("cv.doc", full_name="Đinh Thị Lan", password=PASSWORD)
    DirectoryEntry.objects.create(code_102="000.00.00.H19", name="Ủy ban nhân dân tỉnh Đồng Nai")
    DirectoryEntry.objects.create(code_102="000.00.01.H19", name="Văn phòng Ủy ban nhân dân tỉnh Đồng Nai")
    with schema_context(agency_a.schema_name):
        office, post = Unit.objects.get(abbreviation="VP"), Position.objects.get(name="Chuyên viên")
        Membership.objects.create(user=clerk, unit=office, position=post, roles=[Role.CLERK])
        Membership.objects.create(user=reader, unit=office, position=post, roles=[Role.SPECIALIST])
    yield clerk, reader


def test_a_clerk_registers_with_the_pickers_on_a_phone_from_the_keyboard(phone, agency_a, agency_url, clerk_and_reader):
    _clerk, reader = clerk_and_reader
    page = phone.new_page()
    # The pages carry the real Content-Security-Policy (apps.core.security): the pickers must work under it.
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    log_in(page, agency_url(agency_a, "/login/"), "vt.chon", PASSWORD)
    expect(page.get_by_role("heading", name="Xin chào, Lý Thị Chọn")).to_be_visible()
    page.goto(agency_url(agency_a, "/documents/incoming/register/"))

    # The issuer picker has the focus; "UBND tinh" finds the committee, Enter picks it and its code follows.
    expect(page.get_by_role("combobox", name="Cơ quan ban hành")).to_be_focused()
    choose(page, "Cơ quan ban hành", "UBND tinh", "Ủy ban nhân dân tỉnh Đồng Nai")
    expect(page.locator("#id_issuer_code")).to_have_value("000.00.00.H19")
    expect(page.locator("#group-issuer_name .ts-control .item")).to_have_text("Ủy ban nhân dân tỉnh Đồng Nai")
    # The control keeps its height whether it has the focus or not: nothing moves under the next tap.
    focused = page.locator("#group-issuer_name .ts-control").bounding_box()["height"]

    issued = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    page.get_by_label("Số", exact=True).fill("15")
    assert page.locator("#group-issuer_name .ts-control").bounding_box()["height"] == focused
    page.get_by_label("Ký hiệu", exact=True).fill("UBND-VP")
    page.get_by_label("Ngày tháng văn bản").fill(issued)
    page.get_by_label("Loại văn bản").select_option(label="Công văn")
    page.get_by_label("Trích yếu").fill("V/v chọn người nhận trên điện thoại")

    # Recipients: the office among the units (filtered on the page), the specialist searched by name without accents.
    choose(page, "Đơn vị nhận", "van phong", "Văn phòng")
    choose(page, "Cá nhân nhận", "dinh thi lan", "Đinh Thị Lan")
    expect(page.locator("#group-recipient_users .ts-control .item")).to_contain_text("Đinh Thị Lan")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways: {width}px"
    page.get_by_role("button", name="Vào sổ", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("Đã vào sổ văn bản đến số 01")
    assert not problems, problems

    with schema_context(agency_a.schema_name):
        document = IncomingDocument.objects.get()
        recipients = {(r.unit and r.unit.abbreviation, r.user_id) for r in document.recipients.all()}
    assert (document.issuer_name, document.issuer_code) == ("Ủy ban nhân dân tỉnh Đồng Nai", "000.00.00.H19")
    assert recipients == {("VP", None), (None, reader.pk)}
