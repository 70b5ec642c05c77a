from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from apps.core.agencies import agencies_of, agency_url
from apps.core.guards import guard
from province.accounts import services as accounts
from province.accounts.models import AccountEvent, User
from tenants.models import Agency
from tenants.schemas import AGENCY, all_states

from .forms import PasswordHelpForm, PeopleSearchForm


def _is_province_admin(request: HttpRequest) -> bool:
    return request.user.is_staff


# Province administrators (is_staff) only; anyone else gets 403.
province_admin_only = guard(_is_province_admin)


@province_admin_only
def home(request: HttpRequest) -> HttpResponse:
    """The province console (Sở TT&TT): every agency with its level, codes, host, status and migration state."""
    agencies = list(
        Agency.objects.select_related("level", "parent").prefetch_related("domains").order_by("level__order", "name")
    )
    states = {state.schema: state for state in all_states()}
    rows = []
    for agency in agencies:
        primary = next((d for d in agency.domains.all() if d.is_primary), None)
        rows.append(
            {
                "agency": agency,
                "host": primary.domain if primary else None,
                "url": agency_url(request, primary.domain) if primary else None,
                "state": states.get(agency.schema_name),
            }
        )
    shared = [state for state in states.values() if state.kind != AGENCY]
    behind = sum(1 for state in states.values() if state.behind)
    return render(request, "console/home.html", {"rows": rows, "shared_states": shared, "behind": behind})


@province_admin_only
def people(request: HttpRequest) -> HttpResponse:
    """Find a person to help with a forgotten password; the latest account events below."""
    form = PeopleSearchForm(request.GET)
    found = []
    if form.is_valid() and form.cleaned_data["q"].strip():
        q = form.cleaned_data["q"].strip()
        found = [
            {"person": person, "agencies": agencies_of(person)}
            for person in User.objects.filter(
                Q(username__icontains=q) | Q(full_name__icontains=q) | Q(email__icontains=q)
            ).order_by("full_name", "username")[:50]
        ]
    events = AccountEvent.objects.select_related("person")[:20]
    return render(request, "console/people.html", {"form": form, "found": found, "events": events})


@province_admin_only
def password_help(request: HttpRequest, pk: int) -> HttpResponse:
    """Help ``pk`` who forgot their password: a one-time link by e-mail, or a temporary password shown once here."""
    person = get_object_or_404(User, pk=pk)
    agencies = {link.schema_name: link for link in agencies_of(person)}
    choices = [(schema, f"{link.short_name} ({link.host})") for schema, link in agencies.items()]
    form = PasswordHelpForm(request.POST or None, agencies=choices)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["method"] == PasswordHelpForm.LINK:
                link = agencies[form.cleaned_data["agency"]]
                accounts.send_reset_link(person, by=request.user, base_url=agency_url(request, link.host))
                messages.success(request, _("A one-time link was sent to %(email)s.") % {"email": person.email})
                return redirect("console:people")
            password, _event = accounts.issue_temporary_password(person, by=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            response = render(request, "console/temporary_password.html", {"person": person, "password": password})
            add_never_cache_headers(response)  # shown once: never kept by a browser or a proxy
            return response
    status = 400 if form.errors else 200
    context = {"person": person, "form": form, "agencies": agencies.values()}
    return render(request, "console/password_help.html", context, status=status)


@province_admin_only
def intake(request: HttpRequest) -> HttpResponse:
    """Files in the intake chain across the province: queue lengths, per agency what waits, is read or was stopped.
    The page refreshes its table every five seconds (htmx)."""
    from . import intake as intake_view

    agencies = {a.schema_name: a for a in Agency.objects.all()}
    rows = [(agencies.get(row.schema), row) for row in intake_view.agency_backlog()]
    context = {"rows": rows, "queues": intake_view.queue_lengths()}
    template = "console/_intake_table.html" if request.headers.get("HX-Request") else "console/intake.html"
    response = render(request, template, context)
    add_never_cache_headers(response)
    return response
