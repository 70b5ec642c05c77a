"""Filters every list uses the same way (django-filter), on the fields of apps/core/forms.py."""

import django_filters

from .forms import DateField


class CompactDateField(DateField):
    """The date field of a filter bar: the placeholder says the format, no hint below (the bar stays one row)."""

    hint = ""


class DateFilter(django_filters.DateFilter):
    """A date typed as dd/mm/yyyy (or d/m/yy, or ISO from the API)."""

    field_class = CompactDateField
