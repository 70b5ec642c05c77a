"""The "Lịch làm việc" pages: a year of the calendar with every holiday, the province's schedule and the agency's
own exceptions with their reasons; the administrator of the level adds and removes that level's exceptions.

One page serves both levels: the agency administrator's (agency host, ``urls``) and the province administrator's
(province host, ``console_urls``); a ``Level`` says which exceptions the page changes and through which service.
Forms follow the shared panel pattern (apps.core.panels): a page of their own, or with htmx a panel above the
calendar, which refreshes itself on ``workdays-changed``."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core.panels import FormPanel, form_response, partial, saved
from apps.core.registry import ADMIN, NavItem
from apps.people.access import Person

from . import access, services
from .calendar import calendar_for
from .forms import ExceptionForm, YearForm
from .models import DayException
from .overview import AGENCY, PROVINCE, WEEKDAYS, year_overview

EVENT = "workdays-changed"
TABLE_ID = "workdays-year"


def workdays_menu(request: HttpRequest, person: Person) -> list[NavItem]:
    """The "Lịch làm việc" entry of the agency administrator's menu."""
    if access.may_manage_agency_calendar(person):
        return [NavItem(reverse("workdays:calendar"), gettext_lazy("Working calendar"), "calendar3", group=ADMIN)]
    return []


@dataclass(frozen=True)
class Level:
    """The level a page changes: its exceptions, who may change them and through which services."""

    name: str
    may_manage: Callable[[HttpRequest], bool]
    get_for: Callable[[HttpRequest, int], DayException]
    add: Callable[[HttpRequest, services.ExceptionEntry], DayException]
    remove: Callable[[HttpRequest, DayException], None]


AGENCY_LEVEL = Level(
    AGENCY,
    may_manage=lambda request: access.may_manage_agency_calendar(request.person),
    get_for=lambda request, pk: access.get_agency_exception_for(request.person, pk),
    add=lambda request, entry: services.add_agency_exception(entry, by=request.person),
    remove=lambda request, row: services.remove_agency_exception(row, by=request.person),
)
PROVINCE_LEVEL = Level(
    PROVINCE,
    may_manage=lambda request: access.may_manage_province_calendar(request.user),
    get_for=lambda request, pk: access.get_province_exception_for(request.user, pk),
    add=lambda request, entry: services.add_province_exception(entry, by=request.user),
    remove=lambda request, row: services.remove_province_exception(row, by=request.user),
)


def _managers_only(view: Callable) -> Callable:
    """The level's administrators only (``Level.may_manage``); anyone else gets 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, level: Level, *args, **kwargs) -> HttpResponse:
        if not level.may_manage(request):
            raise PermissionDenied
        return view(request, level, *args, **kwargs)

    return wrapped


def _year(request: HttpRequest) -> tuple[int, YearForm]:
    form = YearForm(request.GET)
    year = form.cleaned_data["year"] if form.is_valid() else None
    return year or timezone.localdate().year, form


def _page_url(year: int) -> str:
    return f"{reverse('workdays:calendar')}?year={year}"


@_managers_only
def calendar_page(request: HttpRequest, level: Level) -> HttpResponse:
    """A year of the calendar (``?year=``, this year by default; a year out of range: 400 and this year)."""
    year, form = _year(request)
    with_agency = level.name == AGENCY
    overview = year_overview(calendar_for(), year, with_agency=with_agency)
    context = {"overview": overview, "level": level.name, "table_id": TABLE_ID, "year_form": form, "weekdays": WEEKDAYS}
    if request.htmx and request.htmx.target == TABLE_ID:
        return partial(request, "workdays/_year.html", context)
    return render(request, "workdays/calendar.html", context, status=400 if form.errors else 200)


@_managers_only
def add_exception(request: HttpRequest, level: Level) -> HttpResponse:
    initial = {"date": request.GET.get("date")} if request.method == "GET" and request.GET.get("date") else None
    form = ExceptionForm(request.POST or None, initial=initial)
    back = reverse("workdays:calendar")
    if request.method == "POST" and form.is_valid():
        try:
            row = level.add(request, form.entry())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            message = _("%(date)s is now: %(kind)s.") % {"date": f"{row.date:%d/%m/%Y}", "kind": row.get_kind_display()}
            return saved(request, message, back=_page_url(row.date.year), event=EVENT)
    title = _("Add an exception of the agency") if level.name == AGENCY else _("Add a day of the province schedule")
    return form_response(request, form, FormPanel(title=title, action=reverse("workdays:add"), back=back))


@require_POST
@_managers_only
def remove_exception(request: HttpRequest, level: Level, pk: int) -> HttpResponse:
    row = level.get_for(request, pk)
    try:
        level.remove(request, row)
    except ValidationError as error:  # removed by someone else meanwhile: what was asked is done
        message = " ".join(error.messages)
    else:
        message = _("The exception of %(date)s was removed.") % {"date": f"{row.date:%d/%m/%Y}"}
    return saved(request, message, back=_page_url(row.date.year), event=EVENT)
