"""The input rules incoming and outgoing documents share (registers.validation): one rule says which registers cover
a type and a secrecy level, one check says why a register is refused, one cleaner takes the reasons of
cancellations, recalls and abandonments, one helper reports a model's own limits."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from apps.documents.models import IncomingDocument
from apps.documents.tests.factories import cong_van, make_person
from apps.people.models import Role
from apps.registers import validation
from apps.registers.models import DocumentType, Register, Secrecy
from apps.registers.tests.factories import DocumentTypeFactory, RegisterFactory

OUTGOING = Register.Kind.OUTGOING


@pytest.fixture(autouse=True)
def english():
    """The messages as written in the code (the catalogue translates them for people)."""
    with override("en"):
        yield


@pytest.mark.django_db
def test_one_rule_says_whether_a_register_covers_a_type_and_a_secrecy_level(alpha):
    decision = DocumentType.objects.get(abbreviation="QĐ")
    any_type = RegisterFactory(kind=OUTGOING)
    decisions_only = RegisterFactory(kind=OUTGOING, document_types=[decision])
    secret = RegisterFactory(kind=OUTGOING, secrecy_levels=[Secrecy.SECRET, Secrecy.CONFIDENTIAL])
    assert validation.covers(any_type, cong_van(), Secrecy.NONE)
    assert not validation.covers(decisions_only, cong_van(), Secrecy.NONE)
    assert validation.covers(decisions_only, decision, Secrecy.NONE)
    assert not validation.covers(any_type, decision, Secrecy.SECRET)
    assert validation.covers(secret, decision, Secrecy.CONFIDENTIAL)
    registers = [any_type, decisions_only, secret]
    assert validation.registers_covering(registers, decision, Secrecy.NONE) == [any_type, decisions_only]
    assert validation.registers_covering(registers, cong_van(), Secrecy.SECRET) == [secret]


@pytest.mark.django_db
def test_the_outgoing_register_of_a_draft_and_the_registers_to_issue_into_follow_the_same_rule(alpha):
    from apps.outgoing.models import Draft
    from apps.outgoing.validation import register_for
    from apps.outgoing.views import issue_registers

    Register.objects.filter(kind=OUTGOING).update(is_active=False)
    specialised = DocumentTypeFactory()
    its_own = RegisterFactory(kind=OUTGOING, order=0, document_types=[specialised])
    every_type = RegisterFactory(kind=OUTGOING, order=1)
    clerk = make_person(Role.CLERK)
    assert register_for(specialised, Secrecy.NONE) == its_own
    assert register_for(cong_van(), Secrecy.NONE) == every_type
    assert register_for(cong_van(), Secrecy.SECRET) is None
    assert set(issue_registers(clerk, Draft(document_type=specialised, secrecy=Secrecy.NONE))) == {its_own, every_type}
    assert issue_registers(clerk, Draft(document_type=cong_van(), secrecy=Secrecy.NONE)) == [every_type]


@pytest.mark.django_db
def test_the_register_check_says_why_a_register_is_refused(alpha):
    clerk = make_person(Role.CLERK)
    decision = DocumentType.objects.get(abbreviation="QĐ")
    incoming = RegisterFactory(document_types=[decision])
    secret = RegisterFactory(secrecy_levels=[Secrecy.SECRET])

    def errors_for(register, *, kind=Register.Kind.INCOMING, document_type=decision, secrecy=Secrecy.NONE):
        errors: validation.Errors = {}
        choice = validation.RegisterChoice(register, kind, document_type, secrecy)
        validation.check_register(errors, clerk, choice, type_key="document_type")
        return errors

    assert errors_for(incoming) == {}
    assert errors_for(None) == {"register": ["Choose the register."]}
    assert errors_for(incoming, kind=OUTGOING) == {"register": ["This is not an outgoing register."]}
    assert errors_for(incoming, document_type=cong_van()) == {
        "document_type": ["This register does not cover this document type."]
    }
    assert errors_for(incoming, document_type=None) == {}  # the missing type is check_document_type's to report
    assert errors_for(secret, secrecy=Secrecy.SECRET) == {
        "register": ["You are not cleared to register documents of this secrecy level."]
    }
    assert errors_for(incoming, secrecy="nonsense") == {}  # check_marks reports it


def test_a_reason_is_kept_in_nfc_with_single_spaces_and_at_most_500_characters():
    decomposed = unicodedata.normalize("NFD", "  Đăng ký\u00a0trùng   lần hai ")
    assert validation.clean_reason(decomposed) == "Đăng ký trùng lần hai"
    assert validation.clean_reason(None) == ""
    with pytest.raises(ValidationError) as missing:
        validation.clean_reason("   ", missing="Give the reason.")
    assert missing.value.message_dict == {"reason": ["Give the reason."]}
    assert len(validation.clean_reason("x" * 500)) == 500
    with pytest.raises(ValidationError) as long:
        validation.clean_reason("x" * 501)
    assert long.value.message_dict == {"reason": ["The reason has at most 500 characters."]}


@pytest.mark.django_db
def test_a_models_own_limits_are_added_to_the_errors_without_repeating_a_message(alpha):
    errors: validation.Errors = {"subject": ["Ensure this value has at most 500 characters (it has 501)."]}
    document = IncomingDocument(subject="x" * 501, urgency="bogus", secrecy="none")
    validation.check_model(errors, document, exclude=["register", "document_type", "registered_by", "cancelled_by"])
    assert errors["subject"] == ["Ensure this value has at most 500 characters (it has 501)."]
    assert "urgency" in errors and "register" not in errors  # excluded: the rules here check it themselves
