"""Long printouts never run in a web request (issue 7, A4): past a small size an export becomes an export job on the
"exports" queue; its page shows the progress (htmx polling) and offers the file when ready, to the person who asked
only; the file is kept for a while; requests, printouts and downloads are audited."""

import datetime
import io
import time
from pathlib import Path

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.core.tests.utils import client_as, htmx
from apps.documents.tests.factories import RegisteredIncomingFactory, default_register, make_person
from apps.people.models import Membership, Role
from apps.registers import export_jobs
from apps.registers.exports import COLUMNS, Printout, RegisterRange, RegisterRow
from apps.registers.exports.pdf import to_pdf
from apps.registers.models import ExportJob

YEAR = timezone.localdate().year - 1
API = "/api/v1/registers/{}/export/"
PAGE = "/registers/print/"
SMALL = {"xlsx": 2, "pdf": 2}  # printouts of more rows than this go to a job in these tests


def three_documents(clerk) -> None:
    for n, month in enumerate((3, 6, 11), start=1):
        RegisteredIncomingFactory(
            by=clerk,
            arrival_date=datetime.date(YEAR, month, 5),
            issued_date=datetime.date(YEAR, month, 1),
            subject=f"V/v kế hoạch số {n}",
        )


@pytest.fixture
def long_register(alpha, settings):
    settings.REGISTER_EXPORT_IN_REQUEST_MAX_ROWS = SMALL
    clerk = make_person(Role.CLERK)
    three_documents(clerk)
    return {"clerk": clerk, "register": default_register()}


def ask(client, register, fmt: str = "xlsx"):
    return client.get(API.format(register.pk), {"format": fmt, "year": YEAR, "volume": 2})


@pytest.mark.django_db
def test_a_long_printout_is_queued_as_a_job_and_the_request_answers_at_once(long_register, alpha):
    client = client_as(alpha, long_register["clerk"].user)
    response = ask(client, long_register["register"], "pdf")
    assert response.status_code == 202
    body = response.json()
    assert (body["state"], body["progress"], body["rows"], body["format"]) == ("queued", 0, 3, "pdf")
    assert response["Location"] == body["url"] == f"/api/v1/register-exports/{body['id']}/"
    assert body["download_url"] is None
    job = ExportJob.objects.get(pk=body["id"])
    assert job.requested_by == long_register["clerk"].user and job.params == {"year": str(YEAR), "volume": "2"}
    requested = AuditEvent.objects.get(action="export_requested")
    assert (requested.object_type, requested.object_id) == ("registers.exportjob", str(job.pk))
    assert not AuditEvent.objects.filter(action="exported").exists()
    # A short printout is still given at once.
    short = client.get(API.format(long_register["register"].pk), {"format": "xlsx", "year": YEAR, "to_number": 2})
    assert short.status_code == 200 and short["Content-Disposition"].startswith("attachment;")


@pytest.mark.django_db
def test_the_page_shows_the_progress_until_the_file_is_ready_then_offers_it(long_register, alpha):
    client = client_as(alpha, long_register["clerk"].user)
    response = client.get(PAGE, {"register": long_register["register"].pk, "year": YEAR, "format": "pdf"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{PAGE}jobs/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in page and f'hx-get="{PAGE}jobs/{job.pk}/"' in page
    assert '<progress class="w-100"' in page and 'value="0"' in page
    assert "style=" not in page.split("<main", 1)[-1]

    export_jobs.run_export_job(job.pk, agency=alpha)

    fragment = client.get(f"{PAGE}jobs/{job.pk}/", **htmx(f"export-job-{job.pk}")).content.decode()
    assert "hx-trigger" not in fragment and "<html" not in fragment  # finished: the polling stops
    assert f'href="{PAGE}jobs/{job.pk}/download/"' in fragment
    assert f"{PAGE}jobs/{job.pk}/" in client.get(PAGE).content.decode()  # listed under the recent printouts
    download = client.get(f"{PAGE}jobs/{job.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_the_job_makes_the_printout_keeps_it_and_only_its_requester_downloads_it(long_register, alpha, settings):
    clerk = long_register["clerk"]
    client = client_as(alpha, clerk.user)
    job_id = ask(client, long_register["register"]).json()["id"]

    job = export_jobs.run_export_job(job_id, agency=alpha)

    assert (job.state, job.progress, job.rows) == ("done", 100, 3)
    assert job.filename == f"so-dang-ky-van-ban-den-{YEAR}.xlsx"
    assert (
        Path(settings.MEDIA_ROOT, job.file_path) == Path(settings.MEDIA_ROOT) / "alpha" / "exports" / f"{job_id}.xlsx"
    )
    keep = datetime.timedelta(hours=settings.REGISTER_EXPORT_KEEP_HOURS)
    assert job.expires_at - job.finished_at == keep
    exported = AuditEvent.objects.get(action="exported")
    assert exported.actor_id == clerk.user.pk and exported.changes["job"] == job_id
    assert (exported.changes["rows"], exported.changes["numbers"]) == (3, [1, 3])
    status = client.get(f"/api/v1/register-exports/{job_id}/").json()
    assert status["state"] == "done" and status["download_url"] == f"/api/v1/register-exports/{job_id}/download/"
    response = client.get(status["download_url"])
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(list(book["Sổ đăng ký"].iter_rows(min_row=4))) == 3
    assert "Quyển số: 02" in [row[0] for row in book["Bìa sổ"].iter_rows(values_only=True)]
    downloaded = AuditEvent.objects.get(action="downloaded")
    assert (downloaded.object_id, downloaded.actor_id) == (str(job_id), clerk.user.pk)

    for other in (make_person(Role.CLERK), make_person(Role.LEADER)):
        someone = client_as(alpha, other.user)
        assert someone.get(f"/api/v1/register-exports/{job_id}/").status_code == 404
        assert someone.get(f"/api/v1/register-exports/{job_id}/download/").status_code == 404
        assert someone.get(f"{PAGE}jobs/{job_id}/").status_code == 404
        assert someone.get(f"{PAGE}jobs/{job_id}/download/").status_code == 404
    assert AuditEvent.objects.filter(action="downloaded").count() == 1


@pytest.mark.django_db
def test_a_requester_who_no_longer_prints_registers_gets_no_printout(long_register, alpha):
    clerk = long_register["clerk"]
    job_id = ask(client_as(alpha, clerk.user), long_register["register"]).json()["id"]
    Membership.objects.filter(user=clerk.user).update(roles=[Role.SPECIALIST])

    job = export_jobs.run_export_job(job_id, agency=alpha)

    assert job.state == "failed" and not job.file_path
    assert not AuditEvent.objects.filter(action="exported").exists()


@pytest.mark.django_db
def test_a_kept_printout_expires_its_file_is_removed_and_it_is_no_longer_offered(long_register, alpha, settings):
    client = client_as(alpha, long_register["clerk"].user, language="en")
    job_id = ask(client, long_register["register"]).json()["id"]
    job = export_jobs.run_export_job(job_id, agency=alpha)
    path = Path(settings.MEDIA_ROOT, job.file_path)
    assert path.exists()
    assert export_jobs.expire_export_jobs(now=job.expires_at - datetime.timedelta(minutes=1)) == 0

    assert export_jobs.expire_export_jobs(now=job.expires_at) == 1

    job.refresh_from_db()
    assert (job.state, job.file_path) == ("expired", "") and not path.exists()
    assert client.get(f"/api/v1/register-exports/{job_id}/download/").status_code == 404
    gone = client.get(f"{PAGE}jobs/{job_id}/download/")
    assert gone.status_code == 410 and "no longer kept" in gone.content.decode()


@pytest.mark.django_db
def test_a_job_whose_worker_was_lost_is_marked_failed(long_register, alpha):
    job_id = ask(client_as(alpha, long_register["clerk"].user), long_register["register"]).json()["id"]
    later = timezone.now() + datetime.timedelta(hours=export_jobs.STALE_HOURS, minutes=1)
    assert export_jobs.expire_export_jobs(now=later) == 1
    assert ExportJob.objects.get(pk=job_id).state == "failed"


def test_the_pdf_reports_its_progress_page_by_page():
    from apps.registers.models import Register

    rows = [
        RegisterRow(n, datetime.date(YEAR, 1, 1), (f"0{n}", "", "Sở Tài chính", "", "", "V/v thử", "", "", "", ""))
        for n in range(1, 41)
    ]
    printout = Printout(
        Register(kind="incoming", name="Sổ đăng ký văn bản đến"), RegisterRange(YEAR), "", "Sở Alpha", rows,
        timezone.now(), "Người in", columns=COLUMNS["incoming"],
    )  # fmt: skip
    calls: list[tuple[int, int]] = []
    assert to_pdf(printout, progress=lambda done, total: calls.append((done, total))).startswith(b"%PDF-")
    assert len(calls) >= 4 and calls == sorted(calls)
    assert calls[-1][0] == calls[-1][1]


@pytest.mark.django_db(transaction=True)
def test_the_exports_worker_makes_the_printout_while_the_page_polls(celery_worker, agency_a, settings):
    settings.MEDIA_ROOT = celery_worker
    settings.REGISTER_EXPORT_IN_REQUEST_MAX_ROWS = SMALL
    with schema_context(agency_a.schema_name):
        clerk = make_person(Role.CLERK)
        three_documents(clerk)
        register = default_register()
    client = client_as(agency_a, clerk.user)
    status = ask(client, register).json()
    deadline = time.monotonic() + 90
    while status["state"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.5)
        status = client.get(status["url"]).json()
    assert status["state"] == "done", status
    content = b"".join(client.get(status["download_url"]).streaming_content)
    assert len(list(load_workbook(io.BytesIO(content))["Sổ đăng ký"].iter_rows(min_row=4))) == 3
