"""The leader's later changes (issue 8 point 2): naming more assignees and changing a part — its deadline or its
assignee — audited, refused whole with reasons by field, only by the leader who directed (or their delegate)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.audit.services import events_for
from apps.direction import services
from apps.direction.inputs import Assignee, NoteInput, ReassignInput
from apps.direction.models import Assignment, Note, State
from apps.direction.tests.flow import direction, registered, submitted
from apps.outgoing.tests.factories import DraftFactory
from apps.people.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _due(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_the_leader_adds_supports_and_a_lead_only_when_none_is_in_charge(clerk, leader, unit, specialist):
    work = services.direct(submitted(clerk, leader), direction(Assignee(unit=unit), due_on=_due(10)), by=leader).work
    other = UnitFactory(name="Phòng Kế hoạch")
    made = services.add_assignees(work, Assignment.Role.SUPPORT, (Assignee(unit=other),), by=leader)
    assert [(a.role, a.unit, a.due_on) for a in made] == [(Assignment.Role.SUPPORT, other, _due(10))]
    with pytest.raises(ValidationError) as refused:
        services.add_assignees(work, Assignment.Role.LEAD, (Assignee(user=specialist.user),), by=leader)
    assert "role" in refused.value.message_dict
    with pytest.raises(ValidationError) as twice:
        services.add_assignees(work, Assignment.Role.INFO, (Assignee(unit=other, due_on=_due(-1)),), by=leader)
    assert len(twice.value.message_dict["assignees"]) == 2  # already assigned, and a deadline in the past
    with pytest.raises(PermissionDenied):
        services.add_assignees(work, Assignment.Role.INFO, (Assignee(user=specialist.user),), by=specialist)
    assert work.assignments.count() == 2
    assert events_for(work).get(action="assignees_added").changes["added"] == [f"Phối hợp: {other}"]


def test_changing_the_lead_takes_back_its_chain_and_moves_the_deadline(clerk, leader, unit, head, specialist):
    work = services.direct(submitted(clerk, leader), direction(Assignee(unit=unit), due_on=_due(10)), by=leader).work
    lead = work.assignments.get()
    child = services.reassign(lead, ReassignInput(handler=Assignee(user=specialist.user)), by=head)[0]
    other = UnitFactory(name="Văn phòng")
    new = services.change_assignment(lead, Assignee(unit=other, due_on=_due(20)), by=leader)
    lead.refresh_from_db()
    child.refresh_from_db()
    work.refresh_from_db()
    assert (lead.state, child.state) == (State.WITHDRAWN, State.WITHDRAWN)
    assert (new.role, new.unit, new.due_on, work.due_on) == (Assignment.Role.LEAD, other, _due(20), _due(20))
    same = services.change_assignment(new, Assignee(unit=other, due_on=_due(25)), by=leader)
    assert same.pk == new.pk and same.due_on == _due(25)
    assert events_for(work).filter(action="assignment_changed").count() == 2
    with pytest.raises(PermissionDenied):
        services.change_assignment(same, Assignee(unit=unit), by=head)
    with pytest.raises(ValidationError):
        services.change_assignment(lead, Assignee(unit=unit), by=leader)  # a part already taken back


def test_a_note_links_only_a_reply_to_its_own_document(clerk, leader, specialist):
    document = submitted(clerk, leader)
    part = services.direct(document, direction(Assignee(user=specialist.user)), by=leader).assignments[0]
    elsewhere = registered(clerk)
    draft = DraftFactory(in_reply_to=elsewhere, subject="Trả lời khác")
    with pytest.raises(ValidationError) as refused:
        services.record_note(part, NoteInput(kind="result", reply=draft), by=specialist)
    assert "reply" in refused.value.message_dict and not Note.objects.exists()
