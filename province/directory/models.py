"""The agency directory (public schema): agencies outside this deployment that documents can be sent to,
such as ministries or other provinces on the national axis. Agencies inside the deployment are Agency rows."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import code_102_field, code_checks, contact_fields
from tenants.validators import validate_code_qd20


class DirectoryEntry(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        AXIS = "axis", _("Synchronised from the national axis")

    code_102 = code_102_field()
    code_qd20 = models.CharField(_("agency code (QĐ 20)"), max_length=35, blank=True, validators=[validate_code_qd20])
    name = models.CharField(_("name"), max_length=255)
    parent_name = models.CharField(_("parent body"), max_length=255, blank=True)
    address, email, phone = contact_fields()
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("directory entry")
        verbose_name_plural = _("agency directory")
        constraints = [
            *code_checks("directory", qd20_blank=True),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code_102})"
