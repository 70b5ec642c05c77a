"""Files in the viewer (apps/core/viewer.py): an incoming document's file and a draft's file open in a page of
their own for exactly those who may download them (the same access helper; 404 otherwise), under the site's
policy; the page's viewer fetches the file's own URL asking for what the browser may show."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core import viewer
from apps.core.tests.utils import client_as
from apps.documents.tests.factories import RegisteredIncomingFactory, make_person
from apps.documents.tests.test_serving import PDF, SVG, passed
from apps.outgoing.tests.flow import make_team, new_draft
from apps.people.models import Role

pytestmark = pytest.mark.django_db


def registered(clerk, name: str = "cong-van.pdf", content: bytes = PDF):
    document = RegisteredIncomingFactory(by=clerk, files=[SimpleUploadedFile(name, content, "application/pdf")])
    passed(document.files.get().file_id)  # the viewer behind the intake gate, as test_serving
    return document, document.files.get()


def test_an_incoming_documents_file_opens_in_the_viewer_for_those_who_may_read_it(alpha):
    clerk = make_person(Role.CLERK)
    document, attachment = registered(clerk)
    url = f"/documents/incoming/{document.pk}/files/{attachment.pk}/"
    detail = client_as(alpha, clerk.user).get(f"/documents/incoming/{document.pk}/").content.decode()
    assert f'href="{url}view/"' in detail  # the file list's "Xem"
    response = client_as(alpha, make_person(Role.LEADER).user).get(f"{url}view/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-src="{url}?preview=1"' in page
    assert f'href="{url}" download' in page and f'href="/documents/incoming/{document.pk}/"' in page
    assert "cong-van.pdf" in page and "Trang" in page and "Tải về" in page
    assert '<script type="module" src="/static/core/file_viewer.js">' in page
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_viewer_answers_404_where_the_download_does(alpha):
    clerk = make_person(Role.CLERK)
    document, attachment = registered(clerk)
    other, _ = registered(clerk, "khac.pdf")
    outsider = client_as(alpha, make_person(Role.SPECIALIST).user)  # not a recipient of the document
    url = f"/documents/incoming/{document.pk}/files/{attachment.pk}/"
    assert outsider.get(url).status_code == 404
    assert outsider.get(f"{url}view/").status_code == 404
    clerk_client = client_as(alpha, clerk.user)
    assert clerk_client.get(f"/documents/incoming/{other.pk}/files/{attachment.pk}/view/").status_code == 404


def test_a_file_only_ever_downloaded_has_no_view_action(alpha):
    clerk = make_person(Role.CLERK)
    document, attachment = registered(clerk, "scan.pdf", SVG)
    detail = client_as(alpha, clerk.user).get(f"/documents/incoming/{document.pk}/").content.decode()
    assert f"/files/{attachment.pk}/view/" not in detail


def test_the_viewer_asks_for_what_the_preview_query_names(alpha, monkeypatch):
    """The switch to the intake's previews is one constant: the viewer asks the file's URL with it."""
    monkeypatch.setattr(viewer, "PREVIEW_QUERY", "preview=1")
    clerk = make_person(Role.CLERK)
    document, attachment = registered(clerk)
    url = f"/documents/incoming/{document.pk}/files/{attachment.pk}/"
    page = client_as(alpha, clerk.user).get(f"{url}view/").content.decode()
    assert f'data-src="{url}?preview=1"' in page


def test_a_drafts_file_opens_in_the_viewer_for_those_who_may_read_the_draft(alpha):
    team = make_team()
    draft = new_draft(team, files=[SimpleUploadedFile("du-thao.pdf", PDF, "application/pdf")])
    file = draft.versions.get().files.get()
    passed(file.file_id)
    url = f"/outgoing/drafts/{draft.pk}/files/{file.pk}/"
    drafter = client_as(alpha, team.drafter.user)
    assert f'href="{url}view/"' in drafter.get(f"/outgoing/drafts/{draft.pk}/").content.decode()
    page = drafter.get(f"{url}view/").content.decode()
    assert f'data-src="{url}?preview=1"' in page and f'href="/outgoing/drafts/{draft.pk}/"' in page
    outsider = client_as(alpha, make_person(Role.SPECIALIST).user)
    assert outsider.get(url).status_code == outsider.get(f"{url}view/").status_code == 404
