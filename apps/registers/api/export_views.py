"""GET /api/v1/registers/{id}/export/?format=xlsx|pdf&year=&from_date=&to_date=&from_number=&to_number=&volume=

The printed register as a file (registers.export_services.export_register): the same service and access helpers as
the web page. A long printout answers 202 with its export job (``Location``: the job), made in the background;
GET /api/v1/register-exports/{id}/ tells its progress and /download/ gives its file to the person who asked.
``format`` names the file format here, so DRF's own ``?format=`` content negotiation is switched off for this view:
errors always come back as JSON."""

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import PersonMixin
from apps.registers import access, export_services, exports
from apps.registers.models import ExportJob

FILE_RESPONSES = {
    (200, exports.FORMATS[exports.XLSX]): OpenApiResponse(OpenApiTypes.BINARY),
    (200, exports.FORMATS[exports.PDF]): OpenApiResponse(OpenApiTypes.BINARY),
}
"""The schema's answers of a view that gives a printout's file, in either format (apps.registers.exports.FORMATS)."""


class ExportJobSerializer(serializers.ModelSerializer):
    """An export job of any kind (registers.export_kinds). ``url`` and ``download_url`` are where the caller reads
    it: the context's ``job_url`` and ``download_url`` URL names (a higher app serves its kinds' jobs under its
    own path), the registers' by default."""

    register = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = [
            "id", "url", "kind", "title", "register", "format", "params", "state", "progress", "rows", "filename",
            "size", "error", "created_at", "started_at", "finished_at", "expires_at", "download_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_url(self, job: ExportJob) -> str:
        return reverse(self.context.get("job_url", "register-export-job"), args=[job.pk])

    def get_download_url(self, job: ExportJob) -> str | None:
        if job.state != ExportJob.State.DONE:
            return None
        return reverse(self.context.get("download_url", "register-export-job-download"), args=[job.pk])


class FirstRenderer(BaseContentNegotiation):
    """Ignore ``?format=`` and Accept: answer with the view's first renderer (JSON, for errors)."""

    def select_parser(self, request: Request, parsers: list) -> object:
        return parsers[0]

    def select_renderer(self, request: Request, renderers: list[BaseRenderer], format_suffix: str | None = None):
        return renderers[0], renderers[0].media_type


class RegisterExportView(PersonMixin, APIView):
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
            **FILE_RESPONSES,
            202: OpenApiResponse(ExportJobSerializer, description="A long printout, queued as an export job."),
            400: OpenApiResponse(description="Field → messages (bad format or range)."),
            403: OpenApiResponse(description="Only clerks and leaders print registers."),
            404: OpenApiResponse(description="No such register."),
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        """The register printed as Decree 30 requires (Appendix IV columns and cover), as xlsx or PDF, with the
        documents of the range the caller may see."""
        register = access.get_printable_register_for(self.person, pk)
        result = export_services.export_register(
            register, by=self.person, agency=request.tenant, params=request.query_params
        )
        if isinstance(result, ExportJob):
            body = ExportJobSerializer(result).data
            return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})
        return exports.http_response(result)


class ExportJobView(PersonMixin, APIView):
    """An export job of the caller's (of ``kinds``, or of any kind they may ask for when None), read at the URL
    names of ``url_names`` (job, download). A higher app serving its kinds' jobs subclasses this view and its
    download view with its ``kinds`` and ``url_names``, and names their operations with ``extend_schema_view``."""

    permission_classes = [IsAuthenticated]
    kinds: list[str] | None = None
    url_names = {"job_url": "register-export-job", "download_url": "register-export-job-download"}

    def job(self, pk: int) -> ExportJob:
        jobs = access.export_jobs_of(self.person, kinds=self.kinds)
        try:
            return jobs.get(pk=pk)
        except ExportJob.DoesNotExist as exc:
            raise Http404 from exc

    def answer(self, job: ExportJob, code: int = status.HTTP_200_OK) -> Response:
        body = ExportJobSerializer(job, context=self.url_names).data
        headers = {"Location": body["url"]} if code == status.HTTP_202_ACCEPTED else None
        return Response(body, status=code, headers=headers)

    @extend_schema(
        operation_id="registers_export_job",
        responses={200: ExportJobSerializer, 404: OpenApiResponse(description="Not an export job of yours.")},
    )
    def get(self, request: Request, pk: int) -> Response:
        """A printout being made in the background: its state and progress; the download once ready."""
        return self.answer(self.job(pk))


class ExportJobDownloadView(ExportJobView):
    content_negotiation_class = FirstRenderer

    @extend_schema(
        operation_id="registers_export_job_download",
        responses={
            **FILE_RESPONSES,
            404: OpenApiResponse(description="Not an export job of yours, not ready, or no longer kept."),
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        """The finished printout's file (for the person who asked for it only; each download is audited)."""
        job = self.job(pk)
        try:
            handle = export_services.open_export(job, by=self.person)
        except ValidationError as exc:
            raise NotFound(exc.messages[0]) from exc
        response = FileResponse(
            handle, as_attachment=True, filename=job.filename, content_type=exports.FORMATS[job.format]
        )
        response["Cache-Control"] = "private, no-store"
        return response
