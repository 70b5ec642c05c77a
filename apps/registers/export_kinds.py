"""What an export job can print: the registry of *export kinds*, so that one job machinery (the ExportJob, the
"exports" queue, the progress page polled by htmx, the kept file, its access check and audit) serves every long
printout of the agency, not the registers only.

Registers sits low in the layers: it never imports the apps whose printouts it runs. A higher app registers its
kinds from its AppConfig.ready() (direction: the Sổ theo dõi and the Báo cáo tình hình giải quyết)::

    register_export_kind("direction.tracking", ExportKind(
        heading=_("Reports and tracking books"), page="direction:outputs",
        may_request=access.may_print_reports, refusal=_("You no longer print the reports."), make=make_tracking))

``make(job, by, agency)`` runs in the worker, in the agency's schema: it reads ``job.params`` as the request
stored them (checking them again: the person's rights may have changed), builds the printout (reporting progress
through ``export_jobs.progress_reporter``) and returns what was made — the file, the object the "exported" audit
event is recorded on, and what that event says."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise

from apps.people.access import Person
from tenants.models import Agency


@dataclass(frozen=True)
class JobRequest:
    """An export job asked for: its kind, format, what was asked (``params``, as request parameters, as checked),
    how many rows it is expected to hold (0: not known yet), its title in words, and its register (the ``register``
    kind only)."""

    kind: str
    fmt: str
    params: dict[str, str]
    rows: int = 0
    title: str = ""
    register: Any = None


@dataclass(frozen=True)
class Made:
    """A finished printout: the file (an exports.ExportedFile), the object its "exported" audit event is recorded
    on, and the event's changes (the job's id is added)."""

    exported: Any
    target: models.Model
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportKind:
    """``heading``: the title of the pages of its jobs; ``page``: the URL name of the page where it is asked for
    (the job page links back to it); ``may_request(person)``: whether the person may still ask for it (checked
    again when the job runs, and to list or download the person's jobs); ``refusal``: the job's error when they
    may not any more; ``make``: the printout (see the module's docstring)."""

    heading: str | Promise
    page: str
    may_request: Callable[[Person], bool]
    refusal: str | Promise
    make: Callable[[Any, Person, Agency], Made]


_kinds: dict[str, ExportKind] = {}


def register_export_kind(name: str, kind: ExportKind) -> ExportKind:
    """Called once per kind from the AppConfig.ready() of the app that prints it."""
    _kinds[name] = kind
    return kind


def export_kind(name: str) -> ExportKind | None:
    return _kinds.get(name)


def kinds_requested_by(person: Person) -> list[str]:
    """The kinds the person may ask for (and so see their jobs of)."""
    return [name for name, kind in _kinds.items() if kind.may_request(person)]
