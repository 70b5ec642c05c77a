"""Tasks on the web (issue 8 point 4): "Giao việc" with files, sub-tasks from a task's page, "Việc đã giao" with
the derived status, the menu entry — and those who may not give tasks are refused, nothing saved."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.audit.services import events_for
from apps.core.tests.utils import client_as, htmx
from apps.direction.models import Assignment, Work
from apps.documents import storage
from apps.documents.tests.factories import make_person
from apps.people.models import Role

pytestmark = pytest.mark.django_db


def _task_form(title: str, lead: str, **more) -> dict:
    due = timezone.localdate() + datetime.timedelta(days=15)
    return {"title": title, "lead": lead, "due_on": due.strftime("%d/%m/%Y"), "urgency": "urgent", **more}


def test_a_leader_gives_a_task_with_files_and_follows_it_in_the_directed_list(
    agency_a, alpha, leader, unit, head, specialist
):
    client = client_as(agency_a, leader.user)
    home = client.get("/direction/directed/").content.decode()
    assert "/direction/tasks/new/" in home
    plan = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 ke hoach", content_type="application/pdf")
    answer = client.post(
        "/direction/tasks/new/",
        _task_form(
            "Xây dựng kế hoạch chuyển đổi số 2027",
            f"unit:{unit.pk}",
            description="Trình trước ngày 15",
            supports=[f"user:{specialist.user.pk}"],
            files=[plan],
        ),
    )
    task = Work.objects.get(title="Xây dựng kế hoạch chuyển đổi số 2027")
    assert answer.status_code == 302 and answer["Location"] == f"/direction/works/{task.pk}/"
    assert (task.kind, task.directed_by_id, task.urgency_rank) == (Work.Kind.TASK, leader.user.pk, 1)
    roles = {(a.role, a.unit_id or a.user_id) for a in task.assignments.all()}
    assert roles == {(Assignment.Role.LEAD, unit.pk), (Assignment.Role.SUPPORT, specialist.user.pk)}
    stored = task.files.get()
    assert storage.path_for(stored.sha256).read_bytes() == b"%PDF-1.4 ke hoach"
    assert events_for(task).filter(action="task_created").exists()
    listed = client.get("/direction/directed/", **htmx("directed-table")).content.decode()
    assert "Xây dựng kế hoạch chuyển đổi số 2027" in listed and "Đang xử lý" in listed
    page = client_as(agency_a, specialist.user).get(f"/direction/works/{task.pk}/").content.decode()
    assert "ke-hoach.pdf" in page


def test_the_lead_adds_a_sub_task_from_the_task_page(agency_a, alpha, leader, unit, head, specialist):
    client_as(agency_a, leader.user).post("/direction/tasks/new/", _task_form("Việc lớn", f"unit:{unit.pk}"))
    task = Work.objects.get(title="Việc lớn")
    head_client = client_as(agency_a, head.user)
    assert (
        f"/direction/works/{task.pk}/subtasks/new/" in head_client.get(f"/direction/works/{task.pk}/").content.decode()
    )
    answer = head_client.post(
        f"/direction/works/{task.pk}/subtasks/new/",
        _task_form("Việc con", f"user:{specialist.user.pk}"),
        **htmx("panel"),
    )
    assert answer.status_code == 200 and answer["HX-Trigger"] == "work-changed"
    sub = Work.objects.get(title="Việc con")
    assert sub.parent == task and sub.assignments.get().user_id == specialist.user.pk
    assert "Việc con" in head_client.get(f"/direction/works/{task.pk}/").content.decode()


def test_a_specialist_gives_no_task_and_bad_input_saves_nothing(agency_a, alpha, leader, unit, specialist):
    refused = client_as(agency_a, specialist.user)
    assert refused.get("/direction/tasks/new/").status_code == 403
    assert refused.post("/direction/tasks/new/", _task_form("Không được", f"unit:{unit.pk}")).status_code == 403
    assert "/direction/directed/" not in refused.get("/").content.decode()
    client = client_as(agency_a, leader.user)
    assert "/direction/directed/" in client.get("/").content.decode()
    past = _task_form("Hạn sai", f"unit:{unit.pk}", due_on="01/01/2020")
    answer = client.post("/direction/tasks/new/", past)
    html = answer.content.decode()
    assert answer.status_code == 400 and "Hạn xử lý không được ở trong quá khứ." in html
    assert not Work.objects.filter(kind=Work.Kind.TASK).exists()
    outsider = make_person(Role.SPECIALIST)
    outsider.user.is_active = False
    outsider.user.save()
    inactive = client.post("/direction/tasks/new/", _task_form("Người đã nghỉ", f"user:{outsider.user.pk}"))
    assert inactive.status_code == 400 and not Work.objects.filter(kind=Work.Kind.TASK).exists()
