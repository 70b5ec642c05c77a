"""Who may see or change which part of the working calendar. Views and the API ask here.

Every member of an agency reads its calendar (deadlines are computed with it); the agency's administrators
change the agency's own exceptions; the province's administrators change the province's (on the province host)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.people.access import Person

from .models import AgencyDayException
from .public.models import ProvinceDayException


def may_manage_agency_calendar(person: Person) -> bool:
    return person.is_admin


def may_manage_province_calendar(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def get_agency_exception_for(person: Person, pk: int) -> AgencyDayException:
    """An exception of the agency its administrator may remove; 404 for anyone else or an unknown id."""
    if not may_manage_agency_calendar(person):
        raise Http404
    try:
        return AgencyDayException.objects.get(pk=pk)
    except AgencyDayException.DoesNotExist as exc:
        raise Http404 from exc


def get_province_exception_for(user, pk: int) -> ProvinceDayException:
    """An exception of the province its administrator may remove; 403 for anyone else, 404 for an unknown id."""
    if not may_manage_province_calendar(user):
        raise PermissionDenied
    try:
        return ProvinceDayException.objects.get(pk=pk)
    except ProvinceDayException.DoesNotExist as exc:
        raise Http404 from exc
