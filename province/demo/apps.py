from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo province's loader (manage.py load_demo): at the top of the layers, beside the settings and
    URLconfs, because it fills every app through its services."""

    name = "province.demo"
    label = "demo"
    verbose_name = _("Demo province")
