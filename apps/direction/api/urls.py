from django.urls import path
from rest_framework.routers import SimpleRouter

from . import figures, outputs, views

router = SimpleRouter()
router.register("direction/submissions", views.SubmissionViewSet, basename="direction-submission")
router.register("direction/works", views.WorkViewSet, basename="direction-work")
router.register("direction/assignments", views.AssignmentViewSet, basename="direction-assignment")
router.register("direction/extension-requests", views.ExtensionRequestViewSet, basename="direction-extension")
router.register("direction/delegations", views.DelegationViewSet, basename="direction-delegation")
router.register("direction/preferences", views.PreferenceViewSet, basename="direction-preference")

urlpatterns = [
    *router.urls,
    path("direction/counts/", views.CountsView.as_view(), name="direction-counts"),
    path("direction/figures/", figures.FiguresView.as_view(), name="direction-figures"),
    path("direction/documents/<int:pk>/slip/", outputs.SlipView.as_view(), name="direction-slip"),
    path("direction/reports/", outputs.ReportView.as_view(), name="direction-reports"),
    path("direction/report-jobs/<int:pk>/", outputs.ReportJobView.as_view(), name="direction-report-job"),
    path(
        "direction/report-jobs/<int:pk>/download/",
        outputs.ReportJobDownloadView.as_view(),
        name="direction-report-job-download",
    ),
]
