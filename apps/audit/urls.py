from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("rights/", views.rights_alerts, name="rights-alerts"),
    path("rights/confirm/", views.confirm, name="confirm"),
]
