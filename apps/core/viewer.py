"""The file viewer, one for every app (incoming documents' files, drafts' files, works' and notes' files): a page
that shows one stored file in the browser, a PDF drawn page by page by pdf.js (npm's pdfjs-dist, served from our
own static files), a PNG or JPEG as an image; nothing to download to read a document.

An app declares its viewer view with ``viewer_view``: the function that finds the file and its owner with the same
access helper as its download view (404 otherwise), the download's URL name and the owner's page's. The page's
script (core/file_viewer.js) fetches the download URL with ``PREVIEW_QUERY`` and shows what comes back: a PDF, an
image, or a Vietnamese message when the server answers otherwise (not ready, not found, nothing to show)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

# What the viewer adds to a file's URL to ask for what the browser may show (apps/documents/serving.py): the file's
# preview copy (the OCR'd PDF/A of a scan, an office document's PDF), else the file itself when it is a PDF, PNG or
# JPEG that is what it claims; 409 while the intake chain has not passed it.
PREVIEW_QUERY = "preview=1"


@dataclass(frozen=True)
class ViewedFile:
    """One file to show: its name, its (download) URL, and the page it belongs to (``back_url``, ``back_label``)."""

    name: str
    url: str
    back_url: str
    back_label: str


def preview_url(url: str) -> str:
    """``url`` asking for what the browser may show (``PREVIEW_QUERY``)."""
    return f"{url}{'&' if '?' in url else '?'}{PREVIEW_QUERY}"


def file_viewer(request: HttpRequest, viewed: ViewedFile) -> HttpResponse:
    """The viewer's page for a file the caller's access helper already allowed."""
    return render(request, "core/file_viewer_page.html", {"viewed": viewed, "preview_url": preview_url(viewed.url)})


# Finds a file the person may see and what it belongs to (raising Http404 otherwise), from the URL's two ids.
FileFinder = Callable[[HttpRequest, int, int], tuple[object, object]]


def viewer_view(
    find: FileFinder, *, download: str, back: str, name_field: str = "name"
) -> Callable[[HttpRequest, int, int], HttpResponse]:
    """A view for ``…/<pk>/files/<file_pk>/view/``: the file ``find`` returns in the viewer, downloaded from the
    URL named ``download`` (same ids), with the way back to its owner's page (the URL named ``back``, ``pk``) under
    the owner's name; the file's own name is its ``name_field``."""

    def view(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
        owner, file = find(request, pk, file_pk)
        viewed = ViewedFile(
            name=getattr(file, name_field),
            url=reverse(download, args=[pk, file_pk]),
            back_url=reverse(back, args=[pk]),
            back_label=str(owner),
        )
        return file_viewer(request, viewed)

    return view
