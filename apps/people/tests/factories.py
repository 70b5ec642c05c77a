"""Factories for people. Units, positions and memberships are created in the current schema: wrap
calls in ``in_agency(agency)``.

They go through ``apps.people.services`` with the system as the actor (``access.SYSTEM``, as provisioning and the
demo loader do), so every row a test builds leaves its audit event as in real use (the system's set-up raises no
rights alert: apps.audit.services.on_rights_changed). Identities
(``UserFactory``) live in the public schema and are saved as such: an identity alone grants nothing."""

import factory
from django.contrib.auth import get_user_model

from apps.people import services
from apps.people.access import SYSTEM
from apps.people.models import Membership, Position, Role, Unit

PASSWORD = "Mật-khẩu-thử-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def _add_member(membership: Membership, *, by) -> Membership:
    fields = {"user": membership.user, "unit": membership.unit, "position": membership.position}
    return services.add_member(**fields, roles=membership.roles, by=by)


SERVICES = {Unit: services.save_unit, Position: services.save_position, Membership: _add_member}


class ServiceFactory(factory.django.DjangoModelFactory):
    """``create()`` hands the unsaved row to its people service (``SERVICES``), acting as SYSTEM."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return SERVICES[model_class](model_class(*args, **kwargs), by=SYSTEM)


class UnitFactory(ServiceFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Phòng Thử nghiệm {n}")
    abbreviation = factory.Sequence(lambda n: f"PTN{n}")


class PositionFactory(ServiceFactory):
    class Meta:
        model = Position

    name = factory.Sequence(lambda n: f"Chức vụ {n}")
    rank = 60


class MembershipFactory(ServiceFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    position = factory.SubFactory(PositionFactory)
    roles = factory.LazyFunction(lambda: [Role.SPECIALIST])
