"""The one way a stored file leaves the server (incoming attachments, draft and issued files, and every app that
keeps files after them): the caller has already decided that the person may see the file (access.py); this
module decides how the browser may treat it.

A file is described by its bytes, not by its uploader: the response's type is the type libmagic read, it is shown
in the browser (``?inline=1``) only when it is a PDF, PNG or JPEG whose bytes are what it was declared as, and is
downloaded otherwise. Every file response is sandboxed (``Content-Security-Policy: sandbox``: no script runs, no
access to the agency's origin, even if a browser were to render it), never sniffed (``nosniff``) and never
cached (``private, no-store``).

Nothing is served before the intake chain has passed it (apps/documents/intake.py): a file still being checked, in
quarantine, refused or failed answers 409 with a page that says why. ``?state=1`` answers the file's state badge
(an htmx fragment that polls itself until the chain settles), ``?preview=1`` the copy the viewer shows: the OCR'd
PDF/A of a scan or the PDF of an office document, else the file itself when the browser may show it."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

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


def file_response(request: HttpRequest, stored: StoredFile, *, name: str) -> HttpResponse:
    """Stream ``stored`` under ``name``: inline when asked (``?inline=1``) and the file is viewable, else as an
    attachment; its preview copy (``?preview=1``); its state badge (``?state=1``). 409 until the intake chain has
    passed it; 404 when its content is missing from storage."""
    if request.GET.get("state") == "1":
        return state_badge(request, stored)
    if not stored.is_ready:
        return not_ready(request, stored)
    if request.GET.get("preview") == "1":
        return _preview(request, stored, name=name)
    inline = request.GET.get("inline") == "1"
    return _stream(stored.sha256, name=name, inline=inline, stored=stored)


def _stream(sha256: str, *, name: str, inline: bool, stored: StoredFile | None = None) -> FileResponse:
    try:
        handle = storage.open_blob(sha256)
    except FileNotFoundError as exc:
        raise Http404 from exc
    try:
        detected = ensure_detected(stored) if stored else storage.detect_type(handle.read(storage.SNIFF_BYTES))
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    inline = inline and (stored.is_viewable if stored else detected == "application/pdf")
    response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=detected)
    for header, value in FILE_HEADERS.items():
        response[header] = value
    return response


def _preview(request: HttpRequest, stored: StoredFile, *, name: str) -> HttpResponse:
    """The copy the viewer shows: the preview PDF when the chain made one, else the file itself (inline only when it
    is viewable: anything else comes as an attachment, which the viewer explains)."""
    if stored.preview_sha256:
        return _stream(stored.preview_sha256, name=f"{name}.pdf", inline=True)
    return _stream(stored.sha256, name=name, inline=True, stored=stored)


def not_ready(request: HttpRequest, stored: StoredFile) -> TemplateResponse:
    """409: the file cannot be opened (yet), and why."""
    return TemplateResponse(request, "documents/file_not_ready.html", {"stored": stored}, status=409, headers=NO_STORE)


def state_badge(request: HttpRequest, stored: StoredFile) -> TemplateResponse:
    """The file's state as a badge; while the chain works on it, the badge asks again every two seconds."""
    context = {"stored": stored, "poll_url": request.get_full_path()}
    return TemplateResponse(request, "documents/_file_state.html", context, headers=NO_STORE)


NO_STORE = {"Cache-Control": "private, no-store"}
