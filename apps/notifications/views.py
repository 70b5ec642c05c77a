"""The person's notifications: the list behind the bell, opening one, marking them read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from apps.core.generic import ObjectListView
from apps.core.registry import HeaderItem
from apps.people.access import Person

from . import access, services
from .links import url_for
from .models import Notification


def bell(request: HttpRequest, person: Person) -> list[HeaderItem]:
    """The bell in the header, with the number of unread notifications (registered in AppConfig.ready)."""
    if not person.memberships:
        return []
    return [HeaderItem(reverse("notifications:list"), _("Notifications"), "bell", badge=access.unread_count(person))]


def _with_links(notifications: list[Notification]) -> list[Notification]:
    for notification in notifications:
        notification.link = url_for(notification.object_type, notification.object_id)
    return notifications


class NotificationList(ObjectListView):
    """The person's notifications, newest first (``?unread=1``: the unread ones), each with where it leads."""

    template_name = "notifications/list.html"
    page_size = 30

    def get_queryset(self) -> QuerySet:
        notifications = access.notifications_of(self.request.person)
        if self.request.GET.get("unread") == "1":
            notifications = notifications.filter(read_at__isnull=True)
        return notifications

    def get_page(self, queryset: QuerySet) -> Page:
        page = super().get_page(queryset)
        _with_links(page.object_list)
        return page

    def get_context_data(self) -> dict:
        return {"unread_only": self.request.GET.get("unread") == "1"}


notification_list = login_required(NotificationList.as_view())


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
