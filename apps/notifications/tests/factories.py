import factory

from apps.notifications.models import Notification
from apps.people.tests.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = Notification.Kind.URGENT_INCOMING
    message = "Hỏa tốc: văn bản đến số 01"
    object_type = "documents.incomingdocument"
    object_id = factory.Sequence(str)
