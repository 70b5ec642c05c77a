""" "Nhận thông báo": what each person receives of work direction's messages, per kind, in the application and
(for the reminders) by e-mail, saved through ``preferences.save_preferences``."""

from django import forms
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.forms import BootstrapFormMixin, CheckboxField
from apps.core.generic import PanelFormView
from apps.core.guards import members_only

from .. import preferences
from ..models import Preference


class PreferenceForm(BootstrapFormMixin, forms.Form):
    """Two boxes per kind (``in_app_<kind>``, ``email_<kind>``: the e-mail one only for the kinds e-mailed),
    ticked as the person chose."""

    def __init__(self, *args, person, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.chosen = chosen = preferences.choices_of(person)
        for kind, label in Preference.Kind.choices:
            in_app_label = _("%(kind)s — in the application") % {"kind": label}
            self.fields[f"in_app_{kind}"] = CheckboxField(label=in_app_label, initial=chosen[kind].in_app)
            if kind in preferences.EMAILED:
                email_label = _("%(kind)s — by e-mail") % {"kind": label}
                self.fields[f"email_{kind}"] = CheckboxField(label=email_label, initial=chosen[kind].email)

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField | None]]:
        """Per kind: its label and its boxes (no e-mail box for a kind never e-mailed)."""
        return [
            (label, self[f"in_app_{kind}"], self[f"email_{kind}"] if f"email_{kind}" in self.fields else None)
            for kind, label in Preference.Kind.choices
        ]

    def choices(self) -> dict[str, preferences.Choice]:
        data = self.cleaned_data
        return {
            kind: preferences.Choice(
                in_app=data[f"in_app_{kind}"], email=data.get(f"email_{kind}", self.chosen[kind].email)
            )
            for kind in Preference.Kind.values
        }


class PreferenceEdit(PanelFormView):
    form_class = PreferenceForm
    back = "direction:preferences"
    event = "preferences-changed"
    fields_template = "direction/mine/_preference_fields.html"

    def get_form_kwargs(self) -> dict:
        return {"person": self.request.person}

    def get_title(self, form: forms.Form) -> str:
        return gettext_lazy("Notifications I receive")

    def save(self, form: forms.Form) -> str:
        person = self.request.person
        preferences.save_preferences(person, form.choices(), by=person)
        return _("Your choices were saved.")


preference_edit = members_only(PreferenceEdit.as_view())


urlpatterns = [path("preferences/", preference_edit, name="preferences")]
