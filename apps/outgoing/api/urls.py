from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("outgoing-drafts", views.DraftViewSet)
router.register("outgoing-documents", views.OutgoingDocumentViewSet)

urlpatterns = router.urls
