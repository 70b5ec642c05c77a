"""The open parts by deadline, for the morning reminder run, which read the whole assignments table (a million rows in
a large agency: docs/benchmarks.md); partial, so it stays as small as the open work. Built CONCURRENTLY on a
roll-out (tenants.migration_ops)."""

from django.db import migrations, models

from tenants.migration_ops import add_index_concurrently

OPEN_BY_DEADLINE = models.Index(
    condition=models.Q(("state", "open")), fields=["due_on"], name="assignment_open_by_deadline"
)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("direction", "0002_dashboard_indexes")]

    operations = [add_index_concurrently("direction.assignment", OPEN_BY_DEADLINE)]
