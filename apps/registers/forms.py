"""The agency administrator's register form. It checks input and gives clear Vietnamese errors; the rules (one
series per secrecy group, fixed kind once numbered…) are checked by services.save_register."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.agencies import example_abbreviation
from apps.core.forms import BootstrapFormMixin, CheckboxField, VisibleCharField
from apps.core.text import strip_invisible
from apps.people.forms import people_picker
from apps.people.models import Membership

from .models import NOTATION_PATTERN_PATTERN, DocumentType, Register, Secrecy
from .services import TYPE_FIELDS

User = get_user_model()
PATTERN_ERROR = _(
    "Use groups such as {type}, {agency}, {unit} or fixed capitals (e.g. VP) joined by hyphens, without spaces."
)


class RegisterForm(BootstrapFormMixin, forms.ModelForm):
    secrecy_levels = forms.MultipleChoiceField(
        label=_("Secrecy levels"),
        choices=Secrecy.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ordinary documents, or one or more secret levels: secret documents have their own series."),
        error_messages={"required": _("Choose at least one secrecy level.")},
    )
    document_types = forms.ModelMultipleChoiceField(
        label=_("Document types"),
        queryset=DocumentType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every type."),
    )

    class Meta:
        model = Register
        fields = [
            "kind",
            "name",
            "secrecy_levels",
            "document_types",
            "notation_pattern",
            "notation_pattern_without_type",
            "order",
            "is_active",
        ]
        labels = {
            "kind": _("Kind"),
            "name": _("Name"),
            "notation_pattern": _("Notation pattern"),
            "notation_pattern_without_type": _("Notation pattern without type"),
            "order": _("Order"),
            "is_active": _("In use"),
        }
        field_classes = {"is_active": CheckboxField}
        widgets = {
            "notation_pattern": forms.TextInput(attrs={"placeholder": "{type}-{agency}", "autocomplete": "off"}),
            "notation_pattern_without_type": forms.TextInput(
                attrs={"placeholder": "{agency}-{unit}", "autocomplete": "off"}
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        selected = list(self.instance.document_types.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["document_types"].queryset = DocumentType.objects.filter(
            Q(is_active=True) | Q(pk__in=selected)
        ).order_by("order", "name")
        if self.instance.pk:
            self.initial["document_types"] = selected
        else:
            self.initial.setdefault("secrecy_levels", [Secrecy.NONE])
        # Examples in this agency's own abbreviation.
        abbr = {"agency": example_abbreviation()}
        self.fields["notation_pattern"].help_text = (
            _("For documents whose type has an abbreviation, e.g. {type}-{agency} gives QĐ-%(agency)s.") % abbr
        )
        self.fields["notation_pattern_without_type"].help_text = (
            _("For công văn and other types without abbreviation, e.g. {agency}-{unit} gives %(agency)s-VP.") % abbr
        )

    def clean_name(self) -> str:
        name = " ".join(strip_invisible(self.cleaned_data["name"]).split())
        kind = self.data.get(self.add_prefix("kind")) or self.instance.kind
        taken = Register.objects.filter(name__iexact=name, kind=kind, is_active=True).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("Another register of this kind in use already has this name."))
        return name

    def _clean_pattern(self, name: str) -> str:
        value = self.cleaned_data[name].strip()
        if value and not re.match(NOTATION_PATTERN_PATTERN, value):
            raise ValidationError(PATTERN_ERROR)
        return value

    def clean_notation_pattern(self) -> str:
        return self._clean_pattern("notation_pattern")

    def clean_notation_pattern_without_type(self) -> str:
        return self._clean_pattern("notation_pattern_without_type")


class DocumentTypeForm(BootstrapFormMixin, forms.Form):
    """A specialised type of the agency, or a Decree 30 type (whose name, abbreviation and form are fixed: Appendix
    III). A plain form: services.save_document_type checks everything (format, names taken) with messages on the
    fields, for the page and the API alike."""

    name = VisibleCharField(label=_("Name"), max_length=100)
    abbreviation = forms.CharField(
        label=_("Abbreviation"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "QĐ"}),
        help_text=DocumentType._meta.get_field("abbreviation").help_text,
    )
    is_copy_form = CheckboxField(label=_("Copy form (SY, SL, TrS)"))
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767)
    is_active = CheckboxField(label=_("In use"))

    def __init__(self, *args, instance: DocumentType, **kwargs) -> None:
        kwargs.setdefault("initial", {name: getattr(instance, name) for name in TYPE_FIELDS})
        super().__init__(*args, **kwargs)
        self.instance = instance
        if instance.is_builtin:
            for name in ("name", "abbreviation", "is_copy_form"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed by Decree 30 (Appendix III).")

    def apply(self) -> DocumentType:
        """The instance with the values entered, not saved."""
        for name in TYPE_FIELDS:
            setattr(self.instance, name, self.cleaned_data[name])
        return self.instance


class ClearanceForm(BootstrapFormMixin, forms.Form):
    """The highest secrecy level a member may read (the head's decision, entered by the administrator)."""

    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Person"), widget=people_picker(users=True))
    level = forms.ChoiceField(
        label=_("Highest secrecy level"),
        choices=Secrecy.choices,
        help_text=_(
            "“Not secret” removes the clearance: secret documents then reach the person only when sent to them."
        ),
    )

    def __init__(self, *args, user: User | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        members = Membership.objects.filter(is_active=True).values("user_id")
        field.queryset = User.objects.filter(pk__in=members).order_by("full_name", "username")
        field.label_from_instance = lambda u: f"{u.full_name} ({u.username})" if u.full_name else u.username
        if user is not None:  # changing one person's clearance: the person is fixed
            field.initial, field.disabled = user.pk, True
