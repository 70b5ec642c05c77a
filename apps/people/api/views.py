from django.db import connection
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import PersonMixin, WritableViewSet, with_changes
from apps.people import services
from apps.people.models import Membership, Position, Unit
from province.restapi import IsAgencyAdmin

from .serializers import (
    ActiveSerializer,
    MembershipCreateSerializer,
    MembershipSerializer,
    PositionSerializer,
    UnitSerializer,
)


class MeMembershipSerializer(serializers.Serializer):
    unit = serializers.CharField(source="unit.name")
    unit_abbreviation = serializers.CharField(source="unit.abbreviation")
    position = serializers.CharField(source="position.name")
    roles = serializers.ListField(child=serializers.CharField())


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    agency = serializers.CharField()
    schema = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    memberships = MeMembershipSerializer(many=True)


class MeView(PersonMixin, APIView):
    """Who is calling, in which agency, with which roles."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        person = self.person
        data = {
            "username": request.user.username,
            "full_name": request.user.full_name,
            "agency": str(request.tenant),
            "schema": connection.schema_name,
            "roles": sorted(person.roles),
            "memberships": person.memberships,
        }
        return Response(MeSerializer(data).data)


class UnitViewSet(WritableViewSet):
    """Units of the agency; members read, agency administrators create and change (no deletion: deactivate)."""

    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    filterset_fields = ["is_active", "parent"]

    def perform_create(self, serializer: UnitSerializer) -> None:
        serializer.instance = services.save_unit(Unit(**serializer.validated_data), by=self.person)

    def perform_update(self, serializer: UnitSerializer) -> None:
        """Every field at once, ``is_active`` included: the service applies the deactivation and reactivation
        rules whichever way the unit goes."""
        services.save_unit(with_changes(serializer.instance, serializer.validated_data), by=self.person)


class PositionViewSet(WritableViewSet):
    queryset = Position.objects.all()
    serializer_class = PositionSerializer

    def perform_create(self, serializer: PositionSerializer) -> None:
        serializer.instance = services.save_position(Position(**serializer.validated_data), by=self.person)

    def perform_update(self, serializer: PositionSerializer) -> None:
        services.save_position(with_changes(serializer.instance, serializer.validated_data), by=self.person)


class MembershipViewSet(WritableViewSet):
    """People of the agency (agency administrators only)."""

    queryset = Membership.objects.select_related("user", "unit", "position")
    permission_classes = [IsAgencyAdmin]
    filterset_fields = ["is_active", "unit", "position"]

    def get_serializer_class(self):
        return MembershipCreateSerializer if self.action == "create" else MembershipSerializer

    def perform_create(self, serializer: MembershipCreateSerializer) -> None:
        data = serializer.validated_data
        new_person = dict(data["new_person"]) if data.get("new_person") else None
        serializer.instance = services.add_member(
            user=data.get("user"),
            new_user=new_person,
            unit=data["unit"],
            position=data["position"],
            roles=data["roles"],
            by=self.person,
        )

    def perform_update(self, serializer: MembershipSerializer) -> None:
        membership, data = serializer.instance, serializer.validated_data
        services.update_membership(
            membership,
            unit=data.get("unit", membership.unit),
            position=data.get("position", membership.position),
            roles=data.get("roles", membership.roles),
            by=self.person,
        )

    @extend_schema(request=ActiveSerializer, responses=MembershipSerializer)
    @action(detail=True, methods=["post"])
    def active(self, request: Request, pk: str | None = None) -> Response:
        """Deactivate or reactivate a membership (the last administrator cannot be deactivated)."""
        membership = self.get_object()
        active = self.validated(ActiveSerializer)["is_active"]
        services.set_membership_active(membership, active, by=self.person)
        return Response(MembershipSerializer(membership).data)
