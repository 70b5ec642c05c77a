"""URLs of the province's public host: the console of Sở TT&TT and the Django admin."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from apps.core import urls as core_urls
from province.console import views as console

admin.site.site_header = _("QLVB&ĐH — province administration")
admin.site.site_title = _("QLVB&ĐH province administration")
admin.site.index_title = _("Agencies, people and the directory")

urlpatterns = [
    path("", console.home, name="home"),
    path("people/", include("province.console.urls")),
    path("intake/", console.intake, name="intake"),
    path("workdays/", include("apps.workdays.console_urls")),
    path("admin/", admin.site.urls),
    path("", include(core_urls)),
]
