"""The dashboards' indexes (figures.py): the lead parts by the moment they were assigned, covering every column a
leader's figures count (partial: lead parts only), and the few secret works a dashboard leaves out for a leader not
cleared for them. Built CONCURRENTLY on a roll-out (a million assignments keep being read and written meanwhile)."""

from django.db import migrations, models

from tenants.migration_ops import add_index_concurrently

LEAD_PARTS = models.Index(
    condition=models.Q(("role", "lead")),
    fields=["assigned_at"],
    include=("parent", "unit", "user", "state", "due_on", "done_at", "work"),
    name="assignment_lead_assigned",
)
SECRET_WORK = models.Index(
    condition=models.Q(("secrecy", "none"), _negated=True), fields=["secrecy"], name="work_secret"
)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("direction", "0001_submissions_works_assignments")]

    operations = [
        add_index_concurrently("direction.assignment", LEAD_PARTS),
        add_index_concurrently("direction.work", SECRET_WORK),
    ]
