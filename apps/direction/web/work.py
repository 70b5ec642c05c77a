"""A work's page: what was directed (or asked, for a task), its deadline and status, and the chain of
assignments with each part's notes. Everyone who may read the work sees the same chain."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from apps.core.guards import members_only

from .. import access, queues
from ..models import Work
from ..status import status_of, today


@members_only
def work_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = request.person
    work = access.get_work_for(person, pk)
    when = today()
    shown = queues.with_chain(
        Work.objects.filter(pk=work.pk).select_related("document", "directed_by", "on_behalf_of", "parent"), when
    ).get()
    started = any(a.started_at for a in shown.shown_assignments)
    status = status_of(state=shown.state, due_on=shown.due_on, done_at=shown.done_at, started=started, when=when)
    context = {
        "work": shown,
        "status": status,
        "chain": queues.in_tree_order(shown.shown_assignments),
        "subtasks": access.works_visible_to(person).filter(parent=shown).order_by("id"),
    }
    return render(request, "direction/work_detail.html", context)


urlpatterns = [path("works/<int:pk>/", work_detail, name="work")]
