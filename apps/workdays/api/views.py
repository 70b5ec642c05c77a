from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import PersonMixin
from apps.workdays import access, services
from apps.workdays.calendar import calendar_for
from apps.workdays.models import AgencyDayException
from apps.workdays.overview import year_overview
from province.restapi import IsAgencyAdminOrReadOnly

from .serializers import ExceptionInputSerializer, ExceptionSerializer, YearCalendarSerializer, YearQuerySerializer


def _year(request: Request) -> int:
    query = YearQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data.get("year") or timezone.localdate().year


class WorkingCalendarView(APIView):
    """A year of the agency's working calendar, as every deadline is counted: the non-working days (weekends, public
    holidays, the province's schedule and the agency's own exceptions) and every level's word on each special day."""

    @extend_schema(parameters=[YearQuerySerializer], responses=YearCalendarSerializer)
    def get(self, request: Request) -> Response:
        overview = year_overview(calendar_for(), _year(request))
        return Response(YearCalendarSerializer(overview).data)


class AgencyExceptionViewSet(
    PersonMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """The agency's own exceptions (a day off, a make-up working day), by year; members read, administrators add
    and remove them. The province's schedule is entered on the province console."""

    queryset = AgencyDayException.objects.order_by("date")
    serializer_class = ExceptionSerializer
    permission_classes = [IsAgencyAdminOrReadOnly]
    pagination_class = None
    lookup_value_regex = "[0-9]{1,10}"

    @extend_schema(parameters=[YearQuerySerializer], filters=False)
    def list(self, request: Request) -> Response:
        rows = self.get_queryset().filter(date__year=_year(request))
        return Response(ExceptionSerializer(rows, many=True).data)

    @extend_schema(request=ExceptionInputSerializer, responses={201: ExceptionSerializer})
    def create(self, request: Request) -> Response:
        row = services.add_agency_exception(
            ExceptionInputSerializer.entry(self.validated(ExceptionInputSerializer)), by=self.person
        )
        return Response(ExceptionSerializer(row).data, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, pk: str) -> Response:
        row = access.get_agency_exception_for(self.person, int(pk))
        services.remove_agency_exception(row, by=self.person)
        return Response(status=status.HTTP_204_NO_CONTENT)
