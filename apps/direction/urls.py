"""The pages of work direction (apps/direction/web: one module per part, each with its ``urlpatterns``)."""

from .web import delegation, mine, preferences, work

app_name = "direction"
urlpatterns = [
    *work.urlpatterns,
    *mine.urlpatterns,
    *delegation.urlpatterns,
    *preferences.urlpatterns,
]
