"""Serializer fields every API uses the same way as the web forms (apps/core/forms.py holds their twins)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

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
