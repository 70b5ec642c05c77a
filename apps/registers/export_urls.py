from django.urls import path

from . import export_views

app_name = "register_exports"
urlpatterns = [
    path("", export_views.print_register, name="print"),
    path("jobs/<int:pk>/", export_views.export_job, name="job"),
    path("jobs/<int:pk>/download/", export_views.download_export, name="download"),
]
