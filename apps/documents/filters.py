"""Filters, search and order of document lists: one FilterSet per list, shared by the web list and the API.

``DocumentFilter`` holds what every document list has (search box, year, date range, type, urgency, secrecy,
status, order); a list subclasses it, names its model, its date and search columns and its sort keys, and adds
its own filters. ``IncomingFilter`` is the incoming list's (``/documents/incoming/`` and
``/api/v1/incoming-documents/``). Every filter and order is served by an index (docs/documents.md)."""

import datetime

import django_filters
from django import forms
from django.db.models import Expression, F, QuerySet
from django.utils.translation import gettext_lazy as _

from apps.core.agency_search import looks_like_agency_code
from apps.core.filters import DateFilter
from apps.core.forms import BootstrapFormMixin
from apps.core.search import search_in, search_key
from apps.registers.models import DocumentType, Register, Secrecy, Urgency

from . import fulltext_search
from .models import IncomingDocument

# The order of a search by relevance (documents.fulltext_search.ranked); without a search, the default order.
RELEVANCE = "relevance"


class FilterForm(BootstrapFormMixin, forms.Form):
    """The filters as a Bootstrap form on the web list (the API ignores the markup)."""


def _document_types(request) -> QuerySet[DocumentType]:
    return DocumentType.objects.order_by("-is_active", "order", "name")


def sort_choices(sorts: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """Every key of ``sorts`` ascending and descending (``-key``)."""
    return [(f"{sign}{key}", f"{sign}{key}") for key in sorts for sign in ("", "-")]


def list_fields(date_from: str, date_to: str, *own: str) -> list[str]:
    """A document list's filters in the order its form shows them: the search box, those every list has, its date
    range (``date_from``, ``date_to``), its ``own`` filters, the order."""
    common = ["q", "register", "year", "document_type", "urgency", "secrecy", "status"]
    return [*common, date_from, date_to, *own, "ordering"]


class DocumentFilter(django_filters.FilterSet):
    """The common part of document lists. Subclasses set:

    - ``date_field``: the list's date (arrival date, issued date), for ``year`` and the date range;
    - ``year_field``: the model's year column (kept equal to the date's year), or None;
    - ``search_field``: the column filled with ``search.search_text`` (with its trigram index);
    - ``SORTS``: sort key → columns or expressions (e.g. a collation; each sort ends with a unique column so pages
      never overlap), ``DEFAULT_SORT``."""

    date_field = "arrival_date"
    year_field: str | None = "year"
    search_field = "search_text"
    SORTS: dict[str, tuple[str | Expression, ...]] = {}
    DEFAULT_SORT = ""

    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    year = django_filters.NumberFilter(method="filter_year", label=_("Year"), min_value=1900, max_value=9999)
    document_type = django_filters.ModelChoiceFilter(
        queryset=_document_types, label=_("Document type"), empty_label=_("— every type —")
    )
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices, label=_("Urgency"), empty_label=_("— any —"))
    secrecy = django_filters.ChoiceFilter(choices=Secrecy.choices, label=_("Secrecy"), empty_label=_("— any —"))
    ordering = django_filters.ChoiceFilter(method="filter_nothing", label=_("Order"), choices=[])

    @classmethod
    def get_filters(cls) -> dict:
        """The class's filters, with an ``ordering`` of its own offering its SORTS. A declared filter is one instance
        shared by every subclass, and django-filter keeps the form field it first builds (the OpenAPI schema builds
        it): choices set per request would then be lost, and every sort refused."""
        filters = super().get_filters()
        filters["ordering"] = django_filters.ChoiceFilter(
            field_name="ordering",
            method="filter_nothing",
            label=_("Order"),
            choices=[*sort_choices(cls.SORTS), (RELEVANCE, RELEVANCE)],
        )
        return filters

    # ---- filter methods ----------------------------------------------------------------------------------

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return fulltext_search.search(queryset, value, key_field=self.search_field)

    def filter_year(self, queryset: QuerySet, name: str, value) -> QuerySet:
        year = int(value)
        # The date range lets the date index serve the year (the year column alone has no index of its own).
        queryset = queryset.filter(
            **{
                f"{self.date_field}__gte": datetime.date(year, 1, 1),
                f"{self.date_field}__lte": datetime.date(year, 12, 31),
            }
        )
        return queryset.filter(**{self.year_field: year}) if self.year_field else queryset

    def filter_date_from(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(**{f"{self.date_field}__gte": value})

    def filter_date_to(self, queryset: QuerySet, name: str, value: datetime.date) -> QuerySet:
        return queryset.filter(**{f"{self.date_field}__lte": value})

    def filter_nothing(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset  # the order is applied last, in filter_queryset

    # ---- order -------------------------------------------------------------------------------------------

    @property
    def sort(self) -> str:
        """The sort in force: the valid one asked for, the default otherwise."""
        if not self.is_bound or self.errors.get("ordering"):  # reading errors validates the form
            return self.DEFAULT_SORT
        return self.form.cleaned_data.get("ordering") or self.DEFAULT_SORT

    def order_by(self, sort: str) -> list:
        """Columns of ``sort``, in PostgreSQL's own null order (the one the indexes are built in): an empty value,
        such as a document without due date, counts as the largest — last ascending, first descending."""
        columns = [F(c) if isinstance(c, str) else c for c in self.SORTS[sort.lstrip("-")]]
        return [c.desc() if sort.startswith("-") else c.asc() for c in columns]

    @property
    def searched(self) -> str:
        """The search box's query when it asks for something ("" otherwise)."""
        q = self.form.cleaned_data.get("q") if self.is_bound and not self.errors.get("q") else ""
        return q if q and fulltext_search.Query.parse(q) else ""

    @property
    def walks_newest_first(self) -> bool:
        """Whether the first pages may be looked for among the newest rows (apps/core/paging.py): not for a
        full-text search, whose rows PostgreSQL finds through the index or the date order as its statistics say
        (testing the window's rows one by one would read every one of their vectors)."""
        return not self.searched

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        filtered = super().filter_queryset(queryset)
        if self.sort.lstrip("-") != RELEVANCE:
            return filtered.order_by(*self.order_by(self.sort))
        newest = self.order_by(self.DEFAULT_SORT)
        if not self.searched:
            return filtered.order_by(*newest)
        return fulltext_search.ranked(filtered, self.queryset, self.searched, newest, key_field=self.search_field)


class IncomingFilter(DocumentFilter):
    """The incoming list: register, year, type, urgency, secrecy, status, arrival dates, issuer and the search
    box (number, notation, subject, issuer — without accents); newest arrival first unless asked otherwise."""

    SORTS = {
        "arrival": ("arrival_date", "arrival_number", "id"),
        "issued": ("issued_date", "id"),
        # By the name without accents: the database's C collation would put "Ủy ban" after "Văn phòng".
        "issuer": ("issuer_key", "id"),
        "due": ("due_on", "id"),
    }
    DEFAULT_SORT = "-arrival"

    register = django_filters.ModelChoiceFilter(
        queryset=lambda request: Register.objects.filter(kind=Register.Kind.INCOMING),
        label=_("Register"),
        empty_label=_("— every register —"),
    )
    status = django_filters.ChoiceFilter(
        choices=IncomingDocument.Status.choices, label=_("Status"), empty_label=_("— any —")
    )
    arrival_from = DateFilter(method="filter_date_from", label=_("Arrived from"))
    arrival_to = DateFilter(method="filter_date_to", label=_("Arrived until"))
    issuer = django_filters.CharFilter(method="filter_issuer", label=_("Issuer"))

    class Meta:
        model = IncomingDocument
        form = FilterForm
        fields = list_fields("arrival_from", "arrival_to", "issuer")

    def filter_issuer(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """An agency code (``000.00.00.H19``) matches the issuer's code; anything else the issuer's name, without
        accents (every word must occur)."""
        value = value.strip()
        if looks_like_agency_code(value):
            return queryset.filter(issuer_code=value.upper())
        if not search_key(value):
            return queryset
        return search_in(queryset, value, field="issuer_key")
