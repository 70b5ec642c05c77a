"""The leader's side on the web: the clerk submits from the document's page (the route's leader proposed), the
leader's queue, the direction form (one screen), the "Xử lý" panel, the default routes; refusals on the form with
nothing saved."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from apps.audit.services import events_for
from apps.core.tests.utils import client_as
from apps.direction import services
from apps.direction.inputs import Assignee
from apps.direction.models import Assignment, Submission, SubmissionRoute, Work
from apps.direction.tests.flow import direction, registered, submitted
from apps.documents.models import IncomingDocument
from apps.documents.services import cancel_incoming
from apps.documents.tests.factories import default_register, make_person
from apps.people.models import Membership, Role
from apps.people.tests.factories import UnitFactory
from apps.registers.models import Secrecy, Urgency
from apps.workdays.calendar import calendar_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def page(agency, person, url: str, data: dict | None = None):
    client = client_as(agency, person.user)
    return client.post(url, data) if data is not None else client.get(url)


# ---- submitting --------------------------------------------------------------------------------------------------


def test_the_clerk_submits_from_the_documents_page_to_the_registers_default_leader(agency_a, clerk, leader):
    other = make_person(Role.LEADER)
    SubmissionRoute.objects.create(register=default_register(), leader=leader.user)
    document = registered(clerk, urgency=Urgency.URGENT)
    html = page(agency_a, clerk, f"/documents/incoming/{document.pk}/").content.decode()
    panel = html[html.index('id="handling-panel"') :]
    assert "Trình lãnh đạo" in panel and "lãnh đạo được báo ngay" in panel
    assert 'href="#handling-submit"' in html[: html.index('id="handling-panel"')]  # the action at the top
    assert f'<option value="{leader.user.pk}" selected>' in panel and f'<option value="{other.user.pk}">' in panel
    response = page(agency_a, clerk, f"/direction/documents/{document.pk}/submit/", {"leader": other.user.pk})
    assert response.status_code == 302 and response["Location"] == f"/documents/incoming/{document.pk}/"
    submission = Submission.objects.get(document=document)
    assert (submission.leader_id, submission.state, submission.urgency_rank) == (other.user.pk, "waiting", 1)
    assert events_for(document).filter(action="submitted").exists()
    shown = page(agency_a, clerk, f"/documents/incoming/{document.pk}/").content.decode()
    assert other.user.full_name in shown[shown.index('id="handling-submission"') :]
    trail = shown[shown.index('id="doc-trail"') :]
    assert "Trình lãnh đạo</span>" in trail and "Ghi chú cho lãnh đạo" in trail  # the history names the step


def test_a_recipient_units_route_comes_before_the_registers(agency_a, clerk, leader, unit):
    unit_leader = make_person(Role.LEADER)
    SubmissionRoute.objects.create(register=default_register(), leader=leader.user)
    SubmissionRoute.objects.create(unit=unit, leader=unit_leader.user)
    document = registered(clerk, recipient_units=[unit])
    html = page(agency_a, clerk, f"/direction/documents/{document.pk}/submit/").content.decode()
    assert f'<option value="{unit_leader.user.pk}" selected>' in html


def test_a_secret_document_is_offered_only_to_cleared_leaders_and_refused_for_others(agency_a, leader):
    secret_clerk = make_person(Role.CLERK, clearance=Secrecy.SECRET)
    cleared = make_person(Role.LEADER, clearance=Secrecy.SECRET)
    document = registered(secret_clerk, secrecy=Secrecy.SECRET)
    html = page(agency_a, secret_clerk, f"/direction/documents/{document.pk}/submit/").content.decode()
    assert f'value="{cleared.user.pk}"' in html and f'value="{leader.user.pk}"' not in html
    refused = page(agency_a, secret_clerk, f"/direction/documents/{document.pk}/submit/", {"leader": leader.user.pk})
    assert refused.status_code == 400 and "Hãy chọn" in refused.content.decode()  # not among the choices
    assert not Submission.objects.filter(document=document).exists()
    plain_clerk = make_person(Role.CLERK)
    assert page(agency_a, plain_clerk, f"/direction/documents/{document.pk}/submit/").status_code == 404
    assert page(agency_a, leader, f"/documents/incoming/{document.pk}/").status_code == 404


def test_only_the_clerk_submits(agency_a, clerk, leader, specialist):
    document = registered(clerk, recipient_units=[specialist.primary.unit])
    response = page(agency_a, specialist, f"/direction/documents/{document.pk}/submit/", {"leader": leader.user.pk})
    assert response.status_code == 403
    assert not Submission.objects.exists()
    assert "handling-submit" not in page(agency_a, specialist, f"/documents/incoming/{document.pk}/").content.decode()


# ---- the leader's queue ------------------------------------------------------------------------------------------


def test_the_queue_lists_the_most_urgent_first_then_by_arrival_and_the_home_figure_opens_it(agency_a, clerk, leader):
    first = submitted(clerk, leader, subject="V/v thường đến trước")
    flash = submitted(clerk, leader, subject="V/v hỏa tốc", urgency=Urgency.FLASH)
    second = submitted(clerk, leader, subject="V/v thường đến sau")
    cancelled = submitted(clerk, leader, subject="V/v vào sổ nhầm")
    cancel_incoming(cancelled, by=clerk, reason="Vào sổ nhầm")
    html = page(agency_a, leader, "/direction/waiting/").content.decode()
    rows = [html.index(d.subject) for d in (flash, first, second)]
    assert rows == sorted(rows) and cancelled.subject not in html
    assert 'class="table-warning"' in html  # the urgent one marked
    home = page(agency_a, leader, "/").content.decode()
    assert 'href="/direction/waiting/"' in home and "3 văn bản đang chờ" in home and "1 văn bản khẩn" in home


def test_the_queue_reads_in_the_same_queries_however_long(agency_a, clerk, leader):
    client = client_as(agency_a, leader.user)
    submitted(clerk, leader)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/direction/waiting/").status_code == 200
    for urgency in (Urgency.URGENT, Urgency.NONE, Urgency.FLASH):
        submitted(clerk, leader, urgency=urgency)
    with CaptureQueriesContext(connection) as four:
        assert client.get("/direction/waiting/").status_code == 200
    assert len(four) == len(one)


def test_a_delegate_finds_the_grantors_documents_in_the_queue_and_directs_them(agency_a, clerk, leader, unit):
    """Whoever carries a leader's delegation (here a specialist) sees the documents waiting for that leader, marked
    as theirs, reaches the queue from the delegation notice, and directs on the leader's behalf."""
    from apps.direction import delegations

    delegate = make_person(Role.SPECIALIST)
    document = submitted(clerk, leader, subject="V/v chờ Giám đốc")
    assert page(agency_a, delegate, "/direction/waiting/").status_code == 403
    now = timezone.now()
    delegations.delegate(delegate.user, now, now + datetime.timedelta(days=2), "Nghỉ phép", by=leader)
    html = page(agency_a, delegate, "/direction/waiting/").content.decode()
    assert "V/v chờ Giám đốc" in html
    assert f"Trình {leader.user.full_name} (đã ủy quyền cho bạn)" in html
    assert f"Đang được ủy quyền bởi {leader.user.full_name}" in html
    home = page(agency_a, delegate, "/").content.decode()
    assert 'href="/direction/waiting/"' in home
    badge = page(agency_a, delegate, "/direction/mine/badge/").content.decode()
    assert ">1<" in badge.replace(" ", "")  # the grantor's document waits for the delegate's action too
    assert page(agency_a, delegate, f"/direction/documents/{document.pk}/direct/").status_code == 200
    response = page(agency_a, delegate, f"/direction/documents/{document.pk}/direct/", _form(unit))
    assert response.status_code == 302
    work = Work.objects.get(document=document)
    assert (work.directed_by, work.on_behalf_of) == (delegate.user, leader.user)
    assert page(agency_a, delegate, response["Location"]).status_code == 200


def test_the_queue_is_for_leaders(agency_a, clerk):
    assert page(agency_a, clerk, "/direction/waiting/").status_code == 403


# ---- the direction form ------------------------------------------------------------------------------------------


def _form(unit, **extra) -> dict:
    return {"text": "Giao Phòng Tổng hợp chủ trì, báo cáo trước hạn.", "lead": unit.pk, **extra}


def test_the_leader_directs_in_one_screen_and_the_document_is_assigned(agency_a, clerk, leader, unit, specialist):
    support = UnitFactory(name="Phòng Kế hoạch")
    info = UnitFactory(name="Văn phòng")
    document = submitted(clerk, leader, urgency=Urgency.URGENT)
    url = f"/direction/documents/{document.pk}/direct/"
    html = page(agency_a, leader, url).content.decode()
    assert 'name="lead"' in html and 'name="supports"' in html and 'name="due_days"' in html
    own = TODAY() + datetime.timedelta(days=30)
    data = _form(unit, supports=[support.pk], infos=[info.pk], due_days="10", **{f"due_{support.pk}": own})
    data["support_people"] = [specialist.user.pk]
    response = page(agency_a, leader, url, {**data, f"due_{support.pk}": own.strftime("%d/%m/%Y")})
    work = Work.objects.get(document=document)
    assert response.status_code == 302 and response["Location"] == f"/direction/works/{work.pk}/"
    assert work.due_on == calendar_for().add_working_days(TODAY(), 10)
    rows = {(a.role, a.unit_id or a.user_id): a.due_on for a in work.assignments.all()}
    assert rows == {
        ("lead", unit.pk): work.due_on,
        ("support", support.pk): own,
        ("support", specialist.user.pk): work.due_on,
        ("info", info.pk): None,
    }
    document.refresh_from_db()
    assert document.status == IncomingDocument.Status.ASSIGNED
    assert Submission.objects.get(document=document).state == Submission.State.DIRECTED
    assert events_for(work).filter(action="directed").exists()


def test_each_person_chosen_may_get_their_own_deadline(agency_a, agency_b, clerk, leader, unit, specialist):
    """The people in support or kept informed get a deadline field each as they are picked (a stranger of another
    agency gets none); a person's date goes to their part, an empty one leaves the lead's."""
    other = make_person(Role.SPECIALIST)
    with schema_context(agency_b.schema_name):
        stranger = make_person(Role.SPECIALIST)
    query = f"support_people={specialist.user.pk}&info_people={other.user.pk}&info_people={stranger.user.pk}"
    html = page(agency_a, leader, f"/direction/people-deadlines/?{query}").content.decode()
    assert f'name="due_user_{specialist.user.pk}"' in html and f'name="due_user_{other.user.pk}"' in html
    assert f"due_user_{stranger.user.pk}" not in html and stranger.user.full_name not in html
    document = submitted(clerk, leader)
    own = TODAY() + datetime.timedelta(days=20)
    data = {**_form(unit), "support_people": [specialist.user.pk], "info_people": [other.user.pk]}
    data[f"due_user_{specialist.user.pk}"] = own.strftime("%d/%m/%Y")
    response = page(agency_a, leader, f"/direction/documents/{document.pk}/direct/", data)
    assert response.status_code == 302
    work = Work.objects.get(document=document)
    assert work.assignments.get(user=specialist.user).due_on == own
    assert work.assignments.get(user=other.user).due_on is None
    again = page(agency_a, leader, f"/direction/documents/{document.pk}/direct/").content.decode()
    assert f'name="due_user_{specialist.user.pk}" value="{own:%d/%m/%Y}"' in again


def test_a_persons_deadline_in_the_past_is_refused_and_nothing_saved(agency_a, clerk, leader, unit, specialist):
    document = submitted(clerk, leader)
    data = {**_form(unit), "support_people": [specialist.user.pk]}
    data[f"due_user_{specialist.user.pk}"] = (TODAY() - datetime.timedelta(days=2)).strftime("%d/%m/%Y")
    response = page(agency_a, leader, f"/direction/documents/{document.pk}/direct/", data)
    assert response.status_code == 400
    assert "Hạn xử lý không được ở trong quá khứ." in response.content.decode()
    assert not Work.objects.exists()


def test_the_usual_units_come_first(agency_a, clerk, leader, unit):
    aaa = UnitFactory(name="AAA Phòng ít giao")
    services.direct(submitted(clerk, leader), direction(Assignee(unit=unit)), by=leader)
    html = page(agency_a, leader, f"/direction/documents/{submitted(clerk, leader).pk}/direct/").content.decode()
    assert html.index("Thường giao") < html.index(f'id="unit-{unit.pk}"') < html.index(f'id="unit-{aaa.pk}"')


@pytest.mark.parametrize(
    "case",
    ["past deadline", "no lead", "other agency", "inactive", "two leads"],
)
def test_bad_directions_show_a_vietnamese_error_and_save_nothing(agency_a, agency_b, clerk, leader, unit, case):
    document = submitted(clerk, leader)
    data = _form(unit)
    expected = {
        "past deadline": "Hạn xử lý không được ở trong quá khứ.",
        "no lead": "Chọn đơn vị hoặc cá nhân chủ trì.",
        "other agency": "không phải là người đang công tác tại cơ quan",
        "inactive": "không phải là người đang công tác tại cơ quan",
        "two leads": "Chỉ chọn một chủ trì",
    }[case]
    if case == "past deadline":
        data["due_on"] = (TODAY() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    elif case == "no lead":
        data.pop("lead")
    elif case == "other agency":
        with schema_context(agency_b.schema_name):
            stranger = make_person(Role.SPECIALIST)
        data["support_people"] = [stranger.user.pk]
    elif case == "inactive":
        gone = make_person(Role.SPECIALIST)
        Membership.objects.filter(user=gone.user).update(is_active=False)
        data["info_people"] = [gone.user.pk]
    else:
        data["lead_person"] = make_person(Role.SPECIALIST).user.pk
    response = page(agency_a, leader, f"/direction/documents/{document.pk}/direct/", data)
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not Work.objects.exists() and not Assignment.objects.exists()
    document.refresh_from_db()
    assert document.status == IncomingDocument.Status.REGISTERED


def test_a_secret_document_is_not_directed_to_someone_not_cleared(agency_a, unit, specialist):
    cleared = make_person(Role.LEADER, clearance=Secrecy.CONFIDENTIAL)
    clerk = make_person(Role.CLERK, clearance=Secrecy.CONFIDENTIAL)
    url = f"/direction/documents/{submitted(clerk, cleared, secrecy=Secrecy.CONFIDENTIAL).pk}/direct/"
    response = page(agency_a, cleared, url, {"text": "", "lead_person": specialist.user.pk})
    assert response.status_code == 400 and "chưa được phép tiếp cận văn bản có độ mật này" in response.content.decode()
    assert not Work.objects.exists()


def test_a_leader_who_may_not_direct_gets_no_form(agency_a, clerk, leader, head, unit):
    document = submitted(clerk, leader, recipient_units=[unit])
    assert page(agency_a, head, f"/direction/documents/{document.pk}/direct/").status_code == 403
    response = page(agency_a, head, f"/direction/documents/{document.pk}/direct/", _form(unit))
    assert response.status_code == 403 and not Work.objects.exists()
    html = page(agency_a, head, f"/documents/incoming/{document.pk}/").content.decode()
    assert f"/direction/documents/{document.pk}/direct/" not in html


def test_the_handling_panel_shows_the_submission_the_direction_and_the_chain(agency_a, clerk, leader, unit):
    document = submitted(clerk, leader)
    html = page(agency_a, leader, f"/documents/incoming/{document.pk}/").content.decode()
    assert f"/direction/documents/{document.pk}/direct/" in html and "Chờ ý kiến chỉ đạo" in html
    work = services.direct(document, direction(Assignee(unit=unit)), by=leader).work
    html = page(agency_a, leader, f"/documents/incoming/{document.pk}/").content.decode()
    panel = html[html.index('id="handling-panel"') :]
    assert "Giao Phòng Tổng hợp chủ trì tham mưu." in panel and "direction-chain" in panel and unit.name in panel
    assert f"/direction/works/{work.pk}/" in panel and "Đổi ý kiến chỉ đạo" in panel


def test_changing_the_direction_starts_from_the_current_one(agency_a, clerk, leader, unit):
    document = submitted(clerk, leader)
    services.direct(document, direction(Assignee(unit=unit)), by=leader)
    html = page(agency_a, leader, f"/direction/documents/{document.pk}/direct/").content.decode()
    assert f'id="lead-{unit.pk}" value="{unit.pk}" autocomplete="off" checked' in html


def test_the_deadline_hint_counts_working_days(agency_a, leader):
    expected = calendar_for(agency_a).add_working_days(TODAY(), 10)
    with schema_context(agency_a.schema_name):
        html = page(agency_a, leader, "/direction/deadline/?due_days=10").content.decode()
    assert expected.strftime("%d/%m/%Y") in html and "10 ngày làm việc" in html
    past = (TODAY() - datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    assert "trong quá khứ" in page(agency_a, leader, f"/direction/deadline/?due_on={past}").content.decode()


# ---- default routes ----------------------------------------------------------------------------------------------


def test_the_administrator_sets_a_units_default_leader_audited(agency_a, leader, unit):
    admin = make_person(Role.ADMIN)
    response = page(agency_a, admin, "/direction/routes/add/", {"unit": unit.pk, "leader": leader.user.pk})
    assert response.status_code == 302
    route = SubmissionRoute.objects.get(unit=unit)
    assert route.leader_id == leader.user.pk and events_for(route).filter(action="created").exists()
    assert unit.name in page(agency_a, admin, "/direction/routes/").content.decode()
    both = page(agency_a, admin, "/direction/routes/add/", {"leader": leader.user.pk})
    assert both.status_code == 400 and "Chọn một sổ hoặc một đơn vị" in both.content.decode()
    assert page(agency_a, leader, "/direction/routes/").status_code == 403


def test_directions_secondary_screens_share_one_dropdown_of_the_menu(agency_a, leader, specialist):
    """A leader's menu stays short: "Việc của tôi" and "Chờ ý kiến chỉ đạo" on it, the rest of direction in one
    dropdown; for one who has a single screen of the group (a specialist's own figures) it is a plain entry."""
    context = page(agency_a, leader, "/").context
    groups = {group.key: [str(item.label) for item in group.items] for group in context["nav_groups"]}
    assert groups["direction"] == ["Ủy quyền", "Việc đã giao", "Tình hình giải quyết", "Báo cáo, sổ theo dõi"]
    assert {"Việc của tôi", "Chờ ý kiến chỉ đạo"} <= {str(item.label) for item in context["nav_items"]}
    html = page(agency_a, leader, "/").content.decode()
    assert 'id="nav-direction"' in html and "Điều hành công việc" in html
    context = page(agency_a, specialist, "/").context
    assert "direction" not in {group.key for group in context["nav_groups"]}
    assert "Tình hình giải quyết" in {str(item.label) for item in context["nav_items"]}


def test_a_delegation_is_not_passed_on_down_a_chain(agency_a, clerk, leader, deputy_head):
    """The director delegates to the deputy, who delegates to a specialist: the specialist carries the deputy's
    direction only, not the director's — the director's document's form is not theirs to open."""
    from apps.direction import delegations

    specialist = make_person(Role.SPECIALIST)
    document = submitted(clerk, leader, subject="V/v của Giám đốc")
    now = timezone.now()
    delegations.delegate(deputy_head.user, now, now + datetime.timedelta(days=2), "Nghỉ phép", by=leader)
    delegations.delegate(specialist.user, now, now + datetime.timedelta(days=2), "Đi công tác", by=deputy_head)
    assert page(agency_a, deputy_head, f"/direction/documents/{document.pk}/direct/").status_code == 200
    assert page(agency_a, specialist, f"/direction/documents/{document.pk}/direct/").status_code in (403, 404)
