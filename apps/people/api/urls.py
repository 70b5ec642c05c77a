from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("units", views.UnitViewSet)
router.register("positions", views.PositionViewSet)
router.register("memberships", views.MembershipViewSet)

urlpatterns = [path("me/", views.MeView.as_view(), name="api-me"), *router.urls]
