"""The shared pieces of every app's screens: ``{% load core_ui %}``.

- ``{% fields form name="col-12 col-md-6" … %}``: a row's form fields, each in its grid column, as
  ``core/forms/field.html`` draws a field (label, widget, help, errors); ``{% fieldset form legend … %}`` the same
  in a card with its legend;
- ``{% filter_cells f "document_type status" %}``: the cells of a list's "more filters" row;
- ``{% panel_link "people:position-edit" p.pk %}``: a button that opens a form in the page's panel
  (apps.core.panels), or goes to the form's own page without JavaScript.
"""

from django import forms, template
from django.forms import BaseForm
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.simple_tag
def fields(form: BaseForm, **columns: str) -> SafeString:
    """Each named field of ``form`` in a ``<div>`` with its grid classes, in the order given: one tag a row of
    the layout, so that a form's shape reads at a glance. A name the form lacks is an error, not a silent gap."""
    for name in columns:
        if name not in form.fields:
            raise template.TemplateSyntaxError(f"{type(form).__name__} has no field {name!r}")
    return format_html_join(
        "\n", '<div class="{}">{}</div>', ((css, form[name].as_field_group()) for name, css in columns.items())
    )


@register.simple_tag
def fieldset(form: BaseForm, legend: str, **columns: str) -> SafeString:
    """A part of a long form as a card: its legend above the named fields, laid out as ``fields`` does."""
    return format_html(
        '<fieldset class="card mb-3"><div class="card-body pb-0">\n'
        '    <legend class="h6 card-title">{}</legend>\n'
        '    <div class="row g-2">\n{}\n    </div>\n'
        "  </div></fieldset>",
        legend,
        fields(form, **columns),
    )


@register.simple_tag
def filter_cells(form: BaseForm, names: str, css: str = "col-6 col-md-3") -> SafeString:
    """The named filters of a list's filter form, each under its label: a date as a dd/mm/yyyy text box (marked
    when it does not read as a date), any other filter as its own widget."""
    cells = [
        {"field": form[name], "css": css, "is_date": isinstance(form.fields[name], forms.DateField)}
        for name in names.split()
    ]
    return render_to_string("core/_filter_cells.html", {"cells": cells})


@register.simple_tag
def panel_link(
    url_name: str,
    *args: object,
    label: str = _("Edit"),
    icon: str = "bi-pencil",
    css: str = "btn btn-sm btn-outline-primary",
) -> SafeString:
    """A link to a form that htmx opens in the page's ``#panel`` (the page itself without JavaScript)."""
    url = reverse(url_name, args=args)
    return format_html(
        '<a class="{}" href="{}" hx-get="{}" hx-target="#panel" hx-swap="innerHTML">'
        '<i class="bi {}" aria-hidden="true"></i> {}</a>',
        css,
        url,
        url,
        icon,
        label,
    )
