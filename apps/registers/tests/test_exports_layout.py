"""The printed register's layout: a column heading never breaks inside a word (Decree 30, Appendix IV: the form's
headings as written), in the PDF as laid out and by the widths of the columns."""

import subprocess

import pytest
from django.utils import timezone
from PIL import ImageFont

from apps.core.tests.utils import client_as
from apps.documents.tests.factories import make_person
from apps.people.models import Role
from apps.registers.exports import COLUMNS
from apps.registers.models import Register

API = "/api/v1/registers/{}/export/"
MM_PER_PT = 25.4 / 72
# The PDF's heading font (register.css: th is bold, 10.5 pt; padding 1.4 mm each side; 0.6 pt borders).
HEADING_PT, PADDING_MM, BORDER_PT = 10.5, 1.4, 0.6


def font_file(pattern: str) -> str:
    return subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, check=True, text=True).stdout


def words_of(pdf: bytes) -> set[str]:
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return {word.strip(",") for word in text.stdout.decode().split()}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [Register.Kind.INCOMING, Register.Kind.OUTGOING])
def test_every_heading_word_is_printed_whole_in_the_pdf(alpha, kind):
    register = Register.objects.filter(kind=kind, is_active=True).order_by("order").first()
    client = client_as(alpha, make_person(Role.CLERK).user)
    response = client.get(API.format(register.pk), {"format": "pdf", "year": timezone.localdate().year})
    assert response.status_code == 200
    printed = words_of(response.content)
    for column in COLUMNS[kind]:
        for word in column.heading.replace(",", " ").split():
            assert word in printed, f"{column.heading!r}: {word!r} is broken"


@pytest.mark.parametrize("kind", list(COLUMNS))
def test_every_column_is_wide_enough_for_the_longest_word_of_its_heading(kind):
    font = ImageFont.truetype(font_file("Liberation Serif:bold"), 1000)
    for column in COLUMNS[kind]:
        longest = max(font.getlength(word) for word in column.heading.split()) / 1000 * HEADING_PT * MM_PER_PT
        room = column.width_mm - 2 * PADDING_MM - BORDER_PT * MM_PER_PT
        assert longest <= room, f"{column.heading!r} needs {longest:.1f} mm, has {room:.1f} mm"
    assert sum(c.width_mm for c in COLUMNS[kind]) == 265  # A4 landscape between the margins
