"""Login only where the person belongs: on an agency's host an active membership there, on the
province's host the province-administrator flag. The same check runs on every request (get_user), so
a session carried to another host is worthless as well as unknown there (sessions live per schema)."""

from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django_tenants.utils import get_public_schema_name

from .models import Membership


def may_log_in_here(user) -> bool:
    if not user.is_active:
        return False
    if connection.schema_name == get_public_schema_name():
        return user.is_staff
    return Membership.objects.filter(user_id=user.pk, is_active=True).exists()


class MembershipBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and may_log_in_here(user)

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and may_log_in_here(user) else None
