"""A draft's input is one object, ``inputs.DraftEntry``, that the form, the API and the tests build alike; the
services take it (no more a dozen keyword arguments), and the reasons of abandonments and recalls are cleaned by the
one cleaner incoming cancellations use."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from apps.audit.services import events_for
from apps.outgoing import services
from apps.outgoing.forms import DraftForm
from apps.outgoing.inputs import DRAFT_FIELDS, DraftEntry, RecipientSpec
from apps.outgoing.models import Draft
from apps.outgoing.tests.flow import draft_form, issue, new_draft, pdf

pytestmark = pytest.mark.django_db


def test_an_entry_refuses_a_field_a_draft_does_not_have():
    with pytest.raises(TypeError, match="number"):
        DraftEntry.of(subject="V/v thử", number=5)


def test_an_entry_normalises_its_text_and_its_recipients_once(alpha, team):
    place = RecipientSpec.place("Như trên")
    entry = DraftEntry.of(
        subject=unicodedata.normalize("NFD", "  V/v   tổ chức hội nghị "),
        description=" Ghi  chú ",
        correction_kind=None,
        recipients=[place, RecipientSpec.of_unit(team.office), place],
        files=[pdf()],
        keep_files=["3", 4],
        note="  Tiếp thu ý kiến  ",
    )
    assert dict(entry.fields) == {"subject": "V/v tổ chức hội nghị", "description": "Ghi chú"}
    assert [r.kind for r in entry.recipients] == ["place", "unit"]
    assert entry.files[0].name == "du-thao.pdf"
    assert entry.keep_files == frozenset({3, 4})
    assert entry.note == "Tiếp thu ý kiến"
    assert DraftEntry.of().recipients is None  # on a change: keep them


def test_the_draft_form_builds_the_entry_the_services_take(alpha, team):
    places = "Như trên\n\nSở Tài chính tỉnh Đồng Nai"
    data = draft_form(team, urgency="urgent", recipient_units=[team.office.pk], recipient_places=places, page_count="2")
    form = DraftForm(data, person=team.drafter)
    assert form.is_valid(), form.errors
    entry = form.entry(in_reply_to=None)
    assert set(entry.fields) == set(DRAFT_FIELDS) - {"language"}
    assert entry.fields["signer"] == team.signer.user and entry.fields["page_count"] == 2
    assert [(r.kind, r.name) for r in entry.recipients] == [
        ("place", "Như trên"),
        ("place", "Sở Tài chính tỉnh Đồng Nai"),
        ("unit", team.office.name),
    ]
    assert entry.keep_files is None  # a new draft has no files to keep
    draft = services.create_draft(entry, by=team.drafter)
    assert (draft.subject, draft.urgency, draft.page_count) == ("V/v tổ chức hội nghị", "urgent", 2)
    assert draft.recipients.count() == 3


def test_the_edit_form_names_the_files_to_keep(alpha, team):
    draft = new_draft(team)
    [kept] = draft.versions.get(number=1).files.all()
    form = DraftForm(draft_form(team, keep_files=[], note="Bỏ tệp cũ"), person=team.drafter, draft=draft)
    assert form.is_valid(), form.errors
    assert form.entry().keep_files == frozenset() and form.entry().note == "Bỏ tệp cũ"
    assert kept.pk not in form.entry().keep_files


def test_the_reasons_of_an_abandonment_and_a_recall_are_cleaned_as_a_cancellation_is(alpha, team):
    decomposed = unicodedata.normalize("NFD", "  Văn bản   ban hành nhầm ")
    draft = services.abandon_draft(new_draft(team), by=team.drafter, version=1, reason=decomposed)
    assert draft.state == Draft.State.ABANDONED
    assert events_for(draft).get(action="abandoned").changes["reason"] == "Văn bản ban hành nhầm"
    document = issue(team)
    recalled = services.recall_outgoing(document, by=team.clerk, reason=decomposed)
    assert recalled.recall_reason == "Văn bản ban hành nhầm"  # NFC, one space between words
    with pytest.raises(ValidationError) as error:
        services.abandon_draft(new_draft(team), by=team.drafter, version=1, reason="x" * 501)
    assert list(error.value.message_dict) == ["reason"]
