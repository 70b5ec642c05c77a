from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.paging import CountedListMixin, QuickPagination
from apps.documents import access, services
from apps.documents.filters import IncomingFilter
from apps.documents.models import IncomingDocument

from .serializers import IncomingDocumentSerializer, IncomingRegistrationSerializer, RegistrationResultSerializer


class IncomingDocumentViewSet(
    CountedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Incoming documents (văn bản đến) the caller may see; clerks register new ones (POST, multipart with
    ``files`` to attach). The answer to a registration carries ``warnings`` (e.g. a possible duplicate).

    The list takes the web list's filters (``register``, ``year``, ``document_type``, ``urgency``, ``secrecy``,
    ``status``, ``arrival_from``/``arrival_to`` as dd/mm/yyyy or yyyy-mm-dd, ``issuer``: a name or an agency code),
    ``q`` (number, notation, subject or issuer, accents optional) and ``ordering`` (``arrival``, ``issued``,
    ``issuer``, ``due``, ``-`` for descending; newest arrival first by default). Pages come without a count, with
    ``next`` and ``previous`` links (``page`` 1 to the page holding the 10,000th document, ``page_size`` ≤ 200): a
    count at a million documents would cost more than the page. ``count/`` with the same filters answers how many
    match (exact unless ``count_is_capped``: more than 10,000, or than 1,000 when counting further takes too long)."""

    queryset = IncomingDocument.objects.all()
    serializer_class = IncomingDocumentSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_class = IncomingFilter
    pagination_class = QuickPagination

    @property
    def person(self):
        return self.request._request.person

    @property
    def newest_first(self):
        """The fast first pages (apps/core/paging.py) serve the default order, newest arrival first."""
        ordering = self.request.query_params.get("ordering", "")
        return (IncomingDocument.objects.all(), "arrival_date") if ordering in ("", "-arrival") else None

    def get_queryset(self):
        return (
            access.incoming_visible_to(self.person)
            .select_related("register", "document_type", "registered_by")
            .prefetch_related("recipients__unit", "recipients__user", "files__file")
        )

    def get_object(self) -> IncomingDocument:
        document = access.get_incoming_for(self.person, self.kwargs["pk"])
        return self.get_queryset().get(pk=document.pk)

    @extend_schema(request=IncomingRegistrationSerializer, responses={201: RegistrationResultSerializer})
    def create(self, request: Request) -> Response:
        payload = IncomingRegistrationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
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
