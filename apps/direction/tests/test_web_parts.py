"""The assignee's side on a work's page (issue 8 point 2): notes, progress, results with files and the reply draft,
a part and the whole done, more time, re-assigning inside a unit; and the leader's later changes — each through
the page's forms, with the refusals of those who may not (nothing saved)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.audit.services import events_for
from apps.core.tests.utils import client_as, htmx
from apps.direction import delegations, services
from apps.direction.inputs import Assignee
from apps.direction.models import Assignment, ExtensionRequest, Note, State, Work
from apps.direction.tests.flow import direction, submitted
from apps.documents import storage
from apps.documents.models import IncomingDocument
from apps.documents.tests.factories import cong_van, make_person, through_intake
from apps.outgoing import services as outgoing
from apps.outgoing.inputs import DraftEntry
from apps.people.models import Role
from ocr.tests.files import born_digital_pdf

pytestmark = pytest.mark.django_db
LATER = datetime.timedelta(days=20)


def _directed(clerk, leader, lead, **kwargs):
    document = submitted(clerk, leader)
    due = timezone.localdate() + LATER
    work = services.direct(document, direction(lead, due_on=due, **kwargs), by=leader).work
    return document, work


def _part(work, **filters) -> Assignment:
    return work.assignments.get(**filters)


def test_a_specialist_records_an_opinion_in_the_panel_and_the_document_is_in_progress(
    agency_a, clerk, leader, specialist
):
    document, work = _directed(clerk, leader, Assignee(user=specialist.user))
    part = _part(work)
    client = client_as(agency_a, specialist.user)
    page = client.get(f"/direction/works/{work.pk}/").content.decode()
    assert f"/direction/parts/{part.pk}/note/" in page and f"/direction/parts/{part.pk}/done/" in page
    form = client.get(f"/direction/parts/{part.pk}/note/", **htmx("panel"))
    assert form.status_code == 200 and 'name="kind"' in form.content.decode()
    answer = client.post(
        f"/direction/parts/{part.pk}/note/",
        {"kind": "opinion", "text": "Đề nghị lấy ý kiến Sở Tài chính"},
        **htmx("panel"),
    )
    assert answer.status_code == 200 and answer["HX-Trigger"] == "work-changed"
    note = Note.objects.get(assignment=part)
    assert (note.kind, note.text, note.author_id) == ("opinion", "Đề nghị lấy ý kiến Sở Tài chính", specialist.user.pk)
    document.refresh_from_db()
    assert document.status == IncomingDocument.Status.IN_PROGRESS
    assert events_for(work).filter(action="note_recorded").exists()
    body = client.get(f"/direction/works/{work.pk}/", **htmx("work-body")).content.decode()
    assert "Đề nghị lấy ý kiến Sở Tài chính" in body and "<html" not in body


def test_progress_and_the_result_with_files_and_the_linked_reply(agency_a, alpha, clerk, leader, specialist):
    document, work = _directed(clerk, leader, Assignee(user=specialist.user))
    part = _part(work)
    draft = outgoing.create_draft(
        DraftEntry.of(document_type=cong_van(), subject="V/v trả lời Sở Nội vụ", in_reply_to=document), by=specialist
    )
    client = client_as(agency_a, specialist.user)
    client.post(f"/direction/parts/{part.pk}/note/", {"kind": "progress", "text": "Đã dự thảo", "percent": "60"})
    result = SimpleUploadedFile("bao-cao.pdf", born_digital_pdf(), content_type="application/pdf")
    answer = client.post(
        f"/direction/parts/{part.pk}/note/", {"kind": "result", "text": "Kết quả", "files": [result], "reply": draft.pk}
    )
    assert answer.status_code == 302
    progress, done = Note.objects.filter(assignment=part).order_by("id")
    assert (progress.kind, progress.percent) == ("progress", 60)
    assert done.reply == draft and [f.original_name for f in done.files.all()] == ["bao-cao.pdf"]
    stored = done.files.get()
    assert storage.path_for(stored.sha256).read_bytes() == born_digital_pdf()
    assert stored.uploaded_by == specialist.user and stored.intake_state == "waiting"
    through_intake(stored)
    page = client.get(f"/direction/works/{work.pk}/").content.decode()
    assert "V/v trả lời Sở Nội vụ" in page and "60%" in page
    assert f"/outgoing/drafts/new/?reply_to={document.pk}" in page  # "Trả lời" from the work
    download = client_as(agency_a, leader.user).get(f"/direction/works/{work.pk}/files/{stored.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == born_digital_pdf()
    outsider = client_as(agency_a, make_person(Role.SPECIALIST).user)
    assert outsider.get(f"/direction/works/{work.pk}/files/{stored.pk}/").status_code == 404


def test_a_refused_note_shows_why_in_vietnamese_and_keeps_its_files_and_nothing_is_saved(
    agency_a, clerk, leader, specialist
):
    _document, work = _directed(clerk, leader, Assignee(user=specialist.user))
    part = _part(work)
    client = client_as(agency_a, specialist.user)
    upload = SimpleUploadedFile("phu-luc.pdf", b"%PDF-1.4 phu luc", content_type="application/pdf")
    answer = client.post(f"/direction/parts/{part.pk}/note/", {"kind": "progress", "text": "", "files": [upload]})
    html = answer.content.decode()
    assert answer.status_code == 400 and "Nhập ý kiến hoặc tiến độ." in html
    assert "phu-luc.pdf" in html  # offered again, ticked
    assert not Note.objects.filter(assignment=part).exists()


def test_completing_someone_elses_part_is_refused_and_nothing_changes(agency_a, clerk, leader, unit, head, specialist):
    _document, work = _directed(clerk, leader, Assignee(unit=unit), supports=[Assignee(user=specialist.user)])
    lead = _part(work, role=Assignment.Role.LEAD)
    client = client_as(agency_a, specialist.user)
    assert client.get(f"/direction/parts/{lead.pk}/done/").status_code == 403
    assert client.post(f"/direction/parts/{lead.pk}/done/").status_code == 403
    assert client.post(f"/direction/works/{work.pk}/done/").status_code == 403
    assert client.post(f"/direction/parts/{lead.pk}/note/", {"kind": "opinion", "text": "x"}).status_code == 403
    lead.refresh_from_db()
    work.refresh_from_db()
    assert (lead.state, work.state) == (State.OPEN, State.OPEN)
    assert not Note.objects.exists() and not events_for(work).filter(action__in=["part_done", "done"]).exists()


def test_the_support_completes_its_part_and_the_lead_the_whole(agency_a, clerk, leader, unit, head, specialist):
    document, work = _directed(clerk, leader, Assignee(unit=unit), supports=[Assignee(user=specialist.user)])
    support = _part(work, role=Assignment.Role.SUPPORT)
    assert client_as(agency_a, specialist.user).post(f"/direction/parts/{support.pk}/done/").status_code == 302
    support.refresh_from_db()
    assert support.state == State.DONE
    head_client = client_as(agency_a, head.user)
    assert f"/direction/works/{work.pk}/done/" in head_client.get(f"/direction/works/{work.pk}/").content.decode()
    assert head_client.post(f"/direction/works/{work.pk}/done/", **htmx("panel")).status_code == 200
    work.refresh_from_db()
    document.refresh_from_db()
    assert work.state == State.DONE and document.status == IncomingDocument.Status.DONE
    assert [e.action for e in events_for(work).order_by("id")][-2:] == ["part_done", "done"]


def test_the_lead_asks_for_more_time_and_only_the_leader_who_directed_decides(
    agency_a, clerk, leader, unit, head, specialist
):
    _document, work = _directed(clerk, leader, Assignee(unit=unit))
    lead = _part(work)
    wanted = lead.due_on + datetime.timedelta(days=10)
    head_client = client_as(agency_a, head.user)
    past = head_client.post(f"/direction/parts/{lead.pk}/extension/", {"requested_due_on": "01/01/2020", "reason": "x"})
    assert past.status_code == 400 and "Hạn xử lý không được ở trong quá khứ." in past.content.decode()
    asked = head_client.post(
        f"/direction/parts/{lead.pk}/extension/",
        {"requested_due_on": wanted.strftime("%d/%m/%Y"), "reason": "Chờ số liệu của các huyện"},
    )
    assert asked.status_code == 302
    request = ExtensionRequest.objects.get(assignment=lead)
    # A specialist (not the leader who directed) is refused; nothing decided.
    refused = client_as(agency_a, specialist.user).post(
        f"/direction/extensions/{request.pk}/decide/", {"decision": "grant", "answer": ""}
    )
    assert refused.status_code in (403, 404)
    request.refresh_from_db()
    assert request.decision == ExtensionRequest.Decision.PENDING
    leader_client = client_as(agency_a, leader.user)
    assert (
        f"/direction/extensions/{request.pk}/decide/"
        in leader_client.get(f"/direction/works/{work.pk}/").content.decode()
    )
    decided = leader_client.post(
        f"/direction/extensions/{request.pk}/decide/", {"decision": "grant", "answer": "Đồng ý"}, **htmx("panel")
    )
    assert decided.status_code == 200
    request.refresh_from_db()
    lead.refresh_from_db()
    work.refresh_from_db()
    assert request.decision == ExtensionRequest.Decision.GRANTED and request.answer == "Đồng ý"
    assert lead.due_on == wanted == work.due_on
    assert events_for(work).filter(action="extension_granted").exists()


def test_a_unit_head_reassigns_inside_the_unit_and_not_outside(agency_a, clerk, leader, unit, head, specialist):
    _document, work = _directed(clerk, leader, Assignee(unit=unit))
    lead = _part(work)
    helper = make_person(Role.SPECIALIST, unit=unit)
    outsider = make_person(Role.SPECIALIST)
    client = client_as(agency_a, head.user)
    outside = client.post(f"/direction/parts/{lead.pk}/reassign/", {"handler": outsider.user.pk})
    assert outside.status_code == 400  # not offered: not a member of the unit
    assert not Assignment.objects.filter(parent=lead).exists()
    ok = client.post(
        f"/direction/parts/{lead.pk}/reassign/",
        {"handler": specialist.user.pk, "helpers": [helper.user.pk], "text": "Đồng chí A chủ trì"},
    )
    assert ok.status_code == 302
    children = {a.user_id: a.role for a in Assignment.objects.filter(parent=lead)}
    assert children == {specialist.user.pk: Assignment.Role.LEAD, helper.user.pk: Assignment.Role.SUPPORT}
    page = client_as(agency_a, specialist.user).get(f"/direction/works/{work.pk}/").content.decode()
    assert "chain-depth-1" in page
    # A specialist does not re-assign the unit's part.
    assert client_as(agency_a, specialist.user).post(f"/direction/parts/{lead.pk}/reassign/", {}).status_code == 403


def test_the_leader_takes_back_adds_and_changes_assignees(agency_a, clerk, leader, unit, head, specialist):
    document, work = _directed(clerk, leader, Assignee(unit=unit))
    lead = _part(work)
    client = client_as(agency_a, leader.user)
    added = client.post(
        f"/direction/works/{work.pk}/assignees/", {"role": "support", "assignees": [f"user:{specialist.user.pk}"]}
    )
    assert added.status_code == 302
    support = _part(work, role=Assignment.Role.SUPPORT)
    assert support.user_id == specialist.user.pk and support.due_on == work.due_on
    new_due = timezone.localdate() + datetime.timedelta(days=30)
    changed = client.post(
        f"/direction/parts/{lead.pk}/change/", {"assignee": f"unit:{unit.pk}", "due_on": new_due.strftime("%d/%m/%Y")}
    )
    assert changed.status_code == 302
    lead.refresh_from_db()
    work.refresh_from_db()
    assert lead.due_on == new_due == work.due_on
    assert client.post(f"/direction/parts/{support.pk}/take-back/").status_code == 302
    support.refresh_from_db()
    assert support.state == State.WITHDRAWN
    assert {"assignees_added", "assignment_changed", "taken_back"} <= set(
        events_for(work).values_list("action", flat=True)
    )
    # The specialist may do none of it.
    other = client_as(agency_a, specialist.user)
    assert other.post(f"/direction/parts/{lead.pk}/take-back/").status_code == 403
    assert (
        other.post(
            f"/direction/works/{work.pk}/assignees/", {"role": "info", "assignees": [f"unit:{unit.pk}"]}
        ).status_code
        == 403
    )
    lead.refresh_from_db()
    assert lead.state == State.OPEN
    document.refresh_from_db()
    assert document.status == IncomingDocument.Status.ASSIGNED


def test_a_delegate_acts_on_the_unit_part_on_behalf_of_the_head(agency_a, alpha, clerk, leader, unit, head):
    deputy = make_person(Role.SPECIALIST, unit=unit)
    now = timezone.now()
    delegations.delegate(deputy.user, now - datetime.timedelta(hours=1), now + LATER, "Nghỉ phép", by=head)
    _document, work = _directed(clerk, leader, Assignee(unit=unit))
    lead = _part(work)
    client = client_as(agency_a, deputy.user)
    page = client.get(f"/direction/works/{work.pk}/").content.decode()
    assert f"/direction/parts/{lead.pk}/note/" in page and head.user.full_name in page
    assert (
        client.post(
            f"/direction/parts/{lead.pk}/note/", {"kind": "opinion", "text": "Thay mặt trưởng phòng"}
        ).status_code
        == 302
    )
    note = Note.objects.get(assignment=lead)
    assert (note.author_id, note.on_behalf_of_id) == (deputy.user.pk, head.user.pk)
    assert events_for(work).get(action="note_recorded").changes["on_behalf_of"] == str(head.user)


def test_notifications_about_direction_open_the_work(
    agency_a, alpha, clerk, leader, specialist, django_capture_on_commit_callbacks
):
    from apps.notifications.links import url_for
    from apps.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        _document, work = _directed(clerk, leader, Assignee(user=specialist.user))
    assigned = Notification.objects.get(recipient=specialist.user, kind=Notification.Kind.WORK_ASSIGNED)
    opened = client_as(agency_a, specialist.user).post(f"/notifications/{assigned.pk}/open/")
    assert opened.status_code == 302 and opened["Location"] == f"/direction/works/{work.pk}/"
    from apps.direction.models import Reminder

    part = _part(work)
    reminder = Reminder.objects.create(assignment=part, kind=Reminder.Kind.OVERDUE, due_on=part.due_on)
    assert url_for("direction.reminder", str(reminder.pk)) == f"/direction/reminders/{reminder.pk}/"
    followed = client_as(agency_a, specialist.user).get(f"/direction/reminders/{reminder.pk}/")
    assert followed["Location"] == f"/direction/works/{work.pk}/#assignment-{part.pk}"
    assert (
        client_as(agency_a, make_person(Role.SPECIALIST).user).get(f"/direction/reminders/{reminder.pk}/").status_code
        == 404
    )
    assert Work.objects.filter(pk=work.pk).exists()
