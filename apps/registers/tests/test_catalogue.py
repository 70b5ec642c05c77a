"""Document types, registers every agency starts with, urgency and secrecy as database-checked fields."""

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django_tenants.utils import schema_context

from apps.registers.defaults import DEFAULT_REGISTERS
from apps.registers.models import DocumentType, Register, Secrecy, Urgency

DECREE_ABBREVIATIONS = {
    "NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB", "TTr",
    "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB",
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("schema", [settings.TENANT_TEMPLATE_SCHEMA, "alpha", "beta"])
def test_every_agency_has_the_decree_30_catalogue_of_29_types_and_3_copy_forms(schema):
    with schema_context(schema):
        types = list(DocumentType.objects.filter(is_builtin=True))
    administrative = [t for t in types if not t.is_copy_form]
    assert len(administrative) == 29
    assert {t.abbreviation for t in administrative} == DECREE_ABBREVIATIONS | {""}
    assert {t.name for t in administrative if not t.abbreviation} == {"Công văn", "Thư công"}
    assert {t.abbreviation for t in types if t.is_copy_form} == {"SY", "SL", "TrS"}


@pytest.mark.django_db
@pytest.mark.parametrize("schema", ["alpha", "beta"])
def test_every_new_agency_gets_the_default_registers(schema):
    with schema_context(schema):
        registers = {(r.kind, r.name): r for r in Register.objects.all()}
        copies = registers[Register.Kind.COPIES, "Sổ đăng ký bản sao văn bản"]
        copy_types = {t.abbreviation for t in copies.document_types.all()}
    assert {(kind, name) for kind, name, _levels, _order in DEFAULT_REGISTERS} <= set(registers)
    assert registers[Register.Kind.INCOMING, "Sổ đăng ký văn bản đến mật"].is_secret
    assert not registers[Register.Kind.INCOMING, "Sổ đăng ký văn bản đến"].is_secret
    assert registers[Register.Kind.OUTGOING, "Sổ đăng ký văn bản đi"].notation_pattern == "{type}-{agency}"
    assert copy_types == {"SY", "SL", "TrS"}


@pytest.mark.django_db
def test_the_template_holds_no_registers_so_agencies_get_theirs_from_their_defaults():
    with schema_context(settings.TENANT_TEMPLATE_SCHEMA):
        assert not Register.objects.exists()


def _insert_fails(sql: str, params: list) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except IntegrityError:
        return True
    return False


@pytest.mark.django_db
def test_the_database_refuses_an_unknown_secrecy_level_or_a_malformed_abbreviation(alpha):
    assert _insert_fails(
        "INSERT INTO registers_register (kind, name, secrecy_levels, notation_pattern, notation_pattern_without_type,"
        " \"order\", is_active, created_at) VALUES ('incoming', 'Sổ lạ', ARRAY['very_secret'], '', '', 0, true, now())",
        [],
    )
    assert _insert_fails(
        "INSERT INTO registers_register (kind, name, secrecy_levels, notation_pattern, notation_pattern_without_type,"
        " \"order\", is_active, created_at) VALUES ('inbox', 'Sổ lạ', ARRAY['none'], '', '', 0, true, now())",
        [],
    )
    assert _insert_fails(
        'INSERT INTO registers_documenttype (name, abbreviation, is_copy_form, is_builtin, is_active, "order")'
        " VALUES ('Loại lạ', 'q-đ', false, false, true, 1)",
        [],
    )
    # The same abbreviation twice, whatever the case.
    assert _insert_fails(
        'INSERT INTO registers_documenttype (name, abbreviation, is_copy_form, is_builtin, is_active, "order")'
        " VALUES ('Quyết định khác', 'qđ', false, false, true, 1)",
        [],
    )


def test_urgency_and_secrecy_levels_are_ordered_as_the_law_lists_them():
    assert list(Urgency.values) == ["none", "urgent", "very_urgent", "flash"]
    assert Secrecy.up_to(Secrecy.SECRET) == ["none", "confidential", "secret"]
    assert Secrecy.up_to(Secrecy.NONE) == ["none"]
    assert Secrecy.rank(Secrecy.TOP_SECRET) > Secrecy.rank(Secrecy.SECRET) > Secrecy.rank(Secrecy.CONFIDENTIAL)
