"""The filter backend of the agency API: the filters built from a view's ``filterset_fields`` refuse (400) what
their schema refuses instead of ignoring it, and a filter by an id that names nothing matches nothing (the schema
states the id's form, not which ids exist)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django_filters import rest_framework as rest_filters
from django_filters.utils import translate_validation
from rest_framework import exceptions as rest_exceptions
from rest_framework import fields

from apps.core.serializers import MUST_BE_TRUE_OR_FALSE, strict_boolean


class StrictBooleanField(forms.NullBooleanField):
    """A boolean query parameter: "true" or "false" (as apps.core.serializers.StrictBooleanField reads the
    API's booleans); any other value — 1, 0, "yes", "True" — is refused instead of ignored."""

    def to_python(self, value: object) -> bool | None:
        if value in (None, ""):
            return None
        boolean = strict_boolean(value, as_text=True)
        if boolean is None:
            raise ValidationError(MUST_BE_TRUE_OR_FALSE, code="invalid")
        return boolean

    def validate(self, value: object) -> None:
        return None


class StrictBooleanFilter(rest_filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class StrictFilterSet(rest_filters.FilterSet):
    FILTER_DEFAULTS = {
        **rest_filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": StrictBooleanFilter},
    }


def _names_nothing(filterset: rest_filters.FilterSet) -> bool:
    """Whether every refused filter is an id of the right form that names nothing the caller may see: no row
    matches it, as no row matches a text that nothing contains (the schema cannot know which ids exist)."""
    by_id = (django_filters.ModelChoiceFilter, django_filters.ModelMultipleChoiceFilter)
    for name, errors in filterset.form.errors.as_data().items():
        raw = filterset.form.data.getlist(name) if hasattr(filterset.form.data, "getlist") else []
        if not (
            isinstance(filterset.filters.get(name), by_id)
            and all(e.code == "invalid_choice" for e in errors)
            and raw
            and all(str(value).isdigit() for value in raw)
        ):
            return False
    return True


def _refuse_empty_values(filterset: rest_filters.FilterSet) -> None:
    """An empty value of a filter that is not text (``?register=``) is refused as the schema's integer, date or
    enum refuses it; a web form's empty field means "any", an API client leaves the parameter out."""
    blank = {
        name: [fields.CharField.default_error_messages["blank"]]
        for name, field in filterset.form.fields.items()
        if not isinstance(field, forms.CharField) and filterset.form.data.get(name, None) == ""
    }
    if blank:
        raise rest_exceptions.ValidationError(blank)


class FilterBackend(rest_filters.DjangoFilterBackend):
    """The filters of a view's ``filterset_fields`` refuse (400) what their schema refuses; an id that names
    nothing matches nothing."""

    filterset_base = StrictFilterSet

    def filter_queryset(self, request, queryset: QuerySet, view) -> QuerySet:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        _refuse_empty_values(filterset)
        if not filterset.is_valid():
            if _names_nothing(filterset):
                return queryset.none()
            raise translate_validation(filterset.errors)
        return filterset.qs
