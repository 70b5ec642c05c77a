from django.db import connection
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class MembershipSerializer(serializers.Serializer):
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
    memberships = MembershipSerializer(many=True)


class MeView(APIView):
    """Who is calling, in which agency, with which roles."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        person = request._request.person
        data = {
            "username": request.user.username,
            "full_name": request.user.full_name,
            "agency": str(request.tenant),
            "schema": connection.schema_name,
            "roles": sorted(person.roles),
            "memberships": person.memberships,
        }
        return Response(MeSerializer(data).data)
