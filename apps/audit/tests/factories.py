import factory

from apps.audit.models import AuditEvent, RightsAlert


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEvent

    actor_id = None
    actor_name = "Hệ thống"
    action = "tested"
    object_type = "registers.register"
    object_id = factory.Sequence(str)
    changes = factory.LazyFunction(dict)


class RightsAlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RightsAlert

    event = factory.SubFactory(AuditEventFactory, action="updated", object_type="people.membership")
    label = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
