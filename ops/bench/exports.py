"""Printed registers under load: a 2,000-row PDF register made by the exports worker, and another agency's logins
while three such printouts are being made. Goal: that agency's login p95 ≤ 200 ms (issue 7, A4).

    .venv/bin/python ops/bench/exports.py [--documents 2000] [--logins 30] [--port 8193] [--keep]

Runs against a database of its own (BENCH_DATABASE_URL, default
postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_bench_exports) and a Redis database of its own (BENCH_REDIS_URL, default
redis://127.0.0.1:6379/11): provisions two agencies, registers ``--documents`` incoming documents of this year
through the service in the first, then starts what ./ops/up starts — gunicorn (3 workers, project settings) and the
exports worker (concurrency 1 under ``nice -n 10``, as ops/lib.sh) — and talks HTTP to them:

1. the second agency's login (GET the page, POST the credentials: one check with the configured hasher, Argon2id
   at the OWASP cheat sheet's parameters: province/accounts/hashers.py) timed
   ``--logins`` times on an idle server;
2. one printout of the whole register as PDF requested through the API (answered 202 at once): the time until its
   job is done, and the worker's own time;
3. three clerks request the same printout at once; while their jobs run, the second agency's login is timed again.

Prints figures; they are recorded in docs/benchmarks.md. Not a test."""

import argparse
import datetime
import http.client
import json
import os
import re
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import ROOT, BenchDatabase, bench_main, bench_people, machine_line, p95, provision_bench_agency

DEFAULT_URL = "postgres://qlvb:qlvb@127.0.0.1:5432/qlvb_bench_exports"
DEFAULT_REDIS = "redis://127.0.0.1:6379/11"
PRINTING, LOGGING_IN = "benchprint", "benchlogin"
PASSWORD = "Do-hieu-nang@2026"  # noqa: S105 -- the benchmark's own throw-away people
CLERKS = ("inso1", "inso2", "inso3")


def prepare(documents: int) -> dict:
    """Two agencies, three clerks in the first and a member of the second; ``documents`` incoming documents of this
    year registered through the service, spread from 1 January to today."""
    from django.contrib.auth import get_user_model
    from django_tenants.utils import schema_context

    from apps.documents.services import IncomingEntry, register_incoming
    from apps.people.access import Person
    from apps.people.models import Role
    from apps.registers.models import DocumentType, Register

    provision_bench_agency(PRINTING, 95, "Sở Đo hiệu năng in sổ", "SIS")
    provision_bench_agency(LOGGING_IN, 94, "Sở Đo hiệu năng đăng nhập", "SDN")
    _units, clerks = bench_people(PRINTING, [(name, Role.CLERK, 0) for name in CLERKS])
    _units, members = bench_people(LOGGING_IN, [("dangnhap", Role.SPECIALIST, 1)])
    for user in [*clerks.values(), *members.values()]:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    today = datetime.date.today()
    first = datetime.date(today.year, 1, 1)
    with schema_context(PRINTING):
        clerk = Person.for_user(get_user_model().objects.get(pk=clerks[CLERKS[0]].pk))
        register = Register.objects.filter(kind=Register.Kind.INCOMING, secrecy_levels=["none"]).first()
        congvan = DocumentType.objects.get(name="Công văn")
        started = time.perf_counter()
        for n in range(documents):
            arrival = first + datetime.timedelta(days=(today - first).days * n // max(documents, 1))
            register_incoming(IncomingEntry(
                register=register, document_type=congvan, issuer="Ủy ban nhân dân tỉnh Đồng Nai",
                issued_date=arrival, arrival_date=arrival, number=1000 + n, notation="UBND-KGVX",
                subject=f"V/v triển khai kế hoạch chuyển đổi số, cải cách hành chính và báo cáo tình hình số {n}",
                signer="Nguyễn Văn Ký", description="Bản giấy kèm theo" if n % 7 == 0 else "",
            ), by=clerk)  # fmt: skip
        print(f"# {documents} documents registered through the service in {time.perf_counter() - started:.0f} s")
    return {"register": register.pk, "year": today.year}


def password_check_line() -> str:
    """The part of a login no server layout changes: one check of the password with the configured hasher."""
    from django.contrib.auth.hashers import check_password, make_password

    encoded = make_password(PASSWORD)
    timings = []
    for _ in range(10):
        began = time.perf_counter()
        check_password(PASSWORD, encoded)
        timings.append((time.perf_counter() - began) * 1000)
    algorithm = encoded.split("$", 2)[:2]
    return f"# one password check ({' '.join(algorithm)}), in-process: median {statistics.median(timings):.0f} ms"


class Browser:
    """A minimal HTTP client for one host on the local server: cookies, the CSRF token, timings."""

    def __init__(self, port: int, host: str) -> None:
        self.port, self.host, self.cookies = port, host, {}

    def request(self, method: str, path: str, body: str = "") -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        headers = {"Host": self.host, "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body.encode(), headers=headers)
        response = conn.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response.status, dict(response.getheaders()), content

    def log_in(self, username: str) -> tuple[float, float]:
        """(ms for the login page, ms for posting the credentials)."""
        from urllib.parse import urlencode

        began = time.perf_counter()
        status, _headers, page = self.request("GET", "/login/")
        shown = time.perf_counter()
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        form = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        status, _headers, _body = self.request("POST", "/login/", form)
        done = time.perf_counter()
        if status != 302:
            raise SystemExit(f"login of {username} failed: HTTP {status}")
        return (shown - began) * 1000, (done - shown) * 1000


def time_logins(port: int, count: int, *, until=None, pause: float = 0.3) -> list[tuple[float, float]]:
    """``count`` logins on the second agency (or as many as happen before ``until()`` is true, at least 5)."""
    timings = []
    while len(timings) < count if until is None else (not until() or len(timings) < 5):
        timings.append(Browser(port, f"{LOGGING_IN}.localhost").log_in("dangnhap.bench"))
        time.sleep(pause)
    return timings


def ask_printout(browser: Browser, ctx: dict) -> dict:
    status, _headers, body = browser.request(
        "GET", f"/api/v1/registers/{ctx['register']}/export/?format=pdf&year={ctx['year']}"
    )
    if status != 202:
        raise SystemExit(f"export: HTTP {status} {body[:300]!r}")
    return json.loads(body)


def job_state(browser: Browser, job: dict) -> dict:
    return json.loads(browser.request("GET", job["url"])[2])


def worker_seconds(job: dict) -> float:
    started = datetime.datetime.fromisoformat(job["started_at"])
    return (datetime.datetime.fromisoformat(job["finished_at"]) - started).total_seconds()


def start_servers(url: str, redis: str, port: int, media: str) -> list[subprocess.Popen]:
    env = {
        **os.environ, "DATABASE_URL": url, "REDIS_URL": redis, "QLVB_ENV": "development", "DEBUG": "False",
        "LOG_LEVEL": "WARNING", "MEDIA_ROOT": media, "DJANGO_SETTINGS_MODULE": "province.settings",
    }  # fmt: skip
    venv = ROOT / ".venv" / "bin"
    web = [str(venv / "gunicorn"), "-c", "python:province.gunicorn", "province.wsgi", "-b", f"127.0.0.1:{port}",
           "--workers", "3"]  # fmt: skip
    worker = ["nice", "-n", "10", str(venv / "celery"), "-A", "province", "worker", "-Q", "exports",
              "--concurrency", "1", "-n", f"bench-exports-{os.getpid()}@%h", "--loglevel", "WARNING"]  # fmt: skip
    logs = Path(media)
    return [
        subprocess.Popen(web, cwd=ROOT, env=env, stdout=open(logs / "web.log", "wb"), stderr=subprocess.STDOUT),
        subprocess.Popen(worker, cwd=ROOT, env=env, stdout=open(logs / "worker.log", "wb"), stderr=subprocess.STDOUT),
    ]


def summary(label: str, timings: list[float]) -> str:
    timings = sorted(timings)
    return (
        f"  {label:<44} n={len(timings):3d}  p50 {statistics.median(timings):7.1f}  p95 {p95(timings):7.1f}"
        f"  max {timings[-1]:7.1f} ms"
    )


def report_logins(title: str, timings: list[tuple[float, float]]) -> None:
    print(title)
    print(summary("login page (GET /login/)", [page for page, _post in timings]))
    print(summary("credentials checked (POST /login/)", [post for _page, post in timings]))
    whole = [page + post for page, post in timings]
    verdict = "met" if p95(sorted(whole)) <= 200 else "NOT met"
    print(summary("whole login (GET + POST)", whole) + f"  goal ≤ 200: {verdict}")


def run(ctx: dict, port: int, logins: int) -> None:
    clerks = []
    for name in CLERKS:
        browser = Browser(port, f"{PRINTING}.localhost")
        browser.log_in(f"{name}.bench")
        clerks.append(browser)
    time_logins(port, 3)  # warm-up: every gunicorn worker has loaded the application
    before = time_logins(port, logins)
    report_logins(f"\n# no export running: the second agency's login (load average {os.getloadavg()[0]:.1f})", before)

    began = time.perf_counter()
    job = ask_printout(clerks[0], ctx)
    answered = (time.perf_counter() - began) * 1000
    while job["state"] in ("queued", "running"):
        time.sleep(0.5)
        job = job_state(clerks[0], job)
    total = time.perf_counter() - began
    print(f"\n# one printout of {job['rows']} rows as PDF: the request answered 202 in {answered:.0f} ms;")
    print(f"  job {job['state']} after {total:.1f} s (worker {worker_seconds(job):.1f} s), {job['size'] // 1024} KB")

    began = time.perf_counter()
    jobs = [ask_printout(browser, ctx) for browser in clerks]

    def all_done() -> bool:
        for n, browser in enumerate(clerks):
            if jobs[n]["state"] in ("queued", "running"):
                jobs[n] = job_state(browser, jobs[n])
        return all(j["state"] not in ("queued", "running") for j in jobs)

    load = os.getloadavg()[0]
    under_load = time_logins(port, logins, until=all_done)
    total = time.perf_counter() - began
    load = max(load, os.getloadavg()[0])
    states = sorted({j["state"] for j in jobs})
    print(f"\n# three printouts of {jobs[0]['rows']} rows as PDF requested at once: all {states}")
    print(f"  after {total:.1f} s (worker {', '.join(f'{worker_seconds(j):.1f}' for j in jobs)} s, one at a time)")
    report_logins(f"# the second agency's login while they were made (load average {load:.1f})", under_load)
    after = time_logins(port, logins)
    report_logins(f"\n# control, right after: no export running (load average {os.getloadavg()[0]:.1f})", after)


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--logins", type=int, default=30, help="timed logins on the idle server")
    parser.add_argument("--port", type=int, default=8193)


def measure(args: argparse.Namespace, database: BenchDatabase) -> None:
    """The printouts under load, against gunicorn and an exports worker of their own."""
    url, redis = database.url, os.environ["REDIS_URL"]
    print(machine_line("printed registers under load"))
    ctx = prepare(args.documents)
    print(password_check_line())
    from django.db import connections

    connections.close_all()
    media = tempfile.mkdtemp(prefix="qlvb-bench-exports-")
    servers = start_servers(url, redis, args.port, media)
    try:
        for _ in range(100):
            try:
                if Browser(args.port, f"{LOGGING_IN}.localhost").request("GET", "/login/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.3)
        run(ctx, args.port, args.logins)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=120)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        print(f"\n# largest peak memory of a server process (gunicorn or the exports worker): {peak} MB")


if __name__ == "__main__":
    os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)  # before Django is set up
    bench_main(__doc__.splitlines()[0], DEFAULT_URL, arguments, measure)
