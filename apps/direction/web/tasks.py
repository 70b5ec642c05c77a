"""Tasks (giao việc, issue 8 point 4): giving a task and its sub-tasks, and "Việc đã giao" — the tasks and
documents' works the person directed, with their derived status (queues.directed_by)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from apps.core.generic import ObjectListView
from apps.core.guards import members_only
from apps.core.panels import in_panel

from .. import access, queues, services
from ..forms import TaskForm
from ..status import today
from .work import WorkAction

EVENT = "directed-changed"


class TaskAdd(WorkAction):
    """ "Giao việc": a task with its lead, supports and people kept informed, deadline, urgency and files; with a
    ``pk``, a sub-task of that task ("Thêm việc con")."""

    form_class = TaskForm
    event = EVENT

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.person = request.person
        self.work = access.get_work_for(self.person, kwargs["pk"]) if "pk" in kwargs else None
        if self.work is not None:
            self.event = "work-changed"
        if not access.may_give_task(self.person, self.work):
            raise PermissionDenied(_("Leaders give tasks; the lead of a task may add sub-tasks."))
        return super(WorkAction, self).dispatch(request, *args, **kwargs)  # the target is the parent task, if any

    def get_form_kwargs(self) -> dict:
        return {"person": self.person}

    def get_back_url(self) -> str:
        return reverse("direction:work", args=[self.work.pk]) if self.work else reverse("direction:directed")

    def get_title(self, form: Form) -> str:
        if self.work is not None:
            return _("Add a sub-task to: %(title)s") % {"title": self.work.title[:80]}
        return _("Give a task")

    def act(self, form: Form) -> str:
        self.made = services.create_task(form.entry(), by=self.person, parent=self.work).work
        return _("The task “%(title)s” was given.") % {"title": self.made.title[:80]}

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        made = getattr(self, "made", None)
        if made is not None and not in_panel(request):
            return redirect("direction:work", pk=made.pk)
        return response


class DirectedList(ObjectListView):
    """ "Việc đã giao": open tasks and documents' works the person directed, most urgent first, then by deadline,
    each with its derived status (waiting, in progress, due soon, overdue)."""

    template_name = "direction/directed_list.html"
    table_template = "direction/_directed_table.html"
    table_id = "directed-table"

    def get_queryset(self) -> QuerySet:
        return queues.directed_by(self.request.person, today()).select_related("document", "parent")

    def get_context_data(self) -> dict:
        return {"may_give_task": access.may_give_task(self.request.person)}


urlpatterns = [
    path("directed/", members_only(DirectedList.as_view()), name="directed"),
    path("tasks/new/", members_only(TaskAdd.as_view()), name="task-add"),
    path("works/<int:pk>/subtasks/new/", members_only(TaskAdd.as_view()), name="subtask-add"),
]
