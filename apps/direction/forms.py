"""The forms of the direction screens: what an assignee records on their part, more time, re-assigning inside a
unit, the leader's decisions and changes, and giving a task. Each builds the input object its service takes
(apps/direction/inputs.py); the rules are the services' (validation.py)."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin, DateField, MultipleFileField, VisibleCharField
from apps.core.pickers import Picker
from apps.documents import staging
from apps.documents.inputs import Upload
from apps.outgoing.models import Draft
from apps.people.models import Membership, Unit
from apps.registers.models import Urgency

from .inputs import Assignee, NoteInput, ReassignInput, TaskInput
from .models import Assignment, Note

User = get_user_model()
TEXT_ROWS = {"rows": 3}


def _uploads(files: list) -> tuple[Upload, ...]:
    return tuple(Upload.made_from(f) for f in staging.as_uploads(files))


def assignee_choices() -> list:
    """Every active unit and active member of the agency, as ``unit:<id>`` / ``user:<id>`` (grouped)."""
    units = [(f"unit:{u.pk}", u.name) for u in Unit.objects.filter(is_active=True).order_by("name")]
    members = Membership.objects.filter(is_active=True, user__is_active=True).values("user_id")
    people = [
        (f"user:{u.pk}", u.full_name or u.username)
        for u in User.objects.filter(pk__in=members).order_by("full_name", "username")
    ]
    return [(_("Units"), units), (_("People"), people)]


def assignee_of(value: str, due_on=None) -> Assignee | None:
    """The unit or person a choice names (None for an empty or unknown value)."""
    kind, _sep, pk = (value or "").partition(":")
    if not pk.isdigit():
        return None
    if kind == "unit":
        unit = Unit.objects.filter(pk=pk).first()
        return Assignee(unit=unit, due_on=due_on) if unit else None
    user = User.objects.filter(pk=pk).first() if kind == "user" else None
    return Assignee(user=user, due_on=due_on) if user else None


class AssigneeField(forms.ChoiceField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("widget", Picker())
        super().__init__(choices=assignee_choices, **kwargs)


class AssigneesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("widget", Picker(multiple=True))
        super().__init__(choices=assignee_choices, required=False, **kwargs)


class UploadingForm(BootstrapFormMixin, forms.Form):
    """A form whose files are signed for the person (apps/core/uploads.py)."""

    def __init__(self, *args, person=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "files" in self.fields and person is not None:
            self.fields["files"].widget.owner = person.user.pk


class NoteForm(UploadingForm):
    kind = forms.ChoiceField(label=_("What you record"), choices=Note.Kind.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Content"), required=False, widget=forms.Textarea(attrs=TEXT_ROWS))
    percent = forms.IntegerField(label=_("Progress (%)"), required=False, min_value=0, max_value=100)
    files = MultipleFileField(label=_("Result files"), required=False)
    reply = forms.ModelChoiceField(
        label=_("The reply that answers it"), queryset=Draft.objects.none(), required=False, empty_label=_("— none —")
    )

    def __init__(self, *args, replies: QuerySet | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if replies is None:
            del self.fields["reply"]
        else:
            self.fields["reply"].queryset = replies

    def entry(self) -> NoteInput:
        data = self.cleaned_data
        return NoteInput(
            kind=data["kind"],
            text=data["text"],
            percent=data["percent"],
            files=_uploads(data["files"]),
            reply=data.get("reply"),
        )


class ConfirmForm(BootstrapFormMixin, forms.Form):
    """Nothing to fill in: the button confirms (a part done, the whole done, taking back)."""


class ExtensionForm(BootstrapFormMixin, forms.Form):
    requested_due_on = DateField(label=_("New deadline"))
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs=TEXT_ROWS))


class DecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("grant", _("Grant the new deadline")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(label=_("Answer"), required=False, max_length=1000, widget=forms.Textarea(attrs=TEXT_ROWS))


class ReassignForm(BootstrapFormMixin, forms.Form):
    handler = forms.ModelChoiceField(
        label=_("Who carries it"), queryset=User.objects.none(), empty_label=_("— choose —"), widget=Picker()
    )
    handler_due_on = DateField(label=_("Their deadline"), required=False)
    helpers = forms.ModelMultipleChoiceField(
        label=_("Who helps"), queryset=User.objects.none(), required=False, widget=Picker(multiple=True)
    )
    helpers_due_on = DateField(label=_("The helpers' deadline"), required=False)
    text = forms.CharField(label=_("Instructions"), required=False, widget=forms.Textarea(attrs=TEXT_ROWS))

    def __init__(self, *args, members: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = members
        self.fields["helpers"].queryset = members

    def entry(self) -> ReassignInput:
        data = self.cleaned_data
        helpers = tuple(Assignee(user=u, due_on=data["helpers_due_on"]) for u in data["helpers"])
        return ReassignInput(
            handler=Assignee(user=data["handler"], due_on=data["handler_due_on"]), helpers=helpers, text=data["text"]
        )


class AddAssigneesForm(BootstrapFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Assignment.Role.choices, initial=Assignment.Role.SUPPORT)
    assignees = AssigneesField(label=_("Units or people"))
    due_on = DateField(label=_("Deadline"), required=False)

    def named(self) -> tuple[Assignee, ...]:
        found = (assignee_of(v, self.cleaned_data["due_on"]) for v in self.cleaned_data["assignees"])
        return tuple(a for a in found if a is not None)


class ChangeAssignmentForm(BootstrapFormMixin, forms.Form):
    assignee = AssigneeField(label=_("Assignee"))
    due_on = DateField(label=_("Deadline"), required=False)

    def named(self) -> Assignee | None:
        return assignee_of(self.cleaned_data["assignee"], self.cleaned_data["due_on"])


class TaskForm(UploadingForm):
    title = VisibleCharField(label=_("Title"), max_length=500)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("Files"), required=False)
    lead = AssigneeField(label=_("Lead (chủ trì)"))
    supports = AssigneesField(label=_("Support (phối hợp)"))
    infos = AssigneesField(label=_("For information (để biết)"))
    due_on = DateField(label=_("Deadline"), required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NONE)

    def entry(self) -> TaskInput:
        data = self.cleaned_data

        def named(values: list[str]) -> tuple[Assignee, ...]:
            return tuple(a for a in (assignee_of(v) for v in values) if a is not None)

        return TaskInput(
            title=data["title"],
            description=data["description"],
            lead=assignee_of(data["lead"]),
            supports=named(data["supports"]),
            infos=named(data["infos"]),
            due_on=data["due_on"],
            urgency=data["urgency"],
            files=_uploads(data["files"]),
        )
