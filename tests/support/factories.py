"""Every model factory of the project, found by convention: each app keeps its factory-boy factories in
``<app>/tests/factories.py``. Tests that must build any model (the clone test builds one row of every tenant
model) ask here, so a new app needs no registration beyond writing its factories."""

from functools import cache
from importlib import import_module

import factory
from django.apps import apps
from django.db import models


@cache
def model_factories() -> dict[type[models.Model], type[factory.django.DjangoModelFactory]]:
    found: dict[type[models.Model], type[factory.django.DjangoModelFactory]] = {}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.tests.factories")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"{config.name}.tests", f"{config.name}.tests.factories"):
                raise
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value._meta.model is not None
                and value.__module__ == module.__name__
            ):
                found.setdefault(value._meta.model, value)
    return found
