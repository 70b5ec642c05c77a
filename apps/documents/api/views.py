from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.api import PersonMixin
from apps.core.paging import CountedListMixin, QuickPagination
from apps.documents import access, fulltext_search, services
from apps.documents.filters import IncomingFilter
from apps.documents.models import IncomingDocument

from .serializers import (
    CancelSerializer,
    IncomingCorrectionSerializer,
    IncomingDocumentSerializer,
    IncomingRegistrationSerializer,
    RegistrationResultSerializer,
)

SEARCH_PARAMETER = OpenApiParameter(
    "q",
    str,
    description="Full-text search: every word in the number, notation, subject, issuer or recipients, or in the text "
    'of the files (OCR\'d scans too), with or without accents; "…" for a phrase (the words one after the other). '
    "Each row then carries a snippet. With ordering=relevance, the 1,000 newest matches are ranked: exact matches (the "
    "accents as typed) first, then the words as a phrase.",
)


class SnippetsApiMixin:
    """An API document list whose rows, for a ``q``, carry the snippet of their files' text (``snippet``)."""

    @property
    def searched(self) -> str:
        q = self.request.query_params.get("q", "")
        return q if fulltext_search.Query.parse(q) else ""

    @extend_schema(parameters=[SEARCH_PARAMETER])
    def list(self, request: Request, *args, **kwargs) -> Response:
        return super().list(request, *args, **kwargs)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page and self.searched:
            fulltext_search.attach_snippets(page, self.searched)
        return page


class IncomingDocumentViewSet(
    SnippetsApiMixin,
    PersonMixin,
    CountedListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Incoming documents (văn bản đến) the caller may see; clerks register new ones (POST, multipart with
    ``files`` to attach). The answer to a registration carries ``warnings`` (e.g. a possible duplicate). A clerk
    cleared for its secrecy level corrects a registered document (PATCH: the fields sent, ``files`` added) or cancels
    a mistaken registration (``cancel/`` with its ``reason``: the document keeps its number, marked cancelled).

    The list takes the web list's filters (``register``, ``year``, ``document_type``, ``urgency``, ``secrecy``,
    ``status``, ``arrival_from``/``arrival_to`` as dd/mm/yyyy or yyyy-mm-dd, ``issuer``: a name or an agency code),
    ``q`` (full text: number, notation, subject, issuer and the text of the files, accents optional, ``"…"`` for a
    phrase; each row then has a ``snippet``) and ``ordering`` (``arrival``, ``issued``, ``issuer``, ``due``, ``-`` for
    descending; ``relevance`` with ``q``: the 1,000 newest matches, exact ones first; newest arrival first by
    default). Pages come without a count, with
    ``next`` and ``previous`` links (``page`` 1 to the page holding the 10,000th document, ``page_size`` ≤ 200): a
    count at a million documents would cost more than the page. ``count/`` with the same filters answers how many
    match (exact unless ``count_is_capped``: more than 10,000, or than 1,000 when counting further takes too long)."""

    queryset = IncomingDocument.objects.all()
    serializer_class = IncomingDocumentSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_class = IncomingFilter
    pagination_class = QuickPagination

    @property
    def newest_first(self):
        """The fast first pages (apps/core/paging.py) serve the default order, newest arrival first."""
        ordering = self.request.query_params.get("ordering", "")
        if self.searched:  # a full-text search: PostgreSQL's statistics choose (filters.DocumentFilter)
            return None
        return (IncomingDocument.objects.all(), "arrival_date") if ordering in ("", "-arrival") else None

    def get_queryset(self):
        return (
            access.incoming_visible_to(self.person)
            .defer(*fulltext_search.INDEX_FIELDS)
            .select_related("register", "document_type", "registered_by")
            .prefetch_related("recipients__unit", "recipients__user", "files__file")
        )

    def get_object(self) -> IncomingDocument:
        document = access.get_incoming_for(self.person, self.kwargs["pk"])
        return self.get_queryset().get(pk=document.pk)

    @extend_schema(request=IncomingRegistrationSerializer, responses={201: RegistrationResultSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated(IncomingRegistrationSerializer)
        issuer = services.resolve_issuer(code=data.pop("issuer_code"), name=data.pop("issuer_name"))
        entry = services.IncomingEntry(
            issuer=issuer,
            register=data.pop("register", None),
            document_type=data.pop("document_type", None),
            issued_date=data.pop("issued_date", None),
            **data,
        )
        registration = services.register_incoming(entry, by=self.person)
        document = self.get_queryset().get(pk=registration.document.pk)
        document.warnings = registration.warnings
        return Response(RegistrationResultSerializer(document).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=IncomingCorrectionSerializer, responses={200: RegistrationResultSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        document = self.get_object()
        access.ensure_may_correct(self.person, document)
        changes = self.validated(IncomingCorrectionSerializer)
        files = changes.pop("files", [])
        if "issuer_code" in changes or "issuer_name" in changes:
            code = changes.pop("issuer_code", document.issuer_code if "issuer_name" not in changes else "")
            name = changes.pop("issuer_name", document.issuer_name)
            changes["issuer"] = services.resolve_issuer(code=code, name=name)
        result = services.correct_incoming(document, by=self.person, changes=changes, files=files)
        return self._result(result)

    @extend_schema(request=CancelSerializer, responses={200: IncomingDocumentSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        document = self.get_object()
        reason = self.validated(CancelSerializer)["reason"]
        services.cancel_incoming(document, by=self.person, reason=reason)
        return Response(IncomingDocumentSerializer(self.get_queryset().get(pk=document.pk)).data)

    def _result(self, result: services.Registration, status_code: int = status.HTTP_200_OK) -> Response:
        document = self.get_queryset().get(pk=result.document.pk)
        document.warnings = result.warnings
        return Response(RegistrationResultSerializer(document).data, status=status_code)
