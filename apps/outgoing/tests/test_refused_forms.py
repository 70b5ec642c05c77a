"""Nothing typed or attached is lost on a refused draft form; its date as people type it; numbers bounded and
names cleaned the same way in the form and the API."""

import datetime
import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.tests.utils import client_as
from apps.core.uploads import KEPT_SUFFIX
from apps.documents.tests.factories import cong_van
from apps.outgoing.forms import DraftForm
from apps.outgoing.models import Draft, DraftFile
from apps.outgoing.tests.flow import draft_form, new_draft

pytestmark = pytest.mark.django_db
NEW = "/outgoing/drafts/new/"
DRAFTS = "/api/v1/outgoing-drafts/"
BODY = b"%PDF-1.7 du thao giu lai"


def kept_tokens(html: str) -> list[str]:
    return re.findall(rf'name="files{KEPT_SUFFIX}" value="([^"]+)"', html)


def test_a_refused_draft_keeps_its_files_and_the_next_save_stores_them(alpha, team, media_root):
    client = client_as(alpha, team.drafter.user)
    upload = SimpleUploadedFile("du-thao.pdf", BODY, "application/pdf")
    refused = client.post(NEW, {**draft_form(team, subject=""), "files": [upload]})
    html = refused.content.decode()
    assert not Draft.objects.exists()
    assert "du-thao.pdf" in html and len(kept_tokens(html)) == 1
    saved = client.post(NEW, {**draft_form(team), f"files{KEPT_SUFFIX}": kept_tokens(html)})
    assert saved.status_code == 302
    files = DraftFile.objects.select_related("file")
    assert [(f.name, f.file.sha256) for f in files] == [("du-thao.pdf", hashlib.sha256(BODY).hexdigest())]


def test_a_refused_edit_keeps_the_new_files_too(alpha, team, media_root):
    draft = new_draft(team)
    client = client_as(alpha, team.drafter.user)
    url = f"/outgoing/drafts/{draft.pk}/edit/"
    upload = SimpleUploadedFile("ban-moi.pdf", BODY, "application/pdf")
    refused = client.post(url, {**draft_form(team, subject=""), "version": 1, "files": [upload]})
    tokens = kept_tokens(refused.content.decode())
    assert len(tokens) == 1
    data = {**draft_form(team, subject="V/v sửa"), "version": 1, "keep_files": [], f"files{KEPT_SUFFIX}": tokens}
    assert client.post(url, data).status_code == 302
    assert [f.name for f in DraftFile.objects.filter(version__draft=draft, version__number=2)] == ["ban-moi.pdf"]


@pytest.mark.parametrize("typed", ["2/12/26", "02/12/2026", "2026-12-02"])
def test_the_draft_form_reads_the_dates_people_type(alpha, team, typed):
    bound = DraftForm(draft_form(team, due_on=typed), person=team.drafter)
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["due_on"] == datetime.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("field", "value"),
    [("page_count", 0), ("issued_amount", 1000), ("in_reply_to", 2**31), ("version", 0)],
)
def test_api_numbers_are_bounded_as_the_form_bounds_them(alpha, api_as, team, field, value):
    data = {"document_type": cong_van().pk, "subject": "V/v a", field: value}
    response = api_as(alpha, team.drafter).post(DRAFTS, data, content_type="application/json")
    assert response.status_code == 400 and list(response.json()["errors"]) == [field]
    assert not Draft.objects.exists()


def test_subjects_and_places_lose_invisible_characters_in_the_form_and_the_api(alpha, api_as, team):
    client = client_as(alpha, team.drafter.user)
    hidden = "V/v hội\u202e nghị\u200b"
    assert client.post(NEW, draft_form(team, subject=hidden, recipient_places="Như\u2067 trên")).status_code == 302
    body = {"document_type": cong_van().pk, "subject": hidden, "recipient_places": ["Sở\ufeff Nội vụ"]}
    assert api_as(alpha, team.drafter).post(DRAFTS, body, content_type="application/json").status_code == 201
    assert set(Draft.objects.values_list("subject", flat=True)) == {"V/v hội nghị"}
    names = {r.name for d in Draft.objects.all() for r in d.recipients.all()}
    assert names == {"Như trên", "Sở Nội vụ"}


@pytest.mark.parametrize("version", ["abc", "²", "9" * 40, ""])
def test_a_malformed_version_is_refused_as_a_stale_one_not_a_server_error(alpha, team, version):
    draft = new_draft(team)
    client = client_as(alpha, team.drafter.user)
    response = client.post(f"/outgoing/drafts/{draft.pk}/edit/", {**draft_form(team), "version": version})
    assert response.status_code == 200
    assert Draft.objects.get(pk=draft.pk).version == 1
