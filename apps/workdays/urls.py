"""The agency administrator's "Lịch làm việc" (agency host); ``patterns`` serves the province's page too."""

from django.urls import URLPattern, path

from . import views

app_name = "workdays"


def patterns(level: views.Level) -> list[URLPattern]:
    """The page, its form and the removal, for the exceptions of ``level``."""
    kwargs = {"level": level}
    return [
        path("", views.calendar_page, kwargs, name="calendar"),
        path("add/", views.add_exception, kwargs, name="add"),
        path("<int:pk>/remove/", views.remove_exception, kwargs, name="remove"),
    ]


urlpatterns = patterns(views.AGENCY_LEVEL)
