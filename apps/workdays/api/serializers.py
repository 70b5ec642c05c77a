from rest_framework import serializers

from apps.core.serializers import ModelSerializer, StrictBooleanField
from apps.workdays.library import MAX_YEAR, MIN_YEAR
from apps.workdays.models import AgencyDayException, DayException, DayKind
from apps.workdays.overview import LEVELS
from apps.workdays.services import ExceptionEntry

# No control character (the schema says so, so that a reason holding one is refused as malformed: 400).
WITHOUT_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f-\x9f]*$"


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=MIN_YEAR, max_value=MAX_YEAR, required=False, help_text="The year (this year by default)."
    )


class ExceptionSerializer(ModelSerializer):
    class Meta:
        model = AgencyDayException
        fields = ["id", "date", "kind", "reason"]


class ExceptionInputSerializer(serializers.Serializer):
    """An agency's own exception. The service tidies the reason (spaces, invisible characters) and refuses a date
    outside the editable years or already holding an exception (409)."""

    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=DayKind.choices, help_text="off: a day off; working: a working day.")
    reason = serializers.RegexField(
        WITHOUT_CONTROL_CHARACTERS,
        min_length=1,
        max_length=DayException.REASON_MAX_LENGTH,
        trim_whitespace=False,
        help_text="Why, as people will read it.",
    )

    @staticmethod
    def entry(data: dict) -> ExceptionEntry:
        return ExceptionEntry(date=data["date"], kind=data["kind"], reason=data["reason"])


class SpecialDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    working = StrictBooleanField(help_text="What this level says of the date.")
    level = serializers.ChoiceField(choices=list(LEVELS.items()), help_text="library: a public holiday.")
    label = serializers.CharField(help_text="The holiday's name or the exception's reason.")
    applies = StrictBooleanField(help_text="False when a higher level decides the date.")
    exception = serializers.IntegerField(source="exception_id", allow_null=True)


class YearCalendarSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    working_days = serializers.IntegerField(source="working_count")
    non_working_days = serializers.ListField(
        source="non_working", child=serializers.DateField(), help_text="Weekends included, sorted."
    )
    special_days = SpecialDaySerializer(many=True)

    def to_representation(self, instance) -> dict:
        data = super().to_representation(instance)
        data["non_working_days"] = sorted(data["non_working_days"])
        return data
