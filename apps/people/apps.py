from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "apps.people"
    label = "people"
    verbose_name = _("Units and people")

    def ready(self) -> None:
        from apps.core.registry import register_menu

        from . import agency_index
        from .plugins import people_menu

        register_menu(people_menu)
        agency_index.connect()
