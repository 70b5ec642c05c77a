"""Counts of long lists stop at a cap; pages are found without counting, the first ones among the newest rows
(apps/core/paging.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from apps.core import paging
from apps.core.paging import CappedCount, capped_count, last_page, quick_page
from apps.documents.models import IncomingDocument
from apps.documents.search import search_incoming
from apps.documents.tests.factories import RegisteredIncomingFactory, make_person
from apps.people.models import Role, Unit
from apps.people.tests.factories import UnitFactory


@pytest.mark.django_db
def test_the_count_stops_at_the_cap(agency_a):
    with schema_context(agency_a.schema_name):
        UnitFactory.create_batch(7)
        units = Unit.objects.order_by("pk")
        assert capped_count(units, cap=5) == CappedCount(5, is_capped=True)
        assert capped_count(units, cap=100) == CappedCount(units.count(), is_capped=False)


@pytest.mark.django_db
def test_a_page_knows_its_next_one_without_counting_and_the_last_page_has_none(agency_a):
    with schema_context(agency_a.schema_name):
        UnitFactory.create_batch(5)
        units = Unit.objects.order_by("pk")
        first, second = quick_page(units, 1, 3), quick_page(units, "2", 3)
        assert (len(first), first.has_next(), first.has_previous()) == (3, True, False)
        assert (second.start_index(), second.has_next(), second.has_previous()) == (4, False, True)
        assert quick_page(units, "x", 3).number == 1
        # Pages stop at the one holding the 10,000th row: no next page after it, even when rows go on.
        assert (last_page(50), last_page(3)) == (200, 3334)
        deepest = quick_page(units, 10**6, 1)
        assert (deepest.number, deepest.has_next()) == (10_000, False)


@pytest.mark.django_db
def test_the_newest_rows_window_gives_the_plain_querys_page_and_walks_the_date_index(alpha, monkeypatch):
    monkeypatch.setattr(paging, "WINDOW", 4)
    clerk = make_person(Role.CLERK)
    today = timezone.localdate()
    for days in range(6):
        subject = "V/v hiếm" if days == 5 else f"V/v thường {days}"
        RegisteredIncomingFactory(
            by=clerk,
            subject=subject,
            arrival_date=today - datetime.timedelta(days=days),
            issued_date=today - datetime.timedelta(days=9),
        )
    documents = IncomingDocument.objects.order_by("-arrival_date", "-arrival_number", "-id")
    newest_first = (IncomingDocument.objects.all(), "arrival_date")

    def page(queryset, number: int) -> list[int]:
        return [d.pk for d in quick_page(queryset, number, 2, newest_first=newest_first)]

    for queryset in (documents, search_incoming(documents, "thuong"), search_incoming(documents, "hiem")):
        plain = [d.pk for d in queryset]
        assert [page(queryset, n) for n in (1, 2, 3)] == [plain[0:2], plain[2:4], plain[4:6]]
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_bitmapscan")
        assert cursor.fetchone() == ("on",), "the window's planner setting ends with it"
        window = search_incoming(documents, "thuong").filter(arrival_date__gte=today)[:3]
        sql, params = window.query.sql_with_params()
        with paging.walking_the_date_index():
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is small
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
    assert "Index Scan using incoming_arrival_order" in plan and "Bitmap" not in plan, plan


@pytest.mark.django_db
def test_a_deep_page_skips_rows_by_id_and_joins_only_the_rows_it_shows(alpha):
    clerk = make_person(Role.CLERK)
    made = [RegisteredIncomingFactory(by=clerk).pk for _ in range(5)]
    documents = IncomingDocument.objects.select_related("register", "document_type").order_by("-id")
    with CaptureQueriesContext(connection) as captured:
        page = quick_page(documents, 2, 2)
    assert [d.pk for d in page] == made[2:0:-1] and page.has_next()
    assert [d.register.kind for d in page] == ["incoming", "incoming"]  # joined, not one query per row
    skipping, fetching = (q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SET search_path"))
    assert "OFFSET 2" in skipping and "JOIN" not in skipping, skipping
    assert "JOIN" in fetching and "OFFSET" not in fetching, fetching


@pytest.mark.django_db
def test_past_a_thousand_the_count_goes_on_only_within_its_time_budget(agency_a, monkeypatch):
    monkeypatch.setattr(paging, "QUICK_CAP", 1)
    with schema_context(agency_a.schema_name), connection.cursor() as cursor:
        UnitFactory.create_batch(60)
        units = Unit.objects.all()
        assert capped_count(units, cap=5) == CappedCount(5, is_capped=True)
        assert capped_count(units, cap=1000) == CappedCount(units.count(), is_capped=False)
        # Ten milliseconds a row: the first step (two rows, 20 ms) fits the budget with a wide margin for a loaded
        # machine (the second is tried while the first took under half of it), the second (sixty rows) cannot.
        slow = units.extra(where=["pg_sleep(0.01) IS NOT NULL"])
        monkeypatch.setattr(paging, "COUNT_BUDGET_MS", 400)
        with CaptureQueriesContext(connection) as captured:
            assert capped_count(slow) == CappedCount(1, is_capped=True)
        assert sum("COUNT(*)" in q["sql"] for q in captured.captured_queries) == 2
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("0",), "the budget ends with the count"
        # A first step already past the budget: the second is not tried.
        monkeypatch.setattr(paging, "COUNT_BUDGET_MS", 5)
        with CaptureQueriesContext(connection) as captured:
            assert capped_count(slow) == CappedCount(1, is_capped=True)
        assert sum("COUNT(*)" in q["sql"] for q in captured.captured_queries) == 1
