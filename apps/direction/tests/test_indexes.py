"""The index the benchmark showed was missing (docs/benchmarks.md, "Việc của tôi" over a million assignments) serves
the query it was made for: the morning reminder run's selection of the open parts by deadline."""

import datetime

import pytest
from django.utils import timezone

from apps.direction import reminders
from apps.direction.status import Today
from tests.support.sql import index_plan

pytestmark = pytest.mark.django_db


def when() -> Today:
    today = timezone.localdate()
    return Today(today=today, due_soon_until=today + datetime.timedelta(days=2))


def test_the_reminder_run_reads_the_open_parts_by_deadline_not_the_whole_table(alpha):
    assert "assignment_open_by_deadline" in index_plan(reminders.due(when()))
