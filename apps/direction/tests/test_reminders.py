"""Reminders: a time-travelled run sends exactly the right reminders once — in the application and by e-mail
through a real SMTP server — and a second run sends none; preferences are honoured; a moved deadline is reminded
again."""

import datetime
from email.header import decode_header, make_header

import pytest
from django.utils import timezone

from apps.direction import reminders, services, status
from apps.direction.inputs import Assignee, TaskInput
from apps.direction.models import Assignment, Preference, Reminder
from apps.direction.status import Today
from apps.documents.tests.factories import make_person
from apps.notifications.models import Notification
from apps.people.models import Role
from province.accounts.tests.conftest import body_of

pytestmark = pytest.mark.django_db


def day(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def on(n: int) -> Today:
    """The run as it would happen ``n`` days from now (due soon: two days ahead)."""
    return Today(today=day(n), due_soon_until=day(n + 2))


def give(leader, person, title, due):
    entry = TaskInput(title=title, lead=Assignee(user=person.user), due_on=due)
    return services.create_task(entry, by=leader).assignments[0]


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_a_time_travelled_run_reminds_each_deadline_once_in_app_and_by_mail(alpha, mail):
    leader = make_person(Role.LEADER)
    ann = make_person(Role.SPECIALIST)
    ann.user.email = "ann@example.vn"
    ann.user.save()
    soon = give(leader, ann, "Báo cáo quý IV", day(5))
    later = give(leader, ann, "Kế hoạch năm 2027", day(20))

    assert reminders.run_reminders(on(0)) == reminders.ReminderRun(0, 0, 0)
    run = reminders.run_reminders(on(3))  # Báo cáo quý IV is due in two days
    assert (run.due_soon, run.overdue, run.notified) == (1, 0, 1)
    assert reminders.send_mail() == 1
    [message] = list(mail.messages())
    assert message["To"] == "ann@example.vn"
    assert "Báo cáo quý IV" in body_of(message) and "Kế hoạch" not in body_of(message)
    assert "1" in subject(message)

    assert reminders.run_reminders(on(3)) == reminders.ReminderRun(0, 0, 0)
    assert reminders.send_mail() == 0
    assert len(list(mail.messages())) == 1

    run = reminders.run_reminders(on(6))  # now overdue
    assert (run.due_soon, run.overdue) == (0, 1)
    kinds = set(Notification.objects.filter(recipient=ann.user).values_list("kind", flat=True))
    assert {Notification.Kind.WORK_DUE_SOON, Notification.Kind.WORK_OVERDUE} <= kinds
    assert Reminder.objects.filter(assignment=soon).count() == 2
    assert Reminder.objects.filter(assignment=later).count() == 0


def test_a_moved_deadline_is_reminded_again_and_done_work_never(alpha, mail):
    leader = make_person(Role.LEADER)
    ann = make_person(Role.SPECIALIST)
    part = give(leader, ann, "Tổng hợp số liệu", day(1))
    done = give(leader, ann, "Đã xong", day(1))
    services.complete_work(done.work, by=ann)
    assert reminders.run_reminders(on(0)).due_soon == 1
    Assignment.objects.filter(pk=part.pk).update(due_on=day(10))
    assert reminders.run_reminders(on(9)).due_soon == 1
    assert Reminder.objects.filter(assignment=part).count() == 2
    assert not Reminder.objects.filter(assignment=done).exists()


def test_each_person_chooses_what_they_receive(alpha, mail):
    leader = make_person(Role.LEADER)
    ann = make_person(Role.SPECIALIST)
    ann.user.email = "ann@example.vn"
    ann.user.save()
    Preference.objects.create(user=ann.user, kind=Preference.Kind.OVERDUE, in_app=False, email=False)
    give(leader, ann, "Quá hạn", day(1))
    run = reminders.run_reminders(on(5))
    assert (run.overdue, run.notified) == (1, 0)
    assert reminders.send_mail() == 0
    assert not list(mail.messages())


def test_due_soon_counts_working_days(alpha):
    """Two working days ahead: from a Friday, the Tuesday after (the weekend does not count). From Thursday
    29/4/2027: Friday 30/4 is a holiday, 1/5 falls on a Saturday and is made up on Monday 3/5, so Tuesday 4/5 and
    Wednesday 5/5 are the two working days."""
    assert status.today(datetime.date(2026, 12, 4)).due_soon_until == datetime.date(2026, 12, 8)
    assert status.today(datetime.date(2027, 4, 29)).due_soon_until == datetime.date(2027, 5, 5)


def test_a_run_makes_the_same_few_queries_however_many_parts_are_due(alpha):
    """The benchmark's reminder run over 250 agencies spent its time in three queries per reminder (the in-app
    notification, one at a time) and one per reminder for the preferences: now one statement per kind."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    leader = make_person(Role.LEADER)
    people = [make_person(Role.SPECIALIST) for _ in range(3)]
    for n in range(12):
        give(leader, people[n % 3], f"Nhiệm vụ {n}", day(1 + n % 2))
    with CaptureQueriesContext(connection) as queries:
        run = reminders.run_reminders(on(0))
    assert (run.due_soon, run.notified) == (12, 12)
    assert len(queries) <= 12, [q["sql"][:80] for q in queries]
    assert Notification.objects.filter(kind=Notification.Kind.WORK_DUE_SOON).count() == 12
