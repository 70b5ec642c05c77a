"""The application processes' settings: gunicorn's configuration loads and settles the worker's heap."""

import gc
import subprocess
import sys
from pathlib import Path

from province import gunicorn
from province.runtime import settle_heap

ROOT = Path(__file__).resolve().parent.parent


def test_settle_heap_moves_what_exists_out_of_the_collectors_walks():
    gc.unfreeze()
    try:
        settle_heap()
        assert gc.get_freeze_count() > 10_000  # Django and the project, loaded by the test session
        assert gc.get_count()[0] < 50  # nothing left to collect at once
    finally:
        gc.unfreeze()


def test_gunicorn_reads_the_projects_configuration_and_settles_each_worker(monkeypatch):
    checked = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--check-config", "-c", "python:province.gunicorn",
         "province.wsgi"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    settled = []
    monkeypatch.setattr(gunicorn, "settle_heap", lambda: settled.append(True))
    gunicorn.post_worker_init(worker=None)
    assert settled == [True] and gunicorn.timeout == 60
