"""The clerk's registration form. It checks types and turns input into clear Vietnamese errors; the Decree's rules
are checked by services.register_incoming, whose errors the view shows on the same fields."""

from collections.abc import Iterable

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin, DateField, MultipleFileField, VisibleCharField
from apps.core.pickers import Picker
from apps.people.access import Person
from apps.people.forms import membership_label, people_picker
from apps.people.models import Membership, Unit
from apps.registers.access import registers_usable_by
from apps.registers.models import DocumentType, Register, Secrecy, Urgency
from province.directory.models import DirectoryEntry
from tenants.models import Agency

from . import search
from .inputs import CORRECTABLE, IncomingEntry, Issuer, resolve_issuer
from .models import IncomingDocument

User = get_user_model()
# The form's fields that are an IncomingEntry's as they are (recipient people come from memberships).
ENTRY_FIELDS = ("register", "arrival_date", "files", *(name for name in CORRECTABLE if name != "recipient_users"))


class RecipientUserField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, membership: Membership) -> str:
        return membership_label(membership)


class IncomingRegistrationForm(BootstrapFormMixin, forms.Form):
    """Every field of an incoming document (Decree 30 Appendix VI Part II), in the order the clerk reads them off
    the paper: register, issuer, number and notation, date, type, subject, signer, marks, recipients, due date,
    files. The arrival number and (by default) the arrival date are the system's."""

    register = forms.ModelChoiceField(queryset=Register.objects.none(), label=_("Register"), empty_label=None)
    issuer_name = VisibleCharField(
        label=_("Issuing agency"),
        max_length=200,
        help_text=_(
            "Type to choose an agency of the province or the directory (UBND tỉnh, HĐND, SNV…), "
            "or write the name as on the paper."
        ),
        widget=Picker(source="documents:issuer-options", create=True, min_query=2, fill={"code": "id_issuer_code"}),
    )
    issuer_code = forms.CharField(
        label=_("Agency code"),
        max_length=13,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "000.00.00.H19", "autocomplete": "off"}),
    )
    number = forms.IntegerField(label=_("Number"), required=False, min_value=1, max_value=10**11)
    notation = forms.CharField(
        label=_("Notation"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "UBND-KGVX", "autocapitalize": "characters"}),
    )
    issued_date = DateField(label=_("Date of the document"))
    document_type = forms.ModelChoiceField(
        queryset=DocumentType.objects.none(), label=_("Document type"), empty_label=_("— choose a type —")
    )
    subject = VisibleCharField(
        label=_("Subject"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("V/v …")}),
    )
    page_count = forms.IntegerField(label=_("Number of pages"), required=False, min_value=1, max_value=999)
    signer = VisibleCharField(label=_("Signer"), max_length=50, required=False)
    signer_position = VisibleCharField(label=_("Signer position"), max_length=100, required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NONE)
    secrecy = forms.ChoiceField(label=_("Secrecy"), choices=Secrecy.choices, initial=Secrecy.NONE)
    recipient_units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(),
        label=_("Recipient units"),
        required=False,
        widget=Picker(multiple=True),
    )
    recipient_users = RecipientUserField(
        queryset=Membership.objects.none(),
        label=_("Recipient people"),
        required=False,
        help_text=_("Type a name, a unit or a position."),
        widget=people_picker(multiple=True),
    )
    due_on = DateField(label=_("Due date"), required=False)
    arrival_date = DateField(
        label=_("Arrival date"),
        required=False,
        help_text=_("Today unless the paper arrived earlier (e.g. yesterday afternoon)."),
    )
    description = forms.CharField(
        label=_("Notes"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    files = MultipleFileField(label=_("Files"), required=False)

    def __init__(self, *args, person: Person, suggested: Iterable[str] = (), **kwargs) -> None:
        """``suggested``: the fields whose initial value was read from a scan (documents.suggestions), marked for
        the clerk to confirm."""
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["files"].widget.owner = person.user.pk
        usable = registers_usable_by(person)
        self.fields["register"].queryset = Register.objects.filter(pk__in=[r.pk for r in usable]).order_by(
            "order", "name"
        )
        self.fields["document_type"].queryset = DocumentType.objects.filter(is_active=True).order_by("order", "name")
        self.fields["recipient_units"].queryset = Unit.objects.filter(is_active=True).order_by("order", "name")
        self.fields["recipient_users"].queryset = (
            Membership.objects.filter(is_active=True)
            .select_related("user", "unit", "position")
            .order_by("unit__order", "unit__name", "position__rank", "user__full_name")
        )
        self.fields["issuer_name"].widget.attrs["autofocus"] = True
        self.mark_suggested(suggested)
        self.fields["arrival_date"].widget.attrs["placeholder"] = timezone.localdate().strftime("%d/%m/%Y")

    def clean_notation(self) -> str:
        # Kept as typed: type abbreviations are mixed case (TTr-UBND, QyĐ-BNV).
        return search.normalize(self.cleaned_data["notation"])

    def clean_issuer_code(self) -> str:
        return self.cleaned_data["issuer_code"].strip().upper()

    def clean(self) -> dict:
        data = super().clean()
        data["issuer"] = self._issuer(data)
        return data

    def _issuer(self, data: dict) -> Issuer | None:
        """The issuer by its code when one is given; else an agency or directory entry of exactly that name (the
        autocomplete puts names there, so a chosen agency keeps its code without scripts); else the free text."""
        name, code = data.get("issuer_name", ""), data.get("issuer_code", "")
        if code:
            try:
                return resolve_issuer(code=code)
            except ValidationError as exc:
                self.add_error("issuer_code", exc.message_dict["issuer_code"])
                return None
        if name:
            name = search.normalize(name)
            known = Agency.objects.filter(name__iexact=name).first() or (
                DirectoryEntry.objects.filter(name__iexact=name, is_active=True).first()
            )
            return Issuer.of(known or name)
        return None

    def recipient_user_list(self) -> list:
        return [m.user for m in self.cleaned_data.get("recipient_users") or []]

    def entry(self) -> IncomingEntry:
        """The valid form as the service's input."""
        data = self.cleaned_data
        return IncomingEntry(
            recipient_users=tuple(self.recipient_user_list()),
            **{name: data[name] for name in ENTRY_FIELDS if name in data},
        )


class IncomingCorrectionForm(IncomingRegistrationForm):
    """Correcting a registered document (Appendix VI: add and edit metadata): the registration form without the
    register and the arrival date (the register's own record, which stays), filled with the document's values;
    files chosen here are added to those it has."""

    def __init__(self, *args, document: IncomingDocument, person: Person, **kwargs) -> None:
        kwargs.setdefault("initial", initial_of(document))
        super().__init__(*args, person=person, **kwargs)
        self.document = document
        del self.fields["register"], self.fields["arrival_date"]
        self.fields["files"].label = _("Add files")
        self.fields["issuer_name"].widget.attrs.pop("autofocus", None)

    def changes(self) -> dict:
        """The corrected fields as ``services.correct_incoming`` takes them (files apart)."""
        entry = self.entry()
        shown = [name for name in CORRECTABLE if name in self.fields or name in ("issuer", "recipient_users")]
        return {name: getattr(entry, name) for name in shown}

    def entry(self) -> IncomingEntry:
        data = self.cleaned_data
        return IncomingEntry(
            register=self.document.register,
            recipient_users=tuple(self.recipient_user_list()),
            **{name: data[name] for name in ENTRY_FIELDS if name in data and name not in ("register", "files")},
        )


def initial_of(document: IncomingDocument) -> dict:
    """The form's values for a registered document."""
    return {
        "issuer_name": document.issuer_name,
        "issuer_code": document.issuer_code,
        "number": document.number,
        "notation": document.notation,
        "issued_date": document.issued_date,
        "document_type": document.document_type_id,
        "subject": document.subject,
        "page_count": document.page_count,
        "signer": document.signer,
        "signer_position": document.signer_position,
        "urgency": document.urgency,
        "secrecy": document.secrecy,
        "recipient_units": list(document.recipient_unit_ids),
        "recipient_users": list(
            Membership.objects.filter(user_id__in=document.recipient_user_ids, is_active=True).values_list(
                "pk", flat=True
            )
        ),
        "due_on": document.due_on,
        "description": document.description,
    }


class ScanUploadForm(BootstrapFormMixin, forms.Form):
    """The day's scans, to be checked, read and registered one by one (pending.py)."""

    files = MultipleFileField(label=_("Scans (PDF, JPEG, PNG, TIFF, or a ZIP of them)"), required=True)


class CancelForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=500,
        help_text=_("E.g. registered twice, not addressed to this agency. The number stays in the register, marked."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
