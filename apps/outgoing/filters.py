"""Filters, search and order of the issued outgoing list: one FilterSet for ``/outgoing/issued/`` and
``/api/v1/outgoing-documents/`` (the shared part is documents.filters.DocumentFilter; docs/outgoing.md)."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from apps.core.filters import DateFilter
from apps.documents.filters import DocumentFilter, FilterForm, list_fields
from apps.people.models import Membership, Unit
from apps.registers.models import Register

from .models import OutgoingDocument, OutgoingStatus, subject_order

User = get_user_model()


def _registers(request) -> QuerySet[Register]:
    return Register.objects.filter(kind=Register.Kind.OUTGOING).order_by("-is_active", "order", "name")


def _units(request) -> QuerySet[Unit]:
    return Unit.objects.order_by("-is_active", "order", "name")


def _signers(request) -> QuerySet:
    """Members of the agency (a leader who has since left keeps the membership row) who signed a document of it. One
    index probe per member (EXISTS … LIMIT 1), not a pass over every document's signer."""
    signed = Exists(OutgoingDocument.objects.filter(signer_id=OuterRef("pk")))
    members = Membership.objects.values("user_id")
    return User.objects.filter(signed, pk__in=members).order_by("full_name", "pk")


class OutgoingFilter(DocumentFilter):
    """The issued list: register, year, type, urgency, secrecy, status (issued, corrected, recalled), issued dates,
    drafting unit, signer and the search box (number and notation as written, subject, recipients — without
    accents); newest first unless asked otherwise."""

    date_field = "issued_date"
    year_field = "year"
    search_field = "search_text"
    SORTS = {
        "issued": ("issued_date", "issued_at", "id"),
        # Numbers restart every year: the year first, then the number (the registers' series interleave).
        "number": ("year", "number", "id"),
        "subject": (subject_order(), "id"),
    }
    DEFAULT_SORT = "-issued"

    register = django_filters.ModelChoiceFilter(
        queryset=_registers, label=_("Register"), empty_label=_("— every register —")
    )
    status = django_filters.ChoiceFilter(
        method="filter_status", choices=OutgoingStatus.choices, label=_("Status"), empty_label=_("— any —")
    )
    issued_from = DateFilter(method="filter_date_from", label=_("Issued from"))
    issued_to = DateFilter(method="filter_date_to", label=_("Issued until"))
    drafting_unit = django_filters.ModelChoiceFilter(
        queryset=_units, label=_("Drafting unit"), empty_label=_("— every unit —")
    )
    signer = django_filters.ModelChoiceFilter(queryset=_signers, label=_("Signer"), empty_label=_("— anyone —"))

    class Meta:
        model = OutgoingDocument
        form = FilterForm
        fields = list_fields("issued_from", "issued_to", "drafting_unit", "signer")

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """OutgoingStatus as the documents' page shows it: recalled first, then corrected by a later document."""
        if value == OutgoingStatus.RECALLED:
            return queryset.filter(recalled_at__isnull=False)
        # The few documents named by a later one, through the index on ``corrects`` (not a test of every row).
        corrected = Q(pk__in=OutgoingDocument.objects.filter(corrects__isnull=False).order_by().values("corrects_id"))
        if value == OutgoingStatus.CORRECTED:
            return queryset.filter(corrected, recalled_at__isnull=True)
        return queryset.filter(~corrected, recalled_at__isnull=True)
