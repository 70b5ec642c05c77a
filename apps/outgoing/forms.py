"""Forms of the outgoing screens. They check the input's shape and turn it into Vietnamese errors; the rules live in
services.py (the views show a service's ValidationError on the form)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext_lazy as _

from apps.core.agency_search import agency_names
from apps.core.forms import MAX_ID, BootstrapFormMixin, DateField, MultipleFileField, VisibleCharField
from apps.core.pickers import PickedChoicesField, Picker
from apps.people.access import Person
from apps.people.models import Membership, Role, Unit
from apps.registers.models import DocumentType, Register, Secrecy, Urgency

from . import access
from .models import CorrectionKind, Draft, DraftFile, OutgoingDocument

User = get_user_model()


class SignerField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        post = getattr(user, "post", "")
        return f"{user.full_name} — {post}" if post else user.full_name


def signer_choices() -> list:
    """The agency's leaders (who may sign), with their highest post, in the order of their posts."""
    memberships = (
        Membership.objects.filter(is_active=True, roles__contains=[Role.LEADER])
        .select_related("user", "position", "unit")
        .order_by("position__rank", "user__full_name")
    )
    users: dict[int, object] = {}
    for m in memberships:
        if m.user_id not in users:
            m.user.post = f"{m.position.name}, {m.unit.name}"
            users[m.user_id] = m.user
    return list(users.values())


def not_recipients() -> tuple[str, ...]:
    """Schemas whose agency a document is not sent to by code: this agency itself, and the public schema."""
    return (connection.schema_name, "public")


def recipient_agency_names(codes: list[str]) -> dict[str, str]:
    """The names of the agencies a document can be sent to (the deployment's other agencies, the directory's)
    among ``codes``."""
    return agency_names(codes, exclude_schemas=not_recipients())


class DraftForm(BootstrapFormMixin, forms.Form):
    """A new draft, or the next version of one (``draft`` given: its files may be kept or dropped)."""

    document_type = forms.ModelChoiceField(
        queryset=DocumentType.objects.none(), label=_("Document type"), empty_label=_("— choose —")
    )
    subject = VisibleCharField(
        label=_("Subject"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The “V/v …” line for a công văn; at most 500 characters."),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NONE)
    secrecy = forms.ChoiceField(
        label=_("Secrecy"),
        choices=Secrecy.choices,
        initial=Secrecy.NONE,
        help_text=_("Secret documents are numbered in the secret register."),
    )
    signer = SignerField(
        queryset=User.objects.none(), label=_("Signer"), required=False, empty_label=_("— choose —"), widget=Picker()
    )
    signer_position = VisibleCharField(
        label=_("Signer position"),
        max_length=100,
        required=False,
        help_text=_("Empty: the signer's post. Write e.g. “KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC” for a deputy."),
    )
    due_on = DateField(label=_("Reply due date"), required=False)
    recipient_agencies = PickedChoicesField(
        labels=recipient_agency_names,
        source="outgoing:recipient-agencies",
        label=_("Recipient agencies"),
        required=False,
        help_text=_("Agencies of the province and of the directory: type a name, an abbreviation or a code."),
    )
    recipient_units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(), label=_("Units of the agency"), required=False, widget=Picker(multiple=True)
    )
    recipient_places = VisibleCharField(
        label=_("Other recipients"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One place a line, e.g. “Như trên”."),
    )
    files = MultipleFileField(label=_("Files"), required=False, help_text=_("The draft and its appendices."))
    keep_files = forms.MultipleChoiceField(
        label=_("Files to keep"), required=False, widget=forms.CheckboxSelectMultiple
    )
    page_count = forms.IntegerField(label=_("Pages"), required=False, min_value=1, max_value=999)
    issued_amount = forms.IntegerField(label=_("Number of copies"), required=False, min_value=1, max_value=999)
    description = forms.CharField(label=_("Notes"), required=False, max_length=500)
    corrects = forms.ModelChoiceField(
        queryset=OutgoingDocument.objects.none(),
        label=_("Corrects, amends or replaces"),
        required=False,
        empty_label=_("— none —"),
        widget=Picker(),
    )
    correction_kind = forms.ChoiceField(
        label=_("Kind of correction"), required=False, choices=[("", _("— none —")), *CorrectionKind.choices]
    )
    in_reply_to = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=500,
        help_text=_("For the reviewers, e.g. “Tiếp thu ý kiến của Chánh Văn phòng”."),
    )

    def __init__(self, *args, person: Person, draft: Draft | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.fields["files"].widget.owner = person.user.pk
        self.fields["document_type"].queryset = DocumentType.objects.filter(is_active=True, is_copy_form=False)
        leaders = signer_choices()
        signer = self.fields["signer"]
        signer.queryset = User.objects.filter(pk__in=[u.pk for u in leaders])  # what validation accepts
        signer.choices = [("", signer.empty_label)] + [(u.pk, signer.label_from_instance(u)) for u in leaders]
        self.fields["recipient_units"].queryset = Unit.objects.filter(is_active=True).order_by("order", "name")
        # The latest documents the person may see (a slice cannot be validated against, so by their ids).
        newest = ("-issued_date", "-issued_at", "-id")  # the index outgoing_issued_order
        latest = access.outgoing_visible_to(person).order_by(*newest).values_list("pk", flat=True)[:300]
        self.fields["corrects"].queryset = OutgoingDocument.objects.filter(pk__in=list(latest)).order_by(*newest)
        if draft is None:
            del self.fields["keep_files"]
            del self.fields["note"]
        else:
            files = DraftFile.objects.filter(version__draft=draft, version__number=draft.version)
            self.fields["keep_files"].choices = [(str(f.pk), f.name) for f in files]
            if not self.is_bound:
                self.initial.update(initial_of(draft))
                self.initial["keep_files"] = [str(f.pk) for f in files]
            del self.fields["in_reply_to"]

    def clean_subject(self) -> str:
        return " ".join(self.cleaned_data["subject"].split())

    def places(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("recipient_places", "").splitlines() if line.strip()]


def initial_of(draft: Draft) -> dict:
    recipients = list(draft.recipients.all())
    return {
        "document_type": draft.document_type_id,
        "subject": draft.subject,
        "urgency": draft.urgency,
        "secrecy": draft.secrecy,
        "signer": draft.signer_id,
        "signer_position": draft.signer_position,
        "due_on": draft.due_on,
        "recipient_agencies": [r.agency_code for r in recipients if r.kind == "agency"],
        "recipient_units": [r.unit_id for r in recipients if r.kind == "unit"],
        "recipient_places": "\n".join(r.name for r in recipients if r.kind == "place"),
        "page_count": draft.page_count,
        "issued_amount": draft.issued_amount,
        "description": draft.description,
        "corrects": draft.corrects_id,
        "correction_kind": draft.correction_kind,
    }


class StepForm(BootstrapFormMixin, forms.Form):
    """A submission or a decision on the version the person read."""

    version = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewerField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user.full_name} — {user.post}" if getattr(user, "post", "") else user.full_name


class SubmitForm(StepForm):
    """The submission: who reviews the content, among those allowed (the heads of the drafting unit, else the
    agency's leaders: access.reviewers_for), the best placed chosen by default."""

    reviewer = ReviewerField(
        queryset=User.objects.none(), label=_("Content reviewer"), empty_label=None, required=False
    )

    field_order = ["version", "reviewer", "comment"]

    def __init__(self, *args, draft: Draft, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        memberships = access.reviewers_for(draft)
        users = []
        for m in memberships:
            m.user.post = f"{m.position.name}, {m.unit.name}"
            users.append(m.user)
        field = self.fields["reviewer"]
        field.queryset = User.objects.filter(pk__in=[u.pk for u in users])
        field.choices = [(u.pk, field.label_from_instance(u)) for u in users]
        if users and not self.is_bound:
            self.initial.setdefault("reviewer", users[0].pk)
        if memberships and memberships[0].unit_id != draft.drafting_unit_id:
            field.help_text = _("The drafting unit has no head: the agency's leaders review its drafts.")


class AbandonForm(BootstrapFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why is it abandoned?"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class IssueForm(BootstrapFormMixin, forms.Form):
    version = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    register = forms.ModelChoiceField(queryset=Register.objects.none(), label=_("Register"), empty_label=None)

    def __init__(self, *args, registers: list[Register], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["register"].queryset = Register.objects.filter(pk__in=[r.pk for r in registers])


class RecallForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for the recall"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
