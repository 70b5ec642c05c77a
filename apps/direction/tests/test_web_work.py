"""A work's page: the direction and the chain of assignments, for those who may read the work only."""

import datetime

import pytest
from django.utils import timezone

from apps.core.tests.utils import client_as
from apps.direction import services
from apps.direction.inputs import Assignee, ReassignInput
from apps.direction.models import Work
from apps.direction.tests.flow import direction, submitted
from apps.documents.tests.factories import make_person
from apps.people.models import Role

pytestmark = pytest.mark.django_db


def test_the_work_page_shows_the_direction_and_the_chain_with_re_assignments(
    agency_a, clerk, leader, head, unit, specialist
):
    document = submitted(clerk, leader)
    due = timezone.localdate() + datetime.timedelta(days=20)
    work = services.direct(document, direction(Assignee(unit=unit), due_on=due), by=leader).work
    lead = work.assignments.get()
    services.reassign(lead, ReassignInput(handler=Assignee(user=specialist.user)), by=head)
    page = client_as(agency_a, specialist.user).get(f"/direction/works/{work.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Giao Phòng Tổng hợp chủ trì tham mưu." in html and document.number_and_notation in html
    chain = html[html.index("direction-chain") :]
    assert chain.index(unit.name) < chain.index(specialist.user.full_name)  # the re-assignment under its parent
    assert "chain-depth-1" in html and due.strftime("%d/%m/%Y") in html


def test_the_work_page_is_not_found_for_someone_not_involved(agency_a, clerk, leader, unit):
    document = submitted(clerk, leader)
    work = services.direct(document, direction(Assignee(unit=unit)), by=leader).work
    outsider = make_person(Role.SPECIALIST)
    assert client_as(agency_a, outsider.user).get(f"/direction/works/{work.pk}/").status_code == 404
    assert client_as(agency_a, outsider.user).get("/direction/works/999999/").status_code == 404
    assert Work.objects.filter(pk=work.pk).exists()


def test_a_reply_drafted_for_the_document_shows_on_the_work_page(agency_a, clerk, leader, specialist):
    """ "Trả lời" makes a draft in reply to the document: the work's page lists it at once (before any part records
    it as its result), for those who may read the draft."""
    from apps.outgoing.tests.factories import DraftFactory

    document = submitted(clerk, leader)
    work = services.direct(document, direction(Assignee(user=specialist.user)), by=leader).work
    unit = specialist.memberships[0].unit
    DraftFactory(drafter=specialist.user, drafting_unit=unit, in_reply_to=document, subject="V/v trả lời số liệu")
    DraftFactory(drafter=specialist.user, drafting_unit=unit, subject="V/v không liên quan")
    html = client_as(agency_a, specialist.user).get(f"/direction/works/{work.pk}/").content.decode()
    assert "Văn bản trả lời đã soạn" in html and "V/v trả lời số liệu" in html
    assert "V/v không liên quan" not in html
