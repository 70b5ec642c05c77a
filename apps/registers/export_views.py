"""The page where the clerk (or a leader) prints a register: choose the register, the range and the volume, then
download it as xlsx or PDF. The file comes from registers.export_services.export_register, as the API's does: a
short printout at once, a long one as an export job whose page shows its progress (htmx polling) and offers the
file when it is ready."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin, DateInput
from apps.core.registry import NavItem

from . import access, export_services, exports
from .export_kinds import export_kind
from .models import ExportJob, Register


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


RECENT_JOBS = 5


def _form_page(request: HttpRequest, form: PrintRegisterForm, status: int = 200) -> HttpResponse:
    jobs = access.export_jobs_of(request.person, kinds=[ExportJob.REGISTER])[:RECENT_JOBS]
    return render(request, "registers/print/form.html", {"form": form, "jobs": jobs}, status=status)


@login_required
def print_register(request: HttpRequest) -> HttpResponse:
    """GET without ``format``: the form. GET with ``format`` (the download buttons): the file, the page of the export
    job made for a long printout, or the form again with what is wrong."""
    person = request.person
    if not access.may_print_registers(person):
        raise PermissionDenied(_("Only the clerk and the leaders print the registers."))
    registers = printable_registers(person)
    if "format" not in request.GET:
        initial = {"register": request.GET.get("register")} if request.GET.get("register") else {}
        return _form_page(request, PrintRegisterForm(initial=initial, registers=registers))
    form = PrintRegisterForm(request.GET, registers=registers)
    if form.is_valid():
        register = access.get_printable_register_for(person, form.cleaned_data["register"].pk)
        try:
            result = export_services.export_register(register, by=person, agency=request.tenant, params=request.GET)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            if isinstance(result, ExportJob):
                return redirect("register_exports:job", pk=result.pk)
            return exports.http_response(result)
    return _form_page(request, form, status=400)


def _job_page(request: HttpRequest, job: ExportJob, status: int = 200, **context) -> HttpResponse:
    """The page of an export job of any kind: its kind's heading, and the way back to where it is asked for."""
    kind = export_kind(job.kind)
    context = {"job": job, "heading": kind.heading, "back_url": reverse(kind.page), **context}
    return render(request, "registers/print/job.html", context, status=status)


@login_required
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A printout being made (of any kind: export_kinds): its progress, refreshed by htmx every two seconds until it
    is finished (the fragment alone for htmx), then the download."""
    job = access.get_export_job_for(request.person, pk)
    if request.htmx:
        return render(request, "registers/print/_job.html", {"job": job})
    return _job_page(request, job)


@login_required
def download_export(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.get_export_job_for(request.person, pk)
    try:
        handle = export_services.open_export(job, by=request.person)
    except ValidationError as exc:
        return _job_page(request, job, status=410, error=exc.messages[0])
    response = FileResponse(handle, as_attachment=True, filename=job.filename, content_type=exports.FORMATS[job.format])
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def print_menu(request: HttpRequest, person) -> list[NavItem]:
    """Menu entry for the people who print registers."""
    if access.may_print_registers(person):
        return [NavItem(reverse("register_exports:print"), _("Print registers"), "printer")]
    return []
