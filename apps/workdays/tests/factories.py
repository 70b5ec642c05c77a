"""Factories for the working calendar's exceptions: the agency's in the current schema (wrap calls in
``in_agency(agency)``), the province's in the public schema."""

import datetime

import factory

from apps.workdays.models import AgencyDayException, DayKind
from apps.workdays.public.models import ProvinceDayException


def days_from(first: datetime.date) -> factory.Sequence:
    return factory.Sequence(lambda n: first + datetime.timedelta(days=n))


class AgencyDayExceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyDayException

    date = days_from(datetime.date(2027, 3, 1))
    kind = DayKind.OFF
    reason = factory.Sequence(lambda n: f"Ngày nghỉ riêng của cơ quan {n}")


class ProvinceDayExceptionFactory(AgencyDayExceptionFactory):
    class Meta:
        model = ProvinceDayException

    date = days_from(datetime.date(2027, 6, 1))
    reason = factory.Sequence(lambda n: f"Lịch nghỉ của tỉnh {n}")
