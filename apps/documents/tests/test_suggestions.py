"""The registration form pre-filled from a scan (documents.suggestions): ocr.suggest's fields matched against the
directory, the agency's document types and units, the form's rules; the suggested fields marked; the pre-filled
form registers as typed."""

import datetime
import importlib
import re

import pytest
from django.template.loader import render_to_string

from apps.documents.forms import IncomingRegistrationForm
from apps.documents.models import IncomingDocument
from apps.documents.suggestions import prefill
from apps.documents.tests.factories import cong_van, default_register, make_person
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from apps.registers.models import DocumentType
from ocr import readers
from ocr.suggest import suggest
from province.directory.models import DirectoryEntry

REGISTER = "/documents/incoming/register/"
SCAN = """UBND TỈNH ĐỒNG NAI                     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NỘI VỤ                              Độc lập - Tự do - Hạnh phúc
Số: 1265/SNV-VP                        Đồng Nai, ngày 21 tháng 10 năm 2022
V/v tổ chức hội nghị tổng kết
công tác năm 2022
KHẨN

Kính gửi:
- Văn phòng Sở;
- Sở Kế hoạch và Đầu tư.

Thực hiện Kế hoạch số 12/KH-UBND của UBND tỉnh, đề nghị các đơn vị thực hiện.

Nơi nhận:                                  KT. GIÁM ĐỐC
- Như trên;                                PHÓ GIÁM ĐỐC
- Lưu: VT, VP.
                                           Nguyễn Văn An
"""


@pytest.fixture
def directory(db):
    DirectoryEntry.objects.create(code_102="000.00.21.H19", name="Sở Nội vụ tỉnh Đồng Nai")
    DirectoryEntry.objects.create(code_102="000.00.21.H31", name="Sở Nội vụ tỉnh Bình Dương")


def test_the_suggesters_catalogue_is_the_registers_catalogue():
    """ocr/ imports no app: its copy of the Decree's catalogue is kept equal to the registers' here."""
    migration = importlib.import_module("apps.registers.migrations.0002_decree_30_document_types")
    registers = [(name, abbreviation) for name, abbreviation, copy in migration.CATALOGUE if not copy]
    assert list(readers.DOCUMENT_TYPES) == registers


@pytest.mark.django_db
def test_a_scan_fills_the_form_with_what_the_agency_knows(alpha, directory):
    office = UnitFactory(name="Văn phòng Sở")
    filled = prefill(suggest(SCAN))
    assert filled.initial == {
        "issuer_name": "Sở Nội vụ tỉnh Đồng Nai",
        "issuer_code": "000.00.21.H19",
        "number": 1265,
        "notation": "SNV-VP",
        "issued_date": datetime.date(2022, 10, 21),
        "document_type": cong_van().pk,
        "subject": "V/v tổ chức hội nghị tổng kết công tác năm 2022",
        "signer": "Nguyễn Văn An",
        "signer_position": "PHÓ GIÁM ĐỐC (KT. GIÁM ĐỐC)",
        "urgency": "urgent",
        "recipient_units": [office.pk],
    }
    assert filled.suggested == set(filled.initial)


@pytest.mark.django_db
def test_what_does_not_fit_the_form_is_left_for_the_clerk(alpha):
    text = (
        SCAN.replace("SỞ NỘI VỤ", "BAN QUẢN LÝ DỰ ÁN")
        .replace("1265/SNV-VP", "1265/SNV-VP-ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        .replace("V/v", "")
    )
    text = text.replace("Đồng Nai, ngày", "ngày")  # a date without its place is a guess: still offered
    filled = prefill(suggest(text + "\nTHÔNG BÁO\n"))
    assert filled.initial["issuer_name"] == "BAN QUẢN LÝ DỰ ÁN"  # no such agency: as printed, no code
    assert "issuer_code" not in filled.initial and "notation" not in filled.initial
    assert "document_type" not in filled.initial and "recipient_units" not in filled.initial
    DocumentType.objects.filter(abbreviation="TB").update(is_active=False)
    assert "document_type" not in prefill(suggest(SCAN.replace("V/v", "THÔNG BÁO\nVề việc"))).initial


@pytest.mark.django_db
def test_the_type_is_the_agencys_by_its_abbreviation(alpha):
    text = SCAN.replace("1265/SNV-VP", "05/2024/QĐ-SNV").replace("V/v", "QUYẾT ĐỊNH\nVề việc")
    filled = prefill(suggest(text))
    assert filled.initial["document_type"] == DocumentType.objects.get(abbreviation="QĐ").pk
    assert (filled.initial["number"], filled.initial["notation"]) == (5, "2024/QĐ-SNV")


@pytest.mark.django_db
def test_nothing_read_fills_nothing(alpha):
    assert prefill(suggest("")).initial == {} and prefill(suggest("")).suggested == set()


@pytest.mark.django_db
def test_the_suggested_fields_are_marked_for_the_clerk(alpha, directory):
    UnitFactory(name="Văn phòng Sở")
    filled = prefill(suggest(SCAN))
    form = IncomingRegistrationForm(person=make_person(Role.CLERK), initial=filled.initial, suggested=filled.suggested)
    html = render_to_string("documents/_incoming_fields.html", {"form": form, "with_issuer": True})
    marked = {name for name, label in re.findall(r'id="group-(\w+)">(.*?)</label>', html, re.S) if "badge" in label}
    assert marked == set(filled.suggested) and {"issuer_name", "issuer_code", "urgency", "recipient_units"} <= marked
    assert "gợi ý từ bản quét" in html and 'class="form-control field-suggested"' in html.replace("  ", " ")
    assert "style=" not in html
    plain = render_to_string("documents/_incoming_fields.html", {"form": IncomingRegistrationForm(person=form.person)})
    assert "field-suggested" not in plain and "gợi ý từ bản quét" not in plain


@pytest.mark.django_db
def test_the_prefilled_form_confirmed_by_the_clerk_registers_the_document(alpha, api_as, directory):
    """The clerk corrects one field (the signer) and saves: the document is what the scan said, corrected."""
    clerk = make_person(Role.CLERK)
    initial = prefill(suggest(SCAN)).initial
    data = {**initial, "issued_date": initial["issued_date"].strftime("%d/%m/%Y"), "signer": "Nguyễn Văn Ân"}
    data.update(register=default_register().pk, secrecy="none")
    response = api_as(alpha, clerk).post(REGISTER, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    document = IncomingDocument.objects.get()
    assert (document.issuer_code, document.number, document.notation) == ("000.00.21.H19", 1265, "SNV-VP")
    assert (document.signer, document.urgency, document.document_type) == ("Nguyễn Văn Ân", "urgent", cong_van())
