"""``GET /api/v1/direction/figures/``: the dashboards' figures (issue 8 points 9–10), with the same permissions as
the page: everyone's own figures; for a leader, those of the units and people they oversee (``team``; null for
anyone else). The period is checked as the page checks it (at most a year)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import PersonMixin
from apps.direction import figures
from apps.direction.figures import GRAINS, Tally


class PeriodQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    by = serializers.ChoiceField(choices=list(GRAINS), required=False)

    def validate(self, attrs: dict) -> dict:
        """The period as the page checks it: a bad one is the request's fault (400), not the data's."""
        try:
            period = figures.Period.checked(
                attrs.get("start"), attrs.get("end"), attrs.get("by"), today=timezone.localdate()
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return {"period": period}


class TallySerializer(serializers.Serializer):
    received = serializers.IntegerField()
    open = serializers.IntegerField(help_text="Open, within the deadline.")
    overdue = serializers.IntegerField()
    done_on_time = serializers.IntegerField()
    done_late = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True, help_text="Done on time among what is done, in %.")


class BucketSerializer(TallySerializer):
    start = serializers.DateField(source="period.start")
    end = serializers.DateField(source="period.end")


class LineSerializer(TallySerializer):
    id = serializers.IntegerField(source="key")
    name = serializers.CharField(source="label")


class TeamSerializer(serializers.Serializer):
    totals = TallySerializer()
    series = BucketSerializer(many=True)
    units = LineSerializer(many=True)
    people = LineSerializer(many=True)


class OwnSerializer(serializers.Serializer):
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()
    done_on_time = serializers.IntegerField(help_text="This month.")
    done_late = serializers.IntegerField(help_text="This month.")


class FiguresSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    by = serializers.ChoiceField(choices=list(GRAINS))
    own = OwnSerializer()
    team = TeamSerializer(allow_null=True)


def _flat(tally: Tally, **more: object) -> dict:
    return {**tally.__dict__, "on_time_rate": tally.on_time_rate, **more}


def _team(board: figures.Board) -> dict:
    return {
        "totals": _flat(board.totals),
        "series": [_flat(b.tally, period=b.period) for b in board.series],
        "units": [_flat(line.tally, key=line.key, label=line.label) for line in board.units],
        "people": [_flat(line.tally, key=line.key, label=line.label) for line in board.people],
    }


class FiguresView(PersonMixin, APIView):
    """The caller's own figures and, for a leader, the figures of the work assigned in the period (by default this
    month and the two before it, by week) to the units and people they oversee."""

    @extend_schema(parameters=[PeriodQuerySerializer], responses={200: FiguresSerializer})
    def get(self, request: Request) -> Response:
        period = self.validated(PeriodQuerySerializer, request.query_params)["period"]
        day = timezone.localdate()
        scope = figures.scope_of(self.person)
        own = figures.own_figures(self.person, today=day)
        data = {
            "start": period.start,
            "end": period.end,
            "by": period.grain,
            "own": own.__dict__,
            "team": _team(figures.team_figures(scope, period, today=day)) if scope else None,
        }
        return Response(FiguresSerializer(data).data)
