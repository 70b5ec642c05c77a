"""URLs of the province's public host: the console of Sở TT&TT and the Django admin."""

from django.contrib import admin
from django.urls import include, path

from apps.core import urls as core_urls
from province.console import views as console

urlpatterns = [
    path("", console.home, name="home"),
    path("people/", include("province.console.urls")),
    path("admin/", admin.site.urls),
    path("", include(core_urls)),
]
