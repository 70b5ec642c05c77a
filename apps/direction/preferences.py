"""What each person chooses to receive of work direction's messages (issue 8 point 7: "each person chooses what they
receive"), per kind: in the application (the bell) and by e-mail. No row means both; ``reminders`` reads the rows
for its due-soon and overdue reminders, in the application and by e-mail."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from apps.audit.services import diff, record_event
from apps.people.access import Person

from .models import Preference

# The kinds that also go by e-mail (the morning reminders, reminders.send_mail); the others are in-app only.
EMAILED = (Preference.Kind.DUE_SOON, Preference.Kind.OVERDUE)


@dataclass(frozen=True)
class Choice:
    """One kind's channels."""

    in_app: bool = True
    email: bool = True


def choices_of(person: Person) -> dict[str, Choice]:
    """Every kind with the person's choice (both channels where they chose nothing)."""
    stored = {p.kind: Choice(p.in_app, p.email) for p in Preference.objects.filter(user_id=person.user.pk)}
    return {kind: stored.get(kind, Choice()) for kind in Preference.Kind.values}


def save_preferences(person: Person, choices: dict[str, Choice], *, by: Person) -> dict[str, Choice]:
    """The person (only themselves) sets what they receive; each change is audited (before → after). A kind not
    in ``choices`` keeps its choice; an unknown kind is ignored."""
    if by.user.pk != person.user.pk:
        raise PermissionDenied
    before = choices_of(person)
    with transaction.atomic():
        for kind, choice in choices.items():
            if kind not in before or before[kind] == choice:
                continue
            preference, _created = Preference.objects.update_or_create(
                user_id=person.user.pk, kind=kind, defaults={"in_app": choice.in_app, "email": choice.email}
            )
            old = {"in_app": before[kind].in_app, "email": before[kind].email}
            record_event(preference, "preference_changed", by=by, changes=diff(old, vars(choice)))
    return choices_of(person)


def wanting(user_ids: list[int], kind: str, channel: str = "in_app") -> list[int]:
    """``user_ids`` less those who turned ``channel`` (``in_app`` or ``email``) off for ``kind``."""
    off = Preference.objects.filter(user_id__in=user_ids, kind=kind, **{channel: False}).values_list(
        "user_id", flat=True
    )
    skip = set(off) if user_ids else set()
    return [user_id for user_id in user_ids if user_id not in skip]
