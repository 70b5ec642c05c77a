from django.utils.translation import gettext_lazy as _

from apps.core import registry


class PeopleConfig(registry.PluginsConfig):
    name = "apps.people"
    label = "people"
    verbose_name = _("Units and people")
