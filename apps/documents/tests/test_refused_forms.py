"""Nothing typed or attached is lost on a refused registration; dates as clerks type them; numbers bounded and
names cleaned the same way in the form and the API."""

import datetime
import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.uploads import KEPT_SUFFIX
from apps.documents import storage
from apps.documents.forms import IncomingRegistrationForm
from apps.documents.models import IncomingDocument
from apps.documents.tests.factories import make_person
from apps.documents.tests.test_api import form as api_form
from apps.documents.tests.test_views import REGISTER, form
from apps.people.models import Role

pytestmark = pytest.mark.django_db
API = "/api/v1/incoming-documents/"
SCAN = b"%PDF-1.7 ban quet cong van 12658"


def kept_tokens(html: str) -> list[str]:
    return re.findall(rf'name="files{KEPT_SUFFIX}" value="([^"]+)"', html)


def test_a_refused_registration_keeps_its_files_and_the_resubmission_stores_them(alpha, api_as, media_root):
    client = api_as(alpha, make_person(Role.CLERK))
    scan = SimpleUploadedFile("Công văn 12658.pdf", SCAN, "application/pdf")
    refused = client.post(REGISTER, {**form(subject=""), "files": [scan]})
    html = refused.content.decode()
    assert refused.status_code == 400 and not IncomingDocument.objects.exists()
    assert "Công văn 12658.pdf" in html and len(kept_tokens(html)) == 1
    assert storage.path_for(hashlib.sha256(SCAN).hexdigest()).exists()  # staged in the agency's storage

    appendix = SimpleUploadedFile("Phụ lục.pdf", b"%PDF-1.7 phu luc", "application/pdf")
    again = client.post(REGISTER, {**form(), f"files{KEPT_SUFFIX}": kept_tokens(html), "files": [appendix]})
    document = IncomingDocument.objects.get()
    assert again.status_code == 302
    assert [(f.name, f.file.sha256) for f in document.files.select_related("file").order_by("position")] == [
        ("Công văn 12658.pdf", hashlib.sha256(SCAN).hexdigest()),
        ("Phụ lục.pdf", hashlib.sha256(b"%PDF-1.7 phu luc").hexdigest()),
    ]


def test_a_file_kept_twice_is_offered_once_and_unticking_it_leaves_it_out(alpha, api_as, media_root):
    client = api_as(alpha, make_person(Role.CLERK))
    scan = SimpleUploadedFile("cv.pdf", SCAN, "application/pdf")
    first = kept_tokens(client.post(REGISTER, {**form(subject=""), "files": [scan]}).content.decode())
    second = client.post(REGISTER, {**form(subject=""), f"files{KEPT_SUFFIX}": first})
    assert len(kept_tokens(second.content.decode())) == 1  # still offered after a second refusal
    assert client.post(REGISTER, form()).status_code == 302  # unticked: not sent
    assert not IncomingDocument.objects.get().files.exists()


def test_a_token_of_another_person_attaches_nothing(alpha, api_as, media_root):
    scan = SimpleUploadedFile("mat.pdf", SCAN, "application/pdf")
    tokens = kept_tokens(
        api_as(alpha, make_person(Role.CLERK)).post(REGISTER, {**form(subject=""), "files": [scan]}).content.decode()
    )
    other = api_as(alpha, make_person(Role.CLERK))
    assert other.post(REGISTER, {**form(), f"files{KEPT_SUFFIX}": tokens}).status_code == 302
    assert not IncomingDocument.objects.get().files.exists()


@pytest.mark.parametrize("typed", ["2/12/26", "02/12/2026", "2-12-2026", "2026-12-02"])
def test_the_registration_form_reads_the_dates_clerks_type(alpha, typed):
    person = make_person(Role.CLERK)
    data = form(issued_date="1/12/26", due_on=typed, arrival_date="")
    bound = IncomingRegistrationForm(data, person=person)
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["due_on"] == datetime.date(2026, 12, 2)
    assert bound.cleaned_data["issued_date"] == datetime.date(2026, 12, 1)
    assert "dd/mm/yyyy" in str(bound.fields["issued_date"].help_text)


@pytest.mark.parametrize(("field", "value"), [("page_count", 0), ("page_count", 1000), ("number", 10**11 + 1)])
def test_api_numbers_are_bounded_as_the_form_bounds_them(alpha, api_as, field, value):
    response = api_as(alpha, make_person(Role.CLERK)).post(
        API, api_form(**{field: value}), content_type="application/json"
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == [field]
    assert not IncomingDocument.objects.exists()


def test_subjects_and_names_lose_invisible_characters_in_the_form_and_the_api(alpha, api_as):
    client = api_as(alpha, make_person(Role.CLERK))
    hidden = "V/v báo cáo\u202e\u200b quý IV"
    assert client.post(REGISTER, form(subject=hidden, signer="Nguyễn\u2066 Văn A")).status_code == 302
    created = client.post(API, api_form(subject=hidden, number="7", issuer_name="Sở\u200d Nội vụ"))
    assert created.status_code == 201
    subjects = set(IncomingDocument.objects.values_list("subject", flat=True))
    assert subjects == {"V/v báo cáo quý IV"}
    assert set(IncomingDocument.objects.values_list("signer", flat=True)) == {"Nguyễn Văn A", ""}
    assert IncomingDocument.objects.get(number=7).issuer_name == "Sở Nội vụ"


def test_control_characters_in_a_json_body_get_a_field_error(alpha, api_as):
    client = api_as(alpha, make_person(Role.CLERK))
    response = client.post(API, api_form(subject="V/v\x1b[31m đỏ"), content_type="application/json")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["subject"]
    assert not IncomingDocument.objects.exists()
