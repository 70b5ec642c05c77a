from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .forms import BootstrapPasswordChangeForm, BootstrapSetPasswordForm, LoginForm
from .registry import home_blocks, home_panel, home_sections


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = BootstrapPasswordChangeForm
    template_name = "core/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The one-time link the province console e-mails (province.accounts.services.send_reset_link)."""

    form_class = BootstrapSetPasswordForm
    template_name = "core/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "core/password_reset_complete.html"


def role_panels(person) -> list[dict]:
    """One panel per role the person holds (``person.ordered_roles``) whose body an app registered: first the work
    the modules report (home sections: today's registrations, what waits), then what the role needs to know (its
    body, apps.people.plugins)."""
    panels = []
    for role in person.ordered_roles:
        body = home_panel(role.value)
        if body is None:
            continue
        panel = {"role": role.value, "label": role.label, "template": body.template, **body.context(person)}
        sections = [{"template": s.template, **s.context(person)} for s in home_sections(role.value)]
        # A section may decline to show on this panel ({"show": False}): no empty block then.
        panel["sections"] = [section for section in sections if section.get("show", True)]
        panels.append(panel)
    return panels


def top_blocks(person) -> list[dict]:
    """The blocks above the role panels (``register_home_block``), those that do not decline to show."""
    blocks = [{"template": block.template, **block.context(person)} for block in home_blocks()]
    return [block for block in blocks if block.get("show", True)]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The agency home page, with a panel per role the person holds."""
    person = request.person
    return render(
        request, "core/home.html", {"person": person, "blocks": top_blocks(person), "panels": role_panels(person)}
    )
