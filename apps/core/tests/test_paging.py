"""Counts of long lists stop at a cap (apps/core/paging.py)."""

import pytest
from django_tenants.utils import schema_context

from apps.core.paging import CappedPaginator
from apps.people.models import Unit
from apps.people.tests.factories import UnitFactory


@pytest.mark.django_db
def test_the_count_stops_at_the_cap_and_the_pages_before_it_stay_full(agency_a):
    with schema_context(agency_a.schema_name):
        UnitFactory.create_batch(7)
        units = Unit.objects.order_by("pk")
        capped = CappedPaginator(units, 2, cap=5)
        assert (capped.count, capped.is_capped, capped.num_pages) == (5, True, 3)
        assert len(capped.page(3).object_list) == 2
        exact = CappedPaginator(units, 2, cap=100)
        assert (exact.count, exact.is_capped) == (units.count(), False)
        assert CappedPaginator(list(range(3)), 2, cap=2).is_capped
