""" "Việc của tôi": each view lists exactly the parts it names, most urgent and soonest first; the counts match."""

import pytest
from django.utils import timezone

from apps.direction import queues, services
from apps.direction.inputs import Assignee, DirectionInput
from apps.direction.models import Assignment
from apps.direction.status import Status, Today
from apps.direction.tests.flow import day, task
from apps.documents.tests.factories import RegisteredIncomingFactory, make_person
from apps.people.access import Person
from apps.people.models import Position, Role
from apps.people.tests.factories import MembershipFactory, UnitFactory
from apps.registers.models import Urgency

pytestmark = pytest.mark.django_db


def test_each_view_lists_the_parts_it_names_in_order(leader):
    me = make_person(Role.SPECIALIST, unit=UnitFactory())
    when = Today(today=day(0), due_soon_until=day(2))
    later = task(leader, "Sau", me, due=day(30))
    soon = task(leader, "Sớm", me, due=day(1))
    flash = task(leader, "Hỏa tốc", me, due=day(30), urgency=Urgency.FLASH)
    undated = task(leader, "Không hạn", me)
    late = task(leader, "Trễ", me, due=day(5))
    Assignment.objects.filter(work=late).update(due_on=day(-1))  # its deadline passed since
    followed = task(leader, "Để biết", make_person(Role.SPECIALIST), infos=[Assignee(user=me.user)])
    started = Assignment.objects.get(work=later)
    started.started_at = timezone.now()
    started.save()
    done = task(leader, "Xong", me, due=day(3))
    services.complete_work(done, by=me)

    titles = lambda view: [a.work.title for a in queues.assignments(me, when, view)]  # noqa: E731
    assert titles("todo") == ["Hỏa tốc", "Trễ", "Sớm", "Sau", "Không hạn"]
    assert titles("overdue") == ["Trễ"]
    assert titles("waiting") == ["Hỏa tốc", "Trễ", "Sớm", "Không hạn"]
    assert titles("following") == ["Để biết"]
    assert titles("done") == ["Xong"]
    shown = {a.work.title: a.status for a in queues.assignments(me, when, "todo")}
    assert shown == {
        "Hỏa tốc": Status.WAITING,
        "Trễ": Status.OVERDUE,
        "Sớm": Status.DUE_SOON,
        "Sau": Status.IN_PROGRESS,
        "Không hạn": Status.WAITING,
    }
    figures = queues.counts(me, when)
    assert (figures.to_do, figures.overdue, figures.to_direct, figures.to_decide) == (5, 1, 0, 0)
    assert followed and flash and soon and undated


def test_a_leader_sees_what_waits_for_direction_and_for_a_decision(leader):
    clerk = make_person(Role.CLERK)
    unit = UnitFactory()
    document = RegisteredIncomingFactory(by=clerk)
    services.submit(document, leader.user, by=clerk)
    head = Person.for_user(
        MembershipFactory(
            unit=unit,
            roles=[Role.LEADER],
            position=Position.objects.get_or_create(name="Trưởng phòng", defaults={"is_leadership": True, "rank": 20})[
                0
            ],
        ).user
    )
    other = RegisteredIncomingFactory(by=clerk)
    services.submit(other, leader.user, by=clerk)
    lead = services.direct(
        other, DirectionInput(text="", lead=Assignee(unit=unit), due_on=day(3)), by=leader
    ).assignments[0]
    services.request_extension(lead, day(10), "Chờ số liệu", by=head)
    when = Today(today=day(0), due_soon_until=day(2))
    assert [s.document for s in queues.submissions(leader)] == [document]
    assert [r.assignment for r in queues.extension_requests(leader)] == [lead]
    assert [w.title for w in queues.directed_by(leader, when)] == [other.subject]
    figures = queues.counts(leader, when)
    assert (figures.to_direct, figures.to_decide, figures.total) == (1, 1, 2)
    assert [a.pk for a in queues.assignments(head, when)] == [lead.pk]
