"""What may be done to an identity from outside an agency, each audited in the public schema (AccountEvent).

A province administrator (Sở TT&TT) never learns or sets an agency person's password. When a person forgot
theirs, the console either e-mails them a one-time reset link to their agency's host (Django's token
generator: it expires after PASSWORD_RESET_TIMEOUT and dies once the password changes) or issues a temporary
password that the person must replace at their next login (``must_change_password``, enforced by
province.accounts.middleware). Province-administrator rights change only through ``manage.py province_admin``."""

import secrets
import string

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .models import AccountEvent, User

TEMPORARY_PASSWORD_LENGTH = 12
# Letters and digits that cannot be mistaken for one another when read out on the phone.
_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")


def ensure_may_help(by: User, person: User) -> None:
    """Province administrators help agency people only: not themselves, not another province administrator
    (whose password is recovered on the server: ``manage.py changepassword``)."""
    if not (by.is_active and by.is_staff):
        raise PermissionDenied
    if person.pk == by.pk or person.is_staff or person.is_superuser:
        raise ValidationError(_("A province administrator's password is recovered on the server, not here."))
    if not person.is_active:
        raise ValidationError(_("This account is deactivated."))


def _record(action: str, *, by: User | None, person: User, **details) -> AccountEvent:
    return AccountEvent.objects.create(
        actor=by,
        actor_name=by.get_full_name() or by.username if by else _("command line"),
        person=person,
        person_name=person.get_full_name() or person.username,
        action=action,
        details=details,
    )


def _notify(person: User, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, None, [person.email])
    except OSError as exc:  # SMTP refused or unreachable: nothing is recorded, the administrator tries again
        raise ValidationError(
            _("The e-mail could not be sent (%(error)s); nothing was changed.") % {"error": exc}
        ) from exc


def reset_link(person: User, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    return f"{base_url.rstrip('/')}/password/reset/{uid}/{token}/"


def send_reset_link(person: User, *, by: User, base_url: str) -> AccountEvent:
    """E-mail ``person`` a one-time link to choose a new password on ``base_url`` (their agency's host)."""
    ensure_may_help(by, person)
    if not person.email:
        raise ValidationError(_("This person has no e-mail address: issue a temporary password instead."))
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    body = _(
        "Hello %(name)s,\n\nThe province administrator %(admin)s sent you this link to choose a new password "
        "for QLVB&ĐH. It works once, for %(hours)s hours:\n\n%(link)s\n\nIf you did not ask for it, tell your "
        "agency's administrator."
    ) % {
        "name": person.get_full_name(),
        "admin": by.get_full_name(),
        "hours": hours,
        "link": reset_link(person, base_url),
    }
    with transaction.atomic():
        event = _record(AccountEvent.Action.RESET_LINK, by=by, person=person, sent_to=person.email, host=base_url)
        _notify(person, _("Choose a new password for QLVB&ĐH"), body)
    return event


def issue_temporary_password(person: User, *, by: User) -> tuple[str, AccountEvent]:
    """Give ``person`` a random temporary password (shown once to the administrator, who passes it on) that
    must be changed at the next login; the person is told by e-mail when they have an address."""
    ensure_may_help(by, person)
    password = "".join(secrets.choice(_ALPHABET) for _ in range(TEMPORARY_PASSWORD_LENGTH))
    with transaction.atomic():
        person.set_password(password)
        person.must_change_password = True
        person.save(update_fields=["password", "must_change_password"])
        event = _record(AccountEvent.Action.TEMPORARY_PASSWORD, by=by, person=person, notified=person.email or "")
        if person.email:
            body = _(
                "Hello %(name)s,\n\nThe province administrator %(admin)s issued you a temporary password for "
                "QLVB&ĐH; they will give it to you. You must choose a new password when you log in with it.\n\n"
                "If you did not ask for it, tell your agency's administrator."
            ) % {"name": person.get_full_name(), "admin": by.get_full_name()}
            _notify(person, _("A temporary password for QLVB&ĐH"), body)
    return password, event


@transaction.atomic
def set_province_rights(person: User, *, staff: bool, superuser: bool, by: User | None = None) -> AccountEvent:
    """Grant or revoke province-administrator rights (only from the command line: manage.py province_admin)."""
    before = {"is_staff": person.is_staff, "is_superuser": person.is_superuser}
    person.is_staff, person.is_superuser = staff, superuser
    person.save(update_fields=["is_staff", "is_superuser"])
    after = {"is_staff": staff, "is_superuser": superuser}
    return _record(AccountEvent.Action.RIGHTS_CHANGED, by=by, person=person, before=before, after=after)
