"""The agency API (v1): each app adds its router here."""

from django.urls import include, path

urlpatterns = [
    path("", include("apps.people.api.urls")),
    path("", include("apps.registers.api.urls")),
    path("", include("apps.registers.api.export_urls")),
    path("", include("apps.documents.api.urls")),
    path("", include("apps.outgoing.api.urls")),
    path("", include("apps.workdays.api.urls")),
    path("", include("apps.direction.api.urls")),
]
