"""The demo is not a debug server (issue 7 A7): DEBUG is off unless a developer sets DEBUG=true, and errors show
the Vietnamese 404, 403 and 500 pages, styled like the rest of the interface, never a traceback."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client, override_settings

from apps.core.tests.utils import client_as, member
from apps.people.models import Role

pytestmark = pytest.mark.django_db


def debug_of(**environ: str) -> str:
    """settings.DEBUG as a fresh process with ``environ`` (and no DEBUG of the caller's) sees it."""
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "QLVB_ENV", "DJANGO_SETTINGS_MODULE")}
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'province.settings'; django.setup(); " \
        "from django.conf import settings; print(settings.DEBUG)"  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env={**env, **environ}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("layer", ["development", "production"])
def test_debug_is_off_unless_a_developer_asks_for_it(layer):
    extra = {"SECRET_KEY": "a-real-secret-for-the-test"} if layer == "production" else {}
    assert debug_of(QLVB_ENV=layer, **extra) == "False"
    assert debug_of(QLVB_ENV=layer, DEBUG="true", **extra) == "True"


def test_ops_up_does_not_turn_debug_on():
    script = (settings.BASE_DIR / "ops" / "up").read_text() + (settings.BASE_DIR / "ops" / "lib.sh").read_text()
    assert "DEBUG=true" not in script.replace(" ", "").lower() and "DEBUG=1" not in script


def styled(html: str) -> bool:
    return "bootstrap.min.css" in html and "css/app.css" in html and 'lang="vi"' in html


def test_an_unknown_page_shows_the_vietnamese_404(client_for, agency_a):
    clerk = client_as(agency_a, member(agency_a, Role.CLERK).user)
    for client in (clerk, client_for(agency_a), client_for(None)):
        response = client.get("/khong-co-trang-nay/")
        html = response.content.decode()
        assert response.status_code == 404
        assert "Không tìm thấy trang" in html and "Về trang chủ" in html and styled(html)
        assert "Traceback" not in html and "URLconf" not in html


def test_an_unknown_host_shows_the_vietnamese_404():
    response = Client(HTTP_HOST="khong-co.localhost").get("/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@override_settings(ROOT_URLCONF="apps.core.tests.error_urls")
def test_a_refusal_shows_the_vietnamese_403(agency_a):
    response = client_as(agency_a, member(agency_a, Role.CLERK).user).get("/test-errors/403/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Không được phép" in html and styled(html)


@override_settings(ROOT_URLCONF="apps.core.tests.error_urls")
def test_a_bug_shows_the_vietnamese_500_without_a_traceback(agency_a):
    client = client_as(agency_a, member(agency_a, Role.CLERK).user)
    client.raise_request_exception = False
    response = client.get("/test-errors/500/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi máy chủ" in html and "Về trang chủ" in html and styled(html)
    assert "a bug on purpose" not in html and "Traceback" not in html
    assert 'style="' not in html and "<style" not in html
