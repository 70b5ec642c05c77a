"""GET /api/v1/registers/{id}/export/?format=xlsx|pdf&year=&from_date=&to_date=&from_number=&to_number=&volume=

The printed register as a file (registers.services.export_register): the same service and access helpers as the
web page. ``format`` names the file format here, so DRF's own ``?format=`` content negotiation is switched off for
this view: errors always come back as JSON."""

from django.http import HttpRequest, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from apps.registers import access, exports, services


class FirstRenderer(BaseContentNegotiation):
    """Ignore ``?format=`` and Accept: answer with the view's first renderer (JSON, for errors)."""

    def select_parser(self, request: Request, parsers: list) -> object:
        return parsers[0]

    def select_renderer(self, request: Request, renderers: list[BaseRenderer], format_suffix: str | None = None):
        return renderers[0], renderers[0].media_type


class RegisterExportView(APIView):
    permission_classes = [IsAuthenticated]
    content_negotiation_class = FirstRenderer

    @extend_schema(
        operation_id="registers_export",
        parameters=[
            OpenApiParameter("format", str, enum=list(exports.FORMATS), required=True),
            OpenApiParameter("year", int, description="Four digits; default: the year of the dates, else this year."),
            OpenApiParameter("from_date", str, description="dd/mm/yyyy or yyyy-mm-dd"),
            OpenApiParameter("to_date", str, description="dd/mm/yyyy or yyyy-mm-dd"),
            OpenApiParameter("from_number", int),
            OpenApiParameter("to_number", int),
            OpenApiParameter("volume", int, description="Quyển số printed on the cover."),
        ],
        responses={
            (200, exports.FORMATS[exports.XLSX]): OpenApiResponse(OpenApiTypes.BINARY),
            (200, exports.FORMATS[exports.PDF]): OpenApiResponse(OpenApiTypes.BINARY),
            400: OpenApiResponse(description="Field → messages (bad format or range)."),
            403: OpenApiResponse(description="Only clerks and leaders print registers."),
            404: OpenApiResponse(description="No such register."),
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        """The register printed as Decree 30 requires (Appendix IV columns and cover), as xlsx or PDF, with the
        documents of the range the caller may see."""
        raw: HttpRequest = request._request
        register = access.get_printable_register_for(raw.person, pk)
        exported = services.export_register(register, by=raw.person, agency=raw.tenant, params=request.query_params)
        return exports.http_response(exported)
