"""Who sees which draft and outgoing document, and who is next to act (apps/outgoing/access.py)."""

import importlib

import pytest
from django.db import connection
from django.http import Http404

from apps.documents.tests.factories import make_person
from apps.outgoing import access, notices
from apps.outgoing.inputs import RecipientSpec
from apps.outgoing.models import Draft, OutgoingDocument, ReviewStep
from apps.outgoing.tests.flow import issue, new_draft, take_through
from apps.people.access import Person
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from apps.registers.models import Secrecy, SecrecyClearance

State = Draft.State
pytestmark = pytest.mark.django_db


def sees(person, draft: Draft) -> bool:
    return access.drafts_visible_to(person).filter(pk=draft.pk).exists()


def test_a_draft_is_seen_by_its_drafter_the_head_of_its_unit_and_its_signer_not_by_colleagues(team):
    draft = new_draft(team)
    colleague = make_person(Role.SPECIALIST, unit=team.office)
    outsider_leader = make_person(Role.LEADER)
    admin = make_person(Role.ADMIN, unit=team.office)
    assert sees(team.drafter, draft) and sees(team.head, draft) and sees(team.signer, draft)
    assert not sees(colleague, draft) and not sees(outsider_leader, draft) and not sees(admin, draft)
    assert not sees(team.clerk, draft), "the clerk meets a draft at the format check"
    with pytest.raises(Http404):
        access.get_draft_for(colleague, draft.pk)
    assert access.get_draft_for(team.drafter, draft.pk) == draft


def test_clerks_see_drafts_from_the_format_check_on_and_whoever_acted_keeps_seeing_it(team):
    draft = take_through(new_draft(team), team, until=State.FORMAT_CHECK)
    other_clerk = make_person(Role.CLERK)
    assert sees(team.clerk, draft) and sees(other_clerk, draft)
    from apps.outgoing import services

    draft = services.check_format(draft, by=team.clerk, version=1, approve=False, comment="Sai thể thức")
    assert sees(team.clerk, draft), "the clerk who returned it still follows it"
    assert not sees(other_clerk, draft)


def test_an_issued_document_is_seen_by_leaders_its_unit_and_the_units_and_people_it_is_sent_to(team):
    finance = UnitFactory()
    reader = make_person(Role.SPECIALIST)
    document = issue(team, recipients=[RecipientSpec.of_unit(finance), RecipientSpec.person(reader.user)])
    in_finance = make_person(Role.SPECIALIST, unit=finance)
    in_office = make_person(Role.SPECIALIST, unit=team.office)
    elsewhere = make_person(Role.SPECIALIST)
    any_leader = make_person(Role.LEADER)
    visible = lambda person: access.outgoing_visible_to(person).filter(pk=document.pk).exists()  # noqa: E731
    assert all(visible(p) for p in (in_finance, in_office, reader, any_leader, team.clerk, team.drafter))
    assert not visible(elsewhere) and not visible(make_person(Role.ADMIN))
    with pytest.raises(Http404):
        access.get_outgoing_for(elsewhere, document.pk)


def test_a_secret_document_is_seen_by_the_people_assigned_to_it_and_by_those_cleared_only(secret_team):
    team = secret_team
    finance = UnitFactory()
    named = make_person(Role.SPECIALIST)
    document = issue(
        team,
        secrecy=Secrecy.CONFIDENTIAL,
        recipients=[RecipientSpec.of_unit(finance), RecipientSpec.person(named.user)],
    )
    visible = lambda person: access.outgoing_visible_to(person).filter(pk=document.pk).exists()  # noqa: E731
    assert visible(team.drafter) and visible(team.head) and visible(team.signer) and visible(named)
    assert visible(team.clerk), "the cleared clerk issued it"
    assert not visible(make_person(Role.LEADER)), "a leader without clearance"
    assert visible(make_person(Role.LEADER, clearance=Secrecy.CONFIDENTIAL))
    assert not visible(make_person(Role.SPECIALIST, unit=finance)), "the recipient unit, without clearance"
    assert visible(make_person(Role.SPECIALIST, unit=finance, clearance=Secrecy.SECRET))
    assert not visible(make_person(Role.CLERK)), "a clerk without clearance"


def test_the_waiting_list_holds_exactly_the_drafts_the_person_acts_on_next(team):
    draft = take_through(new_draft(team), team, until=State.CONTENT_REVIEW)
    waiting = lambda person: list(access.drafts_waiting_for(person))  # noqa: E731
    assert waiting(team.head) == [draft] and waiting(team.clerk) == [] and waiting(team.drafter) == []
    draft = take_through(draft, team, until=State.FORMAT_CHECK)
    assert waiting(team.clerk) == [draft] and waiting(team.head) == []
    draft = take_through(draft, team, until=State.AWAITING_APPROVAL)
    assert waiting(team.signer) == [draft] and waiting(team.clerk) == []
    draft = take_through(draft, team)
    assert waiting(team.clerk) == [draft]
    assert access.actions_for(team.clerk, draft) == ["issue"]
    assert access.actions_for(team.drafter, draft) == []


def test_the_actions_offered_follow_the_state_and_the_part_held(team):
    draft = new_draft(team)
    assert access.actions_for(team.drafter, draft) == ["edit", "submit", "abandon"]
    assert access.actions_for(team.head, draft) == []
    draft = take_through(draft, team, until=State.CONTENT_REVIEW)
    assert access.actions_for(team.head, draft) == ["review"]
    assert access.actions_for(team.drafter, draft) == []


# ---- who is told ------------------------------------------------------------------------------------------------


def test_each_step_tells_the_next_actor_and_a_return_tells_the_drafter(team):
    from apps.outgoing import services

    second_head = make_person(Role.LEADER, unit=team.office)
    draft = take_through(new_draft(team), team, until=State.CONTENT_REVIEW)
    told = lambda: notices.step_recipients(ReviewStep.objects.filter(draft=draft).last())  # noqa: E731
    assert told()[1] == {team.head.user.pk}, "the reviewer the drafter chose, not every head of the unit"
    assert second_head.user.pk not in told()[1]
    draft = services.review_content(draft, by=team.head, version=1, approve=True)
    assert team.clerk.user.pk in told()[1]
    draft = services.check_format(draft, by=team.clerk, version=1, approve=True)
    assert told()[1] == {team.signer.user.pk}
    draft = services.approve_draft(draft, by=team.signer, version=1, approve=False, comment="Bổ sung số liệu")
    kind, people = told()
    assert (kind, people) == ("draft_returned", {team.drafter.user.pk})
    step = ReviewStep.objects.filter(draft=draft).last()
    assert notices.notify_step(step) == 1 and notices.notify_step(step) == 0, "once per person and step"


def test_an_issued_document_tells_the_drafter_and_the_people_and_unit_leaders_it_is_sent_to(team):
    finance = UnitFactory()
    finance_head = make_person(Role.LEADER, unit=finance)
    finance_specialist = make_person(Role.SPECIALIST, unit=finance)
    reader = make_person(Role.SPECIALIST)
    document = issue(team, recipients=[RecipientSpec.of_unit(finance), RecipientSpec.person(reader.user)])
    assert notices.document_recipients(document) == {team.drafter.user.pk, finance_head.user.pk, reader.user.pk}
    assert finance_specialist.user.pk not in notices.document_recipients(document)
    assert notices.notify_document(document, "issued") == 3


def test_documents_are_visible_exactly_when_their_drafts_are(secret_team):
    """outgoing_visible_to states the drafts' rule on the documents' own columns: the same documents, for everyone."""
    from apps.outgoing import services

    team = secret_team
    finance, board = UnitFactory(), UnitFactory()
    reader, returner = make_person(Role.SPECIALIST), make_person(Role.CLERK, clearance=Secrecy.SECRET)
    documents = [
        issue(team, recipients=[RecipientSpec.of_unit(finance)]),
        issue(team, recipients=[RecipientSpec.place("Như trên")]),
        issue(team, secrecy=Secrecy.CONFIDENTIAL, recipients=[RecipientSpec.of_unit(finance)]),
        issue(team, secrecy=Secrecy.SECRET, recipients=[RecipientSpec.person(reader.user)]),
        issue(team, secrecy=Secrecy.SECRET, recipients=[RecipientSpec.of_unit(board)]),
    ]
    # A clerk who returned a draft has acted on it: assigned to it, even after losing the clearance.
    draft = take_through(new_draft(team, secrecy=Secrecy.SECRET), team, until=State.FORMAT_CHECK)
    services.check_format(draft, by=returner, version=1, approve=False, comment="Sai thể thức")
    draft = take_through(Draft.objects.get(pk=draft.pk), team)
    documents.append(services.issue_outgoing(draft, by=team.clerk, version=1))
    SecrecyClearance.objects.filter(user=returner.user).delete()
    people = [
        team.drafter,
        team.head,
        team.clerk,
        team.signer,
        reader,
        Person.for_user(returner.user),
        make_person(Role.SPECIALIST, unit=finance),
        make_person(Role.SPECIALIST, unit=finance, clearance=Secrecy.CONFIDENTIAL),
        make_person(Role.SPECIALIST, unit=team.office),
        make_person(Role.SPECIALIST, unit=board, clearance=Secrecy.TOP_SECRET),
        make_person(Role.LEADER),
        make_person(Role.LEADER, clearance=Secrecy.SECRET),
        make_person(Role.LEADER, unit=finance),
        make_person(Role.CLERK),
        make_person(Role.SPECIALIST),
        make_person(Role.ADMIN),
    ]
    visible = []
    for person in people:
        by_drafts = OutgoingDocument.objects.filter(draft__in=access.drafts_visible_to(person))
        visible.append(set(access.outgoing_visible_to(person).values_list("pk", flat=True)))
        assert visible[-1] == set(by_drafts.values_list("pk", flat=True)), person
    assert set().union(*visible) == {d.pk for d in documents}
    assert len({frozenset(v) for v in visible}) >= 6  # the cases differ


def recipient_units_that_differ() -> list[int]:
    """Documents whose ``recipient_unit_ids`` are not exactly the units their draft is sent to."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.id FROM outgoing_outgoingdocument d WHERE d.recipient_unit_ids IS DISTINCT FROM ARRAY("
            " SELECT r.unit_id FROM outgoing_outgoingrecipient r"
            " WHERE r.draft_id = d.draft_id AND r.unit_id IS NOT NULL ORDER BY r.unit_id)::bigint[]"
        )
        return [row[0] for row in cursor.fetchall()]


def test_the_issued_document_keeps_the_units_it_is_sent_to_and_the_migration_fills_earlier_ones(team):
    finance, planning = UnitFactory(), UnitFactory()
    both = issue(
        team,
        recipients=[RecipientSpec.of_unit(planning), RecipientSpec.place("Như trên"), RecipientSpec.of_unit(finance)],
    )
    issue(team, recipients=[RecipientSpec.place("Sở Nội vụ")])
    assert both.recipient_unit_ids == sorted([finance.pk, planning.pk])
    assert recipient_units_that_differ() == []
    with connection.cursor() as cursor:
        # As they were before the column existed (the content's CHECK allows it: the column is not content).
        cursor.execute("UPDATE outgoing_outgoingdocument SET recipient_unit_ids = '{}'")
        assert recipient_units_that_differ() == [both.pk]
        cursor.execute(importlib.import_module("apps.outgoing.migrations.0003_recipient_units").FILL)
    assert recipient_units_that_differ() == []
    assert access.outgoing_visible_to(make_person(Role.SPECIALIST, unit=finance)).get() == both
