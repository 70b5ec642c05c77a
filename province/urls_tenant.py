"""URLs of an agency's host."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.core import urls as core_urls
from apps.core import views as core
from province import api_schema, api_views

# The API schema's extensions register themselves on import, before any schema is generated.
SCHEMA_EXTENSIONS = [api_schema.BoundedFilterExtension]

urlpatterns = [
    path("", core.home, name="home"),
    path("", include(core_urls)),
    path("people/", include("apps.people.urls")),
    path("documents/", include("apps.documents.urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("audit/", include("apps.audit.urls")),
    path("outgoing/", include("apps.outgoing.urls")),
    path("registers/print/", include("apps.registers.export_urls")),
    path("registers/", include("apps.registers.urls")),
    path("workdays/", include("apps.workdays.urls")),
    path("direction/", include("apps.direction.urls")),
    path("api/v1/", include("province.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^api/", api_views.not_found, name="api-not-found"),
]
