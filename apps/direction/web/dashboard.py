"""The dashboards of work direction (issue 8 point 9): "Tình hình giải quyết".

- ``dashboard``: everyone's own figures; for a leader, the figures of the units and people they oversee over a
  period (apps/direction/figures.py) — in total, over time by week or month, per unit, per person —, drawn as
  charts (Chart.js from npm, served as ``vendor/chart.js``; the data in a JSON island read by
  ``direction/dashboard.js``, no inline script) with a table for each chart (read by screen readers, shown alone on
  a phone).
- ``FigureRows``: the list behind a figure — every number of the page links to it — filtered by the same
  conditions the figure was counted with, so it shows exactly the rows counted."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.filters import CompactDateField, DateFilter
from apps.core.forms import BootstrapFormMixin
from apps.core.generic import FilteredListView
from apps.core.guards import members_only
from apps.documents.filters import FilterForm
from apps.people.models import Membership, Unit

from .. import figures
from ..figures import FIGURES, OWN_FIGURES, Period, Scope, Tally
from ..models import Assignment
from ..status import status_expression, today

User = get_user_model()

LABELS = {
    "received": pgettext_lazy("dashboard", "Received"),
    "open": pgettext_lazy("dashboard", "Within the deadline"),
    "overdue": _("Overdue"),
    "done_on_time": _("Done on time"),
    "done_late": _("Done late"),
}
SETS = (
    ("team", pgettext_lazy("dashboard", "The units and people I oversee")),
    ("own", pgettext_lazy("dashboard", "My work")),
)


# ---- links to the list behind a figure ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Links:
    """The links to the list behind each figure (``base``: its address, reversed once per page: a leader's page
    holds a link for each figure of every bucket, unit and person)."""

    base: str

    @classmethod
    def here(cls) -> "Links":
        return cls(reverse("direction:dashboard-rows"))

    def url(self, figure: str, period: Period | None = None, **query: object) -> str:
        """``set`` (own; a leader's team by default), the period's ends (ISO: short, unescaped), ``unit`` or
        ``person``."""
        if period is not None:
            query.update(start=period.start.isoformat(), end=period.end.isoformat())
        params = {"figure": figure, **{k: v for k, v in query.items() if v is not None}}
        return f"{self.base}?{urlencode(params)}"

    def row(self, label: str, tally: Tally, period: Period, **query: object) -> dict:
        """A table row: its label, each figure with the link to its list, the on-time rate."""
        cells = [
            {
                "figure": name,
                "label": LABELS[name],
                "value": getattr(tally, name),
                "url": self.url(name, period, **query),
            }
            for name in FIGURES
        ]
        return {"label": label, "cells": cells, "rate": tally.on_time_rate}


def _bucket_label(bucket: Period) -> str:
    if bucket.grain == "month":
        return f"{bucket.start:%m/%Y}"
    return f"{bucket.start:%d/%m}–{bucket.end:%d/%m}"


# The people a leader's page lists at first (those who received most); the others on asking (``?people=all``), so
# that the page of an agency's head stays small with hundreds of people.
PEOPLE_SHOWN = 30


def tables(board: figures.Board, links: Links, *, all_people: bool = False) -> dict:
    """The rows of the page's tables (over time, per unit, per person) and the totals."""
    period, row = board.period, links.row
    people = board.people if all_people else board.people[:PEOPLE_SHOWN]
    return {
        "totals": row("", board.totals, period),
        "series": [row(_bucket_label(b.period), b.tally, b.period) for b in board.series],
        "units": [row(line.label, line.tally, period, unit=line.key) for line in board.units],
        "people": [row(line.label, line.tally, period, person=line.key) for line in people],
        "people_hidden": len(board.people) - len(people),
    }


def chart_data(table: dict) -> dict:
    """What the charts draw (the page's JSON island): for each chart its labels and, for each stacked figure,
    the values and the links to their lists. Received is the height of a bar: the four figures stacked."""
    stacked = [name for name in FIGURES if name != "received"]

    def chart(rows: list[dict]) -> dict:
        cells = [{cell["figure"]: cell for cell in row["cells"]} for row in rows]
        return {
            "labels": [row["label"] for row in rows],
            "datasets": [
                {
                    "key": name,
                    "label": str(LABELS[name]),
                    "data": [c[name]["value"] for c in cells],
                    "links": [c[name]["url"] for c in cells],
                }
                for name in stacked
            ],
        }

    return {"series": chart(table["series"]), "units": chart(table["units"])}


def own_cells(own: figures.Own, links: Links) -> list[dict]:
    return [
        {"figure": name, "label": LABELS[name], "value": getattr(own, name), "url": links.url(name, set="own")}
        for name in OWN_FIGURES
    ]


# ---- the dashboard --------------------------------------------------------------------------------------------------


class PeriodForm(BootstrapFormMixin, forms.Form):
    """The period of a leader's figures and how the chart over time groups it."""

    start = CompactDateField(label=pgettext_lazy("dashboard", "From"), required=False)
    end = CompactDateField(label=pgettext_lazy("dashboard", "To"), required=False)
    by = forms.ChoiceField(
        label=pgettext_lazy("dashboard", "Group by"),
        choices=[("week", pgettext_lazy("dashboard", "Week")), ("month", pgettext_lazy("dashboard", "Month"))],
        required=False,
        initial="week",
    )

    def period(self, day: datetime.date) -> Period:
        """The period asked for; the default period (and the errors on the form) when it cannot be used."""
        if not self.is_valid():
            return Period.default(day)
        data = self.cleaned_data
        try:
            return Period.checked(data["start"], data["end"], data["by"] or None, today=day)
        except ValidationError as error:
            self.add_service_error(error)
            return Period.default(day)


@members_only
def dashboard(request: HttpRequest) -> HttpResponse:
    person, day = request.person, timezone.localdate()
    form = PeriodForm(request.GET or None)
    period = form.period(day)
    if not form.errors:  # the form shows the period in force, the default one included
        form = PeriodForm(
            initial={"start": f"{period.start:%d/%m/%Y}", "end": f"{period.end:%d/%m/%Y}", "by": period.grain}
        )
    scope = figures.scope_of(person)
    links = Links.here()
    context = {"form": form, "period": period, "own": own_cells(figures.own_figures(person, today=day), links)}
    context["month"] = figures.this_month(day)
    if scope is not None:
        board = figures.team_figures(scope, period, today=day)
        table = tables(board, links, all_people=request.GET.get("people") == "all")
        context.update(table=table, charts=chart_data(table), labels=[LABELS[name] for name in FIGURES])
    return render(request, "direction/dashboard/dashboard.html", context)


# ---- the list behind a figure ---------------------------------------------------------------------------------------


def _scope(request: HttpRequest) -> Scope | None:
    person = request.person
    if "dashboard_scope" not in person.memo:
        person.memo["dashboard_scope"] = figures.scope_of(person)
    return person.memo["dashboard_scope"]


def _units(request: HttpRequest) -> QuerySet[Unit]:
    scope = _scope(request) if request else None
    units = Unit.objects.order_by("-is_active", "order", "name")
    if scope is None:
        return units.none()
    return units if scope.unit_ids is None else units.filter(pk__in=sorted(scope.unit_ids))


def _people(request: HttpRequest) -> QuerySet:
    scope = _scope(request) if request else None
    if scope is None:
        return User.objects.none()
    ids = Membership.objects.values("user_id") if scope.unit_ids is None else sorted(scope.user_ids)
    return User.objects.filter(pk__in=ids).order_by("full_name", "pk")


class FigureFilterForm(FilterForm):
    """The filters of the list behind a figure; the period is checked as the dashboard checks it."""

    period: Period

    def clean(self) -> dict:
        data = super().clean()
        day = timezone.localdate()
        try:
            self.period = Period.checked(data.get("start"), data.get("end"), None, today=day)
        except ValidationError as error:
            self.period = Period.default(day)
            self.add_service_error(error)
        return data


class FigureFilter(django_filters.FilterSet):
    """Whose work (the units and people a leader oversees, or one's own), which figure, the period the work was
    assigned in, a unit or a person. The filters apply together (``filter_queryset``), through figures.py."""

    set = django_filters.ChoiceFilter(
        choices=SETS, method="together", label=pgettext_lazy("dashboard", "Whose work"), empty_label=None
    )
    figure = django_filters.ChoiceFilter(
        choices=list(LABELS.items()), method="together", label=pgettext_lazy("dashboard", "Figure"), empty_label=None
    )
    start = DateFilter(method="together", label=pgettext_lazy("dashboard", "Assigned from"))
    end = DateFilter(method="together", label=pgettext_lazy("dashboard", "Assigned until"))
    unit = django_filters.ModelChoiceFilter(
        queryset=_units, method="together", label=_("Unit"), empty_label=_("— every unit —")
    )
    person = django_filters.ModelChoiceFilter(
        queryset=_people, method="together", label=_("Person"), empty_label=pgettext_lazy("dashboard", "— everyone —")
    )

    class Meta:
        model = Assignment
        form = FigureFilterForm
        fields = ["set", "figure", "start", "end", "unit", "person"]

    def together(self, queryset: QuerySet, name: str, value: object) -> QuerySet:
        return queryset

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        data, day = self.form.cleaned_data, timezone.localdate()
        figure = data.get("figure") or "received"
        scope = _scope(self.request)
        if data.get("set") == "own" or (not data.get("set") and scope is None):
            figure = figure if figure in OWN_FIGURES else "open"
            return figures.own_rows(self.request.person, figure, today=day, parts=queryset)
        if scope is None:
            raise Http404
        unit, person = data.get("unit"), data.get("person")
        behind = figures.Behind(figure, unit.pk if unit else None, person.pk if person else None)
        return figures.team_rows(scope, self.form.period, behind, today=day, parts=queryset)


class FigureRows(FilteredListView):
    """The parts behind a figure, the newest first, each with its derived status."""

    filterset_class = FigureFilter
    template_name = "direction/dashboard/rows.html"
    table_template = "direction/dashboard/_rows_table.html"
    table_id = "figure-rows-table"
    count_template = "direction/dashboard/_rows_count.html"

    def get_queryset(self) -> QuerySet[Assignment]:
        parts = Assignment.objects.select_related("work", "work__document", "unit", "user")
        return parts.annotate(status=status_expression(today())).order_by("-assigned_at", "-id")

    def get_context_data(self) -> dict:
        return {"may_oversee": _scope(self.request) is not None}


figure_rows = members_only(FigureRows.as_view())
figure_rows_count = members_only(FigureRows.as_view(count=True))

urlpatterns = [
    path("dashboard/", dashboard, name="dashboard"),
    path("dashboard/rows/", figure_rows, name="dashboard-rows"),
    path("dashboard/rows/count/", figure_rows_count, name="dashboard-rows-count"),
]
