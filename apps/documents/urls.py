from django.urls import path

from . import file_views, pending_views, views

app_name = "documents"
urlpatterns = [
    path("incoming/", views.incoming_list, name="incoming-list"),
    path("incoming/count/", views.incoming_count, name="incoming-count"),
    path("incoming/register/", views.incoming_register, name="incoming-register"),
    path("incoming/scans/", pending_views.pending_list, name="pending-list"),
    path("incoming/scans/<int:pk>/", pending_views.pending_file, name="pending-file"),
    path("incoming/scans/<int:pk>/view/", pending_views.pending_view, name="pending-view"),
    path("incoming/scans/<int:pk>/register/", pending_views.pending_register, name="pending-register"),
    path("incoming/scans/<int:pk>/dismiss/", pending_views.pending_dismiss, name="pending-dismiss"),
    path("incoming/duplicates/", views.incoming_duplicates, name="incoming-duplicates"),
    path("incoming/issuers/", views.issuer_options, name="issuer-options"),
    path("incoming/<int:pk>/", views.incoming_detail, name="incoming-detail"),
    path("incoming/<int:pk>/correct/", views.incoming_correct, name="incoming-correct"),
    path("incoming/<int:pk>/cancel/", views.incoming_cancel, name="incoming-cancel"),
    path("incoming/<int:pk>/files/<int:file_pk>/", views.incoming_file, name="incoming-file"),
    path("files/quarantine/", file_views.quarantine, name="quarantine"),
    path("files/<int:file_pk>/release/", file_views.release, name="file-release"),
    path("files/<int:file_pk>/delete/", file_views.delete, name="file-delete"),
    path("files/<int:file_pk>/retry/", file_views.retry, name="file-retry"),
    path("incoming/<int:pk>/files/<int:file_pk>/view/", views.incoming_file_view, name="incoming-file-view"),
]
