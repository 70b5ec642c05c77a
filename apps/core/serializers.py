"""Serializer fields every API uses the same way as the web forms (apps/core/forms.py holds their twins)."""

from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

from .forms import MAX_ID
from .text import has_control_characters, strip_invisible


class VisibleCharField(serializers.CharField):
    """A name or a subject: bidi-override and zero-width characters are removed (they hide or reorder text in
    a printed register), as the forms' VisibleCharField does; control characters other than tab and line breaks
    are refused, as the edge refuses them in forms and query parameters."""

    default_error_messages = {"control": _("Remove the control characters (such as NUL) from this text.")}

    def to_internal_value(self, data) -> str:
        value = super().to_internal_value(data)
        if has_control_characters(value, multi_line=True):  # JSON bodies do not pass the edge's check
            self.fail("control")
        return strip_invisible(value)


class IdField(serializers.IntegerField):
    """An id or a version number: a whole number from 1 to MAX_ID."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


# A boolean written as text: in a query string or a form body every value is text, and the schema's boolean is
# written "true" or "false" there (OpenAPI's form style), nothing else.
BOOLEAN_TEXTS = {"true": True, "false": False}
MUST_BE_TRUE_OR_FALSE = _("Must be true or false.")


def strict_boolean(value: object, *, as_text: bool) -> bool | None:
    """``value`` as the schema's boolean, or None when it is not one: JSON's true/false, or — when the value
    came as text (``as_text``) — exactly "true"/"false". 1, 0, "yes", "on", "T" are not booleans here."""
    if as_text:
        return BOOLEAN_TEXTS.get(value) if isinstance(value, str) else None
    return value if isinstance(value, bool) else None


class StrictBooleanField(serializers.BooleanField):
    """Every boolean of the API: JSON true or false in a JSON body; "true" or "false" in a query string or a form
    body. DRF's BooleanField also takes 1, 0, "yes", "on", "T"…, which the schema's boolean does not allow: a
    client sending them has misread the schema and is told so (400, the one error shape).

    A boolean left out of a form body is left out, as in JSON (its default applies, or "required"), not False
    as DRF reads an HTML form's missing checkbox: an API client is not a browser."""

    default_error_messages = {"invalid": MUST_BE_TRUE_OR_FALSE}
    default_empty_html = empty

    def to_internal_value(self, data: object) -> bool:
        value = strict_boolean(data, as_text=isinstance(getattr(self.root, "initial_data", None), QueryDict))
        if value is None:
            self.fail("invalid", input=data)
        return value


class ModelSerializer(serializers.ModelSerializer):
    """The API's model serializers: a model's BooleanField becomes a StrictBooleanField."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.BooleanField: StrictBooleanField,
    }
