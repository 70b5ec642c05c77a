from django.urls import path

from . import views

app_name = "console"
urlpatterns = [
    path("", views.people, name="people"),
    path("<int:pk>/password/", views.password_help, name="password-help"),
]
