"""The shared pieces of the screens (apps/core/templatetags/core_ui.py): a field laid out by ``fields`` keeps what
the person typed and shows its error beside it; a filter cell keeps a date typed wrong and marks it; a panel link
opens its form in the page's panel."""

import pytest
from django import forms
from django.template import Context, Template, TemplateSyntaxError

from apps.core.forms import BootstrapFormMixin, DateField


class SampleForm(BootstrapFormMixin, forms.Form):
    subject = forms.CharField(label="Trích yếu", max_length=10, help_text="Ngắn gọn")
    page_count = forms.IntegerField(label="Số trang", min_value=1)
    arrived_from = DateField(label="Đến từ ngày", required=False)


def render(source: str, **context) -> str:
    return Template("{% load core_ui %}" + source).render(Context(context))


def test_a_field_keeps_what_was_typed_and_shows_its_error_in_its_column():
    form = SampleForm(data={"subject": "Một trích yếu quá dài", "page_count": "3"})
    assert not form.is_valid()
    html = render('{% fields form subject="col-12 col-md-8" page_count="col-6" %}', form=form)
    assert (
        html.index('<div class="col-12 col-md-8">') < html.index('name="subject"') < html.index('<div class="col-6">')
    )
    assert 'value="Một trích yếu quá dài"' in html and 'value="3"' in html
    assert '<label class="form-label" for="id_subject">Trích yếu' in html
    assert '<div class="form-text">Ngắn gọn</div>' in html
    assert html.count('class="invalid-feedback d-block"') == 1
    subject_input = html.split('name="subject"', 1)[1].split(">", 1)[0]
    assert "is-invalid" in subject_input and 'aria-invalid="true"' in subject_input


def test_a_fieldset_puts_its_legend_above_its_fields():
    html = render('{% fieldset form "Văn bản" subject="col-12" %}', form=SampleForm())
    assert html.startswith('<fieldset class="card mb-3">')
    assert html.index('<legend class="h6 card-title">Văn bản</legend>') < html.index('name="subject"')


def test_a_field_the_form_lacks_is_an_error_not_a_gap():
    with pytest.raises(TemplateSyntaxError, match="SampleForm has no field 'subjet'"):
        render('{% fields form subjet="col-12" %}', form=SampleForm())


def test_a_date_filter_keeps_a_date_typed_wrong_and_marks_it():
    form = SampleForm(data={"arrived_from": "31/02/2026"})
    form.is_valid()
    html = render('{% filter_cells form "arrived_from page_count" %}', form=form)
    date_input = html.split('<input class="form-control date-filter is-invalid"', 1)[1].split(">", 1)[0]
    assert 'name="arrived_from"' in date_input and 'value="31/02/2026"' in date_input
    assert 'placeholder="dd/mm/yyyy"' in date_input
    assert '<label class="form-label small mb-1" for="id_arrived_from">Đến từ ngày</label>' in html
    assert html.count('<div class="col-6 col-md-3">') == 2 and 'type="number" name="page_count"' in html


def test_a_panel_link_opens_its_form_in_the_panel_and_works_without_javascript():
    html = render('{% panel_link "people:position-edit" 7 %}')
    assert html == (
        '<a class="btn btn-sm btn-outline-primary" href="/people/positions/7/edit/" '
        'hx-get="/people/positions/7/edit/" hx-target="#panel" hx-swap="innerHTML">'
        '<i class="bi bi-pencil" aria-hidden="true"></i> Sửa</a>'
    )


@pytest.mark.django_db
def test_a_document_list_names_the_filter_of_each_error_and_keeps_what_was_typed(alpha, api_as):
    """core/_document_table.html and core/_filter_cells.html, as the incoming list uses them."""
    from apps.documents.tests.factories import RegisteredIncomingFactory, make_person
    from apps.people.models import Role

    clerk = make_person(Role.CLERK)
    RegisteredIncomingFactory(by=clerk)
    response = api_as(alpha, clerk).get("/documents/incoming/", {"status": "zzz", "arrival_to": "31/02/2026"})
    html = response.content.decode()
    assert response.status_code == 200 and html.count('<tr id="incoming-') == 1
    errors = html.split('<div class="alert alert-warning py-2" role="alert">', 1)[1].split("</div></div>", 1)[0]
    assert "<div>Trạng thái: " in errors and "<div>Đến hết ngày: " in errors
    date_input = html.split('name="arrival_to"', 1)[1].split(">", 1)[0]
    assert 'value="31/02/2026"' in date_input
    assert '<input class="form-control date-filter is-invalid" type="text" name="arrival_to"' in html
