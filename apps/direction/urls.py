"""The pages of work direction (apps/direction/web: one module per part, each with its ``urlpatterns``)."""

from .web import dashboard, delegation, leader, mine, outputs, preferences, tasks, work

app_name = "direction"
urlpatterns = [
    *work.urlpatterns,
    *leader.urlpatterns,
    *mine.urlpatterns,
    *tasks.urlpatterns,
    *delegation.urlpatterns,
    *preferences.urlpatterns,
    *outputs.urlpatterns,
    *dashboard.urlpatterns,
]
