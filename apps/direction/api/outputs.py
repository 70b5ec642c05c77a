"""The printed outputs of work direction over the API (issue 8 points 8 and 10), with the pages' services and access
rules (apps.direction.outputs):

- GET ``direction/documents/{id}/slip/?format=pdf|xlsx``: the Phiếu giải quyết văn bản đến, made at once;
- POST ``direction/reports/``: a Sổ theo dõi or a Báo cáo tình hình giải quyết for a period, queued: 202 with its
  export job (``Location``); GET ``direction/report-jobs/{id}/`` tells its progress and ``…/download/`` gives the
  file to the person who asked (the registers' export jobs, of the kind ``direction.report``)."""

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import PersonMixin
from apps.direction.outputs import services
from apps.direction.outputs.requests import OUTPUTS, PER
from apps.documents.access import get_incoming_for
from apps.registers import exports
from apps.registers.api.export_views import (
    FILE_RESPONSES,
    ExportJobDownloadView,
    ExportJobSerializer,
    ExportJobView,
    FirstRenderer,
)


class SlipView(PersonMixin, APIView):
    permission_classes = [IsAuthenticated]
    content_negotiation_class = FirstRenderer

    @extend_schema(
        operation_id="direction_document_slip",
        parameters=[OpenApiParameter("format", str, enum=list(exports.FORMATS), required=True)],
        responses={
            **FILE_RESPONSES,
            404: OpenApiResponse(description="No such document among those the caller may see."),
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        """The document's Phiếu giải quyết văn bản đến (Decree 30 Appendix IV) with the whole chain of its
        handling; a secret document's only for those cleared for its level."""
        document = get_incoming_for(self.person, pk)
        exported = services.print_slip(
            document, by=self.person, agency=request.tenant, fmt=request.query_params.get("format", "")
        )
        return exports.http_response(exported)


class ReportRequestSerializer(serializers.Serializer):
    output = serializers.ChoiceField(choices=list(OUTPUTS))
    format = serializers.ChoiceField(choices=list(exports.FORMATS))
    from_date = serializers.DateField(help_text="The first day of the period (yyyy-mm-dd).")
    to_date = serializers.DateField(help_text="The last day of the period (yyyy-mm-dd).")
    unit = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Limit to this unit (with the units below it)."
    )
    person = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="Limit to this person (an account id)."
    )
    per = serializers.ChoiceField(
        choices=list(PER), required=False, help_text="The reports: one row per unit or person."
    )


@extend_schema_view(
    get=extend_schema(
        operation_id="direction_report_job",
        description="A book or report being made: its state and progress; the download once ready.",
        responses={200: ExportJobSerializer, 404: OpenApiResponse(description="Not a report job of yours.")},
    )
)
class ReportJobView(ExportJobView):
    kinds = [services.REPORT_KIND]
    url_names = {"job_url": "direction-report-job", "download_url": "direction-report-job-download"}


@extend_schema_view(
    get=extend_schema(
        operation_id="direction_report_job_download",
        description="The finished book or report (for the person who asked for it only; each download is audited).",
        responses={
            **FILE_RESPONSES,
            404: OpenApiResponse(description="Not a report job of yours, not ready, or expired."),
        },
    )
)
class ReportJobDownloadView(ExportJobDownloadView):
    kinds = ReportJobView.kinds
    url_names = ReportJobView.url_names


class ReportView(PersonMixin, APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="direction_report_request",
        request=ReportRequestSerializer,
        responses={202: OpenApiResponse(ExportJobSerializer, description="The export job making it.")},
    )
    def post(self, request: Request) -> Response:
        """Ask for the Sổ theo dõi giải quyết văn bản đến (``tracking``) or the Báo cáo tình hình giải quyết văn
        bản đến / đi (``incoming_report`` / ``outgoing_report``) of a period, for the whole agency or a unit or
        person within the caller's scope (clerks and the agency's leaders: all; a unit's leaders: their units).
        It is made in the background: follow the job's ``url``."""
        data = self.validated(ReportRequestSerializer)
        params = {k: ("" if v is None else str(v)) for k, v in data.items()}
        job = services.request_report(params, by=self.person)
        body = ExportJobSerializer(job, context=ReportJobView.url_names).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})
