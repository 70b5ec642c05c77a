from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("working-calendar/exceptions", views.AgencyExceptionViewSet, basename="workday-exception")

urlpatterns = [
    path("working-calendar/", views.WorkingCalendarView.as_view(), name="working-calendar"),
    *router.urls,
]
