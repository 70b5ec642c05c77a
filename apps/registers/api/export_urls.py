from django.urls import path

from .export_views import RegisterExportView

urlpatterns = [
    path("registers/<int:pk>/export/", RegisterExportView.as_view(), name="register-export"),
]
