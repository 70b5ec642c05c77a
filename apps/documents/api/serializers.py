from django.contrib.auth import get_user_model
from rest_framework import serializers

from apps.core.serializers import StrictBooleanField, VisibleCharField
from apps.documents.inputs import WRITTEN_FIELDS
from apps.documents.models import IncomingAttachment, IncomingDocument, IncomingRecipient, IntakeState
from apps.people.models import Unit
from apps.registers.api.serializers import DocumentTypeBrief, RegisterBrief
from apps.registers.models import DocumentType, Register, Secrecy, Urgency


class IncomingRegisterBrief(RegisterBrief):
    class Meta(RegisterBrief.Meta):
        fields = [*RegisterBrief.Meta.fields, "kind"]


class RecipientSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = IncomingRecipient
        fields = ["unit", "user", "name"]

    def get_name(self, recipient: IncomingRecipient) -> str:
        return recipient.unit.name if recipient.unit_id else recipient.user.full_name


class FileOfSerializer(serializers.ModelSerializer):
    """A row that names a stored file (``.file``): its content's facts and where the intake chain is with it
    (``intake_state``: only a ``ready`` file can be downloaded; ``intake_reason`` says why one is not)."""

    sha256 = serializers.CharField(source="file.sha256", read_only=True)
    size = serializers.IntegerField(source="file.size", read_only=True)
    content_type = serializers.CharField(source="file.content_type", read_only=True)
    intake_state = serializers.ChoiceField(source="file.intake_state", choices=IntakeState.choices, read_only=True)
    intake_reason = serializers.CharField(source="file.intake_reason", read_only=True)

    FIELDS = ["sha256", "size", "content_type", "intake_state", "intake_reason"]


class AttachmentSerializer(FileOfSerializer):
    class Meta:
        model = IncomingAttachment
        fields = ["id", "name", *FileOfSerializer.FIELDS]


def snippet_field() -> serializers.CharField:
    """A list row's snippet for the list's ``q`` (documents.fulltext_search.snippet)."""
    return serializers.CharField(
        read_only=True,
        default="",
        help_text="With q: the passage of the files' text where the words occur, as HTML (the text escaped, the words "
        "in <mark>); empty otherwise.",
    )


class IncomingDocumentSerializer(serializers.ModelSerializer):
    register = IncomingRegisterBrief(read_only=True)
    document_type = DocumentTypeBrief(read_only=True)
    number_and_notation = serializers.CharField(read_only=True)
    arrival_number_display = serializers.CharField(read_only=True)
    recipients = RecipientSerializer(many=True, read_only=True)
    files = AttachmentSerializer(many=True, read_only=True)
    registered_by = serializers.CharField(source="registered_by.full_name", read_only=True)
    is_cancelled = StrictBooleanField(read_only=True)
    snippet = snippet_field()

    class Meta:
        model = IncomingDocument
        fields = [
            "id",
            "register",
            "year",
            "arrival_number",
            "arrival_number_display",
            "arrival_date",
            "issuer_code",
            "issuer_name",
            "number",
            "notation",
            "number_and_notation",
            *WRITTEN_FIELDS,
            "status",
            "recipients",
            "files",
            "registered_by",
            "registered_at",
            "is_cancelled",
            "cancelled_at",
            "cancel_reason",
            "snippet",
        ]
        read_only_fields = fields


class IncomingRegistrationSerializer(serializers.Serializer):
    """Input of a registration (multipart when files are attached). Types are checked here; every rule of the
    Decree is checked by services.register_incoming, which answers with field → messages."""

    register = serializers.PrimaryKeyRelatedField(queryset=Register.objects.all(), required=False, allow_null=True)
    document_type = serializers.PrimaryKeyRelatedField(
        queryset=DocumentType.objects.all(), required=False, allow_null=True
    )
    issuer_code = serializers.CharField(required=False, allow_blank=True, default="")
    issuer_name = VisibleCharField(required=False, allow_blank=True, default="")
    number = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=10**11)
    notation = serializers.CharField(required=False, allow_blank=True, default="")
    issued_date = serializers.DateField(required=False, allow_null=True)
    subject = VisibleCharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    language = serializers.CharField(required=False, allow_blank=True, default="vi")
    page_count = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=999)
    signer = VisibleCharField(required=False, allow_blank=True, default="")
    signer_position = VisibleCharField(required=False, allow_blank=True, default="")
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False, default=Urgency.NONE)
    secrecy = serializers.ChoiceField(choices=Secrecy.choices, required=False, default=Secrecy.NONE)
    recipient_units = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), many=True, required=False)
    recipient_users = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), many=True, required=False
    )
    due_on = serializers.DateField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    arrival_date = serializers.DateField(required=False, allow_null=True)
    files = serializers.ListField(child=serializers.FileField(), required=False)


class RegistrationResultSerializer(IncomingDocumentSerializer):
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(IncomingDocumentSerializer.Meta):
        fields = [*IncomingDocumentSerializer.Meta.fields, "warnings"]
        read_only_fields = fields


class IncomingCorrectionSerializer(serializers.Serializer):
    """A correction (PATCH, multipart when files are added): only the fields sent change; ``files`` are added to the
    document's. The register, the arrival number and the arrival date cannot be changed (cancel and register again).
    The rules of a registration apply to the result (services.correct_incoming)."""

    document_type = serializers.PrimaryKeyRelatedField(queryset=DocumentType.objects.all(), required=False)
    issuer_code = serializers.CharField(required=False, allow_blank=True, max_length=13)
    issuer_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    number = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=10**11)
    notation = serializers.CharField(required=False, allow_blank=True, max_length=30)
    issued_date = serializers.DateField(required=False)
    subject = serializers.CharField(required=False, min_length=1, max_length=500)
    language = serializers.CharField(required=False, min_length=1, max_length=30)
    page_count = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=999)
    signer = serializers.CharField(required=False, allow_blank=True, max_length=50)
    signer_position = serializers.CharField(required=False, allow_blank=True, max_length=100)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    secrecy = serializers.ChoiceField(choices=Secrecy.choices, required=False)
    recipient_units = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), many=True, required=False)
    recipient_users = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), many=True, required=False
    )
    due_on = serializers.DateField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, max_length=500)
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=50)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(min_length=1, max_length=500, help_text="Why the registration is cancelled.")
