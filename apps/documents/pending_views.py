"""The clerk's scans waiting to be registered ("Chờ vào sổ"): upload the day's scans, watch them being checked and
read, open each as a pre-filled registration form, or dismiss it. Rules in pending.py; these views are thin."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.viewer import ViewedFile, file_viewer

from . import pending, serving
from .forms import ScanUploadForm
from .inputs import Upload
from .views import clerks_only, registration_page


@clerks_only
def pending_list(request: HttpRequest) -> HttpResponse:
    form = ScanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads = [Upload.made_from(f) for f in form.cleaned_data["files"]]
        try:
            added = pending.add_scans(uploads, by=request.person)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(n)s scans are being checked and read.") % {"n": len(added)})
            return redirect("documents:pending-list")
    items = list(pending.waiting())
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "documents/pending_list.html", {"form": form, "items": items}, status=status)


@clerks_only
def pending_register(request: HttpRequest, pk: int) -> HttpResponse:
    """The registration form pre-filled from the scan's text, the scan attached; registering links them."""
    item = pending.get_waiting_for(request.person, pk)
    try:
        start, staged = pending.form_start(item)
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
        return redirect("documents:pending-list")
    return registration_page(
        request,
        initial=start.initial,
        suggested=start.suggested,
        staged=(staged,),
        after=lambda document: pending.registered(item, document, by=request.person),
    )


@clerks_only
def pending_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The scan itself (download, ``?preview=1``), or its row in the list (``?row=1``: polled while it is checked)."""
    item = pending.get_waiting_for(request.person, pk)
    if request.GET.get("row") == "1":
        return TemplateResponse(request, "documents/_pending_row.html", {"item": item})
    return serving.file_response(request, item.file, name=item.name)


@clerks_only
def pending_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The scan in the viewer (apps/core/viewer.py), with the way back to the list."""
    item = pending.get_waiting_for(request.person, pk)
    url = reverse("documents:pending-file", args=[item.pk])
    back = reverse("documents:pending-list")
    return file_viewer(request, ViewedFile(name=item.name, url=url, back_url=back, back_label=_("Scans to register")))


@clerks_only
@require_POST
def pending_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    item = pending.get_waiting_for(request.person, pk)
    pending.dismiss(item, by=request.person)
    messages.success(request, _("The scan %(name)s was set aside.") % {"name": item.name})
    return redirect("documents:pending-list")
