"""Small helpers of the document screens: ``{% load documents_ui %}``."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from apps.registers.models import Secrecy, Urgency

register = template.Library()

URGENCY_CLASSES = {
    Urgency.URGENT: "text-bg-warning",
    Urgency.VERY_URGENT: "text-bg-danger",
    Urgency.FLASH: "text-bg-danger",
}
# The marks as Decree 30 prints them on the paper (Appendix I Part I §III.2), the same in every language.
SHORT_LABELS = {
    Urgency.URGENT: "Khẩn",
    Urgency.VERY_URGENT: "Thượng khẩn",
    Urgency.FLASH: "Hỏa tốc",
    Secrecy.CONFIDENTIAL: "Mật",
    Secrecy.SECRET: "Tối mật",
    Secrecy.TOP_SECRET: "Tuyệt mật",
}


@register.filter
def urgency_badge(value: str) -> SafeString | str:
    """The urgency mark as on the paper (Khẩn, Thượng khẩn, Hỏa tốc); nothing for a normal document."""
    if not value or value == Urgency.NONE:
        return ""
    return format_html(
        '<span class="badge {}" title="{}">{}</span>',
        URGENCY_CLASSES.get(value, "text-bg-warning"),
        Urgency(value).label,
        SHORT_LABELS.get(value, value),
    )


@register.filter
def secrecy_badge(value: str) -> SafeString | str:
    """The secrecy mark (Mật, Tối mật, Tuyệt mật); nothing for an ordinary document."""
    if not value or value == Secrecy.NONE:
        return ""
    return format_html(
        '<span class="badge text-bg-dark" title="{}">{}</span>', Secrecy(value).label, SHORT_LABELS.get(value, value)
    )


@register.simple_tag(takes_context=True)
def sort_header(context: template.Context, key: str, label: str, target: str = "#incoming-table") -> SafeString:
    """A column header (``<th>``) that sorts the list by ``key`` — ascending first, again for descending — keeping
    the filters; the current sort shows its direction (and ``aria-sort`` for screen readers)."""
    current = context.get("sort", "")
    query = context.get("sort_query", "")
    if current == key:
        ordering, icon, aria = f"-{key}", "bi-sort-up", "ascending"
    elif current == f"-{key}":
        ordering, icon, aria = key, "bi-sort-down", "descending"
    else:
        ordering, icon, aria = key, "", "none"
    href = f"?{query}&ordering={ordering}" if query else f"?ordering={ordering}"
    return format_html(
        '<th scope="col" aria-sort="{}"><a class="sort-link link-body-emphasis" href="{}" hx-get="{}" hx-target="{}" '
        'hx-push-url="true" data-sort="{}">{}{}</a></th>',
        aria,
        href,
        href,
        target,
        key,
        label,
        format_html(' <i class="bi {}" aria-hidden="true"></i>', icon) if icon else "",
    )


@register.filter
def file_size(size: int) -> str:
    """Bytes as people read them: 12 KB, 3.4 MB."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


@register.filter
def may_retry_file(stored: object, person: object) -> bool:
    """Whether ``person`` may send the file through the intake chain again (its uploader or an administrator)."""
    from apps.documents.intake import may_retry

    return person is not None and may_retry(person, stored)
