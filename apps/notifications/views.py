"""The person's notifications: the list behind the bell, opening one, marking them read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from apps.core.registry import HeaderItem
from apps.people.access import Person

from . import access, services
from .links import url_for
from .models import Notification

PAGE_SIZE = 30


def bell(request: HttpRequest, person: Person) -> list[HeaderItem]:
    """The bell in the header, with the number of unread notifications (registered in AppConfig.ready)."""
    if not person.memberships:
        return []
    return [HeaderItem(reverse("notifications:list"), _("Notifications"), "bell", badge=access.unread_count(person))]


def _with_links(notifications: list[Notification]) -> list[Notification]:
    for notification in notifications:
        notification.link = url_for(notification.object_type, notification.object_id)
    return notifications


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    person = request.person
    notifications = access.notifications_of(person)
    if request.GET.get("unread") == "1":
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    _with_links(page.object_list)
    context = {"page": page, "unread_only": request.GET.get("unread") == "1", "query": _query_without_page(request)}
    return render(request, "notifications/list.html", context)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to what it is about."""
    notification = services.mark_read(access.get_notification_for(request.person, pk), by=request.person)
    target = url_for(notification.object_type, notification.object_id)
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = services.mark_read(access.get_notification_for(request.person, pk), by=request.person)
    if request.htmx:
        return _row_with_bell(request, notification)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(by=request.person)
    return redirect("notifications:list")


def _row_with_bell(request: HttpRequest, notification: Notification) -> HttpResponse:
    """The row again, and the bell's count updated out of band."""
    (item,) = bell(request, request.person)
    context = {"n": _with_links([notification])[0], "item": item, "oob": True}
    return render(request, "notifications/_row.html", context)
