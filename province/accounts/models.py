"""One identity per person, province-wide (public schema). What a person may do in an agency is
their membership there (apps.people.Membership), not a property of the identity."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from tenants.base_models import AppendOnlyModel, optional_fk

USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{2,49}$"


class PersonManager(UserManager):
    def get_by_natural_key(self, username: str) -> "User":
        return self.get(username=username.strip().lower())

    def _create_user(self, username, email, password, **extra_fields):
        username = username.strip().lower()
        email = self.normalize_email(email) or None
        user = self.model(username=username, email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(username, email, password, **extra_fields)

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(username, email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. ``is_staff`` marks a province administrator (Sở TT&TT), who logs in on the public host."""

    username = models.CharField(
        _("username"),
        max_length=50,
        unique=True,
        validators=[RegexValidator(USERNAME_PATTERN, _("3–50 lower-case letters, digits, '.', '_' or '-'."))],
    )
    full_name = models.CharField(_("full name"), max_length=100)
    email = models.EmailField(_("email"), null=True, blank=True)  # noqa: DJ001 -- NULL: unique when given
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("province administrator"),
        default=False,
        help_text=_("May log in on the province host and manage agencies."),
    )
    date_joined = models.DateTimeField(_("joined"), auto_now_add=True)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set by a temporary password: the person must choose a new one before anything else."),
    )

    objects = PersonManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "username"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(condition=Q(username__regex=USERNAME_PATTERN), name="user_username_format"),
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def set_password(self, raw_password: str | None) -> None:
        """A new password of the person's own ends a temporary one (province.accounts.services sets the flag
        again right after when it issues a temporary password)."""
        super().set_password(raw_password)
        self.must_change_password = False

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.rsplit(" ", 1)[-1] if self.full_name else self.username


class AgencyAccess(models.Model):
    """Index (public schema) of the agencies where a person holds an active membership, so that the header can
    offer a switch between them without reading every agency's schema. Memberships live in each agency's schema
    and stay the truth: apps.people keeps this index in step with them (apps.people.agency_index)."""

    user = models.ForeignKey(User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="agency_access")
    agency = models.ForeignKey(
        settings.TENANT_MODEL, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["agency__name"]
        verbose_name = _("agency of a person")
        verbose_name_plural = _("agencies of people")
        constraints = [models.UniqueConstraint(fields=["user", "agency"], name="agency_access_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.agency_id}"


class AccountEvent(AppendOnlyModel):
    """The province-level audit trail of what was done to an identity from outside an agency: a password reset
    link or a temporary password issued from the console, province-administrator rights granted or revoked by
    command. Append-only, in Python and in the database (a trigger in the public schema)."""

    class Action(models.TextChoices):
        RESET_LINK = "reset_link", _("Password reset link sent")
        TEMPORARY_PASSWORD = "temporary_password", _("Temporary password issued")
        RIGHTS_CHANGED = "rights_changed", _("Province rights changed")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = optional_fk(User, _("done by"))
    # Names at the time: names change, the trail must not.
    actor_name = models.CharField(_("done by (name)"), max_length=150)
    person = models.ForeignKey(User, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    person_name = models.CharField(_("person (name)"), max_length=150)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("account event")
        verbose_name_plural = _("account events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.person_name}"
