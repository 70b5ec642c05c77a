from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.member_list, name="members"),
    path("add/", views.member_add, name="member-add"),
    path("<int:pk>/edit/", views.member_edit, name="member-edit"),
    path("<int:pk>/active/", views.member_set_active, name="member-active"),
    path("directory/", views.directory, name="directory"),
    path("options/", views.member_options, name="options"),
    path("units/", views.unit_list, name="units"),
    path("units/add/", views.unit_add, name="unit-add"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit-edit"),
    path("units/<int:pk>/active/", views.unit_set_active, name="unit-active"),
    path("positions/", views.position_list, name="positions"),
    path("positions/add/", views.position_add, name="position-add"),
    path("positions/<int:pk>/edit/", views.position_edit, name="position-edit"),
]
