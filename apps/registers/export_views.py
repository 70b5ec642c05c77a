"""The page where the clerk (or a leader) prints a register: choose the register, the range and the volume, then
download it as xlsx or PDF. The file comes from registers.services.export_register, as the API's does."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin, DateInput
from apps.core.registry import NavItem

from . import access, exports, services
from .models import Register


class PrintRegisterForm(BootstrapFormMixin, forms.Form):
    """Input as typed: the range and the volume are checked by the service (exports.parse_range), so the page and
    the API refuse the same things with the same messages."""

    register = forms.ModelChoiceField(queryset=Register.objects.none(), label=_("Register"), empty_label=None)
    year = forms.CharField(label=_("Year"), required=False, max_length=4)
    # Typed text, parsed by the service (apps/core/dates.py) as the API's parameters are.
    from_date = forms.CharField(label=_("From date"), required=False, widget=DateInput())
    to_date = forms.CharField(label=_("To date"), required=False, widget=DateInput())
    from_number = forms.CharField(label=_("From number"), required=False, max_length=9)
    to_number = forms.CharField(label=_("To number"), required=False, max_length=9)
    volume = forms.CharField(label=_("Volume (quyển số)"), required=False, max_length=9)

    def __init__(self, *args, registers: list[Register], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["register"]
        field.queryset = Register.objects.filter(pk__in=[r.pk for r in registers])
        field.label_from_instance = lambda r: (
            r.name if r.is_active else _("%(name)s (no longer in use)") % {"name": r.name}
        )
        for name in ("year", "from_number", "to_number", "volume"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"


def printable_registers(person) -> list[Register]:
    return [r for r in access.registers_visible_to(person) if exports.is_printable(r)]


@login_required
def print_register(request: HttpRequest) -> HttpResponse:
    """GET without ``format``: the form. GET with ``format`` (the download buttons): the file, or the form again
    with what is wrong."""
    person = request.person
    if not access.may_print_registers(person):
        raise PermissionDenied(_("Only the clerk and the leaders print the registers."))
    registers = printable_registers(person)
    if "format" not in request.GET:
        initial = {"register": request.GET.get("register")} if request.GET.get("register") else {}
        form = PrintRegisterForm(initial=initial, registers=registers)
        return render(request, "registers/print/form.html", {"form": form})
    form = PrintRegisterForm(request.GET, registers=registers)
    if form.is_valid():
        register = access.get_printable_register_for(person, form.cleaned_data["register"].pk)
        try:
            return exports.http_response(
                services.export_register(register, by=person, agency=request.tenant, params=request.GET)
            )
        except ValidationError as exc:
            form.add_service_error(exc)
    return render(request, "registers/print/form.html", {"form": form}, status=400)


def print_menu(request: HttpRequest, person) -> list[NavItem]:
    """Menu entry for the people who print registers."""
    if access.may_print_registers(person):
        return [NavItem(reverse("register_exports:print"), _("Print registers"), "printer")]
    return []
