""" "Việc của tôi" in the browser's words: each tab lists the right parts in the right order with its count, the
home page opens with it, the header's count answers htmx's poll (and stops it once logged out)."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from apps.core.tests.utils import client_as, htmx
from apps.direction import services
from apps.direction.inputs import Assignee
from apps.direction.models import Assignment, ExtensionRequest, State
from apps.direction.tests.flow import day, direction, submitted, task
from apps.documents.tests.factories import make_person
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from apps.registers.models import Urgency

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    """The works' titles of the queue's rows, in the order shown."""
    return re.findall(r'<a class="fw-semibold" href="/direction/works/\d+/">([^<]+)</a>', html)


def tab_count(html: str, view: str) -> str:
    return re.search(rf'id="tab-{view}"[^>]*>[^<]*<span class="badge[^"]*">([^<]+)</span>', html).group(1)


@pytest.fixture
def queue(leader):
    """A specialist's work: urgent, overdue, due soon, started, undated, followed and done."""
    me = make_person(Role.SPECIALIST, unit=UnitFactory())
    later = task(leader, "Sau", me, due=day(30))
    task(leader, "Sớm", me, due=day(1))
    task(leader, "Hỏa tốc", me, due=day(30), urgency=Urgency.FLASH)
    task(leader, "Không hạn", me)
    late = task(leader, "Trễ", me, due=day(5))
    Assignment.objects.filter(work=late).update(due_on=day(-7))  # its deadline passed since
    task(leader, "Để biết", make_person(Role.SPECIALIST), infos=[Assignee(user=me.user)])
    Assignment.objects.filter(work=later).update(started_at=timezone.now())
    services.complete_work(task(leader, "Xong", me, due=day(3)), by=me)
    return me


def test_each_tab_lists_its_parts_most_urgent_and_soonest_first_with_the_counts(agency_a, queue):
    client = client_as(agency_a, queue.user)
    page = client.get("/direction/mine/")
    assert page.status_code == 200
    html = page.content.decode()
    assert titles(html) == ["Hỏa tốc", "Trễ", "Sớm", "Sau", "Không hạn"]
    counts = {view: tab_count(html, view) for view in ("todo", "overdue", "waiting", "following", "done")}
    assert counts == {"todo": "5", "overdue": "1", "waiting": "4", "following": "1", "done": "1"}
    assert titles(client.get("/direction/mine/?view=overdue").content.decode()) == ["Trễ"]
    assert titles(client.get("/direction/mine/?view=following").content.decode()) == ["Để biết"]
    assert titles(client.get("/direction/mine/?view=done").content.decode()) == ["Xong"]
    assert titles(client.get("/direction/mine/?view=waiting").content.decode()) == [
        "Hỏa tốc",
        "Trễ",
        "Sớm",
        "Không hạn",
    ]
    assert titles(client.get("/direction/mine/?view=nonsense").content.decode())[0] == "Hỏa tốc"  # the default view


def test_a_row_tells_role_deadline_working_days_and_status(agency_a, queue):
    html = client_as(agency_a, queue.user).get("/direction/mine/").content.decode()
    late = html[html.index(">Trễ<") :]
    late = late[: late.index("</tr>")]
    assert "Chủ trì" in late and day(-7).strftime("%d/%m/%Y") in late
    assert "Quá hạn" in late and "ngày làm việc" in late and "text-danger" in late
    assert "Hỏa tốc" in html[: html.index(">Hỏa tốc<")]  # the urgency mark before the title


def test_a_tab_asked_by_htmx_answers_the_tabs_and_the_table_alone(agency_a, queue):
    answer = client_as(agency_a, queue.user).get("/direction/mine/?view=overdue", **htmx("my-work"))
    html = answer.content.decode()
    assert "<html" not in html and 'id="tab-overdue"' in html and titles(html) == ["Trễ"]
    assert 'aria-current="page" id="tab-overdue"' in html


def test_the_week_view_holds_the_parts_due_by_sunday(agency_a, leader):
    me = make_person(Role.SPECIALIST, unit=UnitFactory())
    today = timezone.localdate()
    sunday = today + datetime.timedelta(days=6 - today.weekday())
    this_week, next_week = task(leader, "Tuần này", me, due=day(30)), task(leader, "Tuần sau", me, due=day(30))
    Assignment.objects.filter(work=this_week).update(due_on=sunday)
    Assignment.objects.filter(work=next_week).update(due_on=sunday + datetime.timedelta(days=1))
    html = client_as(agency_a, me.user).get("/direction/mine/?view=week").content.decode()
    assert titles(html) == ["Tuần này"] and tab_count(html, "week") == "1"


def test_counts_stop_at_99_without_counting_the_rest(agency_a, leader, django_assert_max_num_queries):
    me = make_person(Role.SPECIALIST, unit=UnitFactory())
    work = task(leader, "Nhiều phần", me, due=day(30))
    Assignment.objects.bulk_create(
        Assignment(work=work, role=Assignment.Role.SUPPORT, user=me.user, assigned_by=leader.user, due_on=day(30))
        for _ in range(120)
    )
    client = client_as(agency_a, me.user)
    html = client.get("/direction/mine/").content.decode()
    assert tab_count(html, "todo") == "99+" and len(titles(html)) == 30  # one page
    assert 'rel="next"' in html
    assert ">99+<" in client.get("/direction/mine/badge/", **htmx("header-badge-list-check")).content.decode()


def test_the_header_counts_what_waits_and_htmx_polls_it(agency_a, queue):
    client = client_as(agency_a, queue.user)
    home = client.get("/").content.decode()
    badge = re.search(r'<span id="header-badge-list-check"[^>]*>', home).group(0)
    # The page draws the icon without counting; htmx asks the count once loaded, then every minute.
    assert 'hx-get="/direction/mine/badge/"' in badge and 'hx-trigger="load, every 60s"' in badge
    answer = client.get("/direction/mine/badge/", **htmx("header-badge-list-check"))
    html = answer.content.decode()
    assert answer.status_code == 200 and re.search(r">5<", html)
    assert 'hx-trigger="every 60s"' in html and " hidden>" not in html  # no "load" again: no loop
    services.complete_part(Assignment.objects.get(work__title="Sớm"), by=queue)
    assert re.search(r">4<", client.get("/direction/mine/badge/").content.decode())


def test_the_poll_stops_on_a_logged_out_answer(agency_a, queue):
    anonymous = Client(HTTP_HOST=agency_a.get_primary_domain().domain)
    answer = anonymous.get("/direction/mine/badge/", **htmx("header-badge-list-check"))
    html = answer.content.decode()
    assert answer.status_code == 286  # htmx stops polling
    assert "hx-trigger" not in html and "hidden" in html and "<form" not in html


def test_the_home_page_opens_with_my_work_above_the_role_panels(agency_a, queue):
    html = client_as(agency_a, queue.user).get("/").content.decode()
    block = html.index("my-work-block")
    assert block < html.index("panel-specialist")
    shown = re.findall(r'<a href="/direction/works/\d+/">([^<]+)</a>', html[block:])
    assert shown[:5] == ["Hỏa tốc", "Trễ", "Sớm", "Sau", "Không hạn"]
    assert 'id="home-tab-overdue"' in html and "/direction/mine/?view=overdue" in html


def test_the_leader_s_home_shows_documents_waiting_and_requests_for_more_time(agency_a, clerk, leader, unit, head):
    waiting = submitted(clerk, leader, subject="Về việc kiểm tra công vụ", urgency=Urgency.URGENT)
    directed = submitted(clerk, leader, subject="Về kế hoạch năm")
    work = services.direct(directed, direction(Assignee(unit=unit), due_on=day(10)), by=leader).work
    services.request_extension(work.assignments.get(), day(20), "Chờ số liệu của các xã", by=head)
    html = client_as(agency_a, leader.user).get("/").content.decode()
    submissions = html[html.index('id="home-submissions"') :]
    assert "Về việc kiểm tra công vụ" in submissions and f"/documents/incoming/{waiting.pk}/" in submissions
    requests = html[html.index('id="home-extension-requests"') :]
    assert f"/direction/works/{work.pk}/" in requests and head.user.full_name in requests
    assert ExtensionRequest.objects.filter(decision=ExtensionRequest.Decision.PENDING).count() == 1


def test_someone_without_direction_work_gets_no_block(agency_a, alpha):
    admin = make_person(Role.ADMIN)
    html = client_as(agency_a, admin.user).get("/").content.decode()
    assert "my-work-block" not in html


def test_a_unit_head_sees_the_unit_s_parts_and_the_person_left_out_sees_none(agency_a, clerk, leader, unit, head):
    work = services.direct(submitted(clerk, leader), direction(Assignee(unit=unit), due_on=day(10)), by=leader).work
    html = client_as(agency_a, head.user).get("/direction/mine/").content.decode()
    assert titles(html) == [work.title] and unit.name in html
    outsider = make_person(Role.SPECIALIST, unit=UnitFactory())
    assert titles(client_as(agency_a, outsider.user).get("/direction/mine/").content.decode()) == []
    assert Assignment.objects.filter(state=State.OPEN).count() == 1


def test_the_pages_cost_the_same_few_queries_however_much_work(agency_a, leader, queue, django_assert_max_num_queries):
    client = client_as(agency_a, queue.user)
    client.get("/direction/mine/")  # the calendar's cache warmed
    for _ in range(2):  # the same with twice the work
        with django_assert_max_num_queries(20):
            client.get("/direction/mine/")
        with django_assert_max_num_queries(21):
            client.get("/")
        with django_assert_max_num_queries(13):
            client.get("/direction/mine/badge/")  # 13: the delegations in force (a grantor's documents count too)
        for n in range(8):
            task(leader, f"Thêm {n}", queue, due=day(20 + n))


def test_a_leader_follows_the_work_they_directed_in_a_tab_of_its_own(agency_a, leader, queue):
    html = client_as(agency_a, leader.user).get("/direction/mine/?view=directed").content.decode()
    assert tab_count(html, "directed") == "6"  # every open work they gave (the done one aside)
    assert titles(html) == ["Hỏa tốc", "Sớm", "Trễ", "Sau", "Không hạn", "Để biết"]  # urgency, deadline, age
    assert "Ngày giao" in html
    specialist_page = client_as(agency_a, queue.user).get("/direction/mine/?view=directed").content.decode()
    assert 'id="tab-directed"' not in specialist_page and titles(specialist_page)[0] == "Hỏa tốc"  # the default view
