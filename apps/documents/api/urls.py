from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("incoming-documents", views.IncomingDocumentViewSet)

urlpatterns = router.urls
