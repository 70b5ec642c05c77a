from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin, DateField, VisibleCharField

from .library import MAX_YEAR, MIN_YEAR
from .models import DayException, DayKind
from .services import ExceptionEntry


class ExceptionForm(BootstrapFormMixin, forms.Form):
    """A day off or a working day with its reason; the service checks the range and duplicates."""

    date = DateField(label=_("Date"))
    kind = forms.ChoiceField(label=_("The day becomes"), choices=DayKind.choices, widget=forms.RadioSelect)
    reason = VisibleCharField(
        label=_("Reason"),
        max_length=DayException.REASON_MAX_LENGTH,
        help_text=_("As people will read it, e.g. “Nghỉ bù Tết Nguyên đán (Thông báo số …)”."),
    )

    def entry(self) -> ExceptionEntry:
        data = self.cleaned_data
        return ExceptionEntry(date=data["date"], kind=data["kind"], reason=data["reason"])


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR, required=False)
