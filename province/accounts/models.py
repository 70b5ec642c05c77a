"""One identity per person, province-wide (public schema). What a person may do in an agency is
their membership there (apps.people.Membership), not a property of the identity."""

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

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

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.rsplit(" ", 1)[-1] if self.full_name else self.username
