from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "apps.people"
    label = "people"
    verbose_name = _("Units and people")

    def ready(self) -> None:
        from . import agency_index, plugins

        plugins.register()
        agency_index.connect()
