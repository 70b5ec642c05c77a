import factory

from apps.audit.models import AuditEvent


class AuditEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEvent

    actor_id = None
    actor_name = "Hệ thống"
    action = "tested"
    object_type = "registers.register"
    object_id = factory.Sequence(str)
    changes = factory.LazyFunction(dict)
