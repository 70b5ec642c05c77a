"""Rules that need committed data and separate connections: concurrent issuing and the Celery worker."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_context

from apps.notifications.models import Notification
from apps.outgoing import services
from apps.outgoing.models import Draft, OutgoingDocument
from apps.outgoing.tests.flow import make_team, new_draft, take_through
from apps.people.access import Person
from apps.registers.models import Register
from apps.registers.tests.factories import RegisterFactory

DRAFTS = 12


@pytest.mark.django_db(transaction=True)
def test_clerks_issuing_at_once_get_numbers_1_to_n_without_gap_and_a_draft_is_never_issued_twice(agency_a):
    with schema_context(agency_a.schema_name):
        team = make_team()
        register = RegisterFactory(kind=Register.Kind.OUTGOING, name="Sổ đi thử đồng thời")
        drafts = [take_through(new_draft(team, subject=f"V/v thử đồng thời {i}"), team) for i in range(DRAFTS)]
    start = threading.Barrier(DRAFTS + 2)
    numbers: list[int] = []
    refused: list[Exception] = []
    failures: list[BaseException] = []

    def clerk(draft: Draft) -> None:
        # Each thread has its own Django connection, hence its own PostgreSQL session and transaction.
        try:
            with schema_context(agency_a.schema_name):
                person = Person.for_user(team.clerk.user)
                start.wait(timeout=30)
                try:
                    numbers.append(services.issue_outgoing(draft, by=person, version=1, register=register).number)
                except ValidationError as exc:
                    refused.append(exc)
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    # Every draft once, and the first two twice: the second attempt on each must be refused, not numbered.
    threads = [threading.Thread(target=clerk, args=(d,)) for d in [*drafts, drafts[0], drafts[1]]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not failures, failures
    assert sorted(numbers) == list(range(1, DRAFTS + 1))
    assert len(refused) == 2
    with schema_context(agency_a.schema_name):
        stored = sorted(OutgoingDocument.objects.filter(register=register).values_list("number", flat=True))
        assert stored == list(range(1, DRAFTS + 1))


@pytest.mark.django_db(transaction=True)
def test_the_next_actor_is_notified_through_the_worker_after_each_step(celery_worker, agency_a):
    with schema_context(agency_a.schema_name):
        team = make_team()
        draft = new_draft(team)

        def told(kind: str, user) -> list[Notification]:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                found = list(Notification.objects.filter(kind=kind, recipient=user))
                if found:
                    return found
                time.sleep(0.2)
            return []

        draft = services.submit_draft(draft, by=team.drafter, version=1)
        [to_head] = told("draft_waiting", team.head.user)
        assert to_head.object_type == "outgoing.reviewstep" and draft.subject in to_head.message
        assert to_head.message.startswith("Dự thảo")
        draft = services.review_content(draft, by=team.head, version=1, approve=False, comment="Sửa căn cứ pháp lý")
        [returned] = told("draft_returned", team.drafter.user)
        assert "Sửa căn cứ pháp lý" in returned.message
        draft = take_through(draft, team)
        document = services.issue_outgoing(draft, by=team.clerk, version=1)
        [issued] = told("outgoing_issued", team.drafter.user)
        assert issued.object_id == str(document.pk) and document.number_and_notation in issued.message
