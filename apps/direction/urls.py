from django.urls import include, path

app_name = "direction"
urlpatterns = [
    path("dashboard/", include("apps.direction.web.dashboard")),
]
