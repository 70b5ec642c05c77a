"""The bell and the person's notifications: only one's own, opened and marked read."""

import re

import pytest
from django_tenants.utils import schema_context

from apps.core.tests.utils import client_as, htmx, member
from apps.documents.tests.factories import RegisteredIncomingFactory, make_person
from apps.notifications.models import Notification
from apps.notifications.services import notify
from apps.people.models import Role


def badge(html: str) -> str:
    match = re.search(r'id="header-badge-bell"[^>]*>(\d*)', html)
    return match.group(1) if match and "hidden" not in match.group(0) else ""


@pytest.fixture
def leader_with_news(agency_a):
    leader = member(agency_a, Role.LEADER)
    with schema_context(agency_a.schema_name):
        document = RegisteredIncomingFactory(by=make_person(Role.CLERK), subject="V/v hỏa tốc")
        notify([leader.user.pk], kind=Notification.Kind.URGENT_INCOMING, message="Hỏa tốc: số 01", about=document)
        other = RegisteredIncomingFactory(by=make_person(Role.CLERK), subject="V/v khẩn")
        notify([leader.user.pk], kind=Notification.Kind.URGENT_INCOMING, message="Khẩn: số 02", about=other)
        mine = list(Notification.objects.filter(recipient=leader.user).order_by("id"))
    return {"leader": leader, "document": document, "notifications": mine}


@pytest.mark.django_db
def test_the_bell_shows_the_number_of_unread_notifications_on_every_page(agency_a, leader_with_news):
    client = client_as(agency_a, leader_with_news["leader"].user)
    assert badge(client.get("/").content.decode()) == "2"
    assert badge(client.get("/people/directory/").content.decode()) == "2"
    nobody = client_as(agency_a, member(agency_a, Role.SPECIALIST).user)
    assert badge(nobody.get("/").content.decode()) == ""


@pytest.mark.django_db
def test_opening_a_notification_marks_it_read_and_leads_to_the_document(agency_a, leader_with_news):
    client = client_as(agency_a, leader_with_news["leader"].user)
    first = leader_with_news["notifications"][0]
    listing = client.get("/notifications/").content.decode()
    assert "Hỏa tốc: số 01" in listing and "Khẩn: số 02" in listing
    response = client.post(f"/notifications/{first.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == f"/documents/incoming/{leader_with_news['document'].pk}/"
    with schema_context(agency_a.schema_name):
        first.refresh_from_db()
    assert first.read_at is not None
    assert badge(client.get("/").content.decode()) == "1"


@pytest.mark.django_db
def test_marking_read_in_place_updates_the_row_and_the_bell(agency_a, leader_with_news):
    client = client_as(agency_a, leader_with_news["leader"].user)
    second = leader_with_news["notifications"][1]
    response = client.post(f"/notifications/{second.pk}/read/", **htmx("notification-list"))
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "đã đọc" in html and 'hx-swap-oob="true"' in html and badge(html) == "1"
    client.post("/notifications/read-all/")
    assert badge(client.get("/").content.decode()) == ""
    assert "chưa đọc" not in client.get("/notifications/?unread=1").content.decode().split("<main")[1]


@pytest.mark.django_db
def test_nobody_sees_or_marks_another_persons_notifications(agency_a, leader_with_news):
    stranger = client_as(agency_a, member(agency_a, Role.LEADER).user)
    theirs = leader_with_news["notifications"][0]
    assert "Hỏa tốc: số 01" not in stranger.get("/notifications/").content.decode()
    assert stranger.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    assert stranger.post(f"/notifications/{theirs.pk}/open/").status_code == 404
    with schema_context(agency_a.schema_name):
        theirs.refresh_from_db()
    assert theirs.read_at is None
