"""The Decree 30/2020/NĐ-CP catalogue of administrative document types (Đ7, abbreviations from Appendix III §I),
with the three copy forms. Loaded into the template schema, so every agency cloned from it has it."""

from django.db import migrations

# (name, abbreviation, copy form), in the order of Đ7. Công văn and thư công have no abbreviation: their notation
# is built from the agency and the drafting unit (Appendix I Part I §II.3).
CATALOGUE = [
    ("Nghị quyết", "NQ", False),
    ("Quyết định", "QĐ", False),
    ("Chỉ thị", "CT", False),
    ("Quy chế", "QC", False),
    ("Quy định", "QyĐ", False),
    ("Thông cáo", "TC", False),
    ("Thông báo", "TB", False),
    ("Hướng dẫn", "HD", False),
    ("Chương trình", "CTr", False),
    ("Kế hoạch", "KH", False),
    ("Phương án", "PA", False),
    ("Đề án", "ĐA", False),
    ("Dự án", "DA", False),
    ("Báo cáo", "BC", False),
    ("Biên bản", "BB", False),
    ("Tờ trình", "TTr", False),
    ("Hợp đồng", "HĐ", False),
    ("Công văn", "", False),
    ("Công điện", "CĐ", False),
    ("Bản ghi nhớ", "BGN", False),
    ("Bản thỏa thuận", "BTT", False),
    ("Giấy ủy quyền", "GUQ", False),
    ("Giấy mời", "GM", False),
    ("Giấy giới thiệu", "GGT", False),
    ("Giấy nghỉ phép", "GNP", False),
    ("Phiếu gửi", "PG", False),
    ("Phiếu chuyển", "PC", False),
    ("Phiếu báo", "PB", False),
    ("Thư công", "", False),
    ("Bản sao y", "SY", True),
    ("Bản sao lục", "SL", True),
    ("Bản trích sao", "TrS", True),
]


def load(apps, schema_editor):
    DocumentType = apps.get_model("registers", "DocumentType")
    for order, (name, abbreviation, copy_form) in enumerate(CATALOGUE, start=1):
        DocumentType.objects.update_or_create(
            name=name,
            defaults={"abbreviation": abbreviation, "is_copy_form": copy_form, "is_builtin": True, "order": order},
        )


def unload(apps, schema_editor):
    DocumentType = apps.get_model("registers", "DocumentType")
    DocumentType.objects.filter(is_builtin=True, name__in=[name for name, _a, _c in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("registers", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
