"""Work direction over the API: the chain from submission to completion with the same rules as the pages, the one
error shape for bad input, and nothing readable by someone not involved."""

import datetime

import pytest
from django.utils import timezone

from apps.direction.models import Delegation
from apps.direction.tests.conftest import leader_with_post
from apps.documents.models import IncomingDocument
from apps.documents.tests.factories import RegisteredIncomingFactory, make_person
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db(transaction=False)
API = "/api/v1/direction"


def day(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def test_the_whole_chain_through_the_api(alpha, api_as, clerk, director):
    unit = UnitFactory(name="Phòng Nghiệp vụ")
    head = leader_with_post("Trưởng phòng", 20, unit=unit)
    handler = make_person(Role.SPECIALIST, unit=unit)
    document = RegisteredIncomingFactory(by=clerk)

    answer = api_as(alpha, clerk).post(
        f"{API}/submissions/", {"document": document.pk, "leader": director.user.pk}, content_type="application/json"
    )
    assert answer.status_code == 201, answer.content
    waiting = api_as(alpha, director).get(f"{API}/submissions/").json()
    assert [w["document"] for w in waiting] == [document.pk]

    direction = {"document": document.pk, "text": "Giao phòng chủ trì", "lead": {"unit": unit.pk}, "due_on": day(7)}
    answer = api_as(alpha, director).post(f"{API}/works/", direction, content_type="application/json")
    assert answer.status_code == 201, answer.content
    work = answer.json()
    [lead] = work["assignments"]
    assert (lead["role"], lead["unit"], lead["status"]) == ("lead", unit.pk, "waiting")

    head_api = api_as(alpha, head)
    assert [a["id"] for a in head_api.get(f"{API}/assignments/").json()["results"]] == [lead["id"]]
    answer = head_api.post(
        f"{API}/assignments/{lead['id']}/reassign/",
        {"handler": {"user": handler.user.pk}},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    [child] = answer.json()
    handler_api = api_as(alpha, handler)
    note = {"kind": "progress", "text": "Đã dự thảo", "percent": 50}
    assert (
        handler_api.post(f"{API}/assignments/{child['id']}/notes/", note, content_type="application/json").status_code
        == 201
    )
    assert handler_api.post(f"{API}/assignments/{child['id']}/complete/").status_code == 200
    assert head_api.post(f"{API}/works/{work['id']}/complete/").status_code == 200
    document.refresh_from_db()
    assert document.status == IncomingDocument.Status.DONE
    assert api_as(alpha, handler).get(f"{API}/counts/").json()["to_do"] == 0


def test_bad_input_gets_the_one_error_shape_and_saves_nothing(alpha, api_as, clerk, director):
    document = RegisteredIncomingFactory(by=clerk)
    api_as(alpha, clerk).post(
        f"{API}/submissions/", {"document": document.pk, "leader": director.user.pk}, content_type="application/json"
    )
    bad = {"document": document.pk, "lead": {"unit": UnitFactory().pk, "user": clerk.user.pk}, "due_on": day(-1)}
    answer = api_as(alpha, director).post(f"{API}/works/", bad, content_type="application/json")
    assert answer.status_code == 400
    assert {"status", "code", "detail", "errors"} <= set(answer.json())
    good_shape_past = {"document": document.pk, "lead": {"unit": UnitFactory().pk}, "due_on": day(-1)}
    answer = api_as(alpha, director).post(f"{API}/works/", good_shape_past, content_type="application/json")
    assert answer.status_code == 409 and "due_on" in answer.json()["errors"]  # well formed, refused by the rules
    assert not document.works.exists()
    answer = api_as(alpha, director).get(f"{API}/assignments/?view=everything")
    assert answer.status_code == 400


def test_nothing_is_readable_or_doable_by_someone_not_involved(alpha, api_as, clerk, director):
    unit = UnitFactory()
    document = RegisteredIncomingFactory(by=clerk)
    api_as(alpha, clerk).post(
        f"{API}/submissions/", {"document": document.pk, "leader": director.user.pk}, content_type="application/json"
    )
    direction = {"document": document.pk, "lead": {"unit": unit.pk}}
    work = api_as(alpha, director).post(f"{API}/works/", direction, content_type="application/json").json()
    stranger = api_as(alpha, make_person(Role.SPECIALIST))
    assert stranger.get(f"{API}/works/{work['id']}/").status_code == 404
    lead_id = work["assignments"][0]["id"]
    assert stranger.post(f"{API}/assignments/{lead_id}/complete/").status_code == 404
    assert stranger.post(f"{API}/assignments/{lead_id}/take-back/").status_code == 404
    assert stranger.post(f"{API}/works/", direction, content_type="application/json").status_code in (403, 404)


def test_a_leader_delegates_and_revokes_through_the_api(alpha, api_as, director, deputy_head):
    start, end = timezone.now(), timezone.now() + datetime.timedelta(days=2)
    body = {
        "delegate": deputy_head.user.pk,
        "starts_at": start.isoformat(),
        "ends_at": end.isoformat(),
        "reason": "Nghỉ phép",
    }
    answer = api_as(alpha, director).post(f"{API}/delegations/", body, content_type="application/json")
    assert answer.status_code == 201, answer.content
    pk = answer.json()["id"]
    assert [d["id"] for d in api_as(alpha, deputy_head).get(f"{API}/delegations/").json()] == [pk]
    assert api_as(alpha, deputy_head).post(f"{API}/delegations/{pk}/revoke/").status_code == 403
    assert api_as(alpha, director).post(f"{API}/delegations/{pk}/revoke/").status_code == 200
    assert Delegation.objects.get(pk=pk).revoked_at is not None


def test_my_work_pages_without_counting_and_counts_on_its_own(alpha, api_as, director):
    """A unit head's done parts run to tens of thousands in a large agency: the page no longer counts them all
    (docs/benchmarks.md); ``count/`` with the same view does."""
    me = make_person(Role.SPECIALIST)
    for n in range(3):
        task = {"title": f"Nhiệm vụ {n}", "lead": {"user": me.user.pk}, "due_on": day(3)}
        assert (
            api_as(alpha, director).post(f"{API}/works/tasks/", task, content_type="application/json").status_code
            == 201
        )
    mine = api_as(alpha, me)
    page = mine.get(f"{API}/assignments/?view=todo&page_size=2").json()
    assert "count" not in page and len(page["results"]) == 2 and page["next"]
    assert mine.get(f"{API}/assignments/count/?view=todo").json() == {"count": 3, "count_is_capped": False}
    assert mine.get(f"{API}/assignments/count/?view=done").json()["count"] == 0
    assert mine.get(f"{API}/assignments/count/?view=nothing").status_code == 400


def test_a_result_through_the_api_carries_files_and_the_reply(alpha, api_as, clerk, director):
    """Multipart: the result's files are stored (their type read from the bytes) and the reply draft linked; a draft
    the caller may not read, or one answering another document, is refused and nothing is saved."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.direction.models import Note
    from apps.outgoing.tests.factories import DraftFactory

    handler = make_person(Role.SPECIALIST)
    document = RegisteredIncomingFactory(by=clerk)
    direction = {"document": document.pk, "text": "Giao chuyên viên", "lead": {"user": handler.user.pk}}
    [part] = (
        api_as(alpha, director).post(f"{API}/works/", direction, content_type="application/json").json()["assignments"]
    )
    unit = handler.memberships[0].unit
    reply = DraftFactory(drafter=handler.user, drafting_unit=unit, in_reply_to=document)
    other = DraftFactory(drafter=handler.user, drafting_unit=unit)
    hidden = DraftFactory(in_reply_to=document)
    url = f"{API}/assignments/{part['id']}/notes/"
    handler_api = api_as(alpha, handler)
    # A draft not readable is bad input (400); one answering another document breaks the service's rule (409).
    for draft, code in ((hidden, 400), (other, 409)):
        answer = handler_api.post(url, {"kind": "result", "text": "Xong", "reply": draft.pk})
        assert answer.status_code == code and "reply" in answer.json()["errors"], answer.content
    assert not Note.objects.exists()
    scan = SimpleUploadedFile("ket-qua.pdf", b"%PDF-1.4\n% ket qua\n", content_type="application/octet-stream")
    answer = handler_api.post(url, {"kind": "result", "text": "Đã trả lời", "reply": reply.pk, "files": [scan]})
    assert answer.status_code == 201, answer.content
    note = Note.objects.get()
    assert note.reply == reply and [f.original_name for f in note.files.all()] == ["ket-qua.pdf"]
