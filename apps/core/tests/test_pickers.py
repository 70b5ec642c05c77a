"""The picker widget (apps.core.pickers): the data-attributes pickers.js reads, a remote picker rendering only the
selected values with their labels (so a refused form keeps them), and the sources' query bounds."""

import re

import pytest
from django import forms
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from apps.core.forms import BootstrapFormMixin
from apps.core.pickers import MAX_LIMIT, PickedChoicesField, Picker, PickerOptions, picker_limit, picker_query
from apps.people.models import Unit
from apps.people.tests.factories import UnitFactory

CODES = {"000.00.02.H19": "Sở Nội vụ", "000.00.03.H19": "Sở Tài chính"}


def known_codes(values: list[str]) -> dict[str, str]:
    return {v: CODES[v] for v in values if v in CODES}


class UnitsForm(BootstrapFormMixin, forms.Form):
    local = forms.ModelMultipleChoiceField(queryset=Unit.objects.order_by("name"), widget=Picker(multiple=True))
    remote = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.order_by("name"), widget=Picker(multiple=True, source="/units/search/")
    )
    one = forms.ModelChoiceField(queryset=Unit.objects.order_by("name"), required=False, widget=Picker(source="/u/"))
    agencies = PickedChoicesField(labels=known_codes, source="/agencies/", required=False)
    issuer = forms.CharField(
        widget=Picker(source="/issuers/", create=True, min_query=2, fill={"code": "id_code"}), required=False
    )


def options(html: str, name: str) -> list[tuple[str, str, bool]]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return [
        (value, label, bool(selected))
        for value, selected, label in re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)
    ]


@pytest.mark.django_db
def test_a_local_picker_lists_every_choice_and_a_remote_one_only_the_selected_ones(alpha):
    units = [UnitFactory(name=f"Phòng {i:02d}") for i in range(30)]
    form = UnitsForm(data={"local": [units[3].pk], "remote": [units[5].pk, units[1].pk], "one": units[7].pk})
    html = form.as_p()
    assert len(options(html, "local")) == Unit.objects.count()
    # The remote picker renders what was chosen, in the order chosen, with its label; nothing else.
    assert options(html, "remote") == [(str(units[5].pk), "Phòng 05", True), (str(units[1].pk), "Phòng 01", True)]
    assert options(html, "one") == [("", "", False), (str(units[7].pk), "Phòng 07", True)]
    assert 'data-picker="local"' in html and 'data-picker="remote"' in html
    assert 'data-picker-source="/units/search/" data-picker-value-field="value" data-picker-min="1"' in html
    assert "multiple" in re.search(r'<select name="remote"[^>]*>', html).group(0)
    assert "form-select" in re.search(r'<select name="remote"[^>]*>', html).group(0)


@pytest.mark.django_db
def test_a_remote_picker_renders_in_one_query_however_long_the_list(alpha):
    units = [UnitFactory(name=f"Phòng {i:03d}") for i in range(60)]
    form = UnitsForm(initial={"remote": [units[10].pk, units[20].pk]})
    with CaptureQueriesContext(connection) as queries:
        html = str(form["remote"])
    assert len(queries) == 1 and len(options(html, "remote")) == 2


@pytest.mark.django_db
def test_values_that_are_unknown_or_of_the_wrong_type_are_refused_and_not_rendered(alpha):
    form = UnitsForm(data={"remote": ["abc", "999999"], "agencies": ["000.00.02.H19", "000.00.99.Z99"]})
    assert not form.is_valid()
    assert {"remote", "agencies"} <= set(form.errors)
    html = form.as_p()
    assert options(html, "remote") == []
    assert options(html, "agencies") == [("000.00.02.H19", "Sở Nội vụ", True)]


def test_a_picked_choices_field_accepts_known_values_and_keeps_their_labels_on_a_refused_form():
    form = UnitsForm(data={"agencies": ["000.00.03.H19", "000.00.02.H19"], "issuer": "Công ty TNHH Một Thành Viên"})
    form.fields = {k: form.fields[k] for k in ("agencies", "issuer")}
    assert form.is_valid(), form.errors
    assert form.cleaned_data["agencies"] == ["000.00.03.H19", "000.00.02.H19"]
    form.add_error(None, "refused by a service")
    html = form.as_p()
    assert options(html, "agencies") == [("000.00.03.H19", "Sở Tài chính", True), ("000.00.02.H19", "Sở Nội vụ", True)]
    # Free text is its own label; the texts and the field to fill are data-attributes (no script holds UI text).
    assert options(html, "issuer") == [
        ("", "", False),
        ("Công ty TNHH Một Thành Viên", "Công ty TNHH Một Thành Viên", True),
    ]
    issuer = re.search(r'<select name="issuer"[^>]*>', html).group(0)
    assert (
        'data-picker-create="Dùng “{text}”"' in issuer
        and 'data-picker-fill="{&quot;code&quot;: &quot;id_code&quot;}"' in issuer
    )
    assert 'data-picker-min="2"' in issuer and 'data-picker-no-results="Không tìm thấy"' in issuer
    assert "style=" not in html and "<script" not in html


def test_an_empty_multiple_picker_means_no_choice():
    form = UnitsForm(data={})
    form.fields = {"agencies": form.fields["agencies"]}
    assert form.is_valid() and form.cleaned_data["agencies"] == []


def test_the_sources_read_a_bounded_query_and_limit():
    get = RequestFactory().get
    assert picker_query(get("/", {"q": "  ubnd \t tỉnh  "})) == "ubnd tỉnh"
    assert len(picker_query(get("/", {"q": "x" * 5000}))) == 100
    assert picker_query(get("/", {"q": "ubnd\x00tinh\u202e\u200b"})) == "ubnd tinh"
    assert picker_limit(get("/")) == 10
    assert picker_limit(get("/", {"limit": "5"})) == 5
    assert picker_limit(get("/", {"limit": "100000"})) == MAX_LIMIT
    assert picker_limit(get("/", {"limit": "-3"})) == 1
    assert picker_limit(get("/", {"limit": "abc"})) == 10


def test_a_pickers_options_are_one_object_and_an_unknown_one_is_refused():
    picker = Picker(source="/issuers/", create=True, min_query=2, fill={"code": "id_code"}, placeholder="Tên")
    assert (picker.options.source, picker.options.create, picker.options.min_query) == ("/issuers/", True, 2)
    assert picker.picker_attrs()["data-picker-fill"] == '{"code": "id_code"}'
    assert picker.picker_attrs()["data-picker-placeholder"] == "Tên"
    assert Picker().options == PickerOptions()
    with pytest.raises(TypeError, match="min_chars"):
        Picker(source="/issuers/", min_chars=2)  # a misspelt option fails at once, not silently
