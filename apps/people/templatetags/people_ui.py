"""Template helpers about people: ``{% load people_ui %}``."""

from django import template

from apps.people.models import ordered_roles

register = template.Library()


@register.filter
def role_labels(roles: list[str]) -> list[str]:
    """The translated names of a membership's roles, in the usual order."""
    return [role.label for role in ordered_roles(roles)]
