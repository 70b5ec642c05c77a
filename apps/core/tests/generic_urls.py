"""The agency URLconf plus small views declared on the generic views and guards of apps/core, for their tests
(test_generic.py): a filtered list of positions with its count, a form saved through a "service" that may refuse,
and views behind each guard."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from apps.core.forms import BootstrapFormMixin
from apps.core.generic import FilteredListView, ObjectEditView, PanelFormView
from apps.core.guards import guard, members_only, role_required
from apps.people.models import Position
from province.urls_tenant import urlpatterns as agency_urlpatterns


class PositionFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Position
        fields = ["name"]


class PositionList(FilteredListView):
    filterset_class = PositionFilter
    template_name = "test/list.html"
    table_template = "test/_table.html"
    table_id = "test-table"
    count_template = "test/_count.html"
    page_size = 2

    def get_queryset(self) -> QuerySet:
        return Position.objects.order_by("rank", "name")

    def get_context_data(self) -> dict:
        return {"extra": "declared by the view"}


class NoteForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label="Text", max_length=20)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


SAVED: list[str] = []  # what the "service" kept


class NoteEdit(PanelFormView):
    form_class = NoteForm
    back = "home"
    event = "notes-changed"

    def get_title(self, form: forms.Form) -> str:
        return "A note"

    def save(self, form: forms.Form) -> str:
        text = form.cleaned_data["text"]
        if text == "taken":
            raise ValidationError({"text": "This text is taken."})
        if text == "stale":
            raise ValidationError({"version": "Someone changed it meanwhile."})
        SAVED.append(text)
        return f"Saved: {text}"


class PositionForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Position
        fields = ["name", "rank"]


class PositionEdit(ObjectEditView):
    model, form_class = Position, PositionForm
    back, event = "home", "positions-changed"
    add_title, edit_title, saved_message = "New position", "Position %(name)s", "Kept %(name)s"

    def get_object(self, pk: int) -> Position:
        return get_object_or_404(Position, pk=pk)

    def get_initial(self) -> dict:
        return {"rank": self.request.GET.get("rank")} if self.request.GET.get("rank") else {}

    def save_object(self, form: forms.Form) -> Position:
        return form.save()


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("test-generic/positions/", PositionList.as_view(), name="test-positions"),
    path("test-generic/positions/count/", PositionList.as_view(count=True), name="test-positions-count"),
    path("test-generic/note/", NoteEdit.as_view(), name="test-note"),
    path("test-generic/position/", PositionEdit.as_view()),
    path("test-generic/position/<int:pk>/", PositionEdit.as_view()),
    path("test-generic/clerks/", role_required("clerk", message="Clerks only, on purpose.")(ok)),
    path("test-generic/members/", members_only(ok)),
    path("test-generic/hidden/", guard(lambda request: False, hide=True)(ok)),
    *agency_urlpatterns,
]
