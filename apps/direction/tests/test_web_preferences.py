""" "Nhận thông báo": each person's choices, saved through the service (audited), change what reminders and
assignments send them — in the application and by e-mail through a real SMTP server."""

import datetime

import pytest

from apps.audit.models import AuditEvent
from apps.core.tests.utils import client_as
from apps.direction import reminders, services
from apps.direction.inputs import Assignee, TaskInput
from apps.direction.models import Preference
from apps.direction.status import Today
from apps.direction.tests.flow import day, submitted
from apps.documents.tests.factories import make_person
from apps.notifications.models import Notification
from apps.people.models import Role
from apps.registers.models import Urgency

pytestmark = pytest.mark.django_db
EVERYTHING = {f"{channel}_{kind}": "on" for kind in Preference.Kind.values for channel in ("in_app", "email")}


def give(leader, person, title: str, due: datetime.date):
    return services.create_task(TaskInput(title=title, lead=Assignee(user=person.user), due_on=due), by=leader)


def test_the_page_shows_every_kind_ticked_until_the_person_chooses(agency_a, specialist):
    html = client_as(agency_a, specialist.user).get("/direction/preferences/").content.decode()
    assert "Nhận thông báo" in html
    for kind in Preference.Kind.values:
        assert f'name="in_app_{kind}"' in html
    assert html.count("checked") == 6  # four in the application, two by e-mail (the reminders)
    assert 'name="email_work_assigned"' not in html and "chỉ trong ứng dụng" in html


def test_choices_are_saved_audited_and_shown_again(agency_a, specialist):
    client = client_as(agency_a, specialist.user)
    choices = {**EVERYTHING}
    del choices["email_due_soon"], choices["in_app_overdue"]
    assert client.post("/direction/preferences/", choices).status_code == 302
    stored = {p.kind: (p.in_app, p.email) for p in Preference.objects.filter(user=specialist.user)}
    assert stored == {"due_soon": (True, False), "overdue": (False, True)}
    events = AuditEvent.objects.filter(action="preference_changed").order_by("id")
    assert [e.changes for e in events] == [{"email": [True, False]}, {"in_app": [True, False]}]
    html = client.get("/direction/preferences/").content.decode()
    assert html.count("checked") == 4
    assert client.post("/direction/preferences/", choices).status_code == 302
    assert AuditEvent.objects.filter(action="preference_changed").count() == 2  # nothing changed: nothing audited


def test_reminders_follow_the_choices(agency_a, leader, mail):
    ann, bob = make_person(Role.SPECIALIST), make_person(Role.SPECIALIST)
    for person, address in ((ann, "ann@example.vn"), (bob, "bob@example.vn")):
        person.user.email = address
        person.user.save()
        give(leader, person, f"Báo cáo của {address}", day(5))
    choices = {**EVERYTHING}
    del choices["email_due_soon"], choices["in_app_due_soon"]
    assert client_as(agency_a, ann.user).post("/direction/preferences/", choices).status_code == 302

    run = reminders.run_reminders(Today(today=day(3), due_soon_until=day(5)))
    assert (run.due_soon, run.notified) == (2, 1)
    due_soon = Notification.objects.filter(kind=Notification.Kind.WORK_DUE_SOON)
    assert list(due_soon.values_list("recipient_id", flat=True)) == [bob.user.pk]
    assert reminders.send_mail() == 1
    assert [m["To"] for m in mail.messages()] == ["bob@example.vn"]


def test_work_assigned_reaches_only_those_who_want_it_in_the_application(
    agency_a, leader, specialist, django_capture_on_commit_callbacks
):
    choices = {**EVERYTHING}
    del choices["in_app_work_assigned"]
    client_as(agency_a, specialist.user).post("/direction/preferences/", choices)
    other = make_person(Role.SPECIALIST)
    with django_capture_on_commit_callbacks(execute=True):
        give(leader, specialist, "Rà soát thủ tục", day(10))
        give(leader, other, "Tổng hợp ý kiến", day(10))
    assigned = Notification.objects.filter(kind=Notification.Kind.WORK_ASSIGNED)
    assert list(assigned.values_list("recipient_id", flat=True)) == [other.user.pk]


def test_a_leader_may_turn_off_waiting_documents_but_urgent_ones_still_reach_them(
    agency_a, clerk, leader, django_capture_on_commit_callbacks
):
    choices = {**EVERYTHING}
    del choices["in_app_direction_waiting"]
    client_as(agency_a, leader.user).post("/direction/preferences/", choices)
    with django_capture_on_commit_callbacks(execute=True):
        submitted(clerk, leader, subject="Về kế hoạch thường kỳ")
        submitted(clerk, leader, subject="Về phòng chống bão khẩn", urgency=Urgency.URGENT)
    told = Notification.objects.filter(recipient=leader.user).values_list("kind", flat=True)
    assert list(told) == [Notification.Kind.URGENT_INCOMING]


def test_the_api_reads_and_changes_one_kind_through_the_same_service(agency_a, specialist):
    client = client_as(agency_a, specialist.user)
    listed = client.get("/api/v1/direction/preferences/").json()
    assert {row["kind"]: (row["in_app"], row["email"]) for row in listed} == {
        kind: (True, True) for kind in Preference.Kind.values
    }
    answer = client.put(
        "/api/v1/direction/preferences/overdue/", {"in_app": True, "email": False}, content_type="application/json"
    )
    assert answer.status_code == 200 and answer.json() == {"kind": "overdue", "in_app": True, "email": False}
    assert Preference.objects.get(user=specialist.user, kind="overdue").email is False
    assert AuditEvent.objects.filter(action="preference_changed").count() == 1
    refused = client.put(
        "/api/v1/direction/preferences/overdue/", {"in_app": "yes", "email": False}, content_type="application/json"
    )
    assert refused.status_code == 400 and "in_app" in refused.json()["errors"]
    assert client.put("/api/v1/direction/preferences/nonsense/", {}, content_type="application/json").status_code == 404
