"""The registration form's pickers: the issuer searched by what clerks type (/documents/incoming/issuers/, clerks
only), recipients searched among units and people; a refused form keeps every choice."""

import re

import pytest

from apps.core.pickers import MAX_LIMIT
from apps.core.tests.utils import picker_results
from apps.documents.models import IncomingDocument
from apps.documents.tests.factories import make_person
from apps.documents.tests.test_views import form as registration_form
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from province.directory.models import DirectoryEntry

pytestmark = pytest.mark.django_db
ISSUERS = "/documents/incoming/issuers/"
REGISTER = "/documents/incoming/register/"


def issuers(client, q: str, **params) -> list[dict]:
    return picker_results(client, ISSUERS, q, **params)


def test_the_clerk_finds_issuers_by_the_abbreviations_they_type(alpha, api_as):
    DirectoryEntry.objects.create(code_102="000.00.00.H19", name="Ủy ban nhân dân tỉnh Đồng Nai")
    DirectoryEntry.objects.create(code_102="000.00.04.H19", name="Hội đồng nhân dân tỉnh Đồng Nai")
    client = api_as(alpha, make_person(Role.CLERK))
    for typed in ("UBND tỉnh", "ubnd tinh", "uy ban nhan dan tinh"):
        found = issuers(client, typed)
        assert found[0] == {
            "value": "Ủy ban nhân dân tỉnh Đồng Nai",
            "text": "Ủy ban nhân dân tỉnh Đồng Nai",
            "hint": "000.00.00.H19",
            "code": "000.00.00.H19",
        }, typed
    assert [r["text"] for r in issuers(client, "HĐND")] == ["Hội đồng nhân dân tỉnh Đồng Nai"]
    # The agency's own abbreviation (Agency.abbreviation) finds it and shows in the hint.
    assert issuers(client, "SAL")[0] == {
        "value": alpha.name,
        "text": alpha.name,
        "hint": f"SAL · {alpha.code_102}",
        "code": alpha.code_102,
    }


def test_the_issuer_search_gives_a_few_results_at_most(alpha, api_as):
    DirectoryEntry.objects.bulk_create(
        DirectoryEntry(code_102=f"000.{i:02d}.30.H19", name=f"Ủy ban nhân dân xã Thử {i}") for i in range(40)
    )
    client = api_as(alpha, make_person(Role.CLERK))
    assert len(issuers(client, "UBND xa")) == 10
    assert len(issuers(client, "UBND xa", limit=5)) == 5
    assert len(issuers(client, "UBND xa", limit=1000)) == MAX_LIMIT
    assert issuers(client, "U") == [] and issuers(client, "") == []
    assert client.get(ISSUERS, {"q": "UBND\x00xa"}).status_code == 400  # refused at the edge (core.middleware)


def test_only_clerks_search_issuers(alpha, api_as):
    for role in (Role.LEADER, Role.SPECIALIST, Role.ADMIN):
        assert api_as(alpha, make_person(role)).get(ISSUERS, {"q": "ubnd"}).status_code == 403


def form(**overrides) -> dict:
    """The registration form of a document from the Ministry of Home Affairs."""
    ministry = {
        "issuer_name": "Bộ Nội vụ",
        "number": "12",
        "notation": "BNV-TCCB",
        "subject": "V/v tuyển dụng công chức",
    }
    return registration_form(**{**ministry, **overrides})


def selected(html: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]+)" selected>([^<]*)</option>', select)


def test_a_refused_registration_keeps_the_issuer_and_the_recipients_chosen(alpha, api_as):
    DirectoryEntry.objects.create(code_102="000.00.00.G09", name="Bộ Nội vụ")
    unit = UnitFactory(name="Phòng Công chức, viên chức")
    reader = make_person(Role.SPECIALIST, unit=unit)
    clerk = make_person(Role.CLERK)
    client = api_as(alpha, clerk)
    page = client.get(REGISTER).content.decode()
    # The people picker lists nobody: it searches as the clerk types.
    assert selected(page, "recipient_users") == [] and reader.user.full_name not in page
    assert (
        'data-picker-source="/documents/incoming/issuers/"' in page and 'data-picker-source="/people/options/"' in page
    )
    membership = reader.primary
    refused = client.post(
        REGISTER,
        form(subject="", recipient_units=[unit.pk], recipient_users=[membership.pk], issuer_code="000.00.00.G09"),
    )
    html = refused.content.decode()
    assert refused.status_code == 400 and not IncomingDocument.objects.exists()
    assert selected(html, "issuer_name") == [("Bộ Nội vụ", "Bộ Nội vụ")]
    assert selected(html, "recipient_units") == [(str(unit.pk), unit.name)]
    label = f"{reader.user.full_name} — {membership.position.name}, {unit.name}"
    assert selected(html, "recipient_users") == [(str(membership.pk), label)]
    accepted = client.post(REGISTER, form(recipient_units=[unit.pk], recipient_users=[membership.pk]))
    assert accepted.status_code == 302
    document = IncomingDocument.objects.get()
    assert (document.issuer_name, document.issuer_code) == ("Bộ Nội vụ", "000.00.00.G09")
    assert {(r.unit_id, r.user_id) for r in document.recipients.all()} == {(unit.pk, None), (None, reader.user.pk)}
