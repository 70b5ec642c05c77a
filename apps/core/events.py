"""The domain events: one place that names them (Django signals, sent explicitly by the services that publish
them). A lower app publishes; higher apps subscribe in their ``AppConfig.ready()``, so the publisher never
imports them (docs: ARCHITECTURE, "Layers")."""

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.dispatch import Signal


@dataclass(frozen=True)
class RightsChange:
    """What ``rights_changed`` carries (its one kwarg, ``change``): ``action`` (created, updated, activated,
    deactivated …), ``target`` (the model instance changed), ``by`` (the acting ``Person``, or ``SYSTEM``),
    ``before`` and ``after`` (dicts of plain values; ``before`` is empty for a creation), ``label`` (the target in
    words, as it reads at the time)."""

    action: str
    target: models.Model
    by: Any
    before: dict
    after: dict
    label: str


rights_changed = Signal()
"""Someone's rights in the agency changed: a person, a membership (unit, position, roles, active), a unit or a
position was created or changed. Sent by ``apps.people.services`` *inside* the service's transaction, not on
commit, because its subscriber is the audit trail (Decree 30, Appendix VI): the event must exist exactly when the
change does, and roll back with it. Subscribers therefore do little and never call out of the database.

kwargs: ``change``, a ``RightsChange``."""


@dataclass(frozen=True)
class CalendarChange:
    """What ``calendar_changed`` carries (its one kwarg, ``change``): ``action`` (added, removed), ``target`` (the
    ``AgencyDayException``), ``by`` (the acting ``Person``), ``changes`` (plain values: date, kind, reason)."""

    action: str
    target: models.Model
    by: Any
    changes: dict


calendar_changed = Signal()
"""An agency's working calendar changed: its administrator added or removed one of the agency's own exceptions (a
day off, a make-up working day). Sent by ``apps.workdays.services`` *inside* the service's transaction, for the
audit trail (which sits beside workdays in the layers, so it is told rather than called), as ``rights_changed``.

kwargs: ``change``, a ``CalendarChange``."""

handling_changed = Signal()
"""An incoming document's handling status changed (registered → assigned → in progress → done, or back when an
assignment is taken back). Sent by ``apps.documents.handling.set_handling_status`` inside the caller's transaction,
so that a subscriber writing to the database (interop's status replies to the sender: 04 assigned, 05 in progress,
06 done) commits or rolls back with the change; subscribers never call out of the database themselves (they queue
their work on commit).

kwargs: ``document`` (the IncomingDocument), ``before`` and ``after`` (status values), ``by`` (the acting
``Person`` or ``SYSTEM``)."""
