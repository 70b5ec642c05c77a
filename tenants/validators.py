"""Formats of the national agency codes (QCVN 102:2016 and QĐ 20/2020/QĐ-TTg) and of abbreviations.

The same patterns back CHECK constraints on Agency and DirectoryEntry, so no bad code reaches the
database from any path."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# QCVN 102: four dot-separated groups read right to left, the last one the level-1 code (H19 = Đồng Nai).
CODE_102_PATTERN = r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$"
# QĐ 20/2020 Đ4: ≤ 35 characters of A–Z, 0–9 and '.', read left to right from the level-1 code MX1X2.
CODE_QD20_PATTERN = r"^[A-Y][0-9]{2}(\.[0-9A-Z]+)*$"
# Abbreviations used in notations (ký hiệu): upper-case letters (Đ included) and digits, e.g. UBND, SNV, KGVX.
ABBREVIATION_PATTERN = r"^[A-ZĐ0-9]+$"
# Schema names: lower-case identifiers that need no quoting and cannot clash with PostgreSQL's own.
SCHEMA_NAME_PATTERN = r"^(?!pg_)[a-z][a-z0-9_]{1,40}$"

validate_code_102 = RegexValidator(
    CODE_102_PATTERN, _("The QCVN 102 code must look like 000.00.00.H19 (groups of 3, 2, 2 and 3 characters).")
)
validate_code_qd20 = RegexValidator(
    CODE_QD20_PATTERN, _("The QĐ 20 code must start with a level-1 code such as H19, then dot-separated groups.")
)
validate_abbreviation = RegexValidator(
    ABBREVIATION_PATTERN, _("An abbreviation uses only upper-case letters and digits, e.g. UBND or SNV.")
)
validate_schema_name = RegexValidator(
    SCHEMA_NAME_PATTERN, _("A schema name is 2–41 lower-case letters, digits or underscores, starting with a letter.")
)
