from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from rest_framework import serializers

from apps.core.serializers import ModelSerializer, StrictBooleanField, VisibleCharField
from apps.core.text import strip_invisible
from apps.people.models import Membership, Position, Role, Unit


class UnitSerializer(ModelSerializer):
    # Checked by services.save_unit after upper-casing, so "vp" is accepted as VP.
    abbreviation = serializers.CharField(max_length=20)

    class Meta:
        model = Unit
        fields = ["id", "name", "abbreviation", "parent", "order", "is_active"]

    def validate_name(self, value: str) -> str:
        return strip_invisible(value)


class PositionSerializer(ModelSerializer):
    class Meta:
        model = Position
        fields = ["id", "name", "rank", "is_leadership"]

    def validate_name(self, value: str) -> str:
        return strip_invisible(value)


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["username", "full_name", "email", "phone"]
        read_only_fields = fields


class NewPersonSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=50)
    full_name = VisibleCharField(max_length=100)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    password = serializers.CharField(write_only=True, min_length=8)


class MembershipSerializer(ModelSerializer):
    person = PersonSerializer(source="user", read_only=True)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(is_active=True))
    position = serializers.PrimaryKeyRelatedField(queryset=Position.objects.all())
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices), allow_empty=False, min_length=1)

    class Meta:
        model = Membership
        fields = ["id", "person", "unit", "position", "roles", "is_active"]
        read_only_fields = ["is_active"]


class MembershipCreateSerializer(MembershipSerializer):
    """Add a person: ``username`` of an existing identity, or ``new_person`` to create one."""

    username = serializers.CharField(required=False, write_only=True)
    new_person = NewPersonSerializer(required=False, write_only=True)

    class Meta(MembershipSerializer.Meta):
        fields = [*MembershipSerializer.Meta.fields, "username", "new_person"]

    def validate(self, attrs: dict) -> dict:
        if bool(attrs.get("username")) == bool(attrs.get("new_person")):
            raise serializers.ValidationError(_("Give either username (an existing person) or new_person."))
        if attrs.get("username"):
            user = get_user_model().objects.filter(username=attrs["username"].strip().lower()).first()
            if user is None:
                raise serializers.ValidationError({"username": _("No person has this username.")})
            attrs["user"] = user
        return attrs


class ActiveSerializer(serializers.Serializer):
    is_active = StrictBooleanField()
