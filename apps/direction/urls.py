"""The pages of work direction (apps/direction/web: one module per part, each with its ``urlpatterns``)."""

from .web import leader, work

app_name = "direction"
urlpatterns = [*work.urlpatterns, *leader.urlpatterns]
