from django.contrib.auth import get_user_model
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.audit.models import AuditEvent
from apps.core.serializers import IdField, VisibleCharField
from apps.documents.api.serializers import FileOfSerializer, snippet_field
from apps.outgoing import access
from apps.outgoing.inputs import PARTICULAR_FIELDS, WRITTEN_FIELDS
from apps.outgoing.models import (
    CorrectionKind,
    Draft,
    DraftFile,
    DraftVersion,
    OutgoingDocument,
    OutgoingRecipient,
    OutgoingStatus,
    ReviewStep,
)
from apps.people.models import Unit
from apps.registers.api.serializers import DocumentTypeBrief, RegisterBrief
from apps.registers.models import DocumentType, Register, Secrecy, Urgency

User = get_user_model()


class OutgoingPersonBrief(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class OutgoingUnitBrief(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "abbreviation"]


class OutgoingDocumentBrief(serializers.ModelSerializer):
    number_and_notation = serializers.CharField(read_only=True)

    class Meta:
        model = OutgoingDocument
        fields = ["id", "number_and_notation", "issued_date", "subject"]


class OutgoingRecipientSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutgoingRecipient
        fields = ["kind", "agency_code", "name", "unit", "user"]


class DraftFileSerializer(FileOfSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DraftFile
        fields = ["id", "name", *FileOfSerializer.FIELDS, "download_url"]

    def get_download_url(self, file: DraftFile) -> str:
        return reverse("outgoing:file", args=[file.version.draft_id, file.pk])


class DraftVersionSerializer(serializers.ModelSerializer):
    created_by = OutgoingPersonBrief()
    files = DraftFileSerializer(many=True)

    class Meta:
        model = DraftVersion
        fields = ["number", "subject", "note", "created_by", "created_at", "content", "files"]


class ReviewStepSerializer(serializers.ModelSerializer):
    by = OutgoingPersonBrief()

    class Meta:
        model = ReviewStep
        fields = ["stage", "decision", "version", "by", "comment", "at"]


class DraftSerializer(serializers.ModelSerializer):
    """A draft as listed: its fields, where it is in the flow and what the caller may do with it now."""

    drafting_unit = OutgoingUnitBrief()
    drafter = OutgoingPersonBrief()
    document_type = DocumentTypeBrief()
    signer = OutgoingPersonBrief(allow_null=True)
    register = RegisterBrief(allow_null=True)
    recipients = OutgoingRecipientSerializer(many=True)
    state_display = serializers.CharField(source="get_state_display")
    actions = serializers.SerializerMethodField()
    document = serializers.SerializerMethodField()
    correction_kind = serializers.ChoiceField(
        choices=CorrectionKind.choices, allow_blank=True, read_only=True, help_text="Blank unless it corrects one."
    )

    class Meta:
        model = Draft
        fields = [
            "id",
            "state",
            "state_display",
            "version",
            "drafting_unit",
            "drafter",
            *WRITTEN_FIELDS,
            "reviewer",
            "register",
            *PARTICULAR_FIELDS,
            "recipients",
            "actions",
            "document",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=list(access.ACTIONS))))
    def get_actions(self, draft: Draft) -> list[str]:
        person = self.context["person"]
        return access.actions_for(person, draft, clearance=self.context.get("clearance"))

    @extend_schema_field(OutgoingDocumentBrief(allow_null=True))
    def get_document(self, draft: Draft) -> dict | None:
        document = getattr(draft, "document", None) if draft.state == Draft.State.ISSUED else None
        return OutgoingDocumentBrief(document).data if document else None


class DraftDetailSerializer(DraftSerializer):
    """A draft with its versions (newest first, with their files) and its review history."""

    versions = DraftVersionSerializer(many=True)
    steps = ReviewStepSerializer(many=True)

    class Meta(DraftSerializer.Meta):
        fields = [*DraftSerializer.Meta.fields, "versions", "steps"]
        read_only_fields = fields


class DraftInputSerializer(serializers.Serializer):
    """A new draft, or the changes of a new version (multipart when files are attached). Types are checked here;
    the rules by the services, which answer with field → messages. On a change, the recipients given (any of the
    four ``recipient_*`` lists) replace all of them; ``keep_files`` lists the file ids of the latest version to
    keep (all when absent)."""

    drafting_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    document_type = serializers.PrimaryKeyRelatedField(
        queryset=DocumentType.objects.all(), required=False, allow_null=True
    )
    subject = VisibleCharField(required=False, allow_blank=True, trim_whitespace=False)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    secrecy = serializers.ChoiceField(choices=Secrecy.choices, required=False)
    due_on = serializers.DateField(required=False, allow_null=True)
    signer = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    signer_position = VisibleCharField(required=False, allow_blank=True)
    page_count = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=999)
    issued_amount = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=999)
    language = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    in_reply_to = IdField(required=False, allow_null=True, help_text="An incoming document's id.")
    corrects = IdField(required=False, allow_null=True, help_text="An outgoing document's id.")
    correction_kind = serializers.ChoiceField(choices=CorrectionKind.choices, required=False, allow_blank=True)
    recipient_agencies = serializers.ListField(child=serializers.CharField(), required=False)
    recipient_places = serializers.ListField(child=VisibleCharField(), required=False)
    recipient_units = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), many=True, required=False)
    recipient_users = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), many=True, required=False)
    files = serializers.ListField(child=serializers.FileField(), required=False)
    keep_files = serializers.ListField(child=IdField(), required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)
    version = IdField(required=False, help_text="The version the change is based on (changes only).")


class StepInputSerializer(serializers.Serializer):
    version = IdField(help_text="The version the caller read and acts on.")
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class SubmitInputSerializer(StepInputSerializer):
    reviewer = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        help_text="Who reviews the content: a head of the drafting unit, or when it has none one of the agency's "
        "leaders (the best placed when omitted).",
    )


class AbandonInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version the caller read.")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class DecisionInputSerializer(StepInputSerializer):
    decision = serializers.ChoiceField(choices=[("approve", "approve"), ("return", "return")])


class IssueInputSerializer(serializers.Serializer):
    version = IdField(help_text="The approved version to issue.")
    register = serializers.PrimaryKeyRelatedField(
        queryset=Register.objects.all(), required=False, allow_null=True, help_text="Another outgoing register."
    )


class RecallInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text="Why it is recalled (required).")


class OutgoingDocumentSerializer(serializers.ModelSerializer):
    """An issued outgoing document: its register entry and frozen content."""

    register = RegisterBrief()
    document_type = DocumentTypeBrief()
    drafting_unit = OutgoingUnitBrief()
    number_and_notation = serializers.CharField(read_only=True)
    issued_by = serializers.CharField(source="issued_by.full_name")
    files = DraftFileSerializer(many=True, source="version.files")
    version = serializers.IntegerField(source="version.number")
    corrects = OutgoingDocumentBrief(allow_null=True)
    corrected_by = OutgoingDocumentBrief(many=True)
    recalled_by = serializers.CharField(source="recalled_by.full_name", allow_null=True, default=None)
    correction_kind = serializers.ChoiceField(
        choices=CorrectionKind.choices, allow_blank=True, read_only=True, help_text="Blank unless it corrects one."
    )
    status = serializers.ChoiceField(choices=OutgoingStatus.choices, read_only=True)
    snippet = snippet_field()

    class Meta:
        model = OutgoingDocument
        fields = [
            "id",
            "draft",
            "version",
            "register",
            "year",
            "number",
            "notation",
            "number_and_notation",
            "issued_at",
            "issued_date",
            "issued_by",
            "issuer_code",
            "issuer_name",
            "document_type",
            "type_name",
            "subject",
            "urgency",
            "secrecy",
            "drafting_unit",
            "signer_name",
            "signer_position",
            "recipients_text",
            "files",
            "page_count",
            "issued_amount",
            "due_on",
            "language",
            "description",
            "corrects",
            "correction_kind",
            "corrected_by",
            "content_sha256",
            "snippet",
            "recalled_at",
            "recalled_by",
            "recall_reason",
            "status",
        ]
        read_only_fields = fields


class OutgoingAuditEventSerializer(serializers.ModelSerializer):
    """An event of the audit trail of a draft and of the document it became (outgoing.access.audit_trail)."""

    class Meta:
        model = AuditEvent
        fields = ["at", "actor_name", "action", "object_type", "changes"]
        read_only_fields = fields
