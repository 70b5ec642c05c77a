"""The one way a stored file leaves the server (incoming attachments, draft and issued files, and every app that
keeps files after them): the caller has already decided that the person may see the file (access.py); this
module decides how the browser may treat it.

A file is described by its bytes, not by its uploader: the response's type is the type libmagic read, it is shown
in the browser (``?inline=1``) only when it is a PDF, PNG or JPEG whose bytes are what it was declared as, and is
downloaded otherwise. Every file response is sandboxed (``Content-Security-Policy: sandbox``: no script runs, no
access to the agency's origin, even if a browser were to render it), never sniffed (``nosniff``) and never
cached (``private, no-store``)."""

from django.http import FileResponse, Http404, HttpRequest

from . import storage
from .models import StoredFile

FILE_HEADERS = {
    "Content-Security-Policy": "sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
}


def ensure_detected(stored: StoredFile) -> str:
    """The stored file's detected type; a file stored before detection existed is read once and remembered."""
    if not stored.detected_type:
        stored.detected_type = storage.detect_stored_type(stored.sha256)
        StoredFile.objects.filter(pk=stored.pk, detected_type="").update(detected_type=stored.detected_type)
    return stored.detected_type


def file_response(request: HttpRequest, stored: StoredFile, *, name: str) -> FileResponse:
    """Stream ``stored`` under ``name``: inline when asked (``?inline=1``) and the file is viewable, else as an
    attachment; 404 when its content is missing from storage."""
    try:
        handle = storage.open_blob(stored.sha256)
    except FileNotFoundError as exc:
        raise Http404 from exc
    try:
        detected = ensure_detected(stored)
    except BaseException:
        handle.close()
        raise
    inline = request.GET.get("inline") == "1" and stored.is_viewable
    response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=detected)
    for header, value in FILE_HEADERS.items():
        response[header] = value
    return response
