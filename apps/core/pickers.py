"""Searchable pickers: one widget for every choice too long for a plain ``<select>`` (recipients, issuers, people).

``Picker`` renders a ``<select data-picker …>``; ``core/pickers.js`` turns every such select into a tom-select (on
the first page load and after each htmx swap). Two kinds:

* **local** (no ``source``): every option is rendered and tom-select filters them in the browser (an agency's
  units, its leaders — tens of rows);
* **remote** (``source``: a URL name answering ``picker_results``): only the selected values are rendered, with
  their labels, so a refused form keeps them; the browser asks the source as the person types (debounced, a few
  results at a time), which keeps the page small however large the province directory grows.

``create=True`` also accepts text typed freely (an issuer written as on the paper). ``fill`` copies a field of the
chosen option into another input (the issuer's agency code). Declaring a picker is a widget declaration::

    recipient_users = forms.ModelMultipleChoiceField(
        queryset=..., widget=Picker(multiple=True, source="people:options"))

The source views answer JSON built by ``picker_results`` from the query read by ``picker_query``/``picker_limit``,
after asking the app's access helpers (docs/web-ui.md, "Pickers")."""

import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

# How many results a source gives by default, and at most whatever the request asks.
DEFAULT_LIMIT = 10
MAX_LIMIT = 20
# A query longer than this is cut (a pasted paragraph must not become a huge query).
MAX_QUERY_LENGTH = 100

Labels = Callable[[list[str]], Mapping[str, str]]


@dataclass(frozen=True)
class PickerOptions:
    """How a picker searches and what it accepts (``Picker``'s keywords, checked here: an unknown one is a
    TypeError)."""

    source: str = ""
    value_field: str = "value"
    labels: Labels | None = None
    create: bool = False
    min_query: int = 1
    fill: Mapping[str, str] = field(default_factory=dict)
    placeholder: str = ""


class Picker(forms.Select):
    """A ``<select>`` (``multiple=True``: several values) that pickers.js makes searchable.

    The other keywords are ``PickerOptions``: ``source``, a URL name (or path) of a remote search; ``value_field``,
    the key of a result used as the value (``value`` by default; the people source also offers ``user``);
    ``labels``, for a plain choice field with a remote source, a function giving the labels of the values asked
    (the model fields' labels come from their queryset); ``create``, free text is accepted; ``min_query``,
    characters typed before the first search; ``fill``, ``{result key: id of an input}`` filled when an option is
    chosen; ``placeholder``."""

    def __init__(
        self, attrs: dict | None = None, choices: Iterable = (), *, multiple: bool = False, **options: Any
    ) -> None:
        super().__init__(attrs, choices)
        self.allow_multiple_selected = multiple
        self.options = PickerOptions(**{**options, "fill": options.get("fill") or {}})

    @property
    def source(self) -> str:
        return self.options.source

    @property
    def labels(self) -> Labels | None:
        return self.options.labels

    def get_context(self, name: str, value, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(self.picker_attrs())
        return context

    def picker_attrs(self) -> dict[str, str]:
        """The data-attributes pickers.js reads (texts translated here: the script holds no UI text)."""
        attrs = {
            "data-picker": "remote" if self.source else "local",
            "data-picker-no-results": _("Nothing found"),
            "data-picker-loading": _("Searching…"),
        }
        if self.source:
            attrs["data-picker-source"] = self.source if "/" in self.source else reverse(self.source)
            attrs["data-picker-value-field"] = self.options.value_field
            attrs["data-picker-min"] = str(self.options.min_query)
            attrs["data-picker-type-more"] = _("Type to search")
        if self.options.create:
            attrs["data-picker-create"] = _("Use “%(text)s”") % {"text": "{text}"}
        if self.options.fill:
            attrs["data-picker-fill"] = json.dumps(dict(self.options.fill))
        if self.options.placeholder:
            attrs["data-picker-placeholder"] = str(self.options.placeholder)
        return attrs

    def optgroups(self, name: str, value: list[str], attrs: dict | None = None) -> list:
        """A local picker: every choice. A remote one: the empty choice and the selected values only."""
        if not self.source:
            return super().optgroups(name, value, attrs)
        values = [v for v in value if v not in ("", None)]
        options = [] if self.allow_multiple_selected else [self.create_option(name, "", "", not values, 0)]
        for index, (key, label) in enumerate(self.selected_choices(values), start=len(options)):
            options.append(self.create_option(name, key, label, True, index))
        return [(None, options, 0)]

    def selected_choices(self, values: list[str]) -> list[tuple[object, str]]:
        """The selected values with their labels, in the order chosen; a value no longer known is dropped unless
        free text is allowed (then it is its own label)."""
        if not values:
            return []
        if isinstance(self.choices, ModelChoiceIterator):
            known = self._model_choices(values)
        elif self.labels is not None:
            known = {key: (key, label) for key, label in self.labels(values).items()}
        else:
            known = {str(k): (k, str(label)) for k, label in self.choices if str(k) in values}
        return [known.get(v) or (v, v) for v in values if v in known or self.options.create]

    def _model_choices(self, values: list[str]) -> dict[str, tuple[object, str]]:
        field = self.choices.field
        key = field.to_field_name or "pk"
        try:
            objects = list(self.choices.queryset.filter(**{f"{key}__in": values}))
        except (ValueError, TypeError, ValidationError):  # a value of the wrong type, e.g. text for an id
            return {}
        return {str(field.prepare_value(obj)): self.choices.choice(obj) for obj in objects}

    def value_from_datadict(self, data, files, name: str):
        if self.allow_multiple_selected:
            getter = getattr(data, "getlist", data.get)
            return getter(name)
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name: str) -> bool:
        # An empty multiple select sends nothing, which is a value (no choice), not an omission.
        return False if self.allow_multiple_selected else super().value_omitted_from_data(data, files, name)


class PickedChoicesField(forms.MultipleChoiceField):
    """Several values picked from a remote source whose choices are too many to list (the province directory):
    ``labels`` tells which of the values given are known, and their labels, so neither validation nor rendering
    loads the whole list."""

    def __init__(self, *, labels: Labels, source: str, **kwargs) -> None:
        kwargs.setdefault("widget", Picker(multiple=True, source=source, labels=labels))
        super().__init__(**kwargs)
        self.labels = labels

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        known = self.labels(list(value))
        for item in value:
            if item not in known:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )


# ---- the sources' side ---------------------------------------------------------------------------------------------


def picker_query(request: HttpRequest) -> str:
    """What the person typed (``q``): control and invisible format characters dropped (a NUL would make
    PostgreSQL refuse the query), whitespace collapsed, cut to MAX_QUERY_LENGTH."""
    typed = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    visible = "".join(ch if unicodedata.category(ch) not in ("Cc", "Cf") else " " for ch in typed)
    return " ".join(visible.split())


def picker_limit(request: HttpRequest) -> int:
    """How many results to give: ``limit`` when it is a number, within 1…MAX_LIMIT; DEFAULT_LIMIT otherwise."""
    try:
        return max(1, min(MAX_LIMIT, int(request.GET.get("limit", DEFAULT_LIMIT))))
    except ValueError:
        return DEFAULT_LIMIT


def picker_results(results: Iterable[dict]) -> JsonResponse:
    """A source's answer: ``{"results": [{"value": …, "text": …, "hint": …}, …]}`` (``hint``, optional, is shown
    under the text). Never cached: it depends on who asks."""
    response = JsonResponse({"results": list(results)})
    response["Cache-Control"] = "private, no-store"
    return response
