"""Generic views, one of each (in the spirit of NetBox's generic views): an app's views declare which queryset,
which filter set, which templates and which service; the request handling is here.

- ``ObjectListView``: a list in pages of what the person may see; htmx refreshes its table alone (``table_id``).
- ``FilteredListView``: a list filtered, searched and sorted by the FilterSet it shares with the API; each page is
  found without counting (apps/core/paging.py), and the same view with ``as_view(count=True)`` answers the count of
  the same filters, which the page loads in a request of its own.
- ``PanelFormView``: a form that is a page of its own and, asked by htmx with the target ``panel``, comes into the
  panel above its list (apps/core/panels.py); saved through one service, whose refusal shows on the form.
  ``ObjectEditView``: the same for adding or changing one object (NetBox's ObjectEditView).

A view is guarded by wrapping ``as_view()`` (apps/core/guards.py)::

    incoming_list = login_required(IncomingList.as_view())
    incoming_count = login_required(IncomingList.as_view(count=True))
    unit_add = unit_edit = role_required(Role.ADMIN)(UnitFormView.as_view())
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.views import View

from .paging import NewestFirst, QuickPage, capped_count, quick_page
from .panels import FormPanel, form_response, partial, saved


def query_without(request: HttpRequest, *names: str) -> str:
    """The request's query string without the parameters ``names`` (the page links keep the filters)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def list_or_table(request: HttpRequest, context: dict, *, template: str, table: str, table_id: str) -> HttpResponse:
    """The list's page, or its table alone when htmx refreshes the element ``#table_id`` (after a search, a page
    link, or a save in the panel)."""
    if table_id and request.htmx and request.htmx.target == table_id:
        return partial(request, table, context)
    return render(request, template, context)


class ObjectListView(View):
    """A list in pages (``page``, with ``query`` for the page links). Subclasses give the templates and
    ``get_queryset``; ``get_context_data`` runs after it, so it may show what the queryset was built from."""

    template_name: str = ""
    table_template: str = ""
    table_id: str = ""  # the element htmx refreshes; none: the page is always answered whole
    page_size: int = 50

    def get_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_context_data(self) -> dict:
        return {}

    def get_page(self, queryset: QuerySet) -> Page | QuickPage:
        return Paginator(queryset, self.page_size).get_page(self.request.GET.get("page"))

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        page = self.get_page(self.get_queryset())
        context = {**self.get_context_data(), "page": page, "query": query_without(request, "page")}
        return self.respond(context)

    def respond(self, context: dict) -> HttpResponse:
        return list_or_table(
            self.request, context, template=self.template_name, table=self.table_template, table_id=self.table_id
        )


class FilteredListView(ObjectListView):
    """A list filtered by ``filterset_class`` over ``get_queryset()`` (what the person may see). A filter set with
    sorts (documents.filters.DocumentFilter) names the sort in force (``sort``) and its default (``DEFAULT_SORT``).
    The page comes without its count; ``as_view(count=True)`` renders ``count_template`` with ``counted`` (exact up
    to 10,000) for the same filters."""

    filterset_class: type
    count_template: str = ""
    count: bool = False
    newest_first_on: str = ""  # the date column of a default order that is newest first: its first pages are fast

    def get_newest_first(self, filters) -> NewestFirst:
        """In the default order, the table and date column of the fast first pages (paging.newest_first_rows)."""
        if not self.newest_first_on or getattr(filters, "sort", "") != getattr(filters, "DEFAULT_SORT", None):
            return None
        if not getattr(filters, "walks_newest_first", True):
            return None
        return filters.queryset.model._default_manager.all(), self.newest_first_on

    def filter_context(self, filters) -> dict:
        request = self.request
        sort = getattr(filters, "sort", "")
        return {
            "filters": filters,
            "sort": sort,
            "ordering": "" if sort == getattr(filters, "DEFAULT_SORT", "") else sort,
            "query": query_without(request, "page"),
            "sort_query": query_without(request, "page", "ordering"),
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "ordering")),
        }

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        filters = self.filterset_class(request.GET, queryset=self.get_queryset(), request=request)
        context = {**self.filter_context(filters), **self.get_context_data()}
        if self.count:
            return partial(request, self.count_template, {**context, "counted": capped_count(filters.qs)})
        newest_first = self.get_newest_first(filters)
        context["page"] = quick_page(filters.qs, request.GET.get("page"), self.page_size, newest_first=newest_first)
        return self.respond(context)


class PanelFormView(View):
    """Add or change one thing through one service. Subclasses give ``form_class`` (a BootstrapFormMixin form),
    ``back`` (the list's URL name), ``event`` (on which the list refreshes itself once saved), ``get_title`` and
    ``save``, which calls the service and returns the confirmation; a ValidationError the service raises shows on
    the form (apps/core/forms.py ``add_service_error``) and nothing is saved. The form posts to its own address."""

    form_class: type[Form]
    back: str = ""
    event: str = ""
    fields_template: str = FormPanel.fields

    def get_form_kwargs(self) -> dict:
        return {}

    def get_title(self, form: Form) -> str | Promise:
        raise NotImplementedError

    def save(self, form: Form) -> str:
        raise NotImplementedError

    def get_form(self) -> Form:
        return self.form_class(self.request.POST or None, self.request.FILES or None, **self.get_form_kwargs())

    def get_back_url(self) -> str:
        """Where the form returns (the list's URL by default; an object's page for an action on it)."""
        return reverse(self.back)

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return self.respond(self.get_form())

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        form = self.get_form()
        if form.is_valid():
            try:
                message = self.save(form)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                return saved(request, message, back=self.get_back_url(), event=self.event)
        return self.respond(form)

    def respond(self, form: Form) -> HttpResponse:
        panel = FormPanel(
            title=self.get_title(form), action=self.request.path, back=self.get_back_url(), fields=self.fields_template
        )
        return form_response(self.request, form, panel)


class ObjectEditView(PanelFormView):
    """Add one object (no ``pk`` in the URL) or change one (``pk``) through one service, with a form taking
    ``instance`` (a ModelForm, or a form that applies itself to one). Subclasses give ``model``, ``get_object(pk)``
    (the object the person may change, from access.py: 404 otherwise), ``save_object(form)`` (calls the service,
    returns the object saved) and the texts, the last two with ``%(name)s``: ``add_title``, ``edit_title``,
    ``saved_message``."""

    model: type
    add_title: str | Promise = ""
    edit_title: str | Promise = ""
    saved_message: str | Promise = ""

    def get_object(self, pk: int):
        raise NotImplementedError

    def get_initial(self) -> dict:
        """A new object's first values (from the query string: ``?parent=``, ``?kind=``)."""
        return {}

    def save_object(self, form: Form):
        raise NotImplementedError

    def get_form_kwargs(self) -> dict:
        if "pk" in self.kwargs:
            return {"instance": self.get_object(self.kwargs["pk"])}
        initial = self.get_initial()
        return {"instance": self.model(), **({"initial": initial} if initial else {})}

    def get_title(self, form: Form) -> str | Promise:
        instance = form.instance
        return self.edit_title % {"name": instance.name} if instance.pk else self.add_title

    def save(self, form: Form) -> str:
        return self.saved_message % {"name": self.save_object(form).name}
