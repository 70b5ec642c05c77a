import datetime
from collections.abc import Iterable
from typing import NamedTuple

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .dates import FORMAT_ERROR, FORMAT_HINT, parse_date
from .text import strip_invisible
from .uploads import KEPT_SUFFIX, StagedFile


class BootstrapRenderer(DjangoTemplates):
    """Renders every form of the project as Bootstrap 5 markup, errors beside their field."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


_WIDGET_CLASSES = {
    forms.CheckboxInput: "form-check-input",
    forms.CheckboxSelectMultiple: "form-check-input",
    forms.RadioSelect: "form-check-input",
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
}


class BootstrapFormMixin:
    """Bootstrap classes on widgets; ``is-invalid`` on every field with an error, service errors included."""

    default_renderer = BootstrapRenderer

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = next((c for w, c in _WIDGET_CLASSES.items() if isinstance(field.widget, w)), "form-control")
            field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()

    def mark_suggested(self, names: Iterable[str]) -> None:
        """Mark the fields whose initial value the system proposed (read from a scan) for the person to confirm or
        correct: ``core/forms/field.html`` shows a badge by the label, the widget gets ``field-suggested``."""
        for name in names:
            field = self.fields.get(name)
            if field is not None:
                field.suggested = True
                field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} field-suggested".strip()

    def add_error(self, field: str | None, error) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"

    def add_service_error(self, error: ValidationError) -> None:
        """Show a ValidationError raised by a service on the form: on its field when the form shows that field,
        above the form otherwise (a hidden field such as a draft's version, or no field at all such as its state).
        The one way every view maps a service's refusal onto its form."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                field = self.fields.get(name) if name != NON_FIELD_ERRORS else None
                self.add_error(name if field is not None and not field.widget.is_hidden else None, errors)
        else:
            self.add_error(None, error)


class VisibleCharField(forms.CharField):
    """A name or a subject: bidi-override and zero-width characters are removed (they hide or reorder text in a
    printed register), as the API's VisibleCharField (apps/core/serializers.py) does."""

    def to_python(self, value) -> str:
        return strip_invisible(super().to_python(value))


class CheckboxField(forms.BooleanField):
    """A tick box. A browser leaves an unticked box out of the POST, so a missing value means False — the box was
    unticked — never "unchanged": an edit form shows each box as stored, so a box left as shown says so again.
    Not required, so that False is an answer; a disabled box keeps its initial value whatever is posted."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


# The largest id, version or count a PostgreSQL integer column holds: a larger number is refused as input,
# never sent to the database.
MAX_ID = 2_147_483_647


class DateInput(forms.DateInput):
    """A date typed as dd/mm/yyyy (a text box: the browser's own date picker follows the browser's language and
    shows mm/dd/yyyy on English browsers)."""

    def __init__(self, attrs: dict | None = None) -> None:
        defaults = {"placeholder": FORMAT_HINT, "inputmode": "numeric", "autocomplete": "off", "class": "date-input"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class DateField(forms.DateField):
    """A date as people type it (apps/core/dates.py: ``02/12/2026``, ``2/12/26``, ISO), saying which format it
    expects under the field."""

    widget = DateInput
    default_error_messages = {"invalid": FORMAT_ERROR}
    hint = _("As dd/mm/yyyy, e.g. 02/12/2026.")

    def __init__(self, *, help_text: str = "", **kwargs) -> None:
        if self.hint:
            help_text = format_lazy("{} {}", help_text, self.hint) if help_text else self.hint
        super().__init__(help_text=help_text, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        parsed = parse_date(str(value))
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class FileSelection(NamedTuple):
    """What a multiple-file input brings: the files chosen now and the tokens of the staged files kept."""

    uploads: list
    tokens: list[str]


def _getlist(data, name: str) -> list:
    getlist = getattr(data, "getlist", None)
    if getlist is not None:
        return getlist(name)
    value = data.get(name) if data else None
    return value if isinstance(value, list | tuple) else [value] if value else []


class MultipleFileInput(forms.FileInput):
    """Several files in one input; the files kept from a refused form (``staged``) are listed above it, ticked,
    each carrying its signed token (apps/core/uploads.py)."""

    allow_multiple_selected = True
    template_name = "core/forms/multiple_file_input.html"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.staged: list[StagedFile] = []
        self.owner: object = None  # whom the tokens are signed for: the form sets the person's user id

    def get_context(self, name: str, value, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        context["widget"]["kept_name"] = name + KEPT_SUFFIX
        context["widget"]["staged"] = [
            {"token": f.token(self.owner), "name": f.name, "size": f.size} for f in self.staged
        ]
        return context

    def value_from_datadict(self, data, files, name: str) -> FileSelection:
        return FileSelection(uploads=[f for f in _getlist(files, name) if f], tokens=_getlist(data, name + KEPT_SUFFIX))

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        return name not in (files or {}) and name + KEPT_SUFFIX not in (data or {})


class MultipleFileField(forms.FileField):
    """Several files from one input (``<input type=file multiple>``). Cleans to a list of the files chosen now
    (UploadedFile) after the staged files kept from a refused form (StagedFile): a view hands StagedFiles to the
    services through apps/documents/staging.py."""

    widget = MultipleFileInput

    def staged_of(self, selection: FileSelection) -> list[StagedFile]:
        """The staged files whose tokens are valid for this form's owner, each once."""
        found = (StagedFile.from_token(token, self.widget.owner) for token in selection.tokens)
        return list({f.sha256: f for f in found if f is not None}.values())

    def clean(self, data, initial=None) -> list:
        if not isinstance(data, FileSelection):
            data = FileSelection(
                uploads=list(data) if isinstance(data, list | tuple) else [data] if data else [], tokens=[]
            )
        kept = self.staged_of(data)
        if self.required and not kept and not data.uploads:
            raise ValidationError(self.error_messages["required"], code="required")
        single = super().clean
        return [*kept, *(single(upload, initial) for upload in data.uploads)]

    def bound_data(self, data, initial):
        return initial

    def has_changed(self, initial, data) -> bool:
        return bool(data and (data.uploads or data.tokens)) if isinstance(data, FileSelection) else bool(data)


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Wrong username or password, or you are not a member of this agency. "
            "Check the address: each agency has its own."
        ),
        "inactive": _("This account is disabled."),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class BootstrapPasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    """Django's own form (old password, new one twice), styled as every form of the site."""


class BootstrapSetPasswordForm(BootstrapFormMixin, SetPasswordForm):
    """Django's own form for a new password (the one-time reset link), styled as every form of the site."""
