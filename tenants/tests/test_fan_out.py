"""Periodic work fans out once per agency: the agency schemas (never public or the template), suspended ones only
when the task asks."""

import pytest

from tenants.models import Agency
from tenants.tasks import agency_schemas

pytestmark = pytest.mark.django_db


def test_the_agency_schemas_are_the_agencies_only_and_suspended_ones_when_asked(agency_a, agency_b):
    Agency.objects.filter(pk=agency_b.pk).update(status=Agency.Status.SUSPENDED)
    active = agency_schemas()
    every = agency_schemas(active_only=False)
    assert agency_a.schema_name in active and agency_b.schema_name not in active
    assert {agency_a.schema_name, agency_b.schema_name} <= set(every)
    assert not {"public", "agency_template"} & set(every)
