"""Pieces every schema's models share, public and agency alike: the append-only trail, the optional link and the
CHECK of a closed set of values. They sit in the lowest layer so that the shared apps (accounts, directory, the agency
registry) and the agency's apps use the same ones (apps.core.models adds those only agency models need)."""

import re

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .validators import ABBREVIATION_PATTERN, validate_abbreviation


class AppendOnlyError(ValueError):
    """Raised on any attempt to change or delete a row of an append-only trail."""


class AppendOnlyQuerySet(models.QuerySet):
    """Rows that are written once: no bulk update or delete."""

    def update(self, **kwargs):
        self.model.refuse("changed")

    def delete(self):
        self.model.refuse("deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        self.model.refuse("changed")


class AppendOnlyModel(models.Model):
    """A row written once and never changed or deleted: ``save()`` of an existing row, ``delete()`` and the queryset's
    ``update()``/``delete()`` raise ``append_only_error``, before the database's own trigger (where the table has one)
    would refuse it."""

    append_only_error: type[Exception] = AppendOnlyError

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            self.refuse("changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.refuse("deleted")

    @classmethod
    def refuse(cls, what: str) -> None:
        raise cls.append_only_error(f"{cls._meta.label} rows are append-only: never {what}")


class AuditRecord(AppendOnlyModel):
    """Who did what, when, with the values that changed: an agency's trail (apps.audit) and the province's trail of
    what its administrators did to agencies (tenants.AgencyEvent). The person is kept as their identity's id and their
    name at the time: names change, the trail must not."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=50)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-id"]

    def as_line(self, subject: object) -> str:
        """The event as one line of a trail: when, who, what, and ``subject`` (what it was done to)."""
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '-'} {self.action} {subject}"

    @staticmethod
    def action_check(name: str) -> models.CheckConstraint:
        """Every event names its action."""
        return models.CheckConstraint(condition=~Q(action=""), name=name)


def optional_fk(to: str | type[models.Model], verbose_name: str, **options) -> models.ForeignKey:
    """A link that may be empty, which never lets its target be deleted and, unless ``related_name`` says otherwise,
    gives the target no reverse accessor."""
    options.setdefault("related_name", "+")
    return models.ForeignKey(to, verbose_name=verbose_name, null=True, blank=True, on_delete=models.PROTECT, **options)


def abbreviation_field(help_text: str) -> models.CharField:
    """The abbreviation an agency or a unit signs its documents' notations with (ký hiệu: UBND, SNV, VP), checked
    by ``validate_abbreviation`` in forms and by ``abbreviation_check`` in the database."""
    return models.CharField(_("abbreviation"), max_length=20, validators=[validate_abbreviation], help_text=help_text)


def abbreviation_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(abbreviation__regex=ABBREVIATION_PATTERN), name=name)


def one_of(field: str, values: list[str]) -> Q:
    """A CHECK that ``field`` holds one of ``values``. Written as an anchored regex rather than ``IN (…)``:
    PostgreSQL deparses ``IN`` on varchar into a different text than it parses back, so a schema cloned from
    the template (tenants/cloning.py replays the deparsed definitions) would no longer match a migrated one."""
    return Q(**{f"{field}__regex": "^(" + "|".join(re.escape(v) for v in values) + ")$"})


def exactly_one(first: str, second: str) -> Q:
    """A CHECK that one of two links is set and the other empty (an assignee or a recipient is a unit or a person)."""
    return Q(**{f"{first}__isnull": True, f"{second}__isnull": False}) | Q(
        **{f"{first}__isnull": False, f"{second}__isnull": True}
    )


def null_or_between(field: str, low: int, high: int) -> Q:
    """A CHECK that ``field`` is empty or from ``low`` to ``high``."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": low, f"{field}__lte": high})


def recorded_with_reason(at: str, by: str, reason: str) -> Q:
    """A CHECK that an act recorded on a row (a cancellation, a recall) says when, by whom and why, or nothing at all:
    the three columns are empty together or given together."""
    return Q(**{f"{at}__isnull": True, f"{by}__isnull": True, reason: ""}) | (
        Q(**{f"{at}__isnull": False, f"{by}__isnull": False}) & ~Q(**{reason: ""})
    )
