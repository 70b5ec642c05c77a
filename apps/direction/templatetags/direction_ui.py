"""Small helpers of the direction screens: ``{% load direction_ui %}``."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from apps.documents.templatetags.documents_ui import urgency_badge
from apps.registers.models import Urgency

from ..models import URGENCY_RANK
from ..status import Status

register = template.Library()

STATUS_CLASSES = {
    Status.WAITING: "text-bg-light border",
    Status.IN_PROGRESS: "text-bg-primary",
    Status.DUE_SOON: "text-bg-warning",
    Status.OVERDUE: "text-bg-danger",
    Status.DONE_ON_TIME: "text-bg-success",
    Status.DONE_LATE: "text-bg-secondary",
    Status.WITHDRAWN: "text-bg-light border text-decoration-line-through",
}
URGENCY_OF_RANK = {rank: urgency for urgency, rank in URGENCY_RANK.items()}


@register.filter
def status_badge(value: str) -> SafeString | str:
    """A derived status (apps/direction/status.py) as a coloured badge with its label."""
    if not value:
        return ""
    return format_html(
        '<span class="badge {}">{}</span>', STATUS_CLASSES.get(value, "text-bg-light"), Status(value).label
    )


@register.filter
def rank_badge(rank: int) -> SafeString | str:
    """A work's urgency rank as the document's urgency mark (Khẩn, Thượng khẩn, Hỏa tốc)."""
    return urgency_badge(URGENCY_OF_RANK.get(rank, Urgency.NONE))
