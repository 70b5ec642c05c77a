"""Ủy quyền (issue 8 point 6): a leader's page to let another person of the agency act for them during a window
(``delegations.delegate``), with their delegations in force, to come and past, and ending one early
(``delegations.revoke``). A window is given in whole days: from the start of the first to the end of the last."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core.forms import BootstrapFormMixin, DateField, VisibleCharField
from apps.core.generic import PanelFormView
from apps.core.guards import role_required
from apps.core.panels import saved
from apps.people.access import Person
from apps.people.forms import people_picker
from apps.people.models import Membership, Role

from .. import delegations
from ..models import Delegation

User = get_user_model()
EVENT = "delegations-changed"
PAST_SHOWN = 20
leaders_only = role_required(Role.LEADER, message=gettext_lazy("Leaders delegate their direction."))


class DelegationForm(BootstrapFormMixin, forms.Form):
    delegate = forms.ModelChoiceField(
        queryset=User.objects.none(), label=gettext_lazy("Delegate"), widget=people_picker(users=True)
    )
    starts_at = DateField(label=gettext_lazy("From"))
    ends_at = DateField(label=gettext_lazy("Until (included)"))
    reason = VisibleCharField(
        label=gettext_lazy("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(is_active=True).values("user_id")
        self.fields["delegate"].queryset = User.objects.filter(pk__in=members, is_active=True)

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("starts_at"), data.get("ends_at")
        if first and first < timezone.localdate():
            self.add_error("starts_at", _("A delegation starts today or later."))
        if last and last >= datetime.date.max - datetime.timedelta(days=1):
            self.add_error("ends_at", _("A delegation lasts at most a year."))
        return data

    def window(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The days chosen as a window: from the first day's start (now, if it is today) to the last day's end."""
        first, last = self.cleaned_data["starts_at"], self.cleaned_data["ends_at"]
        start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
        end = timezone.make_aware(datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min))
        return max(start, timezone.now().replace(microsecond=0)), end


class DelegationAdd(PanelFormView):
    form_class = DelegationForm
    back = "direction:delegations"
    event = EVENT

    def get_title(self, form: forms.Form) -> str:
        return _("Delegate my direction")

    def save(self, form: forms.Form) -> str:
        starts_at, ends_at = form.window()
        data = form.cleaned_data
        made = delegations.delegate(data["delegate"], starts_at, ends_at, data["reason"], by=self.request.person)
        values = {"name": made.delegate.full_name, "until": f"{timezone.localtime(made.ends_at):%d/%m/%Y %H:%M}"}
        return _("%(name)s acts for you until %(until)s.") % values


delegation_add = leaders_only(DelegationAdd.as_view())


def delegations_of(person: Person) -> dict[str, list[Delegation]]:
    """The person's delegations as grantor: in force, to come, and the most recent past ones (ended or revoked)."""
    now = timezone.now()
    mine = Delegation.objects.filter(grantor_id=person.user.pk).select_related("delegate")
    live = mine.filter(revoked_at__isnull=True)
    past = mine.filter(Q(revoked_at__isnull=False) | Q(ends_at__lte=now)).order_by("-ends_at", "-id")
    return {
        "active": list(live.filter(starts_at__lte=now, ends_at__gt=now).order_by("starts_at")),
        "future": list(live.filter(starts_at__gt=now).order_by("starts_at")),
        "past": list(past[:PAST_SHOWN]),
    }


@leaders_only
def delegation_list(request: HttpRequest) -> HttpResponse:
    context = {"groups": delegations_of(request.person), "table_id": "delegation-list", "event": EVENT}
    if request.htmx and request.htmx.target == "delegation-list":
        return render(request, "direction/mine/_delegations.html", context)
    return render(request, "direction/mine/delegations.html", context)


@require_POST
@leaders_only
def delegation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """End one of the person's delegations now (404 for another's: nothing revealed)."""
    delegation = get_object_or_404(Delegation, pk=pk, grantor_id=request.person.user.pk)
    try:
        delegation = delegations.revoke(delegation, by=request.person)
    except ValidationError as error:
        message = " ".join(error.messages)
    else:
        message = _("The delegation to %(name)s has ended.") % {"name": delegation.delegate.full_name}
    return saved(request, message, back=reverse("direction:delegations"), event=EVENT)


urlpatterns = [
    path("delegations/", delegation_list, name="delegations"),
    path("delegations/add/", delegation_add, name="delegation-add"),
    path("delegations/<int:pk>/revoke/", delegation_revoke, name="delegation-revoke"),
]
