"""The pages of work direction (apps/direction/web: one module per part, each with its ``urlpatterns``)."""

from .web import dashboard, outputs, tasks, work

app_name = "direction"
urlpatterns = [*work.urlpatterns, *tasks.urlpatterns, *outputs.urlpatterns, *dashboard.urlpatterns]
