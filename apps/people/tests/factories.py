"""Factories for people. Units, positions and memberships are created in the current schema: wrap
calls in ``in_agency(agency)``."""

import factory
from django.contrib.auth import get_user_model

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


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Phòng Thử nghiệm {n}")
    abbreviation = factory.Sequence(lambda n: f"PTN{n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    name = factory.Sequence(lambda n: f"Chức vụ {n}")
    rank = 60


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    position = factory.SubFactory(PositionFactory)
    roles = factory.LazyFunction(lambda: [Role.SPECIALIST])
