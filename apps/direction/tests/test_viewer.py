"""A work's files in the viewer (apps/core/viewer.py): a result's file opens in a page of its own for those who may
read the work (the same access helper as the download; 404 otherwise)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.tests.utils import client_as
from apps.direction.inputs import Assignee
from apps.direction.models import Note
from apps.direction.tests.test_web_parts import _directed
from apps.documents.tests.factories import make_person
from apps.documents.tests.test_serving import PDF, passed
from apps.people.models import Role

pytestmark = pytest.mark.django_db


def test_a_results_file_opens_in_the_viewer_for_those_who_may_read_the_work(agency_a, clerk, leader, specialist):
    _document, work = _directed(clerk, leader, Assignee(user=specialist.user))
    part = work.assignments.get()
    client = client_as(agency_a, specialist.user)
    result = SimpleUploadedFile("ket-qua.pdf", PDF, content_type="application/pdf")
    client.post(f"/direction/parts/{part.pk}/note/", {"kind": "result", "text": "Kết quả", "files": [result]})
    stored = Note.objects.get(assignment=part).files.get()
    passed(stored.pk)  # the viewer behind the intake gate, as test_serving
    url = f"/direction/works/{work.pk}/files/{stored.pk}/"
    assert f'href="{url}view/"' in client.get(f"/direction/works/{work.pk}/").content.decode()
    page = client_as(agency_a, leader.user).get(f"{url}view/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-src="{url}?preview=1"' in html and f'href="/direction/works/{work.pk}/"' in html
    outsider = client_as(agency_a, make_person(Role.SPECIALIST).user)
    assert outsider.get(url).status_code == outsider.get(f"{url}view/").status_code == 404
