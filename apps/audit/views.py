"""The alerts of changes of rights for the agency's administrators: the header badge, the home-page section and
the page listing what waits for a confirmation (Decree 30, Appendix VI)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core.guards import role_required
from apps.core.registry import HeaderItem
from apps.people.access import Person
from apps.people.models import Role

from . import access, services
from .display import action_of, changes_of, kind_of
from .models import RightsAlert

PAGE_LIMIT = 100
HOME_LIMIT = 5
admin_only = role_required(Role.ADMIN)


def _described(alerts: list[RightsAlert], person: Person) -> list[RightsAlert]:
    for alert in alerts:
        alert.action_label = action_of(alert.event)
        alert.kind = kind_of(alert.event)
        alert.changes = changes_of(alert.event)
        alert.is_own = alert.event.actor_id == person.user.pk
    return alerts


def rights_badge(request: HttpRequest, person: Person) -> list[HeaderItem]:
    """A header icon for administrators while changes of rights wait for a confirmation (AppConfig.ready)."""
    count = access.pending_count(person)
    if not count:
        return []
    url = reverse("audit:rights-alerts")
    return [HeaderItem(url, gettext_lazy("Changes of rights to confirm"), "shield-exclamation", badge=count)]


def home_section(person: Person) -> dict:
    """The administrator's home panel: the latest changes of rights that wait for a confirmation."""
    pending = access.pending_alerts_for(person)
    return {
        "alerts": _described(list(pending[:HOME_LIMIT]), person),
        "count": pending.count(),
        "others_can_confirm": services.other_admins_exist(person),
    }


@admin_only
def rights_alerts(request: HttpRequest) -> HttpResponse:
    pending = access.pending_alerts_for(request.person)
    alerts = _described(list(pending[:PAGE_LIMIT]), request.person)
    context = {
        "alerts": alerts,
        "total": pending.count(),
        "others_can_confirm": services.other_admins_exist(request.person),
    }
    return render(request, "audit/rights_alerts.html", context)


@admin_only
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Confirm one alert (POST alert=<id>) or every alert the administrator may confirm (POST all=1)."""
    ids = (
        None
        if request.POST.get("all") == "1"
        else [int(v) for v in request.POST.getlist("alert") if v.isdigit() and len(v) < 19]
    )
    if ids == []:
        messages.error(request, _("Choose a change to confirm."))
    else:
        confirmed = services.confirm_alerts(ids, by=request.person)
        if confirmed:
            messages.success(request, _("Confirmed: %(n)d change(s) of rights.") % {"n": confirmed})
        else:
            messages.warning(
                request,
                _(
                    "Nothing was confirmed: it was already confirmed, or it is a change of your own, which waits for"
                    " another administrator."
                ),
            )
    back = request.POST.get("next")
    return redirect("home" if back == "home" else "audit:rights-alerts")
