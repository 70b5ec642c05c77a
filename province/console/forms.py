from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin


class PeopleSearchForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Name, username or e-mail"), required=False, max_length=100)


class PasswordHelpForm(BootstrapFormMixin, forms.Form):
    LINK, TEMPORARY = "link", "temporary"
    method = forms.ChoiceField(
        label=_("How"),
        choices=[
            (LINK, _("E-mail a one-time link to choose a new password")),
            (TEMPORARY, _("Issue a temporary password, to be changed at the next login")),
        ],
        widget=forms.RadioSelect,
        initial=LINK,
    )
    agency = forms.ChoiceField(label=_("Agency whose address the link opens"), required=False)

    def __init__(self, *args, agencies: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies

    def clean(self) -> dict:
        data = super().clean()
        if data.get("method") == self.LINK and not data.get("agency"):
            self.add_error("agency", _("This person works in no active agency: issue a temporary password instead."))
        return data
