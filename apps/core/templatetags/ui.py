"""Small template helpers shared by every screen: ``{% load ui %}``."""

from django import template

from apps.core.context_processors import ROLE_ORDER

register = template.Library()


@register.filter
def role_labels(roles: list[str]) -> list[str]:
    """The translated names of a membership's roles, in the usual order."""
    return [role.label for role in ROLE_ORDER if role in (roles or [])]
