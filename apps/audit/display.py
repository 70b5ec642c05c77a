"""An audit event of a change of rights in words: which field, before → after, in the reader's language."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.people.models import Role

from .models import AuditEvent

# Read after the actor's name: “Quản Trị Một đã sửa vị trí công tác”.
ACTIONS: dict[str, Promise] = {
    "created": pgettext_lazy("audit action", "added"),
    "updated": pgettext_lazy("audit action", "changed"),
    "activated": pgettext_lazy("audit action", "reactivated"),
    "deactivated": pgettext_lazy("audit action", "deactivated"),
    "granted": pgettext_lazy("audit action", "granted"),
    "revoked": pgettext_lazy("audit action", "revoked"),
}

# The models' own verbose names, so that a field reads as it does on the form that changed it.
FIELDS: dict[str, Promise] = {
    "name": _("name"),
    "abbreviation": _("abbreviation"),
    "parent": _("parent unit"),
    "order": _("order"),
    "is_active": _("active"),
    "rank": _("rank"),
    "is_leadership": _("leadership post"),
    "unit": _("unit"),
    "position": _("position"),
    "roles": _("roles"),
    "username": _("username"),
    "full_name": _("full name"),
    "email": _("email"),
    "phone": _("phone"),
    "level": _("level"),
    "user": _("person"),
}

# Ids of the subject, already named by the alert's label.
HIDDEN = {"user"}

# Coded values shown by their label: roles here, other apps' choices through register_value_labels.
_VALUE_LABELS: dict[str, dict[str, Any]] = {"roles": dict(Role.choices)}


def register_value_labels(field: str, choices: list[tuple[str, Any]]) -> None:
    """Let a higher app name the coded values of one of its fields (registers: secrecy levels)."""
    _VALUE_LABELS[field] = dict(choices)


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def _value(field: str, value: Any) -> str:
    labels = _VALUE_LABELS.get(field, {})
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(pgettext_lazy("audit value", "yes") if value else pgettext_lazy("audit value", "no"))
    if isinstance(value, list):
        return ", ".join(str(labels.get(v, v)) for v in value)
    return str(labels.get(value, value))


def _is_pair(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2


def changes_of(event: AuditEvent) -> list[Change]:
    """Each changed field as before → after (a value that is not a pair is shown as the new value); a change that
    reads the same on both sides (nothing → an empty text) is left out."""
    changes: Mapping[str, Any] = event.changes or {}
    result = []
    for field, value in changes.items():
        if field in HIDDEN:
            continue
        before, after = value if _is_pair(value) else (None, value)
        shown = (_value(field, before), _value(field, after))
        if shown[0] != shown[1]:
            result.append(Change(str(FIELDS.get(field, field)), *shown))
    return result


def action_of(event: AuditEvent) -> str:
    return str(ACTIONS.get(event.action, event.action))


def kind_of(event: AuditEvent) -> str:
    """The changed object's kind (its model's verbose name), e.g. “vị trí công tác”."""
    try:
        return str(apps.get_model(event.object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return event.object_type
