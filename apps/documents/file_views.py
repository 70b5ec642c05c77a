"""The agency's quarantine and the retry of a file (apps/documents/intake.py holds the rules; these views are thin).

The quarantine lists the files the intake chain stopped (quarantined, refused, failed) for the agency
administrator, who releases a quarantined file with a reason, deletes the content of a quarantined or refused one,
or sends a failed one through the chain again. The uploader of a file that failed may retry it too (from the file's
badge in any file list)."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from apps.core.guards import guard, members_only
from apps.core.registry import ADMIN, NavItem
from apps.people.access import Person

from . import intake
from .models import IncomingAttachment, StoredFile

admins_only = guard(
    lambda request: intake.may_manage_quarantine(request.person),
    message=gettext_lazy("Only the agency administrator manages the quarantine."),
)
PAGE_SIZE = 50


def quarantine_menu(request: HttpRequest, person: Person) -> list[NavItem]:
    """The "Tệp bị chặn" entry of the agency administrator's menu."""
    if intake.may_manage_quarantine(person):
        return [
            NavItem(reverse("documents:quarantine"), gettext_lazy("Blocked files"), "shield-exclamation", group=ADMIN)
        ]
    return []


@admins_only
@require_GET
def quarantine(request: HttpRequest) -> HttpResponse:
    page = Paginator(intake.files_needing_attention().select_related("uploaded_by"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    used_in = _incoming_using([f.pk for f in page])
    rows = [(f, used_in.get(f.pk, [])) for f in page]
    return TemplateResponse(request, "documents/quarantine.html", {"page": page, "rows": rows})


def _incoming_using(file_ids: list[int]) -> dict[int, list[IncomingAttachment]]:
    """The incoming documents each file is attached to (the administrator sees where it came in)."""
    found: dict[int, list[IncomingAttachment]] = {}
    for attachment in IncomingAttachment.objects.filter(file_id__in=file_ids).select_related("document"):
        found.setdefault(attachment.file_id, []).append(attachment)
    return found


@admins_only
@require_POST
def release(request: HttpRequest, file_pk: int) -> HttpResponse:
    return _act(
        request,
        file_pk,
        lambda stored: intake.release(stored, by=request.person, reason=request.POST.get("reason", "")),
        _("The file %(name)s was released."),
    )


@admins_only
@require_POST
def delete(request: HttpRequest, file_pk: int) -> HttpResponse:
    if request.POST.get("confirm") != "1":
        return _back_with(request, _("Tick the box to confirm the deletion."), failed=True)
    return _act(
        request,
        file_pk,
        lambda stored: intake.delete_content(stored, by=request.person),
        _("The content of %(name)s was deleted."),
    )


def _act(request: HttpRequest, file_pk: int, action: Callable[[StoredFile], object], done: str) -> HttpResponse:
    """``action`` on the file, then back to the quarantine with ``done`` (or why it was refused)."""
    stored = get_object_or_404(StoredFile, pk=file_pk)
    try:
        action(stored)
    except ValidationError as exc:
        return _back_with(request, " ".join(exc.messages), failed=True)
    return _back_with(request, done % {"name": stored.original_name})


@members_only
@require_POST
def retry(request: HttpRequest, file_pk: int) -> HttpResponse:
    """Send the file through the chain again: its uploader or an administrator (403 for anyone else)."""
    stored = get_object_or_404(StoredFile, pk=file_pk)
    if not intake.may_retry(request.person, stored):
        raise PermissionDenied(_("This file cannot be processed again."))
    intake.retry(stored, by=request.person)
    if request.headers.get("HX-Request"):
        stored.refresh_from_db()
        context = {"stored": stored, "poll_url": _local(request, request.POST.get("poll_url", ""))}
        return TemplateResponse(request, "documents/_file_state.html", context)
    messages.success(request, _("The file %(name)s is being checked again.") % {"name": stored.original_name})
    # Back to the page the button was on (an uploader may not open the quarantine).
    return redirect(_local(request, request.headers.get("Referer", "")) or "/")


def _local(request: HttpRequest, url: str) -> str:
    """``url`` when it stays on this site (the badge polls it, the retry returns to it); else nothing."""
    return url if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}) else ""


def _back_with(request: HttpRequest, message: str, *, failed: bool = False) -> HttpResponse:
    (messages.error if failed else messages.success)(request, message)
    return redirect("documents:quarantine")
