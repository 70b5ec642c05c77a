"""The indexes the benchmark showed were missing (docs/benchmarks.md, "Việc của tôi" over a million assignments)
serve the queries they were made for: the morning reminder run's selection of open parts by deadline, and the done
view of a unit head (the person's parts OR the unit's) walked newest first instead of sorting every done part."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from apps.direction import queues, reminders
from apps.direction.models import Assignment
from apps.direction.status import Today
from apps.documents.tests.factories import make_person
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from tests.support.sql import index_plan

pytestmark = pytest.mark.django_db


def when() -> Today:
    today = timezone.localdate()
    return Today(today=today, due_soon_until=today + datetime.timedelta(days=2))


def test_the_reminder_run_reads_the_open_parts_by_deadline_not_the_whole_table(alpha):
    assert "assignment_open_by_deadline" in index_plan(reminders.due(when()))


def test_a_unit_head_s_done_view_walks_the_done_parts_newest_first(alpha):
    unit = UnitFactory()
    head = make_person(Role.LEADER, unit=unit)
    page = queues.assignments(head, when(), "done")[:50]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")  # the alternative: every done part of the unit, sorted
        cursor.execute("SET LOCAL enable_sort = off")
        plan = index_plan(page)
    assert "assignment_done_newest" in plan
    assert Assignment._meta.db_table in plan
