"""What work direction adds to the web shell and to the lower apps' registries (apps/core/registry.py,
apps/notifications/links.py), registered from DirectionConfig.ready()."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.registry import NavItem, register_menu

# ---- tasks: "Việc đã giao" in the menu, and where the bell's direction notifications lead -----------------------


def directed_menu(request: HttpRequest, person) -> list[NavItem]:
    """ "Việc đã giao" for those who give tasks (leaders)."""
    from . import access

    if not access.may_give_task(person):
        return []
    return [NavItem(reverse("direction:directed"), _("Work I directed"), "send-check")]


def register_tasks() -> None:
    from apps.notifications.links import register_link

    register_menu(directed_menu)
    # work_assigned is about a work; due_soon / overdue reminders about a reminder row (its part's work);
    # direction_waiting and urgent_incoming are about the document (documents registers its page).
    register_link("direction.work", lambda pk: reverse("direction:work", args=[pk]))
    register_link("direction.reminder", lambda pk: reverse("direction:reminder", args=[pk]))
