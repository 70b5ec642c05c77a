"""Typed input shared by every form and API: dates as people type them, names without invisible characters, files
kept across a refused form by a signed token."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict

from apps.core.dates import parse_date
from apps.core.forms import DateField, MultipleFileField, VisibleCharField
from apps.core.serializers import VisibleCharField as VisibleCharSerializerField
from apps.core.text import has_control_characters, strip_invisible
from apps.core.uploads import KEPT_SUFFIX, StagedFile


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("02/12/2026", datetime.date(2026, 12, 2)),
        ("2/12/26", datetime.date(2026, 12, 2)),
        (" 2/12/2026 ", datetime.date(2026, 12, 2)),
        ("02-12-26", datetime.date(2026, 12, 2)),
        ("2.12.2026", datetime.date(2026, 12, 2)),
        ("31/1/99", datetime.date(2099, 1, 31)),
        ("2026-12-02", datetime.date(2026, 12, 2)),
    ],
)
def test_dates_are_read_day_first_with_two_digit_years_in_this_century(typed, meant):
    assert parse_date(typed) == meant
    assert DateField().clean(typed) == meant


@pytest.mark.parametrize("typed", ["31/02/2026", "12/2026", "2/12/202", "abc", "02/12/2026 10:00", "1/13/26"])
def test_what_is_not_a_date_is_refused_with_the_format_expected(typed):
    assert parse_date(typed) is None
    with pytest.raises(Exception) as refused:
        DateField().clean(typed)
    assert "dd/mm/yyyy" in str(refused.value.messages)


def test_the_date_field_says_which_format_it_expects():
    field = DateField(help_text="Hôm nay nếu để trống.")
    assert "dd/mm/yyyy" in str(DateField().help_text)
    assert str(field.help_text).startswith("Hôm nay nếu để trống.") and "dd/mm/yyyy" in str(field.help_text)
    assert 'placeholder="dd/mm/yyyy"' in field.widget.render("d", datetime.date(2026, 12, 2))
    assert 'value="02/12/2026"' in field.widget.render("d", datetime.date(2026, 12, 2))


HIDDEN = "Công\u200b văn\u202e số\u2066 01\ufeff"


def test_names_and_subjects_lose_bidi_overrides_and_zero_width_characters_in_forms_and_api():
    assert strip_invisible(HIDDEN) == "Công văn số 01"
    assert VisibleCharField().clean(HIDDEN) == "Công văn số 01"
    assert VisibleCharSerializerField().run_validation(HIDDEN) == "Công văn số 01"
    assert strip_invisible("Tiếng Việt có dấu: Đồng Nai") == "Tiếng Việt có dấu: Đồng Nai"


def test_control_characters_are_found_and_line_breaks_allowed_where_text_has_lines():
    assert all(has_control_characters(c) for c in ("\x00", "\x1f", "\x7f", "\x85", "\x9f", "\n", "\t"))
    assert not has_control_characters("a\r\nb\tc", multi_line=True)
    assert has_control_characters("a\x00b", multi_line=True)
    assert not has_control_characters("Ủy ban nhân dân — “Đồng Nai”")


def files_field(owner: object) -> MultipleFileField:
    field = MultipleFileField(required=False)
    field.widget.owner = owner
    return field


def test_a_kept_file_comes_back_only_with_a_token_signed_for_the_same_person_and_agency(alpha):
    staged = StagedFile(sha256="a" * 64, name="cong-van.pdf", content_type="application/pdf", size=10)
    token = staged.token(owner=7)
    upload = SimpleUploadedFile("phu-luc.pdf", b"%PDF-1.7 b", "application/pdf")
    data = MultiValueDict({f"files{KEPT_SUFFIX}": [token, token, token[:-2] + "xx"]})
    files = MultiValueDict({"files": [upload]})
    field = files_field(owner=7)
    assert field.clean(field.widget.value_from_datadict(data, files, "files")) == [staged, upload]
    stranger = files_field(owner=8)
    assert stranger.clean(stranger.widget.value_from_datadict(data, MultiValueDict(), "files")) == []


def test_the_widget_offers_the_kept_files_ticked_above_the_file_input(alpha):
    field = files_field(owner=7)
    field.widget.staged = [StagedFile("b" * 64, "bao-cao.pdf", "application/pdf", 2048)]
    html = field.widget.render("files", None, {"id": "id_files"})
    assert 'type="file"' in html and "multiple" in html
    assert f'name="files{KEPT_SUFFIX}"' in html and "checked" in html and "bao-cao.pdf" in html
