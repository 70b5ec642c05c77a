"""Who may submit, direct and act on what (direction's access helpers; views, the API and services ask here)."""

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.documents.access import can_see_incoming
from apps.documents.models import IncomingDocument
from apps.people.access import Person, agency_leaders, units_below, units_led_by
from apps.people.models import Membership, Role
from apps.registers.access import clearance_of, is_cleared_for
from apps.registers.models import Secrecy

from .models import Assignment, Delegation, State, Submission, Work

User = get_user_model()


def may_submit(person: Person, document: IncomingDocument) -> bool:
    """The clerk puts a registered document before a leader (Đ23)."""
    return (
        person.has_role(Role.CLERK)
        and not document.is_cancelled
        and document.status == IncomingDocument.Status.REGISTERED
        and can_see_incoming(person, document)
    )


def leaders() -> QuerySet:
    """The people a document may be submitted to: the agency's active leaders (lãnh đạo cơ quan first)."""
    ids = Membership.objects.filter(is_active=True, unit__is_active=True, roles__contains=[Role.LEADER])
    return User.objects.filter(pk__in=ids.values("user_id"), is_active=True).order_by("full_name")


def is_agency_leader(person: Person) -> bool:
    return agency_leaders().filter(user_id=person.user.pk).exists()


def may_direct(person: Person, document: IncomingDocument) -> bool:
    """A leader directs a document submitted to them; the agency's leaders direct any registered document they may
    read (a Giám đốc takes one up without waiting for the clerk)."""
    if not person.has_role(Role.LEADER) or document.is_cancelled or not is_cleared_for(person, document.secrecy):
        return False
    if document.status == IncomingDocument.Status.DONE:
        return False
    submitted = Submission.objects.filter(document=document, leader_id=person.user.pk, state=Submission.State.WAITING)
    return submitted.exists() or (is_agency_leader(person) and can_see_incoming(person, document))


def acts_for(person: Person, assignment: Assignment) -> bool:
    """The assignee acts on an assignment: the person named, or for a unit its leaders (who act or re-assign)."""
    if assignment.user_id is not None:
        return assignment.user_id == person.user.pk
    return assignment.unit_id in {unit.pk for unit in units_led_by(person)}


def assignments_of(person: Person) -> QuerySet[Assignment]:
    """Every assignment the person acts on: named, or to a unit they lead."""
    unit_ids = [unit.pk for unit in units_led_by(person)]
    return Assignment.objects.filter(Q(user_id=person.user.pk) | Q(unit_id__in=unit_ids))


def get_assignment_for(person: Person, pk: int) -> Assignment:
    """An assignment the person acts on; 404 otherwise (nothing revealed about others')."""
    try:
        assignment = assignments_of(person).select_related("work", "work__document").get(pk=pk)
    except (Assignment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    return assignment


def waiting_for(person: Person) -> QuerySet[Submission]:
    """The leader's queue "chờ ý kiến chỉ đạo": most urgent first, then in order of arrival."""
    return (
        Submission.objects.filter(leader_id=person.user.pk, state=Submission.State.WAITING)
        .select_related("document")
        .order_by("-urgency_rank", "submitted_at", "id")
    )


def open_lead(work_id: int) -> Assignment | None:
    return (
        Assignment.objects.filter(work_id=work_id, role=Assignment.Role.LEAD, parent__isnull=True)
        .exclude(state=State.WITHDRAWN)
        .first()
    )


def unit_and_below(unit_id: int) -> set[int]:
    """The unit and every active sub-unit below it."""
    return units_below([unit_id], active_only=True)


def chain_below(assignment: Assignment) -> list[int]:
    """The assignment and every re-assignment made from it, at any depth."""
    ids, frontier = [assignment.pk], [assignment.pk]
    while frontier:
        frontier = list(Assignment.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids


def may_lead_work(person: Person, work: Work) -> bool:
    """The leader who directed the work (or gave the task), or an agency leader cleared for it."""
    if not person.has_role(Role.LEADER) or not is_cleared_for(person, work.secrecy):
        return False
    return person.user.pk in (work.directed_by_id, work.on_behalf_of_id) or is_agency_leader(person)


def leads_work(person: Person, work: Work) -> bool:
    lead = open_lead(work.pk)
    return lead is not None and acts_for(person, lead)


def may_give_task(person: Person, parent: Work | None = None) -> bool:
    """Leaders give tasks (giao việc); the lead of an open task adds sub-tasks to it."""
    if person.has_role(Role.LEADER) and person.memberships:
        return True
    return (
        parent is not None
        and parent.kind == Work.Kind.TASK
        and parent.state == State.OPEN
        and leads_work(person, parent)
    )


# ---- acting for someone else (ủy quyền) ---------------------------------------------------------------------


def grantors_of(person: Person, *, at: datetime.datetime | None = None) -> list[Person]:
    """The people whose delegation to ``person`` is in force now (or ``at``)."""
    at = at or timezone.now()
    ids = Delegation.objects.filter(
        delegate_id=person.user.pk, starts_at__lte=at, ends_at__gt=at, revoked_at__isnull=True
    ).values_list("grantor_id", flat=True)
    return [Person.for_user(user) for user in User.objects.filter(pk__in=ids, is_active=True)]


def principal_for(person: Person, allowed: Callable[[Person], bool]) -> Person | None:
    """Who ``person`` acts as for something only ``allowed`` people may do: ``None`` when they may do it
    themselves, the grantor when they may under a delegation in force; PermissionDenied when neither."""
    if allowed(person):
        return None
    for grantor in grantors_of(person):
        if allowed(grantor):
            return grantor
    raise PermissionDenied


def works_visible_to(person: Person) -> QuerySet[Work]:
    """The work a person may read: what they directed (or was directed on their behalf), what they or a unit they
    lead are assigned to; the agency's leaders and clerks see all the work their clearance covers."""
    if not person.memberships:
        return Work.objects.none()
    if is_agency_leader(person) or person.has_role(Role.CLERK):
        return Work.objects.filter(secrecy__in=Secrecy.up_to(clearance_of(person)))
    mine = Q(directed_by_id=person.user.pk) | Q(on_behalf_of_id=person.user.pk)
    assigned = assignments_of(person).values("work_id")
    return Work.objects.filter(mine | Q(pk__in=assigned))


def get_work_for(person: Person, pk: int) -> Work:
    """A work the person may read — themselves or as the delegate of a grantor who may (ủy quyền); 404 otherwise."""
    for reader in (person, *grantors_of(person)):
        try:
            return works_visible_to(reader).get(pk=pk)
        except Work.DoesNotExist:
            continue
        except (ValueError, TypeError) as exc:
            raise Http404 from exc
    raise Http404


def acting_parts(person: Person, assignments: list[Assignment]) -> dict[int, Person | None]:
    """The open parts among ``assignments`` the person acts on, each with whom they act for: ``None`` themselves,
    else the grantor of a delegation in force (the page shows "on behalf of")."""
    readers: list[tuple[Person | None, Person]] = [(None, person)]
    readers += [(grantor, grantor) for grantor in grantors_of(person)]
    led = {id(who): {u.pk for u in units_led_by(who)} for _principal, who in readers}
    found: dict[int, Person | None] = {}
    for assignment in assignments:
        if assignment.state != State.OPEN:
            continue
        for principal, who in readers:
            mine = assignment.user_id == who.user.pk if assignment.user_id else assignment.unit_id in led[id(who)]
            if mine:
                found[assignment.pk] = principal
                break
    return found


def may_as(person: Person, allowed: Callable[[Person], bool]) -> tuple[bool, Person | None]:
    """Whether the person may do something (themselves or under a delegation in force), and for whom."""
    try:
        return True, principal_for(person, allowed)
    except PermissionDenied:
        return False, None
