from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from apps.core.api import PersonMixin, WritableViewSet, with_changes
from apps.registers import access, services
from apps.registers.models import DocumentType, Register, SecrecyClearance
from province.restapi import IsAgencyAdmin

from .serializers import ClearanceSerializer, DocumentTypeSerializer, RegisterSerializer, UsableQuerySerializer


class DocumentTypeViewSet(WritableViewSet):
    """Document types (tên loại văn bản): the Decree 30 catalogue and the agency's own; administrators add and
    change them (no deletion: deactivate)."""

    queryset = DocumentType.objects.all()
    serializer_class = DocumentTypeSerializer
    filterset_fields = ["is_active", "is_copy_form"]

    def get_queryset(self):
        return access.document_types_visible_to(self.person)

    def perform_create(self, serializer: DocumentTypeSerializer) -> None:
        serializer.instance = services.save_document_type(DocumentType(**serializer.validated_data), by=self.person)

    def perform_update(self, serializer: DocumentTypeSerializer) -> None:
        services.save_document_type(with_changes(serializer.instance, serializer.validated_data), by=self.person)


class RegisterViewSet(WritableViewSet):
    """Registers (sổ đăng ký văn bản); members read, administrators configure."""

    queryset = Register.objects.all()
    serializer_class = RegisterSerializer
    filterset_fields = ["kind", "is_active"]

    def get_queryset(self):
        return access.registers_visible_to(self.person)

    def perform_create(self, serializer: RegisterSerializer) -> None:
        data = dict(serializer.validated_data)
        types = data.pop("document_types", [])
        serializer.instance = services.save_register(Register(**data), by=self.person, document_types=types)

    def perform_update(self, serializer: RegisterSerializer) -> None:
        data = dict(serializer.validated_data)
        types = data.pop("document_types", None)
        services.save_register(with_changes(serializer.instance, data), by=self.person, document_types=types)

    @extend_schema(
        parameters=[OpenApiParameter("kind", str, enum=list(Register.Kind.values), default=Register.Kind.INCOMING)],
        responses=RegisterSerializer(many=True),
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def usable(self, request: Request) -> Response:
        """The registers the caller may record documents into (clerks; secret ones only when cleared)."""
        kind = self.validated(UsableQuerySerializer, request.query_params)["kind"]
        registers = access.registers_usable_by(self.person, kind)
        return Response(RegisterSerializer(registers, many=True).data)


class ClearanceViewSet(PersonMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Secrecy clearances of the agency's people (administrators). POST {user, level} grants or changes one;
    level "none" revokes it."""

    queryset = SecrecyClearance.objects.order_by("user_id")
    serializer_class = ClearanceSerializer
    permission_classes = [IsAgencyAdmin]

    def create(self, request: Request) -> Response:
        payload = ClearanceSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.set_clearance(payload.validated_data["user"], payload.validated_data["level"], by=self.person)
        return Response(payload.data, status=status.HTTP_201_CREATED)
