"""Forms of the agency-admin screens. They check input and turn it into Vietnamese errors; the rules
themselves live in services.py (the views show a service's ValidationError on the form)."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.agencies import example_abbreviation
from apps.core.forms import BootstrapFormMixin, CheckboxField, VisibleCharField
from apps.core.pickers import Picker
from apps.core.text import strip_invisible

from .access import units_below
from .models import Membership, Position, Role, Unit

User = get_user_model()


def descendant_ids(unit: Unit) -> set[int]:
    """The unit and every unit below it (one query for the whole tree)."""
    return units_below([unit.pk])


def membership_label(membership: Membership) -> str:
    """How a member is named in lists and pickers: name — position, unit."""
    return f"{membership.user.full_name} — {membership.position.name}, {membership.unit.name}"


def people_picker(*, multiple: bool = False, users: bool = False) -> Picker:
    """The people picker: searches the agency's active members as one types (``people:options``). Its values are
    memberships (for a ModelChoiceField over Membership, labelled by ``membership_label``), or, with
    ``users=True``, the members' accounts (for a field over User)."""
    return Picker(multiple=multiple, source="people:options", value_field="user" if users else "value")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit: Unit) -> str:
        return f"{unit.name} ({unit.abbreviation})"


class UnitForm(BootstrapFormMixin, forms.ModelForm):
    parent = UnitChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("Parent unit"),
        empty_label=_("— none (directly under the agency) —"),
        help_text=_("Choose another unit to move this one (with its sub-units) under it."),
        widget=Picker(),
    )

    class Meta:
        model = Unit
        fields = ["name", "abbreviation", "parent", "order"]
        labels = {"name": _("Name"), "abbreviation": _("Abbreviation"), "order": _("Order")}
        help_texts = {"order": _("Smaller numbers come first among units of the same parent.")}
        widgets = {"abbreviation": forms.TextInput(attrs={"autocapitalize": "characters", "style": "max-width:12rem"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        abbr = {"agency": example_abbreviation()}
        self.fields["abbreviation"].help_text = (
            _("Used in the notation of công văn, e.g. VP in 05/%(agency)s-VP.") % abbr
        )
        parents = Unit.objects.filter(is_active=True).order_by("order", "name")
        if self.instance.pk:
            parents = parents.exclude(pk__in=descendant_ids(self.instance))
        self.fields["parent"].queryset = parents

    def clean_name(self) -> str:
        return " ".join(strip_invisible(self.cleaned_data["name"]).split())

    def clean_abbreviation(self) -> str:
        abbreviation = self.cleaned_data["abbreviation"].strip().upper()
        taken = Unit.objects.filter(is_active=True, abbreviation__iexact=abbreviation)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if (self.instance.pk is None or self.instance.is_active) and taken.exists():
            raise ValidationError(
                _("Another active unit already uses the abbreviation %(abbr)s."), params={"abbr": abbreviation}
            )
        return abbreviation


class PositionForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Position
        fields = ["name", "rank", "is_leadership"]
        labels = {"name": _("Name"), "rank": _("Rank"), "is_leadership": _("Leadership post")}
        field_classes = {"is_leadership": CheckboxField}
        help_texts = {
            "rank": _("Orders people in lists: smaller comes first (Director 10, Specialist 60)."),
            "is_leadership": _("Holders lead their unit: they see its people on their home page."),
        }

    def clean_name(self) -> str:
        name = " ".join(strip_invisible(self.cleaned_data["name"]).split())
        taken = Position.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("A position with this name already exists."))
        return name


class PostForm(BootstrapFormMixin, forms.Form):
    """Unit, position and roles: what a membership holds."""

    unit = UnitChoiceField(
        queryset=Unit.objects.none(), label=_("Unit"), empty_label=_("— choose a unit —"), widget=Picker()
    )
    position = forms.ModelChoiceField(
        queryset=Position.objects.all(), label=_("Position"), empty_label=_("— choose a position —")
    )
    roles = forms.MultipleChoiceField(
        choices=Role.choices,
        label=_("Roles"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one role.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("order", "name")


class MembershipForm(PostForm):
    """Edit a membership (the identity itself is province-wide and not edited here)."""

    def __init__(self, *args, membership: Membership, **kwargs) -> None:
        kwargs.setdefault(
            "initial", {"unit": membership.unit_id, "position": membership.position_id, "roles": membership.roles}
        )
        super().__init__(*args, **kwargs)
        self.membership = membership

    def clean(self) -> dict:
        data = super().clean()
        unit, position = data.get("unit"), data.get("position")
        if unit and position:
            clash = Membership.objects.filter(user_id=self.membership.user_id, unit=unit, position=position)
            if clash.exclude(pk=self.membership.pk).exists():
                raise ValidationError(_("This person already holds this position in this unit."))
        return data


class AddMemberForm(PostForm):
    """Add a person: an identity that already exists in the province (by username), or a new one."""

    EXISTING, NEW = "existing", "new"
    mode = forms.ChoiceField(
        choices=[(EXISTING, _("A person who already has an account")), (NEW, _("A new account"))],
        initial=NEW,
        widget=forms.RadioSelect,
        label=_("Who"),
    )
    existing_username = forms.CharField(
        label=_("Username of the existing account"),
        required=False,
        help_text=_("One account per person in the whole province: ask them for their username."),
    )
    username = forms.CharField(label=_("Username"), required=False, max_length=50)
    full_name = VisibleCharField(label=_("Full name"), required=False, max_length=100)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits; the person can change it after logging in."),
    )
    field_order = ["mode", "existing_username", "username", "full_name", "email", "phone", "password"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("existing_username", "username"):
            self.fields[name].widget.attrs.update({"autocapitalize": "none", "autocomplete": "off"})

    def clean(self) -> dict:
        data = super().clean()
        if data.get("mode") == self.EXISTING:
            self._clean_existing(data)
        elif data.get("mode") == self.NEW:
            self._clean_new(data)
        return data

    def _clean_existing(self, data: dict) -> None:
        username = (data.get("existing_username") or "").strip().lower()
        if not username:
            self.add_error("existing_username", _("Enter the username of the existing account."))
            return
        user = User.objects.filter(username=username).first()
        if user is None:
            self.add_error("existing_username", _("No account has this username."))
        elif not user.is_active:
            self.add_error("existing_username", _("This account is disabled."))
        else:
            data["user"] = user

    def _clean_new(self, data: dict) -> None:
        username = (data.get("username") or "").strip().lower()
        data["username"] = username
        data["full_name"] = " ".join((data.get("full_name") or "").split())
        for name in ("username", "full_name", "password"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("This field is required."))
        if username and User.objects.filter(username=username).exists():
            self.add_error(
                "username",
                _("This username is taken. If it is the same person, choose “A person who already has an account”."),
            )
        email = data.get("email")
        if email and User.objects.filter(email__iexact=email).exists():
            self.add_error("email", _("Another account already uses this email."))
        if data.get("password"):
            probe = User(username=username, full_name=data["full_name"], email=email or None)
            try:
                validate_password(data["password"], probe)
            except ValidationError as error:
                self.add_error("password", error)

    def new_user(self) -> dict:
        data = self.cleaned_data
        return {
            "username": data["username"],
            "full_name": data["full_name"],
            "email": data.get("email") or None,
            "phone": (data.get("phone") or "").strip(),
            "password": data["password"],
        }


class MemberSearchForm(forms.Form):
    STATUS = [("active", _("Active")), ("inactive", _("Deactivated")), ("all", _("All"))]
    q = forms.CharField(required=False, label=_("Search"))
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False, label=_("Unit"))
    status = forms.ChoiceField(choices=STATUS, required=False, label=_("Status"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.order_by("order", "name")

    def filters(self) -> dict:
        if not self.is_valid():
            return {"q": "", "unit_id": None, "active": True}
        status = self.cleaned_data.get("status") or "active"
        unit = self.cleaned_data.get("unit")
        return {
            "q": self.cleaned_data.get("q") or "",
            "unit_id": unit.pk if unit else None,
            "active": {"active": True, "inactive": False}.get(status),
        }
