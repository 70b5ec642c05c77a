"""btree_gist, in the public schema where every agency's search path finds it: work direction's delegations
(apps.direction.models.Delegation) exclude overlapping windows of the same grantor with a GiST exclusion
constraint mixing a plain column (=) and a time range (&&). A trusted extension (PostgreSQL ≥ 13)."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tenants", "0003_agency_events_append_only")]

    operations = [BtreeGistExtension()]
