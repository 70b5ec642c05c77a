"""Submitting a document to a leader, directing it, recording and completing (Decree 30 Đ23–24): the services,
with the document's handling status, the audit trail, notifications and the refusals of bad input."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.audit.services import events_for
from apps.core.events import handling_changed
from apps.direction import services
from apps.direction.inputs import Assignee, DirectionInput, NoteInput, ReassignInput, TaskInput
from apps.direction.models import Assignment, State, Submission, Work
from apps.direction.status import Status, Today, status_expression, status_of
from apps.direction.tests.flow import direction, registered, submitted
from apps.documents.access import can_see_incoming
from apps.documents.models import IncomingDocument
from apps.documents.tests.factories import make_person
from apps.notifications.models import Notification
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from apps.registers.models import Secrecy, Urgency

TODAY = timezone.localdate
pytestmark = pytest.mark.django_db


def test_a_submitted_document_waits_in_the_leaders_queue_most_urgent_first(
    clerk, leader, django_capture_on_commit_callbacks
):
    from apps.direction.access import waiting_for

    with django_capture_on_commit_callbacks(execute=True):
        normal = submitted(clerk, leader, subject="V/v thường")
        flash = submitted(clerk, leader, subject="V/v hỏa tốc", urgency=Urgency.FLASH)
        urgent = submitted(clerk, leader, subject="V/v khẩn", urgency=Urgency.URGENT)
    assert [s.document for s in waiting_for(leader)] == [flash, urgent, normal]
    kinds = dict(Notification.objects.filter(recipient=leader.user).values_list("object_id", "kind"))
    assert kinds[str(flash.pk)] == Notification.Kind.URGENT_INCOMING
    assert kinds[str(normal.pk)] == Notification.Kind.DIRECTION_WAITING
    assert events_for(normal).filter(action="submitted").exists()


def test_submitting_again_to_another_leader_withdraws_the_first(clerk, leader):
    other = make_person(Role.LEADER)
    document = submitted(clerk, leader)
    services.submit(document, other.user, by=clerk)
    states = dict(Submission.objects.filter(document=document).values_list("leader_id", "state"))
    assert states == {leader.user.pk: Submission.State.WITHDRAWN, other.user.pk: Submission.State.WAITING}


def test_only_a_clerk_submits_and_only_to_a_cleared_active_leader(clerk, leader, specialist):
    document = registered(make_person(Role.CLERK, clearance=Secrecy.SECRET), secrecy=Secrecy.SECRET)
    with pytest.raises(PermissionDenied):
        services.submit(document, leader.user, by=specialist)
    secret_clerk = make_person(Role.CLERK, clearance=Secrecy.SECRET)
    with pytest.raises(ValidationError) as refused:
        services.submit(document, leader.user, by=secret_clerk)
    assert "leader" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.submit(document, specialist.user, by=secret_clerk)
    assert not Submission.objects.filter(document=document).exists()


def test_the_leader_directs_a_lead_unit_supports_and_infos_and_the_document_is_assigned(
    clerk, leader, unit, specialist
):
    document = submitted(clerk, leader)
    due = TODAY() + datetime.timedelta(days=10)
    other_unit = UnitFactory(name="Phòng Kế hoạch")
    seen = []
    handling_changed.connect(lambda **kw: seen.append((kw["before"], kw["after"])), weak=False, dispatch_uid="t")
    try:
        result = services.direct(
            document,
            direction(
                Assignee(unit=unit),
                due_on=due,
                supports=[Assignee(unit=other_unit)],
                infos=[Assignee(user=specialist.user)],
            ),
            by=leader,
        )
    finally:
        handling_changed.disconnect(dispatch_uid="t")
    document.refresh_from_db()
    assert document.status == IncomingDocument.Status.ASSIGNED
    assert seen == [("registered", "assigned")]
    roles = {(a.role, a.unit_id or a.user_id, a.due_on) for a in result.assignments}
    assert roles == {("lead", unit.pk, due), ("support", other_unit.pk, due), ("info", specialist.user.pk, None)}
    assert result.work.direction == "Giao Phòng Tổng hợp chủ trì tham mưu."
    assert Submission.objects.get(document=document).state == Submission.State.DIRECTED
    assert events_for(result.work).filter(action="directed").exists()
    assert events_for(document).filter(action="handling_changed").exists()
    # Those assigned receive the document: the specialist kept informed now finds it among theirs.
    assert (document.recipient_unit_ids, document.recipient_user_ids) == (
        sorted([unit.pk, other_unit.pk]),
        [specialist.user.pk],
    )
    assert can_see_incoming(specialist, document)


def test_a_new_direction_takes_back_who_is_no_longer_named_and_keeps_the_others(clerk, leader, unit, specialist):
    document = submitted(clerk, leader)
    first = services.direct(
        document, direction(Assignee(unit=unit), supports=[Assignee(user=specialist.user)]), by=leader
    )
    lead = first.assignments[0]
    second = services.direct(document, direction(Assignee(unit=unit)), by=leader)
    assert second.assignments == [lead]
    support = Assignment.objects.get(work=first.work, role=Assignment.Role.SUPPORT)
    assert support.state == State.WITHDRAWN
    assert Work.objects.filter(document=document).count() == 1


def test_bad_directions_are_refused_whole_with_reasons_by_field(clerk, leader, unit):
    document = submitted(clerk, leader)
    inactive = UnitFactory(is_active=False)
    outsider = make_person(Role.SPECIALIST)
    outsider.memberships[0].is_active = False
    outsider.memberships[0].save()
    bad = DirectionInput(
        text="x\x00y",
        lead=None,
        supports=(Assignee(unit=inactive), Assignee(user=outsider.user), Assignee(unit=unit), Assignee(unit=unit)),
        due_on=TODAY() - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as refused:
        services.direct(document, bad, by=leader)
    assert set(refused.value.message_dict) == {"lead", "text", "due_on", "supports"}
    assert len(refused.value.message_dict["supports"]) == 3
    assert not Work.objects.filter(document=document).exists()
    document.refresh_from_db()
    assert document.status == IncomingDocument.Status.REGISTERED


def test_a_secret_document_is_not_assigned_to_someone_not_cleared(leader, unit, specialist):
    secret_clerk = make_person(Role.CLERK, clearance=Secrecy.CONFIDENTIAL)
    cleared_leader = make_person(Role.LEADER, clearance=Secrecy.CONFIDENTIAL)
    document = submitted(secret_clerk, cleared_leader, secrecy=Secrecy.CONFIDENTIAL)
    with pytest.raises(ValidationError) as refused:
        services.direct(document, direction(Assignee(user=specialist.user)), by=cleared_leader)
    assert list(refused.value.message_dict) == ["lead"]


def test_a_leader_not_submitted_to_and_not_an_agency_leader_cannot_direct(clerk, leader, head, unit):
    document = submitted(clerk, leader)
    with pytest.raises(PermissionDenied):
        services.direct(document, direction(Assignee(unit=unit)), by=head)


def test_assignees_record_progress_and_the_lead_completes_the_whole(clerk, leader, unit, head, specialist):
    document = submitted(clerk, leader)
    result = services.direct(
        document, direction(Assignee(unit=unit), infos=[Assignee(user=specialist.user)]), by=leader
    )
    lead = result.assignments[0]
    with pytest.raises(PermissionDenied):
        services.record_note(lead, NoteInput(kind="progress", text="Đang làm"), by=specialist)
    services.record_note(lead, NoteInput(kind="progress", text="Đã dự thảo báo cáo", percent=60), by=head)
    document.refresh_from_db()
    assert document.status == IncomingDocument.Status.IN_PROGRESS
    lead.refresh_from_db()
    assert lead.started_at is not None
    with pytest.raises(PermissionDenied):
        services.complete_work(result.work, by=specialist)
    services.complete_work(result.work, by=head)
    document.refresh_from_db()
    result.work.refresh_from_db()
    lead.refresh_from_db()
    assert document.status == IncomingDocument.Status.DONE
    assert (result.work.state, lead.state) == (State.DONE, State.DONE)
    info = result.assignments[1]
    info.refresh_from_db()
    assert (info.role, info.state, info.done_at) == (Assignment.Role.INFO, State.DONE, result.work.done_at)
    assert events_for(result.work).get(action="done").changes["parts_closed"] == [str(info)]
    assert [e.action for e in events_for(result.work).order_by("id")] == [
        "directed",
        "note_recorded",
        "part_done",
        "done",
    ]


def test_notes_refuse_bad_input_and_closed_parts(clerk, leader, unit, head):
    document = submitted(clerk, leader)
    lead = services.direct(document, direction(Assignee(unit=unit)), by=leader).assignments[0]
    with pytest.raises(ValidationError) as refused:
        services.record_note(lead, NoteInput(kind="progress", text="", percent=150), by=head)
    assert set(refused.value.message_dict) == {"text", "percent"}
    services.complete_part(lead, by=head)
    with pytest.raises(PermissionDenied):
        services.record_note(lead, NoteInput(kind="opinion", text="Muộn"), by=head)


def test_the_database_keeps_one_lead_per_work(clerk, leader, unit):
    document = submitted(clerk, leader)
    work = services.direct(document, direction(Assignee(unit=unit)), by=leader).work
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(work=work, role="lead", unit=UnitFactory(), assigned_by=leader.user)


@pytest.mark.parametrize(
    ("state", "due", "done_day", "started", "expected"),
    [
        ("open", None, None, False, Status.WAITING),
        ("open", None, None, True, Status.IN_PROGRESS),
        ("open", 2, None, True, Status.DUE_SOON),
        ("open", 5, None, False, Status.WAITING),
        ("open", -1, None, True, Status.OVERDUE),
        ("done", 0, 0, True, Status.DONE_ON_TIME),
        ("done", 0, 1, True, Status.DONE_LATE),
        ("withdrawn", -3, None, False, Status.WITHDRAWN),
    ],
)
def test_the_derived_status_is_the_same_in_sql_and_in_python(
    clerk, leader, unit, state, due, done_day, started, expected
):
    today = TODAY()
    when = Today(today=today, due_soon_until=today + datetime.timedelta(days=2))
    document = submitted(clerk, leader)
    lead = services.direct(document, direction(Assignee(unit=unit)), by=leader).assignments[0]
    day = lambda n: None if n is None else today + datetime.timedelta(days=n)  # noqa: E731
    done_at = None
    if done_day is not None:
        done_at = timezone.make_aware(datetime.datetime.combine(day(done_day), datetime.time(10)))
    Assignment.objects.filter(pk=lead.pk).update(
        state=state, due_on=day(due), done_at=done_at, started_at=timezone.now() if started else None
    )
    in_sql = Assignment.objects.annotate(shown=status_expression(when)).get(pk=lead.pk).shown
    in_python = status_of(state=state, due_on=day(due), done_at=done_at, started=started, when=when)
    assert in_sql == in_python == expected


# ---- inside a unit, more time, taking back, tasks -------------------------------------------------------------


def test_a_unit_head_reassigns_inside_the_unit_and_the_chain_is_kept(clerk, leader, unit, head, specialist):
    document = submitted(clerk, leader)
    due = TODAY() + datetime.timedelta(days=10)
    lead = services.direct(document, direction(Assignee(unit=unit), due_on=due), by=leader).assignments[0]
    outsider = make_person(Role.SPECIALIST)
    with pytest.raises(ValidationError) as refused:
        services.reassign(lead, ReassignInput(handler=Assignee(user=outsider.user)), by=head)
    assert "handler" in refused.value.message_dict
    with pytest.raises(ValidationError):
        late = due + datetime.timedelta(days=1)
        services.reassign(lead, ReassignInput(handler=Assignee(user=specialist.user, due_on=late)), by=head)
    with pytest.raises(PermissionDenied):
        services.reassign(lead, ReassignInput(handler=Assignee(user=specialist.user)), by=specialist)
    [child] = services.reassign(lead, ReassignInput(handler=Assignee(user=specialist.user)), by=head)
    assert (child.parent_id, child.role, child.user_id, child.due_on) == (lead.pk, "lead", specialist.user.pk, due)
    services.record_note(child, NoteInput(kind="opinion", text="Đề xuất trả lời theo hướng đồng ý"), by=specialist)
    services.complete_part(child, by=specialist)
    assert events_for(lead.work).filter(action="reassigned").exists()


def test_the_lead_asks_for_more_time_and_the_leader_grants_it(clerk, leader, unit, head):
    document = submitted(clerk, leader)
    due = TODAY() + datetime.timedelta(days=3)
    result = services.direct(document, direction(Assignee(unit=unit), due_on=due), by=leader)
    lead = result.assignments[0]
    with pytest.raises(ValidationError) as refused:
        services.request_extension(lead, due, "", by=head)
    assert set(refused.value.message_dict) == {"requested_due_on", "reason"}
    later = due + datetime.timedelta(days=7)
    request = services.request_extension(lead, later, "Chờ số liệu của các xã", by=head)
    with pytest.raises(ValidationError):
        services.request_extension(lead, later, "Lần nữa", by=head)
    with pytest.raises(PermissionDenied):
        services.decide_extension(request, grant=True, by=head)
    services.decide_extension(request, grant=True, by=leader, answer="Đồng ý")
    lead.refresh_from_db()
    result.work.refresh_from_db()
    assert lead.due_on == result.work.due_on == later
    with pytest.raises(ValidationError):
        services.decide_extension(request, grant=False, by=leader)


def test_taking_back_every_part_returns_the_document_to_be_directed_again(clerk, leader, unit, head, specialist):
    document = submitted(clerk, leader)
    lead = services.direct(document, direction(Assignee(unit=unit)), by=leader).assignments[0]
    [child] = services.reassign(lead, ReassignInput(handler=Assignee(user=specialist.user)), by=head)
    with pytest.raises(PermissionDenied):
        services.take_back(lead, by=specialist)
    services.take_back(lead, by=leader)
    child.refresh_from_db()
    document.refresh_from_db()
    assert child.state == State.WITHDRAWN
    assert document.status == IncomingDocument.Status.REGISTERED


def test_a_leader_gives_a_task_and_its_lead_splits_it_into_subtasks(alpha, leader, unit, head, specialist):
    due = TODAY() + datetime.timedelta(days=20)
    task = services.create_task(
        TaskInput(title="Xây dựng kế hoạch chuyển đổi số 2027", lead=Assignee(unit=unit), due_on=due), by=leader
    ).work
    assert (task.kind, task.document_id, task.due_on) == (Work.Kind.TASK, None, due)
    with pytest.raises(PermissionDenied):
        services.create_task(TaskInput(title="Việc riêng", lead=Assignee(user=head.user)), by=specialist)
    sub = services.create_task(
        TaskInput(title="Khảo sát hiện trạng", lead=Assignee(user=specialist.user), due_on=due), by=head, parent=task
    ).work
    assert sub.parent_id == task.pk
    with pytest.raises(ValidationError) as refused:
        services.create_task(TaskInput(title="", lead=None, urgency="x"), by=leader)
    assert set(refused.value.message_dict) == {"title", "lead", "urgency"}


def test_completing_the_whole_closes_every_part_still_open(clerk, leader, unit, head, specialist):
    """Supports who did not mark their part, and the shares re-assigned under the lead, close with the work: no
    reminder for finished work, nothing left in anyone's queue."""
    document = submitted(clerk, leader)
    helper_unit = UnitFactory()
    result = services.direct(document, direction(Assignee(unit=unit), supports=[Assignee(unit=helper_unit)]), by=leader)
    lead = result.assignments[0]
    shares = services.reassign(lead, ReassignInput(handler=Assignee(user=specialist.user)), by=head)
    services.complete_work(result.work, by=head)
    parts = Assignment.objects.filter(work=result.work)
    assert parts.count() == 2 + len(shares)
    assert set(parts.values_list("state", flat=True)) == {State.DONE}
    assert not parts.filter(done_at__isnull=True).exists()
