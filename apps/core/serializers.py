"""Serializer fields every API uses the same way as the web forms (apps/core/forms.py holds their twins)."""

from rest_framework import serializers

from .forms import MAX_ID
from .text import strip_invisible


class VisibleCharField(serializers.CharField):
    """A name or a subject: bidi-override and zero-width characters are removed (they hide or reorder text in
    a printed register), as the forms' VisibleCharField does."""

    def to_internal_value(self, data) -> str:
        return strip_invisible(super().to_internal_value(data))


class IdField(serializers.IntegerField):
    """An id or a version number: a whole number from 1 to MAX_ID."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
