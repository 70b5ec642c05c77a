from django.urls import path

from . import views

app_name = "outgoing"
urlpatterns = [
    path("", views.work, name="work"),
    path("issued/", views.issued, name="issued"),
    path("issued/count/", views.issued_count, name="issued-count"),
    path("drafts/new/", views.draft_add, name="draft-add"),
    path("drafts/recipient-agencies/", views.recipient_agency_options, name="recipient-agencies"),
    path("drafts/<int:pk>/", views.draft_detail, name="draft"),
    path("drafts/<int:pk>/edit/", views.draft_edit, name="draft-edit"),
    path("drafts/<int:pk>/submit/", views.draft_submit, name="draft-submit"),
    path("drafts/<int:pk>/abandon/", views.draft_abandon, name="draft-abandon"),
    path("drafts/<int:pk>/decide/<slug:stage>/", views.draft_decide, name="draft-decide"),
    path("drafts/<int:pk>/issue/", views.draft_issue, name="draft-issue"),
    path("drafts/<int:pk>/recall/", views.draft_recall, name="draft-recall"),
    path("drafts/<int:pk>/files/<int:file_pk>/", views.file_download, name="file"),
    path("drafts/<int:pk>/files/<int:file_pk>/view/", views.file_view, name="file-view"),
    path("steps/<int:pk>/", views.step_page, name="step"),
    path("documents/<int:pk>/", views.document_page, name="document"),
]
