"""The outgoing API: the same services and access rules as the screens, structured errors, lists whose query count
does not grow with the number of drafts or documents, and an OpenAPI schema."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.documents.models import StoredFile
from apps.documents.tests.factories import cong_van, make_person, through_intake
from apps.outgoing.inputs import RecipientSpec
from apps.outgoing.models import Draft
from apps.outgoing.tests.flow import issue, new_draft, take_through
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from ocr.tests.files import born_digital_pdf

DRAFTS = "/api/v1/outgoing-drafts/"
DOCUMENTS = "/api/v1/outgoing-documents/"
pytestmark = pytest.mark.django_db


def real_queries(captured) -> int:
    # django-tenants sets the search_path before queries; count the queries themselves.
    return len([q for q in captured.captured_queries if not q["sql"].startswith("SET search_path")])


def post_json(client, url: str, data: dict):
    return client.post(url, data, content_type="application/json")


def test_a_draft_goes_from_creation_to_issue_through_the_api(alpha, api_as, team):
    drafter = api_as(alpha, team.drafter)
    created = drafter.post(
        DRAFTS,
        {
            "document_type": cong_van().pk,
            "subject": "V/v đề nghị phối hợp tổ chức hội nghị",
            "signer": team.signer.user.pk,
            "recipient_places": ["Như trên"],
            "recipient_units": [team.office.pk],
            "files": [SimpleUploadedFile("du-thao.pdf", born_digital_pdf(), "application/pdf")],
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["versions"][0]["files"][0]["intake_state"] == "waiting"
    body = created.json()
    pk = body["id"]
    assert (body["state"], body["version"], body["actions"]) == ("drafting", 1, ["edit", "submit", "abandon"])
    assert [f["name"] for f in body["versions"][0]["files"]] == ["du-thao.pdf"]
    assert (
        body["versions"][0]["files"][0]["download_url"]
        == f"/outgoing/drafts/{pk}/files/{body['versions'][0]['files'][0]['id']}/"
    )

    changed = drafter.patch(
        f"{DRAFTS}{pk}/",
        {"version": 1, "subject": "V/v đề nghị phối hợp tổ chức hội nghị (sửa)", "note": "Sửa trích yếu"},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["version"] == 2 and len(changed.json()["versions"]) == 2

    assert post_json(drafter, f"{DRAFTS}{pk}/submit/", {"version": 2}).status_code == 200
    head = api_as(alpha, team.head)
    assert post_json(head, f"{DRAFTS}{pk}/review/", {"version": 2, "decision": "approve"}).json()["state"] == (
        "format_check"
    )
    clerk = api_as(alpha, team.clerk)
    assert post_json(clerk, f"{DRAFTS}{pk}/check-format/", {"version": 2, "decision": "approve"}).status_code == 200
    signer = api_as(alpha, team.signer)
    approved = post_json(signer, f"{DRAFTS}{pk}/approve/", {"version": 2, "decision": "approve"}).json()
    assert approved["state"] == "approved" and [s["stage"] for s in approved["steps"]] == [
        "submission",
        "content_review",
        "format_check",
        "approval",
    ]
    unchecked = post_json(clerk, f"{DRAFTS}{pk}/issue/", {"version": 2})
    assert unchecked.status_code == 409 and "files" in unchecked.json()["errors"]  # not through the intake chain yet
    through_intake(*StoredFile.objects.all())
    issued = post_json(clerk, f"{DRAFTS}{pk}/issue/", {"version": 2})
    assert issued.status_code == 201, issued.content
    document = issued.json()
    assert document["number_and_notation"] == "01/SAL-VP" and document["version"] == 2
    assert document["content_sha256"] and document["files"][0]["name"] == "du-thao.pdf"
    events = drafter.get(f"{DRAFTS}{pk}/events/").json()
    assert [e["action"] for e in events] == [
        "issued",
        "approved",
        "approved",
        "approved",
        "submitted",
        "edited",
        "created",
    ]


def test_errors_come_back_per_field_and_nothing_is_saved(alpha, api_as, team):
    drafter = api_as(alpha, team.drafter)
    response = post_json(drafter, DRAFTS, {"subject": "x" * 501, "recipient_agencies": ["000.00.99.H99"]})
    assert response.status_code == 409
    assert "recipients" in response.json()["errors"]
    response = post_json(drafter, DRAFTS, {"subject": "x" * 501, "signer": team.drafter.user.pk})
    assert response.status_code == 409 and {"document_type", "subject", "signer"} <= set(response.json()["errors"])
    assert not Draft.objects.exists()
    unknown = post_json(drafter, DRAFTS, {"document_type": cong_van().pk, "subject": "V/v a", "corrects": 999999})
    assert unknown.status_code == 409
    assert unknown.json()["errors"] == {"corrects": ["Bạn không có quyền xem văn bản đi này."]}


def test_the_api_answers_403_to_the_wrong_person_404_to_those_who_may_not_see_and_400_to_a_stale_version(
    alpha, api_as, team
):
    draft = take_through(new_draft(team), team, until=Draft.State.CONTENT_REVIEW)
    url = f"{DRAFTS}{draft.pk}/"
    outsider = api_as(alpha, make_person(Role.SPECIALIST))
    assert outsider.get(url).status_code == 404
    assert post_json(outsider, f"{url}review/", {"version": 1, "decision": "approve"}).status_code == 404
    drafter = api_as(alpha, team.drafter)
    refused = post_json(drafter, f"{url}review/", {"version": 1, "decision": "approve"})
    assert refused.status_code == 403
    head = api_as(alpha, team.head)
    stale = post_json(head, f"{url}review/", {"version": 2, "decision": "approve"})
    assert stale.status_code == 409 and "version" in stale.json()["errors"]
    no_comment = post_json(head, f"{url}review/", {"version": 1, "decision": "return"})
    assert no_comment.status_code == 409 and "comment" in no_comment.json()["errors"]
    early = post_json(api_as(alpha, team.clerk), f"{url}issue/", {"version": 1})
    assert early.status_code in (409, 404)
    assert Draft.objects.get(pk=draft.pk).state == Draft.State.CONTENT_REVIEW


def test_recall_through_the_api_by_the_clerk_only(alpha, api_as, team):
    document = issue(team)
    url = f"{DOCUMENTS}{document.pk}/recall/"
    assert post_json(api_as(alpha, team.drafter), url, {"reason": "Nhầm"}).status_code == 403
    assert post_json(api_as(alpha, team.clerk), url, {"reason": ""}).status_code == 400
    recalled = post_json(api_as(alpha, team.clerk), url, {"reason": "Ban hành nhầm đối tượng"})
    assert recalled.status_code == 200 and recalled.json()["recall_reason"] == "Ban hành nhầm đối tượng"


def test_documents_follow_the_access_rules(alpha, api_as, team):
    finance = UnitFactory()
    to_finance = issue(team, recipients=[RecipientSpec.of_unit(finance)])
    other = issue(team, recipients=[RecipientSpec.place("Như trên")])
    reader = api_as(alpha, make_person(Role.SPECIALIST, unit=finance))
    assert [d["id"] for d in reader.get(DOCUMENTS).json()["results"]] == [to_finance.pk]
    assert reader.get(f"{DOCUMENTS}{other.pk}/").status_code == 404
    leader = api_as(alpha, make_person(Role.LEADER))
    assert {d["id"] for d in leader.get(DOCUMENTS).json()["results"]} == {to_finance.pk, other.pk}


def test_the_lists_take_the_same_number_of_queries_for_2_or_8_items(alpha, api_as, team):
    leader = api_as(alpha, team.head)
    clerk = api_as(alpha, team.clerk)

    def count(client, url: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        return real_queries(captured), body["count"] if "count" in body else len(body["results"])

    def add(n: int) -> None:
        for i in range(n):
            issue(team, subject=f"V/v văn bản số {i}", recipients=[RecipientSpec.place("A"), RecipientSpec.place("B")])
            new_draft(team, subject=f"V/v dự thảo số {i}")

    add(2)
    few_drafts, n_few = count(leader, DRAFTS)
    few_docs, d_few = count(clerk, DOCUMENTS)
    add(6)
    many_drafts, n_many = count(leader, DRAFTS)
    many_docs, d_many = count(clerk, DOCUMENTS)
    assert (n_few, n_many, d_few, d_many) == (4, 16, 2, 8)
    assert (many_drafts, many_docs) == (few_drafts, few_docs)
    few_counted, _ = count(clerk, f"{DOCUMENTS}count/")
    assert count(clerk, f"{DOCUMENTS}count/") == (few_counted, 8)
    # Host, session, user, memberships (4), clearance, count, page, and the prefetches; the documents are not counted
    # (their count/ counts: the first seven and the count), look for the newest-first window's cutoff and read the
    # page's ids, then its rows (apps/core/paging.py).
    assert few_drafts <= 12, f"{few_drafts} queries for the draft list"
    assert few_docs <= 13, f"{few_docs} queries for the document list"
    assert few_counted <= 8, f"{few_counted} queries for the document list's count"


def test_the_document_list_takes_the_web_lists_filters_search_and_order(alpha, api_as, team):
    report = issue(team, subject="Về việc báo cáo tình hình quý III", urgency="flash")
    invite = issue(team, subject="V/v mời họp", recipients=[RecipientSpec.place("Ủy ban nhân dân huyện Định Quán")])
    fix = issue(team, subject="V/v sửa lỗi kỹ thuật", corrects=report, correction_kind="correction")
    client = api_as(alpha, team.clerk)

    def ids(**params) -> list[int]:
        response = client.get(DOCUMENTS, params)
        assert response.status_code == 200, response.content
        return [d["id"] for d in response.json()["results"]]

    assert ids() == [fix.pk, invite.pk, report.pk]
    assert ids(q="bao cao tinh hinh") == [report.pk]
    assert ids(q="V/V", ordering="number") == [report.pk, invite.pk, fix.pk]  # "Về việc" too
    assert ids(q="02/SAL-VP") == [invite.pk]
    assert ids(q="dinh quan") == [invite.pk]
    assert ids(urgency="flash") == [report.pk]
    assert ids(status="corrected") == [report.pk]
    assert ids(status="issued", ordering="-subject") == [fix.pk, invite.pk]
    assert ids(signer=team.signer.user.pk, drafting_unit=team.office.pk, year=report.year) == [
        fix.pk,
        invite.pk,
        report.pk,
    ]
    body = client.get(DOCUMENTS).json()
    assert (body["next"], body["previous"]) == (None, None)
    assert [d["status"] for d in body["results"]] == ["issued", "issued", "corrected"]
    assert client.get(f"{DOCUMENTS}count/", {"status": "issued"}).json() == {"count": 2, "count_is_capped": False}


def test_a_wrong_filter_gets_a_structured_error_from_the_api(alpha, api_as, team):
    response = api_as(alpha, team.clerk).get(
        DOCUMENTS, {"ordering": "arrival", "issued_from": "31/02/2026", "status": "lost"}
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"ordering", "issued_from", "status"}
    counted = api_as(alpha, team.clerk).get(
        f"{DOCUMENTS}count/", {"ordering": "arrival", "issued_from": "31/02/2026", "status": "lost"}
    )
    assert (counted.status_code, counted.json()) == (400, response.json())


def test_the_document_list_with_search_and_filters_takes_the_same_number_of_queries_for_3_or_12(alpha, api_as, team):
    client = api_as(alpha, make_person(Role.SPECIALIST, unit=team.office))

    def queries(path: str = DOCUMENTS, **params) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, params)
        assert response.status_code == 200, response.content
        body = response.json()
        return real_queries(captured), body["count"] if "count" in body else len(body["results"])

    def add(n: int) -> None:
        for i in range(n):
            document = issue(team, subject=f"V/v triển khai số {i}", recipients=[RecipientSpec.of_unit(team.office)])
            if i % 3 == 0:
                issue(team, subject=f"V/v đính chính số {i}", corrects=document, correction_kind="correction")

    searched = {"q": "trien khai", "status": "corrected", "ordering": "subject", "page_size": 100}
    add(3)
    few, found_few = queries(**searched)
    few_counted, _ = queries(f"{DOCUMENTS}count/", **searched)
    add(9)
    many, found_many = queries(**searched)
    assert (found_few, found_many) == (1, 4)
    assert many == few
    assert queries(f"{DOCUMENTS}count/", **searched) == (few_counted, 4)
    assert few <= 12, f"{few} queries for the searched document list"
    assert few_counted <= 8, f"{few_counted} queries for the searched document list's count"


def test_the_waiting_filter_lists_what_the_caller_acts_on_next(alpha, api_as, team):
    waiting = take_through(new_draft(team), team, until=Draft.State.CONTENT_REVIEW)
    new_draft(team, subject="V/v chưa trình")
    ids = [d["id"] for d in api_as(alpha, team.head).get(f"{DRAFTS}?waiting=true").json()["results"]]
    assert ids == [waiting.pk]


def test_the_openapi_schema_describes_the_outgoing_endpoints(alpha, api_as, team):
    schema = api_as(alpha, team.drafter).get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/outgoing-drafts/",
        "/api/v1/outgoing-drafts/{id}/submit/",
        "/api/v1/outgoing-drafts/{id}/review/",
        "/api/v1/outgoing-drafts/{id}/check-format/",
        "/api/v1/outgoing-drafts/{id}/approve/",
        "/api/v1/outgoing-drafts/{id}/issue/",
        "/api/v1/outgoing-documents/{id}/recall/",
        "/api/v1/outgoing-documents/count/",
    ):
        assert path in paths, path
    # The list's pages carry links, not a count; count/ takes the list's filters and answers the capped count.
    components = schema.json()["components"]["schemas"]
    listed = paths["/api/v1/outgoing-documents/"]["get"]
    page = listed["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(components[page]["properties"]) == {"next", "previous", "results"}
    counted = paths["/api/v1/outgoing-documents/count/"]["get"]
    assert {p["name"] for p in counted["parameters"]} >= {"q", "year", "status", "ordering", "signer"}
    answer = counted["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(components[answer]["properties"]) == {"count", "count_is_capped"}
