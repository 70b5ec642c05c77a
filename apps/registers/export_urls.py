from django.urls import path

from . import export_views

app_name = "register_exports"
urlpatterns = [
    path("", export_views.print_register, name="print"),
]
