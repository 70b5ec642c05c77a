"""The outgoing screens: the menu, the draft form, the draft page and its actions, file downloads, the issued list."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from apps.core.tests.utils import assert_keeps_the_sort, client_as, htmx
from apps.documents.tests.factories import cong_van, make_person
from apps.outgoing import services
from apps.outgoing.inputs import DraftEntry, RecipientSpec
from apps.outgoing.models import Draft, OutgoingDocument
from apps.outgoing.tests.flow import draft_form, issue, lonely_draft, new_draft, pdf, take_through
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from apps.registers.models import Secrecy, Urgency
from ocr.tests.files import born_digital_pdf

pytestmark = pytest.mark.django_db
State = Draft.State


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def draft_url(draft: Draft, action: str = "") -> str:
    return f"/outgoing/drafts/{draft.pk}/{action}"


def test_every_member_finds_outgoing_documents_in_the_menu_and_drafts_waiting_on_the_home_page(alpha, team):
    take_through(new_draft(team), team, until=State.CONTENT_REVIEW)
    home = page(client_as(alpha, team.head.user), "/")
    assert 'href="/outgoing/"' in home and "Văn bản đi" in home
    assert "1 dự thảo chờ bạn xử lý" in home
    anonymous = client_as(alpha, team.head.user)
    anonymous.logout()
    assert anonymous.get("/outgoing/").status_code == 302


def test_a_specialist_creates_a_draft_with_files_from_the_form(alpha, team):
    client = client_as(alpha, team.drafter.user)
    form = page(client, "/outgoing/drafts/new/")
    assert "Trích yếu" in form and team.signer.user.full_name in form
    response = client.post(
        "/outgoing/drafts/new/",
        draft_form(
            team,
            subject="  V/v   tổ chức hội nghị  ",
            urgency="urgent",
            due_on="30/12/2099",
            recipient_units=[team.office.pk],
            recipient_places="Như trên\nSở Tài chính tỉnh Đồng Nai",
            files=[pdf(body=b"%PDF-1.7 form"), pdf("phu-luc.pdf", b"%PDF-1.7 pl")],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = Draft.objects.get()
    assert response["Location"] == draft_url(draft)
    assert (draft.subject, draft.urgency, draft.due_on.isoformat()) == ("V/v tổ chức hội nghị", "urgent", "2099-12-30")
    assert [r.name for r in draft.recipients.all()] == ["Như trên", "Sở Tài chính tỉnh Đồng Nai", "Văn phòng"]
    html = page(client, draft_url(draft))
    assert "Đã lưu dự thảo phiên bản 1." in html
    assert "du-thao.pdf" in html and "phu-luc.pdf" in html and "Trình duyệt nội dung" in html


def test_bad_input_shows_vietnamese_errors_and_saves_nothing(alpha, team):
    client = client_as(alpha, team.drafter.user)
    response = client.post(
        "/outgoing/drafts/new/", {"subject": "", "urgency": "none", "secrecy": "none", "due_on": "31/02/2026"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in html and "Nhập ngày theo dạng dd/mm/yyyy" in html
    assert not Draft.objects.exists()


def test_the_draft_page_offers_each_person_only_their_own_action(alpha, team):
    draft = take_through(new_draft(team), team, until=State.CONTENT_REVIEW)
    head_page = page(client_as(alpha, team.head.user), draft_url(draft))
    assert "Duyệt nội dung của lãnh đạo đơn vị soạn thảo" in head_page and "Trả lại kèm ý kiến" in head_page
    drafter_page = page(client_as(alpha, team.drafter.user), draft_url(draft))
    assert "Trả lại kèm ý kiến" not in drafter_page and "Lịch sử xử lý" in drafter_page
    colleague = client_as(alpha, make_person(Role.SPECIALIST, unit=team.office).user)
    assert colleague.get(draft_url(draft)).status_code == 404
    refused = client_as(alpha, team.drafter.user).post(
        draft_url(draft, "decide/content/"), {"review-version": 1, "decision": "approve"}
    )
    assert refused.status_code == 403
    assert Draft.objects.get(pk=draft.pk).state == State.CONTENT_REVIEW


def test_the_whole_flow_through_the_screens_ends_with_the_number_on_the_page(alpha, team):
    draft = new_draft(team)
    drafter, head = client_as(alpha, team.drafter.user), client_as(alpha, team.head.user)
    clerk, signer = client_as(alpha, team.clerk.user), client_as(alpha, team.signer.user)
    assert drafter.post(draft_url(draft, "submit/"), {"submit-version": 1}).status_code == 302
    assert (
        head.post(draft_url(draft, "decide/content/"), {"review-version": 1, "decision": "approve"}).status_code == 302
    )
    response = clerk.post(draft_url(draft, "decide/format/"), {"check_format-version": 1, "decision": "approve"})
    assert response.status_code == 302
    response = signer.post(draft_url(draft, "decide/approval/"), {"approve-version": 1, "decision": "approve"})
    assert response.status_code == 302
    issue_page = page(clerk, draft_url(draft))
    assert "Cấp số và phát hành" in issue_page and "Sổ đăng ký văn bản đi" in issue_page
    register = Draft.objects.get(pk=draft.pk).register_id
    response = clerk.post(draft_url(draft, "issue/"), {"issue-version": 1, "issue-register": register}, follow=True)
    html = response.content.decode()
    assert "01/SAL-VP" in html and "Đã phát hành" in html
    assert "Văn bản đã cấp số" in html or "Văn bản đã phát hành" in html
    assert OutgoingDocument.objects.get().number_and_notation == "01/SAL-VP"
    trail = page(drafter, draft_url(draft))
    for label in ("Tạo mới (phiên bản 1)", "Đã trình", "Đồng ý (Kiểm tra thể thức)", "Cấp số và phát hành"):
        assert label in trail


def test_a_return_without_comment_and_an_action_on_a_stale_version_are_refused_on_the_page(alpha, team):
    draft = take_through(new_draft(team), team, until=State.CONTENT_REVIEW)
    head = client_as(alpha, team.head.user)
    response = head.post(draft_url(draft, "decide/content/"), {"review-version": 1, "decision": "return"})
    assert response.status_code == 200 and "Ghi rõ lý do trả lại dự thảo." in response.content.decode()
    response = head.post(draft_url(draft, "decide/content/"), {"review-version": 7, "decision": "approve"})
    assert "phiên bản mới nhất là 1" in response.content.decode()
    assert Draft.objects.get(pk=draft.pk).state == State.CONTENT_REVIEW
    response = head.post(
        draft_url(draft, "decide/content/"), {"review-version": 1, "decision": "return", "review-comment": "Bổ sung"}
    )
    assert response.status_code == 302 and Draft.objects.get(pk=draft.pk).state == State.RETURNED


def test_editing_saves_a_new_version_and_can_drop_files(alpha, team):
    draft = new_draft(team)
    client = client_as(alpha, team.drafter.user)
    form = page(client, draft_url(draft, "edit/"))
    assert "Phiên bản" not in form or "du-thao.pdf" in form
    response = client.post(
        draft_url(draft, "edit/"),
        {
            "version": 1,
            "document_type": cong_van().pk,
            "subject": "V/v tổ chức hội nghị (sửa lần 1)",
            "urgency": "none",
            "secrecy": "none",
            "signer": team.signer.user.pk,
            "recipient_places": "Như trên",
            "keep_files": [],
            "files": [SimpleUploadedFile("ban-moi.pdf", b"%PDF moi", "application/pdf")],
            "note": "Tiếp thu ý kiến",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.version == 2
    assert [f.name for f in draft.versions.get(number=2).files.all()] == ["ban-moi.pdf"]
    assert [r.name for r in draft.recipients.all()] == ["Như trên"]
    html = page(client, draft_url(draft))
    assert "Đã lưu thành phiên bản 2." in html and "Tiếp thu ý kiến" in html
    stale = client.post(
        draft_url(draft, "edit/"),
        {"version": 1, "document_type": cong_van().pk, "subject": "V/v x", "urgency": "none", "secrecy": "none"},
    )
    assert "phiên bản mới nhất là 2" in stale.content.decode()


def test_files_are_downloaded_by_those_who_may_see_the_draft_only(alpha, team):
    draft = new_draft(team)
    file = draft.versions.get().files.get()
    url = draft_url(draft, f"files/{file.pk}/")
    response = client_as(alpha, team.head.user).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == born_digital_pdf()
    assert 'filename="du-thao.pdf"' in response["Content-Disposition"]
    assert client_as(alpha, make_person(Role.SPECIALIST).user).get(url).status_code == 404


def test_a_recall_is_recorded_from_the_page_and_shown_on_it(alpha, team):
    document = issue(team)
    clerk = client_as(alpha, team.clerk.user)
    url = draft_url(document.draft)
    assert "Ghi nhận thu hồi" in page(clerk, url)
    assert "Ghi nhận thu hồi" not in page(client_as(alpha, team.drafter.user), url)
    response = clerk.post(draft_url(document.draft, "recall/"), {"recall-reason": "Ban hành nhầm"}, follow=True)
    html = response.content.decode()
    assert "Đã thu hồi" in html or "Bị thu hồi" in html or "Thu hồi" in html
    assert "Ban hành nhầm" in html
    assert OutgoingDocument.objects.get().is_recalled


ISSUED = "/outgoing/issued/"
COUNT = "/outgoing/issued/count/"


def issued_rows(response) -> list[str]:
    return re.findall(r'class="issued-subject">([^<]*)<', response.content.decode())


def test_the_issued_list_shows_what_the_person_may_see_newest_first(alpha, secret_team):
    finance = UnitFactory()
    to_finance = issue(secret_team, subject="V/v gửi phòng Tài chính", recipients=[RecipientSpec.of_unit(finance)])
    internal = issue(secret_team, subject="V/v nội bộ", recipients=[RecipientSpec.place("Như trên")])
    secret = issue(
        secret_team,
        subject="V/v mật gửi phòng Tài chính",
        secrecy=Secrecy.SECRET,
        recipients=[RecipientSpec.of_unit(finance)],
    )
    leader = client_as(alpha, make_person(Role.LEADER).user)
    assert issued_rows(leader.get(ISSUED)) == [internal.subject, to_finance.subject]
    cleared = client_as(alpha, make_person(Role.LEADER, clearance=Secrecy.SECRET).user)
    assert issued_rows(cleared.get(ISSUED)) == [secret.subject, internal.subject, to_finance.subject]
    reader = client_as(alpha, make_person(Role.SPECIALIST, unit=finance).user)
    assert issued_rows(reader.get(ISSUED)) == [to_finance.subject]
    assert issued_rows(reader.get(ISSUED, {"q": "mat"})) == []
    assert issued_rows(client_as(alpha, make_person(Role.SPECIALIST).user).get(ISSUED)) == []


def test_search_as_you_type_returns_the_table_alone_found_without_accents(alpha, team):
    wanted = issue(team, subject="Về việc báo cáo tình hình quý III")
    issue(team, subject="V/v mời họp giao ban")
    client = client_as(alpha, team.clerk.user)
    page_html = page(client, ISSUED)
    assert 'id="issued-filters"' in page_html and 'hx-target="#issued-table"' in page_html
    assert "Tìm kiếm" in page_html and "Đơn vị soạn thảo" in page_html
    response = client.get(ISSUED, {"q": "BAO CAO tinh hinh"}, **htmx("issued-table"))
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert issued_rows(response) == [wanted.subject]
    assert 'hx-get="/outgoing/issued/count/?q=BAO+CAO+tinh+hinh"' in html
    assert "HX-Request" in response["Vary"]
    assert issued_rows(client.get(ISSUED, {"q": "01/SAL-VP"})) == [wanted.subject]
    count = client.get(COUNT, {"q": "bao cao tinh hinh"}, **htmx("issued-count"))
    assert ">1 văn bản<" in count.content.decode()


def test_the_issued_list_filters_sorts_and_keeps_the_sort_in_its_links(alpha, team):
    first = issue(team, subject="V/v đề nghị hỗ trợ", urgency=Urgency.FLASH)
    second = issue(team, subject="V/v báo cáo")
    client = client_as(alpha, team.clerk.user)
    assert issued_rows(client.get(ISSUED, {"urgency": "flash"})) == [first.subject]
    by_subject = client.get(ISSUED, {"ordering": "subject"})
    assert issued_rows(by_subject) == [second.subject, first.subject]
    assert_keeps_the_sort(by_subject, "subject")
    assert issued_rows(client.get(ISSUED, {"ordering": "number"})) == [first.subject, second.subject]
    services.recall_outgoing(second, by=team.clerk, reason="Ban hành nhầm")
    recalled = client.get(ISSUED, {"status": "recalled"})
    assert issued_rows(recalled) == [second.subject] and "Đã thu hồi" in recalled.content.decode()


def test_a_wrong_filter_is_explained_and_ignored(alpha, team):
    issue(team)
    response = client_as(alpha, team.clerk.user).get(ISSUED, {"issued_from": "32/13/2026"})
    html = response.content.decode()
    assert response.status_code == 200 and len(issued_rows(response)) == 1
    assert "Phát hành từ ngày" in html and "Bộ lọc này chưa được áp dụng" in html


def test_the_issued_list_is_paged_with_a_count_that_stops_at_the_cap(alpha, team, monkeypatch):
    from apps.core import paging

    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    monkeypatch.setattr("apps.outgoing.views.IssuedList.page_size", 2)
    for i in range(5):
        issue(team, subject=f"V/v số {i}")
    client = client_as(alpha, team.clerk.user)
    assert "Hơn 3 văn bản" in client.get(COUNT).content.decode()
    first = client.get(ISSUED).content.decode()
    assert "Văn bản 1–2" in first and "page=2" in first
    second = client.get(ISSUED, {"page": 2}, **htmx("issued-table"))
    assert issued_rows(second) == ["V/v số 2", "V/v số 1"] and "<html" not in second.content.decode()


def test_the_issued_list_takes_the_same_number_of_queries_for_3_or_12_documents(alpha, team):
    client = client_as(alpha, make_person(Role.LEADER).user)
    finance = UnitFactory()

    def queries(url: str = ISSUED, **params) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params)
        assert response.status_code == 200
        return len([q for q in captured.captured_queries if not q["sql"].startswith("SET search_path")])

    def add(n: int) -> None:
        for i in range(n):
            document = issue(
                team,
                subject=f"V/v triển khai kế hoạch số {i}",
                recipients=[RecipientSpec.of_unit(team.office), RecipientSpec.of_unit(finance)],
            )
            if i % 3 == 0:  # corrected ones show their status from the prefetch
                issue(team, subject=f"V/v đính chính số {i}", corrects=document, correction_kind="correction")

    searched = {"q": "trien khai", "ordering": "subject", "status": "issued", "year": timezone.localdate().year}
    add(3)
    few, few_search, few_count = queries(), queries(**searched), queries(COUNT, **searched)
    html = page(client, ISSUED)
    assert "Đã đính chính, sửa đổi hoặc thay thế" in html
    add(9)
    assert queries() == few
    assert queries(**searched) == few_search
    assert queries(COUNT, **searched) == few_count
    # Host, session, user, membership checks (2), memberships, clearance, the newest-first window's cutoff, the page's
    # ids and rows, later corrections, the filter form's registers, types, units and signers, the bell, the
    # header's agency switcher (accounts.AgencyAccess).
    assert few <= 17, f"{few} queries for the issued list"
    # Host, session, user, membership checks (2), memberships, clearance, the capped count: no menu, no bell.
    assert few_count <= 8, f"{few_count} queries for the issued count"


def test_a_reply_draft_starts_from_an_incoming_document(alpha, team, clerk):
    from apps.documents.tests.factories import RegisteredIncomingFactory

    incoming = RegisteredIncomingFactory(by=clerk, recipient_units=[team.office], subject="V/v xin ý kiến góp ý")
    client = client_as(alpha, team.drafter.user)
    html = page(client, f"/outgoing/drafts/new/?reply_to={incoming.pk}")
    assert "V/v xin ý kiến góp ý" in html
    assert f'href="/documents/incoming/{incoming.pk}/">Hủy</a>' in html  # "Hủy" goes back where the reply began
    with schema_context("alpha"):
        draft = services.create_draft(
            DraftEntry.of(document_type=cong_van(), subject="V/v góp ý", in_reply_to=incoming), by=team.drafter
        )
    assert incoming.subject in page(client, draft_url(draft))


def test_notification_links_lead_to_the_draft_page_for_those_who_may_see_it(alpha, team):
    from apps.notifications.links import url_for

    document = issue(team)
    step = document.draft.steps.first()
    assert url_for("outgoing.reviewstep", str(step.pk)) == f"/outgoing/steps/{step.pk}/"
    assert url_for("outgoing.outgoingdocument", str(document.pk)) == f"/outgoing/documents/{document.pk}/"
    head = client_as(alpha, team.head.user)
    assert head.get(f"/outgoing/steps/{step.pk}/")["Location"] == draft_url(document.draft)
    assert head.get(f"/outgoing/documents/{document.pk}/")["Location"] == draft_url(document.draft)
    outsider = client_as(alpha, make_person(Role.SPECIALIST).user)
    assert outsider.get(f"/outgoing/steps/{step.pk}/").status_code == 404
    assert outsider.get(f"/outgoing/documents/{document.pk}/").status_code == 404


def test_a_correction_is_drafted_from_the_form_and_shown_on_the_corrected_document(alpha, team):
    earlier = issue(team)
    client = client_as(alpha, team.drafter.user)
    assert "01/SAL-VP" in page(client, "/outgoing/drafts/new/")
    response = client.post(
        "/outgoing/drafts/new/",
        draft_form(
            team,
            subject="V/v đính chính Công văn số 01/SAL-VP",
            corrects=earlier.pk,
            correction_kind="correction",
            files=[pdf("dinh-chinh.pdf")],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = Draft.objects.get(corrects=earlier)
    later = services.issue_outgoing(take_through(draft, team), by=team.clerk, version=1)
    html = page(client, draft_url(earlier.draft))
    assert "Đính chính bởi văn bản 02/SAL-VP" in html
    assert later.correction_kind == "correction"


def test_the_work_page_takes_the_same_number_of_queries_for_2_or_6_drafts(alpha, team):
    client = client_as(alpha, team.head.user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page(client, "/outgoing/")
        return len([q for q in captured.captured_queries if not q["sql"].startswith("SET search_path")])

    for i in range(2):
        take_through(new_draft(team, subject=f"V/v dự thảo {i}"), team, until=State.CONTENT_REVIEW)
    few = queries()
    for i in range(4):
        take_through(new_draft(team, subject=f"V/v dự thảo thêm {i}"), team, until=State.CONTENT_REVIEW)
    assert queries() == few


# ---- a way forward (issue 7, B2) ------------------------------------------------------------------------------------


def test_a_specialist_in_a_unit_without_a_head_submits_to_a_leader_of_the_agency(alpha, team):
    lonely, draft = lonely_draft(team)  # a unit of their own, with no head
    client = client_as(alpha, lonely.user)
    html = page(client, draft_url(draft))
    assert 'name="submit-reviewer"' in html and team.signer.user.full_name in html
    response = client.post(draft_url(draft, "submit/"), {"submit-version": 1, "submit-reviewer": team.signer.user.pk})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.reviewer_id) == (Draft.State.CONTENT_REVIEW, team.signer.user.pk)


def test_the_drafter_abandons_a_draft_from_its_page(alpha, team):
    draft = new_draft(team)
    client = client_as(alpha, team.drafter.user)
    assert "abandon-form" in page(client, draft_url(draft))
    response = client.post(draft_url(draft, "abandon/"), {"abandon-version": 1, "abandon-reason": "Trùng việc"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == Draft.State.ABANDONED
    html = page(client, draft_url(draft))
    assert 'id="abandoned-note"' in html and "Trùng việc" in html and "abandon-form" not in html
    work = page(client, "/outgoing/")
    assert 'id="abandoned-title"' in work


def test_an_incoming_document_has_a_reply_action_and_both_sides_link(alpha, team):
    from apps.documents.tests.factories import RegisteredIncomingFactory

    incoming = RegisteredIncomingFactory(by=team.clerk, subject="V/v xin ý kiến", recipient_units=[team.office])
    client = client_as(alpha, team.drafter.user)
    detail = page(client, f"/documents/incoming/{incoming.pk}/")
    reply_url = f"/outgoing/drafts/new/?reply_to={incoming.pk}"
    assert reply_url in detail.replace("&amp;", "&")
    assert "Trả lời" in detail
    form_page = page(client, reply_url)
    assert "V/v xin ý kiến" in form_page
    draft = new_draft(team, in_reply_to=incoming)
    assert f"/outgoing/drafts/{draft.pk}/" in page(client, f"/documents/incoming/{incoming.pk}/")
    assert f"/documents/incoming/{incoming.pk}/" in page(client, draft_url(draft))
    stranger = client_as(alpha, make_person(Role.LEADER).user)
    assert f"/outgoing/drafts/{draft.pk}/" not in page(stranger, f"/documents/incoming/{incoming.pk}/")
