from django.urls import path

from . import views

app_name = "registers"
urlpatterns = [
    path("", views.register_list, name="list"),
    path("add/", views.register_add, name="add"),
    path("<int:pk>/edit/", views.register_edit, name="edit"),
    path("types/", views.type_list, name="types"),
    path("types/add/", views.type_add, name="type-add"),
    path("types/<int:pk>/edit/", views.type_edit, name="type-edit"),
    path("clearances/", views.clearance_list, name="clearances"),
    path("clearances/add/", views.clearance_set, name="clearance-add"),
    path("clearances/<int:user_id>/", views.clearance_set, name="clearance-edit"),
]
