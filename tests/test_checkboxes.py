"""A tick box of a web form: a browser leaves an unticked box out of the POST, so a missing box means False (the
person unticked it), never "unchanged"; a disabled box (a Decree 30 type's copy form) keeps its value whatever is
posted. The API is stricter: a boolean left out of its body is left out (tests/test_api_booleans.py)."""

import pytest
from django import forms
from django_tenants.utils import schema_context

from apps.core.forms import CheckboxField
from apps.people.forms import PositionForm
from apps.people.tests.factories import PositionFactory
from apps.registers.forms import DocumentTypeForm, RegisterForm
from apps.registers.models import DocumentType
from apps.registers.tests.factories import DocumentTypeFactory, RegisterFactory

pytestmark = pytest.mark.django_db


def cleaned(form: forms.BaseForm, name: str) -> object:
    form.is_valid()  # other fields may be refused; the box is cleaned on its own
    assert name not in form.errors
    return form.cleaned_data[name]


@pytest.mark.parametrize(
    ("make_form", "name"),
    [
        (lambda: RegisterForm(data={}, instance=RegisterFactory(is_active=True)), "is_active"),
        (lambda: DocumentTypeForm(data={}, instance=DocumentTypeFactory(is_active=True)), "is_active"),
        (lambda: DocumentTypeForm(data={}, instance=DocumentTypeFactory(is_copy_form=True)), "is_copy_form"),
        (lambda: PositionForm(data={}, instance=PositionFactory(is_leadership=True)), "is_leadership"),
    ],
    ids=["register in use", "type in use", "type copy form", "leadership post"],
)
def test_an_unticked_box_is_missing_from_the_post_and_means_false(agency_a, make_form, name):
    with schema_context(agency_a.schema_name):
        form = make_form()
        assert isinstance(form.fields[name], CheckboxField)
        assert cleaned(form, name) is False
        form.data = {name: "on"}
        form.full_clean()
        assert cleaned(form, name) is True


def test_a_disabled_box_keeps_its_value_when_missing(agency_a):
    with schema_context(agency_a.schema_name):
        builtin = DocumentType.objects.filter(is_builtin=True, is_copy_form=True).first()
        assert builtin is not None, "Decree 30's copy forms (SY, SL, TrS) are built in"
        form = DocumentTypeForm(data={"is_active": "on"}, instance=builtin)
        assert form.fields["is_copy_form"].disabled
        assert cleaned(form, "is_copy_form") is True
