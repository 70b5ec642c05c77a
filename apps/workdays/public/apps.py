from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysPublicConfig(AppConfig):
    """The province's level of the working-day calendar (public schema: SHARED_APPS)."""

    name = "apps.workdays.public"
    label = "workdays_public"
    verbose_name = _("Province working calendar")
    default_auto_field = "django.db.models.BigAutoField"
