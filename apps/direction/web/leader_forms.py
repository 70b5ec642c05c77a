"""The leader's side's forms: submitting a document to a leader, the direction (one screen, large toggles per unit,
people through the picker), and the default routes. They read what people typed into the services' inputs; the
rules themselves are the services' (their refusals come back onto the form)."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin, DateField
from apps.people.forms import people_picker
from apps.people.models import Membership, Unit
from apps.registers.models import Register
from apps.workdays.calendar import calendar_for

from ..inputs import Assignee, DirectionInput
from ..models import Assignment, SubmissionRoute, Work

User = get_user_model()
USUAL_MONTHS = 6  # "the usual units": those the leader assigned most over the last months
USUAL_COUNT = 5
DAY_CHOICES = (3, 5, 7, 10, 15, 20, 30)  # the deadlines a leader gives most, in working days
MAX_DAYS = 500
MAX_PEOPLE = 50  # people given their own deadline on one direction


def leader_label(user) -> str:
    return user.full_name or user.username


class SubmitForm(BootstrapFormMixin, forms.Form):
    """The clerk's submission: the leader (the route's by default) and a note."""

    leader = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Leader"), empty_label=None)
    note = forms.CharField(
        label=_("Note for the leader"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, leaders: list, default=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["leader"]
        field.queryset = User.objects.filter(pk__in=[u.pk for u in leaders]).order_by("full_name", "username")
        field.label_from_instance = leader_label
        if default is not None:
            field.initial = default.pk


def usual_units(user, *, limit: int = USUAL_COUNT) -> list[int]:
    """The units ``user`` assigned most (as lead, support or information) over the last months, most first."""
    since = timezone.now() - datetime.timedelta(days=USUAL_MONTHS * 31)
    rows = (
        Assignment.objects.filter(assigned_by=user, parent__isnull=True, unit__isnull=False, assigned_at__gte=since)
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by("-n", "unit_id")[:limit]
    )
    return [row["unit_id"] for row in rows]


class DirectionForm(BootstrapFormMixin, forms.Form):
    """One screen: the direction text, one lead (a unit's toggle or a person), supports and people kept informed
    (units by toggle, people by the picker), the lead's deadline as a date or in working days, and optionally a
    unit's own deadline."""

    text = forms.CharField(
        label=_("Direction (bút phê)"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead = forms.ChoiceField(label=_("Lead"), required=False)
    supports = forms.MultipleChoiceField(label=_("Support"), required=False)
    infos = forms.MultipleChoiceField(label=_("For information"), required=False)
    lead_person = forms.ModelChoiceField(
        queryset=User.objects.all(), required=False, label=_("Lead person"), widget=people_picker(users=True)
    )
    support_people = forms.ModelMultipleChoiceField(
        queryset=User.objects.all(),
        required=False,
        label=_("People in support"),
        widget=people_picker(multiple=True, users=True),
    )
    info_people = forms.ModelMultipleChoiceField(
        queryset=User.objects.all(),
        required=False,
        label=_("People kept informed"),
        widget=people_picker(multiple=True, users=True),
    )
    due_days = forms.TypedChoiceField(label=_("Deadline in working days"), required=False, coerce=int, empty_value=None)
    due_on = DateField(label=_("or a date"), required=False)

    def __init__(self, *args, units: list[Unit], usual: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        rank = {pk: i for i, pk in enumerate(usual)}
        self.units = sorted(units, key=lambda u: (rank.get(u.pk, len(rank)), u.name))
        self.usual = set(usual)
        keys = [(str(u.pk), u.name) for u in self.units]
        self.fields["lead"].choices = [("", "—"), *keys]
        self.fields["supports"].choices = keys
        self.fields["infos"].choices = keys
        self.fields["due_days"].choices = [("", "—"), *((n, n) for n in DAY_CHOICES)]
        for unit in self.units:
            self.fields[f"due_{unit.pk}"] = DateField(label=_("Own deadline"), required=False)
        for pk in self.chosen_people():
            self.fields[f"due_user_{pk}"] = DateField(label=_("Own deadline"), required=False)

    def chosen_people(self) -> list[int]:
        """The people chosen in support or kept informed, as typed (each may get their own deadline)."""
        if self.is_bound:
            raw = [*self.data.getlist("support_people"), *self.data.getlist("info_people")]
        else:
            raw = [*self.initial.get("support_people", []), *self.initial.get("info_people", [])]
        ids = dict.fromkeys(int(value) for value in map(str, raw) if value.isdigit() and len(value) < 12)
        return list(ids)[:MAX_PEOPLE]

    def people_rows(self) -> list[dict]:
        """Each person chosen (an active member of the agency) with their own deadline's field."""
        chosen = self.chosen_people()
        members = (
            Membership.objects.filter(user_id__in=chosen, is_active=True)
            .select_related("user")
            .order_by("user_id")
            .distinct("user_id")
        )
        names = {m.user_id: m.user.full_name or m.user.username for m in members}
        return [{"name": names[pk], "due": self[f"due_user_{pk}"]} for pk in chosen if pk in names]

    def unit_rows(self) -> list[dict]:
        """Each unit with its toggles' state and its own deadline field, the usual ones first."""
        data = self.data if self.is_bound else None
        lead = data.get("lead") if data else self.initial.get("lead")
        supports = data.getlist("supports") if data else self.initial.get("supports", [])
        infos = data.getlist("infos") if data else self.initial.get("infos", [])
        return [
            {
                "unit": unit,
                "key": str(unit.pk),
                "usual": unit.pk in self.usual,
                "lead": str(lead) == str(unit.pk),
                "support": str(unit.pk) in map(str, supports),
                "info": str(unit.pk) in map(str, infos),
                "due": self[f"due_{unit.pk}"],
            }
            for unit in self.units
        ]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("lead") and data.get("lead_person"):
            self.add_error("lead", _("Choose one lead: a unit or a person, not both."))
        return data

    def deadline(self) -> datetime.date | None:
        """The date typed, else the working days counted from today on the agency's calendar."""
        data = self.cleaned_data
        if data.get("due_on"):
            return data["due_on"]
        days = data.get("due_days")
        return calendar_for().add_working_days(timezone.localdate(), days) if days else None

    def entry(self) -> DirectionInput:
        data = self.cleaned_data
        units = {str(u.pk): u for u in self.units}

        def unit(key: str) -> Assignee:
            return Assignee(unit=units[key], due_on=data.get(f"due_{key}"))

        def person(user) -> Assignee:
            return Assignee(user=user, due_on=data.get(f"due_user_{user.pk}"))

        lead = Assignee(unit=units[data["lead"]]) if data.get("lead") else None
        if lead is None and data.get("lead_person"):
            lead = Assignee(user=data["lead_person"])
        return DirectionInput(
            text=data.get("text", ""),
            lead=lead,
            supports=(*map(unit, data["supports"]), *map(person, data["support_people"])),
            infos=(*map(unit, data["infos"]), *map(person, data["info_people"])),
            due_on=self.deadline(),
        )


def initial_from(work: Work | None) -> dict:
    """A direction's form as the work stands (changing a direction starts from it)."""
    if work is None:
        return {}
    initial: dict = {"text": work.direction, "due_on": work.due_on, "supports": [], "infos": []}
    initial.update(support_people=[], info_people=[])
    top = work.assignments.filter(parent__isnull=True).exclude(state="withdrawn").order_by("id")
    for a in top:
        if a.role == Assignment.Role.LEAD:
            initial["lead" if a.unit_id else "lead_person"] = a.unit_id or a.user_id
            continue
        if a.unit_id:
            initial["supports" if a.role == Assignment.Role.SUPPORT else "infos"].append(a.unit_id)
            if a.due_on and a.due_on != work.due_on:
                initial[f"due_{a.unit_id}"] = a.due_on
        else:
            initial["support_people" if a.role == Assignment.Role.SUPPORT else "info_people"].append(a.user_id)
            if a.due_on and a.due_on != work.due_on:
                initial[f"due_user_{a.user_id}"] = a.due_on
    return initial


class RouteForm(BootstrapFormMixin, forms.ModelForm):
    """A default route: a register or a unit, and its leader."""

    LABELS = {"register": _("Register"), "unit": _("Unit"), "leader": _("Leader")}

    class Meta:
        model = SubmissionRoute
        fields = ["register", "unit", "leader"]

    def __init__(self, *args, leaders, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, label in self.LABELS.items():
            self.fields[name].label = label
        self.fields["register"].required = self.fields["unit"].required = False
        self.fields["register"].help_text = _("Either a register, or a recipient unit (the unit's route comes first).")
        self.fields["register"].queryset = Register.objects.filter(kind=Register.Kind.INCOMING, is_active=True)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("name")
        self.fields["leader"].queryset = leaders
        self.fields["leader"].label_from_instance = leader_label

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("register")) == bool(data.get("unit")):
            self.add_error("register", _("Choose a register or a unit (one of the two)."))
        return data
