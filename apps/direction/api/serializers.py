"""The direction API's shapes: what a caller sends (inputs for the services) and what it reads back."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from rest_framework import serializers

from apps.core.serializers import ModelSerializer, StrictBooleanField, VisibleCharField
from apps.direction.inputs import Assignee, DirectionInput, NoteInput, ReassignInput, TaskInput
from apps.direction.models import Assignment, Delegation, ExtensionRequest, Note, Preference, Submission, Work
from apps.documents.inputs import Upload
from apps.documents.models import IncomingDocument
from apps.outgoing.access import drafts_visible_to
from apps.people.models import Unit
from apps.registers.models import Urgency

User = get_user_model()


# ---- inputs ------------------------------------------------------------------------------------------------------


class AssigneeSerializer(serializers.Serializer):
    """A unit or a person (exactly one), with an own deadline (yyyy-mm-dd) when it differs from the work's."""

    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs: dict) -> dict:
        if (attrs.get("unit") is None) == (attrs.get("user") is None):
            raise serializers.ValidationError(_("Each assignee is a unit or a person."))
        return attrs


def _assignees(values: list[dict]) -> tuple[Assignee, ...]:
    return tuple(Assignee(unit=v.get("unit"), user=v.get("user"), due_on=v.get("due_on")) for v in values)


class SubmitSerializer(serializers.Serializer):
    document = serializers.PrimaryKeyRelatedField(queryset=IncomingDocument.objects.all())
    leader = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    note = VisibleCharField(required=False, allow_blank=True, max_length=1000, default="")


class DirectionSerializer(serializers.Serializer):
    """A leader's direction on an incoming document: the text, one lead, supports, infos, the lead's deadline."""

    document = serializers.PrimaryKeyRelatedField(queryset=IncomingDocument.objects.all())
    text = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    lead = AssigneeSerializer()
    supports = AssigneeSerializer(many=True, required=False, default=list)
    infos = AssigneeSerializer(many=True, required=False, default=list)
    due_on = serializers.DateField(required=False, allow_null=True)

    def to_input(self) -> DirectionInput:
        data = self.validated_data
        return DirectionInput(
            text=data["text"],
            lead=_assignees([data["lead"]])[0],
            supports=_assignees(data["supports"]),
            infos=_assignees(data["infos"]),
            due_on=data.get("due_on"),
        )


class TaskSerializer(serializers.Serializer):
    title = VisibleCharField(max_length=500)
    description = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    lead = AssigneeSerializer()
    supports = AssigneeSerializer(many=True, required=False, default=list)
    infos = AssigneeSerializer(many=True, required=False, default=list)
    due_on = serializers.DateField(required=False, allow_null=True)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False, default=Urgency.NONE)
    parent = serializers.PrimaryKeyRelatedField(queryset=Work.objects.all(), required=False, allow_null=True)

    def to_input(self) -> TaskInput:
        data = self.validated_data
        return TaskInput(
            title=data["title"],
            description=data["description"],
            lead=_assignees([data["lead"]])[0],
            supports=_assignees(data["supports"]),
            infos=_assignees(data["infos"]),
            due_on=data.get("due_on"),
            urgency=data["urgency"],
        )


class NoteInputSerializer(serializers.Serializer):
    """An opinion, progress or the result (multipart when ``files`` are attached); ``reply``: the id of the draft
    answering the work's document (one the caller may read)."""

    kind = serializers.ChoiceField(choices=Note.Kind.choices)
    text = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    percent = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=20, default=list)
    reply = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**31 - 1)

    def validate_reply(self, value: int | None):
        if value is None:
            return None
        draft = drafts_visible_to(self.context["person"]).filter(pk=value).first()
        if draft is None:
            raise serializers.ValidationError(_("No draft you may read has this id."))
        return draft

    def to_input(self) -> NoteInput:
        data = self.validated_data
        files = tuple(Upload.made_from(f) for f in data["files"])
        return NoteInput(
            kind=data["kind"], text=data["text"], percent=data.get("percent"), files=files, reply=data.get("reply")
        )


class ReassignSerializer(serializers.Serializer):
    handler = AssigneeSerializer()
    helpers = AssigneeSerializer(many=True, required=False, default=list)
    text = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")

    def to_input(self) -> ReassignInput:
        data = self.validated_data
        return ReassignInput(
            handler=_assignees([data["handler"]])[0], helpers=_assignees(data["helpers"]), text=data["text"]
        )


class ExtensionInputSerializer(serializers.Serializer):
    requested_due_on = serializers.DateField()
    reason = serializers.CharField(max_length=1000)


class DecisionSerializer(serializers.Serializer):
    grant = StrictBooleanField()
    answer = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class DelegationInputSerializer(serializers.Serializer):
    delegate = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    reason = VisibleCharField(max_length=500)


# ---- what is read back ---------------------------------------------------------------------------------------------


class NoteSerializer(ModelSerializer):
    author = serializers.CharField(source="author.full_name", read_only=True)

    class Meta:
        model = Note
        fields = ["id", "kind", "text", "percent", "author", "created_at"]


class AssignmentSerializer(ModelSerializer):
    name = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True, help_text="Derived: waiting, in_progress, due_soon, overdue, …")
    notes = NoteSerializer(many=True, read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "work",
            "role",
            "unit",
            "user",
            "name",
            "parent",
            "due_on",
            "state",
            "status",
            "assigned_at",
            "started_at",
            "done_at",
            "notes",
        ]

    def get_name(self, assignment: Assignment) -> str:
        return assignment.unit.name if assignment.unit_id else assignment.user.full_name


class WorkSerializer(ModelSerializer):
    directed_by = serializers.CharField(source="directed_by.full_name", read_only=True)
    on_behalf_of = serializers.CharField(source="on_behalf_of.full_name", read_only=True, default="")
    assignments = serializers.SerializerMethodField()

    class Meta:
        model = Work
        fields = [
            "id",
            "kind",
            "document",
            "parent",
            "title",
            "description",
            "direction",
            "directed_by",
            "on_behalf_of",
            "directed_at",
            "due_on",
            "urgency_rank",
            "secrecy",
            "state",
            "done_at",
            "assignments",
        ]

    def get_assignments(self, work: Work) -> list[dict]:
        rows = getattr(work, "shown_assignments", None)
        return AssignmentSerializer(rows if rows is not None else [], many=True).data


class SubmissionSerializer(ModelSerializer):
    subject = serializers.CharField(source="document.subject", read_only=True)
    leader_name = serializers.CharField(source="leader.full_name", read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "document",
            "subject",
            "leader",
            "leader_name",
            "note",
            "urgency_rank",
            "is_invitation",
            "state",
            "submitted_at",
        ]


class ExtensionRequestSerializer(ModelSerializer):
    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "assignment",
            "current_due_on",
            "requested_due_on",
            "reason",
            "decision",
            "answer",
            "requested_at",
            "decided_at",
        ]


class DelegationSerializer(ModelSerializer):
    class Meta:
        model = Delegation
        fields = ["id", "grantor", "delegate", "starts_at", "ends_at", "reason", "revoked_at"]


class CountsSerializer(serializers.Serializer):
    to_direct = serializers.IntegerField()
    to_do = serializers.IntegerField()
    overdue = serializers.IntegerField()
    to_decide = serializers.IntegerField()
    total = serializers.IntegerField()


class PreferenceInputSerializer(serializers.Serializer):
    in_app = StrictBooleanField(help_text="In the application (the bell).")
    email = StrictBooleanField(help_text="By e-mail: only the reminders (due_soon, overdue) are e-mailed.")


class PreferenceSerializer(PreferenceInputSerializer):
    kind = serializers.ChoiceField(choices=Preference.Kind.choices)
