"""The printed outputs of work direction (issue 8 point 8): the Phiếu giải quyết văn bản đến shows the whole chain
and is printed only for those who may read it (a secret one only for the cleared); the Sổ theo dõi and the Báo
cáo tình hình giải quyết are export jobs with progress whose files read back with their values and no formula;
bad input is refused by field with nothing saved; the printed incoming register fills Ngày chuyển and Ký nhận."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.core.tests.utils import client_as, htmx
from apps.direction import services
from apps.direction.inputs import Assignee, DirectionInput, NoteInput, ReassignInput
from apps.direction.outputs import services as outputs
from apps.direction.tests.conftest import leader_with_post
from apps.documents.tests.factories import RegisteredIncomingFactory, default_register, make_person
from apps.people.models import Role
from apps.people.tests.factories import UnitFactory
from apps.registers import export_jobs
from apps.registers.models import ExportJob, Secrecy
from apps.registers.tests.test_exports import pdf_text

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def day(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def chain(clerk, director):
    """A document put before the director, directed to a unit with a support, re-assigned by the unit's head to a
    specialist who proposes an answer."""
    unit = UnitFactory(name="Phòng Kế hoạch")
    support = UnitFactory(name="Phòng Tài chính")
    head = leader_with_post("Trưởng phòng", 20, unit=unit)
    handler = make_person(Role.SPECIALIST, unit=unit)
    document = RegisteredIncomingFactory(by=clerk, subject="V/v báo cáo quý", number=12, notation="UBND-VP")
    services.submit(document, director.user, by=clerk)
    entry = DirectionInput(
        text="Giao Phòng Kế hoạch tham mưu",
        lead=Assignee(unit=unit),
        supports=(Assignee(unit=support),),
        due_on=day(5),
    )
    lead = services.direct(document, entry, by=director).assignments[0]
    [child] = services.reassign(lead, ReassignInput(handler=Assignee(user=handler.user)), by=head)
    services.record_note(child, NoteInput(kind="opinion", text="=Đề xuất trả lời đồng ý"), by=handler)
    return {"document": document, "unit": unit, "head": head, "handler": handler, "lead": lead, "child": child}


def slip_url(document) -> str:
    return f"/direction/documents/{document.pk}/slip/"


# ---- Phiếu giải quyết văn bản đến ------------------------------------------------------------------------------


def test_the_slip_pdf_shows_the_document_the_direction_and_the_whole_chain(chain, director, alpha):
    document, handler = chain["document"], chain["handler"]
    response = client_as(alpha, director.user).get(slip_url(document), {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="phieu-giai-quyet-')
    text = " ".join(pdf_text(response.content).split())
    assert "PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN" in text and "12/UBND-VP" in text and "V/v báo cáo quý" in text
    assert "Giao Phòng Kế hoạch tham mưu" in text
    for part in ("Chủ trì", "Phòng Kế hoạch", "Phối hợp", "Phòng Tài chính", handler.user.full_name):
        assert part in text
    assert "=Đề xuất trả lời đồng ý" in text
    assert f"{day(5):%d/%m/%Y}" in text
    event = AuditEvent.objects.get(action="exported", object_type="documents.incomingdocument")
    assert event.changes == {"output": "slip", "format": "pdf", "parts": 3}


def test_the_slip_xlsx_reads_back_with_the_chain_and_no_formula(chain, director, alpha):
    response = client_as(alpha, director.user).get(slip_url(chain["document"]), {"format": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for row in book["Phiếu giải quyết"].iter_rows() for c in row if c.value is not None]
    assert all(c.data_type == "s" or not str(c.value).startswith("=") for c in cells)
    values = [str(c.value) for c in cells]
    assert "PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN" in values and "Phòng Kế hoạch" in values
    opinion = next(c for c in cells if "Đề xuất trả lời" in str(c.value))
    assert opinion.data_type == "s" and chain["handler"].user.full_name in opinion.value
    assert [v for v in values if v in ("1", "1.1", "2")] == ["1", "1.1", "2"]


def test_the_slip_page_is_offered_on_the_document_and_shows_the_chain(chain, director, alpha):
    client = client_as(alpha, director.user)
    page = client.get(f"/documents/incoming/{chain['document'].pk}/").content.decode()
    assert f'href="{slip_url(chain["document"])}"' in page
    slip = client.get(slip_url(chain["document"])).content.decode()
    assert "Giao Phòng Kế hoạch tham mưu" in slip and 'href="?format=pdf"' in slip
    assert "style=" not in slip.split("<main", 1)[-1]


def test_a_secret_document_s_slip_is_only_for_those_cleared(clerk, director, alpha):
    secret = default_register(secret=True)
    cleared_clerk = make_person(Role.CLERK, clearance=Secrecy.SECRET)
    uncleared = make_person(Role.SPECIALIST)
    document = RegisteredIncomingFactory(
        by=cleared_clerk, register=secret, secrecy=Secrecy.CONFIDENTIAL, recipient_users=[uncleared.user]
    )
    cleared_leader = leader_with_post("Phó Giám đốc", 11)
    from apps.registers.models import SecrecyClearance

    SecrecyClearance.objects.create(user=cleared_leader.user, level=Secrecy.CONFIDENTIAL)
    assert client_as(alpha, cleared_leader.user).get(slip_url(document), {"format": "pdf"}).status_code == 200
    # The person it was sent to reads the document but not its slip; an uncleared leader sees neither.
    someone = client_as(alpha, uncleared.user)
    assert someone.get(f"/documents/incoming/{document.pk}/").status_code == 200
    assert someone.get(slip_url(document), {"format": "pdf"}).status_code == 403
    assert slip_url(document) not in someone.get(f"/documents/incoming/{document.pk}/").content.decode()
    assert client_as(alpha, director.user).get(slip_url(document)).status_code == 404
    api = client_as(alpha, uncleared.user).get(f"/api/v1/direction/documents/{document.pk}/slip/?format=pdf")
    assert api.status_code == 403
    printed = AuditEvent.objects.filter(action="exported", object_type="documents.incomingdocument")
    assert [e.actor_id for e in printed] == [cleared_leader.user.pk]  # the refused ones left no trace


def test_the_slip_over_the_api_and_a_bad_format_refused(chain, director, alpha):
    client = client_as(alpha, director.user)
    url = f"/api/v1/direction/documents/{chain['document'].pk}/slip/"
    assert client.get(url, {"format": "xlsx"})["Content-Type"].startswith("application/vnd.openxml")
    refused = client.get(url, {"format": "doc"})
    assert refused.status_code == 409 and list(refused.json()["errors"]) == ["format"]
    assert client.get("/api/v1/direction/documents/987654/slip/?format=pdf").status_code == 404


# ---- books and reports -----------------------------------------------------------------------------------------


def ask(client, **params):
    body = {"output": "tracking", "format": "xlsx", "from_date": f"{day(-1):%d/%m/%Y}", "to_date": f"{day(0):%d/%m/%Y}"}
    return client.post("/direction/outputs/", {**body, **params})


def test_the_tracking_book_is_a_job_with_progress_whose_xlsx_reads_back(chain, clerk, alpha):
    client = client_as(alpha, clerk.user)
    response = ask(client)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/registers/print/jobs/{job.pk}/"
    assert (job.kind, job.state, job.progress) == ("direction.report", "queued", 0)
    assert job.title.startswith("Sổ theo dõi giải quyết văn bản đến")
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in page and "<progress" in page and 'href="/direction/outputs/"' in page

    export_jobs.run_export_job(job.pk, agency=alpha)

    fragment = client.get(f"/registers/print/jobs/{job.pk}/", **htmx(f"export-job-{job.pk}")).content.decode()
    assert "hx-trigger" not in fragment and f"/registers/print/jobs/{job.pk}/download/" in fragment
    assert f"/registers/print/jobs/{job.pk}/" in client.get("/direction/outputs/").content.decode()
    download = client.get(f"/registers/print/jobs/{job.pk}/download/")
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    sheet = book.active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    headings = next(r for r in rows if r[0] == "Số đến")
    assert headings[2] == "Đơn vị/người nhận" and len(headings) == 7
    [line] = [r for r in rows if r[0] == chain["document"].arrival_number_display]
    assert "12/UBND-VP" in line[1]
    assert line[2].startswith("Phòng Kế hoạch → ") and "phối hợp: Phòng Tài chính" in line[2]
    assert line[3] == f"{day(5):%d/%m/%Y}"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert AuditEvent.objects.filter(action="exported", object_type="registers.exportjob").count() == 1


def test_the_incoming_report_pdf_counts_per_unit_and_per_person(chain, clerk, director, alpha):
    services.complete_part(chain["child"], by=chain["handler"])
    services.complete_work(chain["lead"].work, by=chain["head"])
    client = client_as(alpha, director.user)
    ask(client, output="incoming_report", format="pdf", per="unit")
    ask(client, output="incoming_report", format="xlsx", per="person")
    by_unit, by_person = ExportJob.objects.order_by("pk")
    export_jobs.run_export_job(by_unit.pk, agency=alpha)
    export_jobs.run_export_job(by_person.pk, agency=alpha)
    by_unit.refresh_from_db()
    assert (by_unit.state, by_unit.progress) == ("done", 100)
    text = " ".join(pdf_text(client.get(f"/registers/print/jobs/{by_unit.pk}/download/").getvalue()).split())
    assert "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT VĂN BẢN ĐẾN" in text and "Phòng Kế hoạch 1 1 0 0 0 100" in text
    content = client.get(f"/registers/print/jobs/{by_person.pk}/download/").getvalue()
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(content)).active.iter_rows()]
    assert [r[1:7] for r in rows if r[0] == 1] == [[chain["handler"].user.full_name, 1, 1, 0, 0, 0]]


def test_the_outgoing_report_counts_what_was_issued_in_reply_on_time_or_late(clerk, director, alpha):
    from apps.direction.models import Work
    from apps.outgoing.tests.flow import issue, make_team

    team = make_team()
    on_time = RegisteredIncomingFactory(by=clerk, recipient_units=[team.office])
    late = RegisteredIncomingFactory(by=clerk, recipient_units=[team.office])
    services.submit(late, director.user, by=clerk)
    services.direct(late, DirectionInput(text="", lead=Assignee(unit=team.office), due_on=day(2)), by=director)
    Work.objects.filter(document=late).update(due_on=day(-2))  # its deadline passed before the reply was issued
    issued = issue(team, in_reply_to=on_time)
    issue(team, in_reply_to=late)
    issue(team)
    client = client_as(alpha, team.clerk.user)
    ask(client, output="outgoing_report", per="unit")
    job = ExportJob.objects.get()
    export_jobs.run_export_job(job.pk, agency=alpha)
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(_file(client, job))).active.iter_rows()]
    line = next(r for r in rows if r[1] == issued.drafting_unit.name)
    # begun, in hand, abandoned, issued, replies, on time, late, recalled
    assert line[2:10] == [3, 0, 0, 3, 2, 1, 1, 0]


def _file(client, job) -> bytes:
    return b"".join(client.get(f"/registers/print/jobs/{job.pk}/download/").streaming_content)


def test_a_unit_leader_prints_only_the_units_they_lead(chain, alpha):
    head = chain["head"]
    other = UnitFactory(name="Phòng khác")
    response = ask(client_as(alpha, head.user), unit=other.pk)
    assert response.status_code == 400 and "bạn phụ trách" in response.content.decode()
    assert ask(client_as(alpha, head.user), unit=chain["unit"].pk).status_code == 302
    specialist = client_as(alpha, chain["handler"].user)
    assert ask(specialist).status_code == 403 and specialist.get("/direction/outputs/").status_code == 403
    body = {"output": "tracking", "format": "xlsx", "from_date": str(day(-1)), "to_date": str(day(0))}
    api = specialist.post("/api/v1/direction/reports/", body, content_type="application/json")
    assert api.status_code == 403 and api.json()["code"] == "permission_denied"
    assert ExportJob.objects.count() == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from_date": "31/03/2026", "to_date": "01/03/2026"}, "to_date"),
        ({"from_date": "01/01/1900", "to_date": "01/03/2026"}, "from_date"),
        ({"from_date": "01/01/2026", "to_date": "01/01/9999"}, "to_date"),
        ({"from_date": "31/02/2026"}, "from_date"),
        ({"unit": "987654"}, "unit"),
        ({"person": "987654"}, "person"),
        ({"output": "nothing"}, "output"),
        ({"per": "team"}, "per"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_saved(clerk, alpha, params, field):
    with pytest.raises(Exception) as refused:
        outputs.request_report({"output": "incoming_report", "format": "pdf", **_period(), **params}, by=clerk)
    assert field in refused.value.message_dict
    response = ask(client_as(alpha, clerk.user), **{"output": "incoming_report", **params})
    assert response.status_code == 400
    assert not ExportJob.objects.exists() and not AuditEvent.objects.filter(action="export_requested").exists()


def _period() -> dict[str, str]:
    return {"from_date": f"{day(-30):%d/%m/%Y}", "to_date": f"{day(0):%d/%m/%Y}"}


def test_a_unit_of_another_agency_is_refused(clerk, alpha, agency_b, in_agency):
    with in_agency(agency_b):
        theirs = [UnitFactory() for _ in range(3)][-1]
    from apps.people.models import Unit

    Unit.objects.filter(pk__gte=theirs.pk).update(is_active=False)
    missing = max(Unit.objects.values_list("pk", flat=True)) + theirs.pk
    api = client_as(alpha, clerk.user).post(
        "/api/v1/direction/reports/",
        {"output": "tracking", "format": "xlsx", "from_date": str(day(-3)), "to_date": str(day(0)), "unit": missing},
        content_type="application/json",
    )
    assert api.status_code == 409 and list(api.json()["errors"]) == ["unit"]
    reversed_ = client_as(alpha, clerk.user).post(
        "/api/v1/direction/reports/",
        {"output": "tracking", "format": "xlsx", "from_date": str(day(0)), "to_date": str(day(-3))},
        content_type="application/json",
    )
    assert reversed_.status_code == 409 and list(reversed_.json()["errors"]) == ["to_date"]
    assert not ExportJob.objects.exists()


def test_the_reports_over_the_api_queue_a_job_its_requester_alone_follows(chain, clerk, director, alpha):
    client = client_as(alpha, clerk.user)
    body = {"output": "tracking", "format": "pdf", "from_date": str(day(-1)), "to_date": str(day(0))}
    response = client.post("/api/v1/direction/reports/", body, content_type="application/json")
    assert response.status_code == 202
    job = response.json()
    assert response["Location"] == job["url"] == f"/api/v1/direction/report-jobs/{job['id']}/"
    assert (job["kind"], job["state"], job["download_url"]) == ("direction.report", "queued", None)
    export_jobs.run_export_job(job["id"], agency=alpha)
    status = client.get(job["url"]).json()
    assert status["state"] == "done" and status["progress"] == 100
    assert status["download_url"] == f"/api/v1/direction/report-jobs/{job['id']}/download/"
    text = pdf_text(b"".join(client.get(status["download_url"]).streaming_content))
    assert "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN" in text and "12/UBND-VP" in text
    someone = client_as(alpha, director.user)
    assert someone.get(job["url"]).status_code == 404
    assert someone.get(status["download_url"]).status_code == 404
    # A register printout is not a report job.
    assert client.get(f"/api/v1/register-exports/{job['id']}/").status_code == 200


# ---- the printed incoming register -------------------------------------------------------------------------------


def test_the_incoming_register_fills_ngay_chuyen_and_ky_nhan_from_the_hand_over(chain, clerk, director, alpha):
    from apps.documents.register_rows import INCOMING_ROWS
    from apps.registers.exports import parse_range

    document = chain["document"]
    undirected = RegisteredIncomingFactory(by=clerk)
    span = parse_range({"year": str(document.year)})
    rows = {d.pk: INCOMING_ROWS.row(d) for d in INCOMING_ROWS.documents(clerk, document.register, span).iterator(100)}
    handed_on, received_by = rows[document.pk].cells[7:9]
    assert handed_on == f"{TODAY:%d/%m/%Y}"
    assert received_by == f"{director.user.full_name}; Phòng Kế hoạch; Phòng Tài chính"
    assert rows[undirected.pk].cells[7:9] == ("", "")


def test_the_menu_offers_the_books_and_reports_to_clerks_and_leaders_only(clerk, director, alpha):
    entry = 'href="/direction/outputs/"'
    for person in (clerk, director):
        assert entry in client_as(alpha, person.user).get("/").content.decode()
    for role in (Role.SPECIALIST, Role.ADMIN):
        someone = make_person(role)
        assert entry not in client_as(alpha, someone.user).get("/").content.decode()
        assert client_as(alpha, someone.user).get("/direction/outputs/").status_code == 403


def test_a_requester_who_no_longer_prints_the_reports_gets_no_file(chain, clerk, alpha):
    from apps.people.models import Membership

    ask(client_as(alpha, clerk.user))
    job = ExportJob.objects.get()
    Membership.objects.filter(user=clerk.user).update(roles=[Role.SPECIALIST])

    job = export_jobs.run_export_job(job.pk, agency=alpha)

    assert job.state == "failed" and not job.file_path and "không còn quyền" in job.error
    assert not AuditEvent.objects.filter(action="exported").exists()


def test_the_printed_incoming_register_holds_the_hand_over_in_a_fixed_number_of_queries(chain, clerk, director, alpha):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(alpha, clerk.user)
    register, year = chain["document"].register, chain["document"].year

    def printed() -> tuple[list, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/registers/print/", {"register": register.pk, "year": year, "format": "xlsx"})
        sheet = load_workbook(io.BytesIO(response.content))["Sổ đăng ký"]
        return [[c.value for c in row] for row in sheet.iter_rows(min_row=4)], len(queries)

    rows, before = printed()
    assert rows[0][7:9] == [f"{TODAY:%d/%m/%Y}", f"{director.user.full_name}; Phòng Kế hoạch; Phòng Tài chính"]
    for n in range(3):
        document = RegisteredIncomingFactory(by=clerk, subject=f"V/v thêm {n}")
        services.submit(document, director.user, by=clerk)
        services.direct(
            document, DirectionInput(text="", lead=Assignee(unit=chain["unit"]), due_on=day(3)), by=director
        )
    rows, after = printed()
    assert len(rows) == 4 and rows[-1][7:9] == [f"{TODAY:%d/%m/%Y}", f"{director.user.full_name}; Phòng Kế hoạch"]
    assert after == before
