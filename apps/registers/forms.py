"""The agency administrator's register form. It checks input and gives clear Vietnamese errors; the rules (one
series per secrecy group, fixed kind once numbered…) are checked by services.save_register."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin

from .models import NOTATION_PATTERN_PATTERN, DocumentType, Register, Secrecy

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

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
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
