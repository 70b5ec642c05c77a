"""What every agency's API views share: the person calling, input read through a serializer, and the viewset that
lists, reads, creates and changes (never deletes) through the app's services."""

from typing import Any, TypeVar

from django.db import models
from rest_framework import mixins, serializers, viewsets

from province.restapi import IsAgencyAdminOrReadOnly

ModelT = TypeVar("ModelT", bound=models.Model)


class PersonMixin:
    """``person``: who calls, in this agency (their memberships and roles), as the people app's middleware set it on
    the request (``request.person``). Core reads it without knowing the people app."""

    request: Any

    @property
    def person(self) -> Any:
        return self.request._request.person

    def validated(
        self, serializer_class: type[serializers.Serializer], data: Any = None, *, partial: bool = False
    ) -> dict:
        """``data`` (the request's body by default) checked by ``serializer_class`` (``partial``: only the fields
        sent): its validated data, or a 400 with the errors by field."""
        payload = serializer_class(data=self.request.data if data is None else data, partial=partial)
        payload.is_valid(raise_exception=True)
        return dict(payload.validated_data)


class WritableViewSet(
    PersonMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and change; nothing is deleted through the API (it is deactivated). Members read, the
    agency's administrators write (unless ``permission_classes`` says otherwise). Subclasses save in
    ``perform_create``/``perform_update`` through their app's service."""

    permission_classes = [IsAgencyAdminOrReadOnly]


def with_changes(instance: ModelT, changes: dict) -> ModelT:
    """``instance`` with the validated ``changes`` set on it (not saved: the service saves it)."""
    for name, value in changes.items():
        setattr(instance, name, value)
    return instance
