from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

LEVELS = [
    # code, name, head title, deputy title, order
    ("province", "Cấp tỉnh", "Chủ tịch", "Phó Chủ tịch", 10),
    ("department", "Sở, ban, ngành", "Giám đốc", "Phó Giám đốc", 20),
    ("commune", "Cấp xã", "Chủ tịch", "Phó Chủ tịch", 30),
    ("other", "Khác", "Thủ trưởng", "Phó Thủ trưởng", 40),
]


def seed_levels(apps, schema_editor):
    AgencyLevel = apps.get_model("tenants", "AgencyLevel")
    for code, name, head, deputy, order in LEVELS:
        AgencyLevel.objects.update_or_create(
            code=code, defaults={"name": name, "head_title": head, "deputy_title": deputy, "order": order}
        )


def drop_levels(apps, schema_editor):
    apps.get_model("tenants", "AgencyLevel").objects.filter(code__in=[lvl[0] for lvl in LEVELS]).delete()


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]

    operations = [
        # Trusted extensions (PostgreSQL ≥ 13): the database owner may create them; search needs both.
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(seed_levels, drop_levels),
    ]
