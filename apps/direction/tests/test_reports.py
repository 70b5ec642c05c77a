"""The data behind the outputs and dashboards: the slip shows the whole chain, the tracking register its seven
columns, and the figures count each work once, on time or late."""

import datetime

import pytest
from django.utils import timezone

from apps.direction import reports, services
from apps.direction.inputs import Assignee, DirectionInput, NoteInput, ReassignInput
from apps.direction.models import Assignment
from apps.direction.tests.conftest import leader_with_post
from apps.documents.tests.factories import RegisteredIncomingFactory, make_person
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def day(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def chain(clerk, director):
    """A document directed to a unit, re-assigned to a specialist who proposes an answer."""
    unit = UnitFactory(name="Phòng Kế hoạch")
    head = leader_with_post("Trưởng phòng", 20, unit=unit)
    handler = make_person(Role.SPECIALIST, unit=unit)
    document = RegisteredIncomingFactory(by=clerk, subject="V/v báo cáo quý", number=12, notation="UBND-VP")
    services.submit(document, director.user, by=clerk)
    entry = DirectionInput(text="Giao Phòng Kế hoạch tham mưu", lead=Assignee(unit=unit), due_on=day(5))
    lead = services.direct(document, entry, by=director).assignments[0]
    [child] = services.reassign(lead, ReassignInput(handler=Assignee(user=handler.user)), by=head)
    services.record_note(child, NoteInput(kind="opinion", text="Đề xuất trả lời đồng ý"), by=handler)
    return document, unit, head, handler, lead


def test_the_slip_shows_the_leader_the_unit_and_the_handler(chain, director):
    document, _unit, head, handler, _lead = chain
    shown = reports.slip(document)
    assert shown.leader.text == "Giao Phòng Kế hoạch tham mưu"
    assert shown.leader.author == str(director.user)
    assert shown.leader.assignees == [f"Chủ trì: Phòng Kế hoạch — {day(5):%d/%m/%Y}"]
    [unit_line] = shown.units
    assert unit_line.author == str(head.user) and str(handler.user) in unit_line.assignees[0]
    assert [h.text for h in shown.handlers] == ["Đề xuất trả lời đồng ý"]


def test_the_tracking_register_has_its_seven_columns(chain):
    document, _unit, head, handler, lead = chain
    services.complete_work(lead.work, by=head)
    [row] = reports.tracking_rows(day(-1), day(0))
    assert row.arrival_number == document.arrival_number_display
    assert "12/UBND-VP" in row.document and document.issuer_name in row.document
    # The lead, then whom it was re-assigned to (the chain).
    assert (row.handled_by, row.due_on) == (f"Phòng Kế hoạch → {handler.user}", f"{day(5):%d/%m/%Y}")
    assert row.progress.endswith(f"{day(0):%d/%m/%Y}")


def test_figures_count_each_work_once_on_time_or_late(chain, clerk, director):
    _document, unit, head, _handler, lead = chain
    late = RegisteredIncomingFactory(by=clerk)
    services.submit(late, director.user, by=clerk)
    entry = DirectionInput(text="", lead=Assignee(unit=unit), due_on=day(1))
    late_lead = services.direct(late, entry, by=director).assignments[0]
    Assignment.objects.filter(pk=late_lead.pk).update(due_on=day(-2))
    services.complete_work(lead.work, by=head)
    [row] = reports.figures(day(-1), day(0), today=day(0))
    assert (row.label, row.received, row.done_on_time, row.done_late, row.overdue) == ("Phòng Kế hoạch", 2, 1, 0, 1)
    assert row.on_time_rate == 100.0
