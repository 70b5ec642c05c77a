"""The incoming-documents API: same service and access rules, structured errors, a list that does not grow in
queries with the number of documents."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.documents.models import IncomingDocument
from apps.documents.tests.factories import RegisteredIncomingFactory, cong_van, default_register, make_person
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from apps.registers.models import Secrecy

URL = "/api/v1/incoming-documents/"


def form(**overrides) -> dict:
    data = {
        "register": default_register().pk,
        "document_type": cong_van().pk,
        "issuer_name": "Ủy ban nhân dân tỉnh Đồng Nai",
        "number": "12658",
        "notation": "UBND-KGVX",
        "issued_date": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "subject": "V/v triển khai kế hoạch chuyển đổi số",
        "urgency": "none",
    }
    return {**data, **overrides}


@pytest.mark.django_db
def test_a_clerk_registers_with_files_over_multipart_and_gets_the_arrival_number(alpha, api_as):
    clerk, unit = make_person(Role.CLERK), UnitFactory()
    client = api_as(alpha, clerk)
    files = [SimpleUploadedFile("cv.pdf", b"%PDF-1.7 a", "application/pdf"), SimpleUploadedFile("pl.pdf", b"%PDF b")]
    response = client.post(URL, {**form(recipient_units=[unit.pk]), "files": files})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["arrival_number"], body["arrival_number_display"]) == (1, "01")
    assert body["number_and_notation"] == "12658/UBND-KGVX"
    assert [f["name"] for f in body["files"]] == ["cv.pdf", "pl.pdf"]
    assert body["recipients"] == [{"unit": unit.pk, "user": None, "name": unit.name}]
    assert body["warnings"] == []
    again = client.post(URL, form())
    assert again.status_code == 201 and len(again.json()["warnings"]) == 1


@pytest.mark.django_db
def test_bad_input_gets_field_errors_and_saves_nothing(alpha, api_as):
    client = api_as(alpha, make_person(Role.CLERK))
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(URL, form(issued_date=future, notation="UBND KGVX", subject="x" * 501, issuer_name=""))
    assert response.status_code == 409
    assert {"issued_date", "notation", "subject", "issuer_name"} <= set(response.json()["errors"])
    assert not IncomingDocument.objects.exists()


@pytest.mark.django_db
def test_only_clerks_register_through_the_api(alpha, api_as):
    response = api_as(alpha, make_person(Role.LEADER)).post(URL, form())
    assert response.status_code == 403
    assert not IncomingDocument.objects.exists()


@pytest.mark.django_db
def test_the_list_and_detail_follow_the_access_rules(alpha, api_as):
    unit = UnitFactory()
    clerk = make_person(Role.CLERK, clearance=Secrecy.SECRET)
    mine = RegisteredIncomingFactory(by=clerk, recipient_units=[unit])
    other = RegisteredIncomingFactory(by=clerk)
    secret = RegisteredIncomingFactory(by=clerk, register=default_register(secret=True), secrecy=Secrecy.SECRET)
    specialist = api_as(alpha, make_person(Role.SPECIALIST, unit=unit))
    assert [d["id"] for d in specialist.get(URL).json()["results"]] == [mine.pk]
    assert specialist.get(f"{URL}{mine.pk}/").status_code == 200
    assert specialist.get(f"{URL}{other.pk}/").status_code == 404
    leader = api_as(alpha, make_person(Role.LEADER))
    assert {d["id"] for d in leader.get(URL).json()["results"]} == {mine.pk, other.pk}
    assert leader.get(f"{URL}{secret.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_incoming_list_takes_the_same_number_of_queries_for_3_or_12_documents(alpha, api_as):
    clerk = make_person(Role.CLERK)
    client = api_as(alpha, make_person(Role.LEADER))
    units, leader = [UnitFactory(), UnitFactory()], make_person(Role.LEADER)

    def add(n: int) -> None:
        for i in range(n):
            RegisteredIncomingFactory(
                by=clerk,
                recipient_units=units,
                recipient_users=[leader.user],
                files=[SimpleUploadedFile(f"f{i}.pdf", f"%PDF {i} {n}".encode(), "application/pdf")],
            )

    def queries(path: str = URL, **params) -> tuple[int, dict]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, params)
        assert response.status_code == 200
        # django-tenants sets the search_path before queries; count the queries themselves.
        real = [q for q in captured.captured_queries if not q["sql"].startswith("SET search_path")]
        return len(real), response.json()

    def listed(**params) -> tuple[int, int]:
        n, body = queries(**params)
        return n, len(body["results"])

    def counted(**params) -> tuple[int, int]:
        n, body = queries(f"{URL}count/", **params)
        return n, body["count"]

    search = {"q": "trien khai", "register": default_register().pk, "ordering": "issuer"}
    add(3)
    few, listed_few = listed()
    few_found, _ = listed(**search)
    few_counted, _ = counted(**search)
    add(9)
    many, listed_many = listed()
    assert (listed_few, listed_many) == (3, 12)
    assert many == few
    assert listed(**search) == (few_found, 12)
    assert counted(**search) == (few_counted, 12)
    assert counted()[1] == 12
    # Host, session, user, memberships (6), clearance, the newest-first window's cutoff, the page's ids and rows
    # (apps/core/paging.py: page_rows), recipients, units, people, files, blobs (9); the page is not counted (count/
    # counts: the first seven, the register of the filter and the count).
    assert few <= 15, f"{few} queries for the incoming list"
    assert few_counted <= 9, f"{few_counted} queries for the incoming list's count"


@pytest.mark.django_db
def test_registers_and_document_types_are_read_by_members_and_changed_by_administrators(alpha, api_as):
    specialist = api_as(alpha, make_person(Role.SPECIALIST))
    types = specialist.get("/api/v1/document-types/?page_size=100").json()
    assert types["count"] >= 32
    assert specialist.post("/api/v1/document-types/", {"name": "Giấy phép", "abbreviation": "GP"}).status_code == 403
    registers = specialist.get("/api/v1/registers/?kind=incoming").json()["results"]
    assert {r["name"] for r in registers} >= {"Sổ đăng ký văn bản đến", "Sổ đăng ký văn bản đến mật"}

    admin = api_as(alpha, make_person(Role.ADMIN))
    created = admin.post("/api/v1/document-types/", {"name": "Giấy phép", "abbreviation": "GP"})
    assert created.status_code == 201, created.content
    bad = admin.post("/api/v1/document-types/", {"name": "Giấy lạ", "abbreviation": "g-p"})
    assert bad.status_code in (400, 409) and "abbreviation" in bad.json()["errors"]
    builtin = types["results"][0]
    renamed = admin.patch(
        f"/api/v1/document-types/{builtin['id']}/", {"abbreviation": "ZZ"}, content_type="application/json"
    )
    assert renamed.status_code in (400, 409)

    register = admin.post(
        "/api/v1/registers/",
        {"kind": "incoming", "name": "Sổ văn bản đến của Đảng ủy", "secrecy_levels": ["none"]},
        content_type="application/json",
    )
    assert register.status_code == 201, register.content
    mixed = admin.post(
        "/api/v1/registers/",
        {"kind": "incoming", "name": "Sổ lẫn", "secrecy_levels": ["none", "secret"]},
        content_type="application/json",
    )
    assert mixed.status_code in (400, 409) and "secrecy_levels" in mixed.json()["errors"]


@pytest.mark.django_db
def test_a_clerk_lists_the_registers_they_may_use(alpha, api_as):
    plain = api_as(alpha, make_person(Role.CLERK)).get("/api/v1/registers/usable/?kind=incoming").json()
    cleared = api_as(alpha, make_person(Role.CLERK, clearance=Secrecy.CONFIDENTIAL))
    assert [r["name"] for r in plain] == ["Sổ đăng ký văn bản đến"]
    assert len(cleared.get("/api/v1/registers/usable/?kind=incoming").json()) == 2


@pytest.mark.django_db
def test_the_api_list_takes_the_web_lists_filters_search_and_order(alpha, api_as):
    clerk = make_person(Role.CLERK)
    report = RegisteredIncomingFactory(by=clerk, subject="Về việc báo cáo tình hình quý III", urgency="flash")
    invite = RegisteredIncomingFactory(
        by=clerk, subject="V/v mời họp", issued_date=timezone.localdate() - datetime.timedelta(days=9)
    )
    client = api_as(alpha, clerk)

    def ids(**params) -> list[int]:
        response = client.get(URL, params)
        assert response.status_code == 200, response.content
        return [d["id"] for d in response.json()["results"]]

    assert ids() == [invite.pk, report.pk]
    assert ids(q="bao cao tinh hinh") == [report.pk]
    assert ids(q="BÁO CÁO", register=default_register().pk) == [report.pk]
    assert ids(urgency="flash") == [report.pk]
    assert ids(status="registered", ordering="issued") == [invite.pk, report.pk]
    assert ids(ordering="-issued") == [report.pk, invite.pk]
    assert ids(issuer="uy ban nhan dan", q="moi hop") == [invite.pk]
    body = client.get(URL).json()
    assert (body["next"], body["previous"], body["results"][0]["status"]) == (None, None, "registered")
    assert client.get(f"{URL}count/", {"q": "bao cao"}).json() == {"count": 1, "count_is_capped": False}
    assert client.get(f"{URL}count/").json() == {"count": 2, "count_is_capped": False}


@pytest.mark.django_db
def test_api_pages_link_to_the_next_without_counting_and_stop_at_the_cap(alpha, api_as, monkeypatch):
    from apps.core import paging

    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    clerk = make_person(Role.CLERK)
    made = [RegisteredIncomingFactory(by=clerk, subject=f"V/v số {i}").pk for i in range(5)]
    client = api_as(alpha, clerk)
    first = client.get(URL, {"page_size": 2}).json()
    assert [d["id"] for d in first["results"]] == made[:2:-1]
    assert first["previous"] is None and first["next"].endswith("?page=2&page_size=2")
    second = client.get(first["next"]).json()
    # The page holding the cap's last row is the last one: no next link though more documents exist.
    assert ([d["id"] for d in second["results"]], second["next"]) == (made[2:0:-1], None)
    assert second["previous"].endswith("?page_size=2")
    for page in ("3", "0", "x"):
        assert client.get(URL, {"page_size": 2, "page": page}).status_code == 404
    assert client.get(f"{URL}count/").json() == {"count": 3, "count_is_capped": True}


@pytest.mark.django_db
def test_a_wrong_filter_gets_a_structured_error_from_the_api(alpha, api_as):
    client = api_as(alpha, make_person(Role.CLERK))
    response = client.get(URL, {"ordering": "subject", "arrival_from": "31/02/2026", "urgency": "rat-khan"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"ordering", "arrival_from", "urgency"}
    counted = client.get(f"{URL}count/", {"ordering": "subject", "arrival_from": "31/02/2026", "urgency": "rat-khan"})
    assert (counted.status_code, counted.json()) == (400, response.json())
