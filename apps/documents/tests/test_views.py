"""The incoming-document screens: list with filters and search, the clerk's registration form, a document's page
with its trail, file downloads (access checked, never a MEDIA url) and the home sections."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core import registry
from apps.core.tests.utils import assert_keeps_the_sort, htmx
from apps.documents.models import IncomingDocument
from apps.documents.tests.factories import (
    RegisteredIncomingFactory,
    cong_van,
    default_register,
    make_person,
    through_intake,
)
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from apps.registers.models import Secrecy, Urgency
from ocr.tests.files import born_digital_pdf
from province.directory.models import DirectoryEntry

LIST = "/documents/incoming/"
REGISTER = "/documents/incoming/register/"
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def form(**overrides) -> dict:
    data = {
        "register": default_register().pk,
        "issuer_name": "Ủy ban nhân dân tỉnh Đồng Nai",
        "number": "12658",
        "notation": "UBND-KGVX",
        "issued_date": YESTERDAY.strftime("%d/%m/%Y"),
        "document_type": cong_van().pk,
        "subject": "Về việc báo cáo tình hình chuyển đổi số",
        "urgency": "none",
        "secrecy": "none",
    }
    return {**data, **overrides}


def rows(response) -> list[str]:
    return re.findall(r'class="incoming-subject">([^<]*)<', response.content.decode())


# ---- the list ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_what_the_person_may_see_newest_arrival_first(alpha, api_as):
    clerk, unit = make_person(Role.CLERK), UnitFactory()
    first = RegisteredIncomingFactory(by=clerk, subject="V/v thứ nhất", recipient_units=[unit])
    second = RegisteredIncomingFactory(by=clerk, subject="V/v thứ hai")
    response = api_as(alpha, clerk).get(LIST)
    assert response.status_code == 200
    assert rows(response) == [second.subject, first.subject]
    assert "Vào sổ văn bản đến" in response.content.decode()
    assert rows(api_as(alpha, make_person(Role.LEADER)).get(LIST)) == [second.subject, first.subject]
    assert rows(api_as(alpha, make_person(Role.SPECIALIST, unit=unit)).get(LIST)) == [first.subject]
    assert rows(api_as(alpha, make_person(Role.SPECIALIST)).get(LIST)) == []


@pytest.mark.django_db
def test_search_as_you_type_returns_the_table_alone_found_without_accents(alpha, api_as):
    clerk = make_person(Role.CLERK)
    wanted = RegisteredIncomingFactory(by=clerk, subject="Về việc báo cáo tình hình quý III")
    RegisteredIncomingFactory(by=clerk, subject="V/v mời họp")
    response = api_as(alpha, clerk).get(LIST, {"q": "bao cao tinh hinh"}, **htmx("incoming-table"))
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert rows(response) == [wanted.subject]
    assert 'hx-get="/documents/incoming/count/?q=bao+cao+tinh+hinh"' in html
    assert "HX-Request" in response["Vary"]
    count = api_as(alpha, clerk).get("/documents/incoming/count/", {"q": "bao cao tinh hinh"}, **htmx("incoming-count"))
    assert ">1 văn bản<" in count.content.decode()


@pytest.mark.django_db
def test_the_list_filters_sorts_and_keeps_the_sort_in_its_links(alpha, api_as):
    clerk = make_person(Role.CLERK)
    old = RegisteredIncomingFactory(by=clerk, subject="V/v cũ", issued_date=YESTERDAY - datetime.timedelta(days=5))
    urgent = RegisteredIncomingFactory(by=clerk, subject="V/v hỏa tốc", urgency=Urgency.FLASH)
    client = api_as(alpha, clerk)
    assert rows(client.get(LIST, {"urgency": "flash"})) == [urgent.subject]
    by_date = client.get(LIST, {"ordering": "issued"})
    assert rows(by_date) == [old.subject, urgent.subject]
    assert_keeps_the_sort(by_date, "issued")


@pytest.mark.django_db
def test_a_wrong_date_filter_is_explained_and_ignored(alpha, api_as):
    clerk = make_person(Role.CLERK)
    RegisteredIncomingFactory(by=clerk)
    response = api_as(alpha, clerk).get(LIST, {"arrival_from": "32/13/2026"})
    html = response.content.decode()
    assert response.status_code == 200 and len(rows(response)) == 1
    assert "Đến từ ngày" in html and "Bộ lọc này chưa được áp dụng" in html


@pytest.mark.django_db
def test_the_list_is_paginated_with_a_count_that_stops_at_the_cap(alpha, api_as, monkeypatch):
    from apps.core import paging

    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    monkeypatch.setattr("apps.documents.views.IncomingList.page_size", 2)
    clerk = make_person(Role.CLERK)
    for i in range(5):
        RegisteredIncomingFactory(by=clerk, subject=f"V/v số {i}")
    client = api_as(alpha, clerk)
    assert "Hơn 3 văn bản" in client.get("/documents/incoming/count/").content.decode()
    first = client.get(LIST).content.decode()
    assert "Văn bản 1–2" in first and "page=2" in first
    second = client.get(LIST, {"page": 2})
    assert rows(second) == ["V/v số 2", "V/v số 1"]
    # Pages stop at the one holding the capped count's last row; a wrong number gives the first page.
    assert rows(client.get(LIST, {"page": 9})) == ["V/v số 2", "V/v số 1"]
    assert rows(client.get(LIST, {"page": "x"})) == ["V/v số 4", "V/v số 3"]


@pytest.mark.django_db
def test_the_list_takes_the_same_number_of_queries_for_3_or_12_documents(alpha, api_as):
    clerk = make_person(Role.CLERK)
    units = [UnitFactory(), UnitFactory()]
    client = api_as(alpha, clerk)

    def add(n: int) -> None:
        for i in range(n):
            RegisteredIncomingFactory(
                by=clerk,
                recipient_units=units,
                files=[SimpleUploadedFile(f"f{i}.pdf", f"%PDF {i} {n}".encode(), "application/pdf")],
            )

    def queries(url: str = LIST, **params) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params)
        assert response.status_code == 200
        return len([q for q in captured.captured_queries if not q["sql"].startswith("SET search_path")])

    add(3)
    few, few_search = queries(), queries(q="trien khai", ordering="issuer")
    few_count = queries("/documents/incoming/count/", q="trien khai")
    add(9)
    assert queries() == few
    assert queries(q="trien khai", ordering="issuer") == few_search
    assert queries("/documents/incoming/count/", q="trien khai") == few_count
    # Session, user, memberships, clearance, the page's ids and rows, files, the filter form's registers and types,
    # the bell, the menu providers.
    assert few <= 16, f"{few} queries for the incoming list"
    # Host, session, user, membership checks (2), memberships, clearance, the capped count: no menu, no bell.
    assert few_count <= 8, f"{few_count} queries for the incoming count"


# ---- registration -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_clerk_registers_a_document_with_a_file_and_lands_on_its_page(alpha, api_as, media_root):
    clerk, unit = make_person(Role.CLERK), UnitFactory()
    client = api_as(alpha, clerk)
    page = client.get(REGISTER)
    assert page.status_code == 200 and 'name="issuer_name"' in page.content.decode()
    upload = SimpleUploadedFile("Công văn 12658.pdf", b"%PDF-1.7 noi dung", "application/pdf")
    response = client.post(REGISTER, {**form(recipient_units=[unit.pk], page_count="3"), "files": [upload]})
    document = IncomingDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{LIST}{document.pk}/"
    assert (document.number, document.notation, document.page_count) == (12658, "UBND-KGVX", 3)
    client.post(REGISTER, form(number="45", notation="TTr-UBND"))
    assert IncomingDocument.objects.get(number=45).notation == "TTr-UBND"  # mixed case kept
    assert document.issued_date == YESTERDAY
    assert [f.name for f in document.files.all()] == ["Công văn 12658.pdf"]
    assert list(document.recipients.values_list("unit_id", flat=True)) == [unit.pk]
    detail = client.get(response["Location"]).content.decode()
    assert "Đã vào sổ văn bản đến số 01" in detail


@pytest.mark.django_db
def test_wrong_input_gets_vietnamese_errors_on_the_fields_and_nothing_is_saved(alpha, api_as):
    client = api_as(alpha, make_person(Role.CLERK))
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(REGISTER, form(issued_date=tomorrow, notation="UBND KGVX", subject="", issuer_name=""))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Văn bản chưa được vào sổ" in html
    assert html.count("is-invalid") >= 2
    assert "Trường này là bắt buộc." in html
    assert not IncomingDocument.objects.exists()
    again = client.post(REGISTER, form(issued_date=tomorrow, notation="UBND KGVX"))
    text = again.content.decode()
    assert "Ngày của văn bản không được sau ngày hôm nay." in text
    assert "Ký hiệu không đúng định dạng" in text
    assert not IncomingDocument.objects.exists()


@pytest.mark.django_db
def test_a_duplicate_is_warned_while_typing_and_again_after_saving_but_not_refused(alpha, api_as):
    clerk = make_person(Role.CLERK)
    client = api_as(alpha, clerk)
    assert client.post(REGISTER, form()).status_code == 302
    check = client.get(
        "/documents/incoming/duplicates/",
        {"number": "12658", "notation": "ubnd-kgvx", "issuer_name": "Ủy ban nhân dân tỉnh Đồng Nai"},
        **htmx("duplicate-warning"),
    )
    assert "đã được vào sổ" in check.content.decode()
    fresh = client.get("/documents/incoming/duplicates/", {"number": "1", "notation": "UBND-VP", "issuer_name": "x"})
    assert fresh.content.decode().strip() == ""
    second = client.post(REGISTER, form(), follow=True)
    assert IncomingDocument.objects.count() == 2
    assert "đã được vào sổ" in second.content.decode()


@pytest.mark.django_db
def test_register_and_enter_the_next_one_keeps_the_register_and_type(alpha, api_as):
    client = api_as(alpha, make_person(Role.CLERK))
    response = client.post(REGISTER, {**form(), "then": "another"})
    assert response.status_code == 302
    assert response["Location"].startswith(REGISTER) and f"register={default_register().pk}" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert f'value="{cong_van().pk}" selected' in page


@pytest.mark.django_db
def test_an_issuer_chosen_by_name_from_the_directory_keeps_its_code(alpha, api_as):
    DirectoryEntry.objects.create(code_102="000.00.00.G12", name="Bộ Nội vụ")
    client = api_as(alpha, make_person(Role.CLERK))
    options = client.get("/documents/incoming/issuers/", {"q": "bo noi"}).json()["results"]
    assert [(o["value"], o["code"]) for o in options] == [("Bộ Nội vụ", "000.00.00.G12")]
    client.post(REGISTER, form(issuer_name="Bộ Nội vụ"))
    assert IncomingDocument.objects.get().issuer_code == "000.00.00.G12"
    client.post(REGISTER, form(issuer_name="Công ty TNHH Một Thành Viên", number="7"))
    assert IncomingDocument.objects.get(number=7).issuer_code == ""
    refused = client.post(REGISTER, form(issuer_code="000.00.99.Z99"))
    assert refused.status_code == 400 and "000.00.99.Z99" in refused.content.decode()


@pytest.mark.django_db
def test_only_clerks_open_the_registration_form(alpha, api_as):
    for role in (Role.LEADER, Role.SPECIALIST, Role.ADMIN):
        client = api_as(alpha, make_person(role))
        assert client.get(REGISTER).status_code == 403
        assert client.post(REGISTER, form()).status_code == 403
    assert not IncomingDocument.objects.exists()


@pytest.mark.django_db
def test_a_clerk_without_clearance_cannot_choose_the_secret_register(alpha, api_as):
    client = api_as(alpha, make_person(Role.CLERK))
    secret = default_register(secret=True)
    assert secret.name not in client.get(REGISTER).content.decode()
    response = client.post(REGISTER, form(register=secret.pk, secrecy="secret"))
    assert response.status_code == 400 and not IncomingDocument.objects.exists()


# ---- one document and its files ---------------------------------------------------------------------------------


@pytest.fixture
def registered(alpha, media_root):
    clerk, unit = make_person(Role.CLERK), UnitFactory(name="Phòng Tổng hợp")
    document = RegisteredIncomingFactory(
        by=clerk,
        subject="V/v kế hoạch năm 2026",
        recipient_units=[unit],
        due_on=timezone.localdate() + datetime.timedelta(days=3),
        files=[SimpleUploadedFile("Kế hoạch 2026.pdf", born_digital_pdf(), "application/pdf")],
    )
    through_intake(document.files.get().file)
    return {"clerk": clerk, "unit": unit, "document": document, "file": document.files.get()}


@pytest.mark.django_db
def test_the_document_page_shows_every_field_its_files_and_its_trail(alpha, api_as, registered):
    document = registered["document"]
    html = api_as(alpha, registered["clerk"]).get(f"{LIST}{document.pk}/").content.decode()
    for text in [
        document.subject,
        "Ủy ban nhân dân tỉnh Đồng Nai",
        document.number_and_notation,
        document.issued_date.strftime("%d/%m/%Y"),
        document.due_on.strftime("%d/%m/%Y"),
        "Phòng Tổng hợp",
        "Kế hoạch 2026.pdf",
        f"/documents/incoming/{document.pk}/files/{registered['file'].pk}/",
    ]:
        assert text in html, text
    at = timezone.localtime(document.registered_at).strftime("%d/%m/%Y %H:%M")
    assert re.search(r"Vào sổ</span> — " + re.escape(registered["clerk"].user.full_name), html)
    assert at in html
    assert "Sổ đăng ký văn bản đến" in html  # the register by name in the trail, not its id
    assert "/media/" not in html


@pytest.mark.django_db
def test_a_file_is_streamed_under_its_original_name_after_the_access_check(alpha, api_as, registered):
    document, attachment = registered["document"], registered["file"]
    url = f"{LIST}{document.pk}/files/{attachment.pk}/"
    response = api_as(alpha, make_person(Role.SPECIALIST, unit=registered["unit"])).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == born_digital_pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''K%E1%BA%BF%20ho%E1%BA%A1ch%202026.pdf" in response["Content-Disposition"]
    inline = api_as(alpha, registered["clerk"]).get(url, {"inline": "1"})
    assert inline["Content-Disposition"].startswith("inline;")


@pytest.mark.django_db
def test_someone_who_may_not_see_the_document_gets_404_for_its_page_and_files(alpha, api_as, registered):
    document, attachment = registered["document"], registered["file"]
    outsider = api_as(alpha, make_person(Role.SPECIALIST))
    assert outsider.get(f"{LIST}{document.pk}/").status_code == 404
    assert outsider.get(f"{LIST}{document.pk}/files/{attachment.pk}/").status_code == 404
    other = RegisteredIncomingFactory(by=registered["clerk"])
    clerk = api_as(alpha, registered["clerk"])
    assert clerk.get(f"{LIST}{other.pk}/files/{attachment.pk}/").status_code == 404


@pytest.mark.django_db
def test_another_agency_gets_404_for_the_same_addresses(alpha, agency_b, api_as, in_agency, registered):
    document, attachment = registered["document"], registered["file"]
    with in_agency(agency_b):
        beta_clerk = make_person(Role.CLERK, clearance=Secrecy.TOP_SECRET)
    client = api_as(agency_b, beta_clerk)
    assert client.get(f"{LIST}{document.pk}/").status_code == 404
    assert client.get(f"{LIST}{document.pk}/files/{attachment.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_home_page_counts_todays_registrations_and_documents_waiting(alpha, api_as, monkeypatch):
    monkeypatch.setattr(registry, "_figure_providers", {})  # documents' own count, without direction's
    clerk = make_person(Role.CLERK)
    RegisteredIncomingFactory(by=clerk)
    RegisteredIncomingFactory(by=clerk, urgency=Urgency.URGENT)
    assert "2 văn bản vào sổ hôm nay" in api_as(alpha, clerk).get("/").content.decode()
    leader_home = api_as(alpha, make_person(Role.LEADER)).get("/").content.decode()
    assert "2 văn bản đang chờ" in leader_home and "1 văn bản khẩn" in leader_home
