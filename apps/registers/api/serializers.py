from django.contrib.auth import get_user_model
from rest_framework import serializers

from apps.core.text import strip_invisible
from apps.registers.models import DocumentType, Register, Secrecy


class DocumentTypeBrief(serializers.ModelSerializer):
    """A document type as other records name it."""

    class Meta:
        model = DocumentType
        fields = ["id", "name", "abbreviation"]


class RegisterBrief(serializers.ModelSerializer):
    """A register as other records name it."""

    class Meta:
        model = Register
        fields = ["id", "name"]


class DocumentTypeSerializer(serializers.ModelSerializer):
    # Checked by the model (and its CHECK constraint) after trimming, in services.save_document_type.
    abbreviation = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")

    class Meta:
        model = DocumentType
        fields = ["id", "name", "abbreviation", "is_copy_form", "is_builtin", "is_active", "order"]
        read_only_fields = ["is_builtin"]

    def validate_name(self, value: str) -> str:
        return strip_invisible(value)


class RegisterSerializer(serializers.ModelSerializer):
    document_types = serializers.PrimaryKeyRelatedField(queryset=DocumentType.objects.all(), many=True, required=False)
    secrecy_levels = serializers.ListField(
        child=serializers.ChoiceField(choices=Secrecy.choices), allow_empty=False, min_length=1
    )
    is_secret = serializers.BooleanField(read_only=True)

    class Meta:
        model = Register
        fields = [
            "id",
            "kind",
            "name",
            "document_types",
            "secrecy_levels",
            "is_secret",
            "notation_pattern",
            "notation_pattern_without_type",
            "order",
            "is_active",
        ]

    def validate_name(self, value: str) -> str:
        return strip_invisible(value)


class ClearanceSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all())
    level = serializers.ChoiceField(choices=Secrecy.choices)


class UsableQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Register.Kind.choices, default=Register.Kind.INCOMING)
