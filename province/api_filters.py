"""The filter backend of the agency API: the filters built from a view's ``filterset_fields`` refuse (400) what
their schema refuses, instead of ignoring it."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django_filters import rest_framework as rest_filters


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0) as the schema's boolean says; any other value is refused instead of ignored."""

    def to_python(self, value: object) -> bool | None:
        if value in (None, ""):
            return None
        text = str(value).lower()
        if text in ("true", "1", "false", "0"):
            return text in ("true", "1")
        message = models.BooleanField.default_error_messages["invalid"]
        raise ValidationError(message, code="invalid", params={"value": value})

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


class FilterBackend(rest_filters.DjangoFilterBackend):
    """The filters of a view's ``filterset_fields`` refuse (400) what their schema refuses."""

    filterset_base = StrictFilterSet
