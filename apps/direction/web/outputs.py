"""The pages of work direction's printed outputs (issue 8 point 8):

- ``direction:slip`` — the Phiếu giải quyết văn bản đến of a document, shown, and downloaded as PDF or xlsx
  (``?format=``), made in the request (one document is small); reached by "In phiếu giải quyết" on the document;
- ``direction:outputs`` — "Báo cáo, sổ theo dõi": choose the book or report, the period, a unit or a person, the
  format; the output is an export job whose page (the registers' job page, polled by htmx) shows its progress and
  offers the file.

Thin views: outputs.services prints, outputs.access decides, as the API does."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin, DateInput
from apps.core.guards import guard
from apps.core.pickers import Picker
from apps.documents.access import get_incoming_for
from apps.people.models import Unit
from apps.registers import exports
from apps.registers.access import export_jobs_of

from ..outputs import services
from ..outputs.access import may_print_reports, may_print_slip, report_scope
from ..outputs.printing import letterhead
from ..outputs.requests import OUTPUTS, TRACKING
from ..outputs.slip import build_slip

RECENT_JOBS = 5


def person_labels(values: list[str]) -> dict[str, str]:
    from django.contrib.auth import get_user_model

    ids = [int(v) for v in values if v.isdigit() and len(v) <= 18]
    people = get_user_model().objects.filter(pk__in=ids)
    return {str(p.pk): p.full_name or p.get_username() for p in people}


class ReportForm(BootstrapFormMixin, forms.Form):
    """Input as typed: every field is checked by the service (outputs.requests), so the page and the API refuse the
    same things with the same messages."""

    output = forms.ChoiceField(label=_("Book or report"), choices=list(OUTPUTS.items()))
    from_date = forms.CharField(label=_("From date"), required=False, widget=DateInput())
    to_date = forms.CharField(label=_("To date"), required=False, widget=DateInput())
    unit = forms.CharField(label=_("Unit"), required=False, widget=Picker())
    person = forms.CharField(
        label=_("Individual"),
        required=False,
        widget=Picker(source="people:options", value_field="user", labels=person_labels),
    )
    per = forms.ChoiceField(
        label=_("One row per"),
        required=False,
        choices=[("unit", _("unit")), ("person", _("person"))],
        help_text=_("For the reports."),
    )

    def __init__(self, *args, units: list[Unit], whole_agency: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        everyone = _("— the whole agency —") if whole_agency else _("— the units I lead —")
        self.fields["unit"].widget.choices = [("", everyone), *((str(u.pk), u.name) for u in units)]


def _form(person, data=None, **kwargs) -> ReportForm:
    """The form with the units the person may choose (the agency's, or those they lead)."""
    scope = report_scope(person)
    units = Unit.objects.filter(is_active=True).order_by("order", "name")
    if scope.units is not None:
        units = units.filter(pk__in=sorted(scope.units))
    return ReportForm(data, units=list(units), whole_agency=scope.is_whole_agency, **kwargs)


def _initial() -> dict[str, str]:
    today = timezone.localdate()
    first = today.replace(day=1)
    return {"output": TRACKING, "from_date": f"{first:%d/%m/%Y}", "to_date": f"{today:%d/%m/%Y}", "per": "unit"}


def _form_page(request: HttpRequest, form: ReportForm, status: int = 200) -> HttpResponse:
    jobs = export_jobs_of(request.person, kinds=[services.REPORT_KIND])[:RECENT_JOBS]
    context = {"form": form, "jobs": jobs, "heading": services.DIRECTION_REPORTS.heading}
    return render(request, "direction/outputs/form.html", context, status=status)


prints_reports = guard(
    lambda request: may_print_reports(request.person),
    message=_("Only the clerks and the leaders print the books and reports."),
)


@prints_reports
def outputs(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST (the format buttons): the job queued, and its page; or the form again with what is
    wrong (nothing saved)."""
    if request.method != "POST":
        return _form_page(request, _form(request.person, initial=_initial()))
    form = _form(request.person, request.POST)
    if form.is_valid():
        try:
            job = services.request_report(request.POST, by=request.person)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect("register_exports:job", pk=job.pk)
    return _form_page(request, form, status=400)


@guard(lambda request: bool(request.person.memberships), hide=True)
def slip(request: HttpRequest, pk: int) -> HttpResponse:
    """The slip on screen with its download buttons; with ``?format=`` the file itself."""
    document = get_incoming_for(request.person, pk)
    if not may_print_slip(request.person, document):
        raise PermissionDenied(_("You may not print the handling slip of this document."))
    if "format" in request.GET:
        try:
            exported = services.print_slip(
                document, by=request.person, agency=request.tenant, fmt=request.GET["format"]
            )
        except ValidationError as exc:
            return render(request, "direction/outputs/slip.html", _slip_context(request, document, exc), status=400)
        return exports.http_response(exported)
    return render(request, "direction/outputs/slip.html", _slip_context(request, document))


def _slip_context(request: HttpRequest, document, error: ValidationError | None = None) -> dict:
    return {
        "document": document,
        "p": build_slip(document, letterhead(request.tenant, request.person)),
        "error": error.messages[0] if error else "",
    }


urlpatterns = [
    path("outputs/", outputs, name="outputs"),
    path("documents/<int:pk>/slip/", slip, name="slip"),
]
