from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("document-types", views.DocumentTypeViewSet)
router.register("registers", views.RegisterViewSet)
router.register("clearances", views.ClearanceViewSet)

urlpatterns = router.urls
