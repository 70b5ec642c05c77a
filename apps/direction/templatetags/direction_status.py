"""The derived status of a part of the work (``direction.status``) as a badge: ``{{ a.status|status_badge }}``."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from apps.direction.status import Status

register = template.Library()

STATUS_CLASSES = {
    Status.OVERDUE: "text-bg-danger",
    Status.DUE_SOON: "text-bg-warning",
    Status.DONE_ON_TIME: "text-bg-success",
    Status.DONE_LATE: "text-bg-secondary",
    Status.IN_PROGRESS: "text-bg-primary",
}


@register.filter
def status_badge(value: str) -> SafeString | str:
    """The status's label in its colour (overdue red, due soon amber, done on time green); nothing when unknown."""
    if value not in Status.values:
        return ""
    return format_html(
        '<span class="badge {} status-{}">{}</span>',
        STATUS_CLASSES.get(value, "text-bg-light border"),
        value,
        Status(value).label,
    )
