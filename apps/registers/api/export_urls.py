from django.urls import path

from .export_views import ExportJobDownloadView, ExportJobView, RegisterExportView

urlpatterns = [
    path("registers/<int:pk>/export/", RegisterExportView.as_view(), name="register-export"),
    path("register-exports/<int:pk>/", ExportJobView.as_view(), name="register-export-job"),
    path("register-exports/<int:pk>/download/", ExportJobDownloadView.as_view(), name="register-export-job-download"),
]
