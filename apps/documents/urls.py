from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("incoming/", views.incoming_list, name="incoming-list"),
    path("incoming/count/", views.incoming_count, name="incoming-count"),
    path("incoming/register/", views.incoming_register, name="incoming-register"),
    path("incoming/duplicates/", views.incoming_duplicates, name="incoming-duplicates"),
    path("incoming/issuers/", views.issuer_options, name="issuer-options"),
    path("incoming/<int:pk>/", views.incoming_detail, name="incoming-detail"),
    path("incoming/<int:pk>/correct/", views.incoming_correct, name="incoming-correct"),
    path("incoming/<int:pk>/cancel/", views.incoming_cancel, name="incoming-cancel"),
    path("incoming/<int:pk>/files/<int:file_pk>/", views.incoming_file, name="incoming-file"),
    path("incoming/<int:pk>/files/<int:file_pk>/view/", views.incoming_file_view, name="incoming-file-view"),
]
