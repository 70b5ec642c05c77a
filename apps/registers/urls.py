from django.urls import path

from . import views

app_name = "registers"
urlpatterns = [
    path("", views.register_list, name="list"),
    path("add/", views.register_add, name="add"),
    path("<int:pk>/edit/", views.register_edit, name="edit"),
]
