"""Counts of long lists stop at a cap; pages are found without counting (apps/core/paging.py)."""

import pytest
from django_tenants.utils import schema_context

from apps.core.paging import CappedCount, capped_count, last_page, quick_page
from apps.people.models import Unit
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
