"""Ủy quyền in the browser's words: a leader delegates for a window, sees it among their delegations and ends it;
bad input is refused with a Vietnamese reason and nothing saved; the delegate sees whose direction they carry."""

import datetime

import pytest
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.core.tests.utils import client_as, htmx
from apps.direction.models import Delegation
from apps.direction.tests.flow import submitted
from apps.documents.tests.factories import make_person
from apps.people.models import Role

pytestmark = pytest.mark.django_db


def on(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).strftime("%d/%m/%Y")


def form(delegate, first: str, last: str, reason: str = "Nghỉ phép năm") -> dict:
    return {"delegate": delegate.user.pk, "starts_at": first, "ends_at": last, "reason": reason}


def test_a_leader_delegates_for_a_window_and_the_delegate_sees_it(agency_a, leader, specialist):
    client = client_as(agency_a, leader.user)
    answer = client.post("/direction/delegations/add/", form(specialist, on(0), on(4)), **htmx("panel"))
    assert answer.status_code == 200 and answer["HX-Trigger"] == "delegations-changed"
    delegation = Delegation.objects.get()
    assert (delegation.grantor_id, delegation.delegate_id) == (leader.user.pk, specialist.user.pk)
    end = timezone.localtime(delegation.ends_at)
    assert end.date() == timezone.localdate() + datetime.timedelta(days=5) and end.hour == 0  # the last day whole
    assert AuditEvent.objects.filter(action="delegated", object_id=str(delegation.pk)).exists()
    listed = client.get("/direction/delegations/").content.decode()
    active = listed[listed.index('id="delegations-active"') : listed.index('id="delegations-future"')]
    assert specialist.user.full_name in active and "Nghỉ phép năm" in active
    for page in ("/direction/mine/", "/"):
        html = client_as(agency_a, specialist.user).get(page).content.decode()
        assert f"Đang được ủy quyền bởi {leader.user.full_name}" in html


def test_delegations_are_listed_as_in_force_to_come_and_past(agency_a, leader, specialist):
    client = client_as(agency_a, leader.user)
    assert client.post("/direction/delegations/add/", form(specialist, on(10), on(12))).status_code == 302
    now = timezone.now()
    Delegation.objects.create(
        grantor=leader.user,
        delegate=specialist.user,
        starts_at=now - datetime.timedelta(days=9),
        ends_at=now - datetime.timedelta(days=8),
        reason="Đi công tác Hà Nội",
        created_by=leader.user,
    )
    html = client.get("/direction/delegations/").content.decode()
    future = html[html.index('id="delegations-future"') : html.index('id="delegations-past"')]
    past = html[html.index('id="delegations-past"') :]
    assert "Nghỉ phép năm" in future and "Đi công tác Hà Nội" in past
    assert "Kết thúc ngay" in future and "Kết thúc ngay" not in past


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        (on(3), on(1), "Thời điểm kết thúc phải sau thời điểm bắt đầu."),
        (on(-3), on(1), "Ủy quyền bắt đầu từ hôm nay trở đi."),
        ("31/02/2026", on(1), "Nhập ngày theo dạng"),
        (on(0), "31/12/9999", "Ủy quyền kéo dài tối đa một năm."),
        (on(0), on(400), "Ủy quyền kéo dài tối đa một năm."),
        ("hôm nay", on(1), "Nhập ngày theo dạng"),
    ],
)
def test_a_window_that_makes_no_sense_is_refused_and_nothing_saved(agency_a, leader, specialist, first, last, message):
    answer = client_as(agency_a, leader.user).post("/direction/delegations/add/", form(specialist, first, last))
    assert answer.status_code == 400 and message in answer.content.decode()
    assert not Delegation.objects.exists()


def test_a_delegation_to_oneself_or_overlapping_another_is_refused(agency_a, leader, specialist):
    client = client_as(agency_a, leader.user)
    answer = client.post("/direction/delegations/add/", form(leader, on(0), on(2)))
    assert answer.status_code == 400 and "Ủy quyền cho một người khác trong cơ quan." in answer.content.decode()
    assert not Delegation.objects.exists()
    assert client.post("/direction/delegations/add/", form(specialist, on(0), on(5))).status_code == 302
    other = make_person(Role.SPECIALIST)
    answer = client.post("/direction/delegations/add/", form(other, on(3), on(8)))
    assert answer.status_code == 400
    assert "Trùng thời gian với một ủy quyền khác của đồng chí." in answer.content.decode()
    assert list(Delegation.objects.values_list("delegate_id", flat=True)) == [specialist.user.pk]
    answer = client.post("/direction/delegations/add/", form(other, on(3), on(8), reason=""))
    assert answer.status_code == 400 and "Nhập lý do ủy quyền" in answer.content.decode()


def test_the_grantor_ends_a_delegation_early_and_nobody_else_can(agency_a, leader, specialist, deputy_head):
    client = client_as(agency_a, leader.user)
    client.post("/direction/delegations/add/", form(specialist, on(0), on(5)))
    delegation = Delegation.objects.get()
    assert (
        client_as(agency_a, deputy_head.user).post(f"/direction/delegations/{delegation.pk}/revoke/").status_code == 404
    )
    delegation.refresh_from_db()
    assert delegation.revoked_at is None
    answer = client.post(f"/direction/delegations/{delegation.pk}/revoke/", **htmx("panel"))
    assert answer.status_code == 200 and answer["HX-Trigger"] == "delegations-changed"
    delegation.refresh_from_db()
    assert delegation.revoked_at is not None
    html = client_as(agency_a, specialist.user).get("/direction/mine/").content.decode()
    assert "Đang được ủy quyền bởi" not in html


def test_only_leaders_open_the_delegation_page(agency_a, specialist):
    client = client_as(agency_a, specialist.user)
    assert client.get("/direction/delegations/").status_code == 403
    assert client.post("/direction/delegations/add/", form(specialist, on(0), on(1))).status_code == 403
    assert not Delegation.objects.exists()


def test_the_delegate_sees_how_many_documents_wait_for_the_grantor_s_direction(agency_a, clerk, leader, specialist):
    client_as(agency_a, leader.user).post("/direction/delegations/add/", form(specialist, on(0), on(2)))
    submitted(clerk, leader)
    submitted(clerk, leader)
    html = client_as(agency_a, specialist.user).get("/").content.decode()
    assert (
        f'Đang được ủy quyền bởi {leader.user.full_name} — <a href="/direction/waiting/">2 văn bản chờ chỉ đạo</a>'
        in html
    )
