"""Rules that need committed data and separate connections: concurrent numbering and the Celery worker."""

import datetime
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from apps.documents.models import IncomingDocument
from apps.documents.tests.factories import cong_van, make_person, register_entry
from apps.notifications.models import Notification
from apps.people.access import Person
from apps.people.models import Role
from apps.registers.models import RegisterCounter, Secrecy, Urgency
from apps.registers.tests.factories import RegisterFactory

CLIENTS, EACH = 32, 3


@pytest.mark.django_db(transaction=True)
def test_32_clients_registering_at_once_get_numbers_1_to_n_without_gap_or_duplicate(agency_a):
    with schema_context(agency_a.schema_name):
        register, document_type = RegisterFactory(), cong_van()
        clerk_user = make_person(Role.CLERK).user
    start = threading.Barrier(CLIENTS)
    numbers: list[int] = []
    failures: list[BaseException] = []

    def client(index: int) -> None:
        # Each thread has its own Django connection, hence its own PostgreSQL session and transaction.
        try:
            with schema_context(agency_a.schema_name):
                clerk = Person.for_user(clerk_user)
                start.wait(timeout=30)
                for i in range(EACH):
                    doc = register_entry(
                        by=clerk,
                        register=register,
                        document_type=document_type,
                        issuer="Sở Tài chính tỉnh Đồng Nai",
                        issued_date=timezone.localdate() - datetime.timedelta(days=1),
                        subject=f"V/v thử đồng thời {index}-{i}",
                    ).document
                    numbers.append(doc.arrival_number)
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not failures, failures
    total = CLIENTS * EACH
    assert sorted(numbers) == list(range(1, total + 1))
    with schema_context(agency_a.schema_name):
        stored = sorted(IncomingDocument.objects.filter(register=register).values_list("arrival_number", flat=True))
        assert stored == list(range(1, total + 1))
        assert RegisterCounter.objects.get(register=register).last_number == total


@pytest.mark.django_db(transaction=True)
def test_an_urgent_document_notifies_the_leaders_at_once_and_a_secret_one_only_cleared_leaders(celery_worker, agency_a):
    with schema_context(agency_a.schema_name):
        leader = make_person(Role.LEADER)
        cleared_leader = make_person(Role.LEADER, clearance=Secrecy.SECRET)
        clerk = make_person(Role.CLERK, clearance=Secrecy.SECRET)
        specialist = make_person(Role.SPECIALIST)
        common = dict(
            document_type=cong_van(),
            issuer="Văn phòng Ủy ban nhân dân tỉnh",
            issued_date=timezone.localdate(),
            subject="V/v chuẩn bị họp khẩn về phòng chống thiên tai",
        )
        ordinary = register_entry(by=clerk, register=RegisterFactory(), urgency=Urgency.NONE, **common).document
        flash = register_entry(by=clerk, register=RegisterFactory(), urgency=Urgency.FLASH, **common).document
        secret = register_entry(
            by=clerk,
            register=RegisterFactory(secrecy_levels=[Secrecy.CONFIDENTIAL, Secrecy.SECRET]),
            urgency=Urgency.URGENT,
            secrecy=Secrecy.SECRET,
            **common,
        ).document

        def recipients(doc) -> set[int]:
            return set(Notification.objects.filter(object_id=str(doc.pk)).values_list("recipient_id", flat=True))

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (recipients(flash) and recipients(secret)):
            time.sleep(0.2)
        leaders = {leader.user.pk, cleared_leader.user.pk}
        assert leaders <= recipients(flash)
        assert specialist.user.pk not in recipients(flash) and clerk.user.pk not in recipients(flash)
        assert cleared_leader.user.pk in recipients(secret) and leader.user.pk not in recipients(secret)
        assert recipients(ordinary) == set()
        [message] = Notification.objects.filter(recipient=leader.user, object_id=str(flash.pk))
        assert message.message.startswith("Hỏa tốc") and flash.subject in message.message
