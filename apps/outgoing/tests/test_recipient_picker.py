"""The draft form's pickers: recipient agencies searched in the province and the directory by name, abbreviation
or code (/outgoing/drafts/recipient-agencies/, members only, never the agency itself), units and the signer
filtered on the page; a refused form keeps every choice with its name."""

import re

import pytest
from django.test import Client

from apps.core.tests.utils import client_as, member
from apps.outgoing.models import Draft
from apps.outgoing.tests.flow import draft_form
from apps.people.models import Role
from province.directory.models import DirectoryEntry

pytestmark = pytest.mark.django_db
AGENCIES = "/outgoing/drafts/recipient-agencies/"
NEW = "/outgoing/drafts/new/"


def found(client, q: str, **params) -> list[dict]:
    response = client.get(AGENCIES, {"q": q, **params})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    return response.json()["results"]


def test_a_drafter_finds_recipient_agencies_by_abbreviation_but_never_the_own_agency(alpha, agency_b, team):
    DirectoryEntry.objects.create(code_102="000.00.00.G22", name="Văn phòng Chính phủ")
    client = client_as(alpha, team.drafter.user)
    assert found(client, "VPCP") == [{"value": "000.00.00.G22", "text": "Văn phòng Chính phủ", "hint": "000.00.00.G22"}]
    assert [r["value"] for r in found(client, "SBE")] == [agency_b.code_102]  # beta's own abbreviation
    assert [r["value"] for r in found(client, "so thu nghiem")] == [agency_b.code_102]  # alpha is left out
    assert found(client, "SAL") == []


def test_only_members_search_recipient_agencies(alpha, agency_b):
    stranger = member(agency_b, Role.SPECIALIST)
    for client in (client_as(alpha, stranger.user), Client(HTTP_HOST=alpha.get_primary_domain().domain)):
        response = client.get(AGENCIES, {"q": "vpcp"})
        assert response.status_code == 302 and "/login/" in response["Location"]


def selected(html: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]+)" selected>([^<]*)</option>', select)


def test_a_refused_draft_keeps_its_recipient_agencies_units_and_signer(alpha, agency_b, team):
    DirectoryEntry.objects.bulk_create(
        DirectoryEntry(code_102=f"000.{i:02d}.30.H19", name=f"Ủy ban nhân dân xã Thử {i}") for i in range(60)
    )
    client = client_as(alpha, team.drafter.user)
    page = client.get(NEW).content.decode()
    assert "Ủy ban nhân dân xã Thử" not in page  # the directory is searched, not listed
    assert 'data-picker-source="/outgoing/drafts/recipient-agencies/"' in page
    agencies = ["000.07.30.H19", agency_b.code_102]
    data = draft_form(
        team, subject="", recipient_places="", recipient_agencies=agencies, recipient_units=[team.office.pk]
    )
    refused = client.post(NEW, data)
    html = refused.content.decode()
    assert "Trường này là bắt buộc." in html and not Draft.objects.exists()
    assert selected(html, "recipient_agencies") == [
        ("000.07.30.H19", "Ủy ban nhân dân xã Thử 7"),
        (agency_b.code_102, agency_b.name),
    ]
    assert selected(html, "recipient_units") == [(str(team.office.pk), team.office.name)]
    assert selected(html, "signer")[0][0] == str(team.signer.user.pk)
    unknown = client.post(NEW, {**data, "subject": "V/v thử", "recipient_agencies": ["000.00.99.Z99"]})
    assert "000.00.99.Z99" in unknown.content.decode() and not Draft.objects.exists()
    own = client.post(NEW, {**data, "subject": "V/v thử", "recipient_agencies": [alpha.code_102]})
    assert not Draft.objects.exists() and own.status_code != 302
    saved = client.post(NEW, {**data, "subject": "V/v thử"})
    assert saved.status_code == 302
    names = [r.name for r in Draft.objects.get().recipients.all()]
    assert names == ["Ủy ban nhân dân xã Thử 7", agency_b.name, team.office.name]
