from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Wrong username or password, or you are not a member of this agency. "
            "Check the address: each agency has its own."
        ),
        "inactive": _("This account is disabled."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()
