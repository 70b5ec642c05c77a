"""The province administrator's "Lịch làm việc" (province host): the government's yearly schedule, entered once
for every agency. The names are the agency page's, so the one set of templates serves both hosts."""

from . import views
from .urls import patterns

app_name = "workdays"
urlpatterns = patterns(views.PROVINCE_LEVEL)
