"""Small helpers of the direction screens: ``{% load direction_ui %}``."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from apps.core.paging import capped_count
from apps.documents.templatetags.documents_ui import urgency_badge
from apps.registers.models import Urgency

from .. import access, queues
from ..models import URGENCY_RANK
from ..status import Status
from ..web.mine import HOME_CAP

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


@register.inclusion_tag("direction/mine/_acting_for.html", takes_context=True)
def acting_for(context: template.Context) -> dict:
    """For a delegate, wherever they act: "Đang được ủy quyền bởi …", each grantor with the documents waiting for
    their direction (``{% acting_for %}``)."""
    person = getattr(context.get("request"), "person", None)
    if person is None or not getattr(person, "memberships", None):
        return {"grantors": []}
    grantors = [
        {"name": grantor.user.full_name, "waiting": capped_count(queues.submissions(grantor), HOME_CAP)}
        for grantor in access.grantors_of(person)
    ]
    return {"grantors": grantors}
