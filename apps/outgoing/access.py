"""Who may see and act on outgoing drafts and documents. Views, the API and the services ask here and nowhere else.

Seeing a draft (and, once issued, its document):
- the people the flow assigns to it: the drafter, the heads of the drafting unit (a leader membership in that
  unit), the chosen signer, and everyone who has acted on it (a review step);
- clerks, from the format check on (Đ12: the clerk checks the format, then numbers and issues it);
- once issued: leaders (every issued document of the agency), the members of the drafting unit, and the units and
  people it is sent to;
- secret drafts: the people the flow assigns and the people it is sent to personally see them; everyone else only
  within their secrecy clearance (registers.SecrecyClearance);
- an administrator alone sees nothing.

Acting: the drafter edits, submits (choosing the content reviewer among ``reviewers_for``) or abandons; the chosen
reviewer (a head of the drafting unit, else one of the agency's leaders) reviews the content; a clerk cleared for
the secrecy level checks the format and issues; the signer approves (Đ10–13, Đ15)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from apps.audit.models import AuditEvent
from apps.people.access import Person, agency_leaders, heads_of_units
from apps.people.models import Membership, Role
from apps.registers.access import clearance_of, is_cleared_for
from apps.registers.models import Secrecy

from .models import Draft, OutgoingDocument, OutgoingRecipient, ReviewStep

State = Draft.State
# From the format check on, the draft is with the agency's clerks (văn thư).
CLERK_STATES = [State.FORMAT_CHECK, State.AWAITING_APPROVAL, State.APPROVED, State.ISSUED]


def led_unit_ids(person: Person) -> set[int]:
    """Units where the person holds a leader membership: they head its drafts (content review, Đ12.1)."""
    return {m.unit_id for m in person.memberships if Role.LEADER in m.roles}


def _visible(person: Person, *, clearance: str) -> Q:
    """The condition on drafts (documents have theirs in ``outgoing_visible_to``, the same rule on their columns)."""
    user_id = person.user.pk
    unit_ids = sorted({m.unit_id for m in person.memberships})
    acted = Exists(ReviewStep.objects.filter(draft=OuterRef("pk"), by_id=user_id))
    issued = Q(state=State.ISSUED)
    to_me = Exists(OutgoingRecipient.objects.filter(draft=OuterRef("pk"), user_id=user_id))
    assigned = (
        Q(drafter_id=user_id)
        | Q(signer_id=user_id)
        | Q(reviewer_id=user_id)
        | Q(drafting_unit_id__in=sorted(led_unit_ids(person)))
        | Q(acted)
        | (issued & Q(to_me))
    )
    by_role = Q(pk__in=[])
    if person.has_role(Role.CLERK):
        by_role |= Q(state__in=CLERK_STATES)
    if person.has_role(Role.LEADER):
        by_role |= issued
    to_my_unit = Exists(OutgoingRecipient.objects.filter(draft=OuterRef("pk"), unit_id__in=unit_ids))
    by_role |= issued & (Q(drafting_unit_id__in=unit_ids) | Q(to_my_unit))
    within_clearance = Q(secrecy__in=Secrecy.up_to(clearance))
    return assigned | (by_role & within_clearance)


def drafts_visible_to(person: Person, *, clearance: str | None = None) -> QuerySet[Draft]:
    """``clearance`` saves a query when the caller already knows it (registers.access.clearance_of)."""
    if not person.memberships:
        return Draft.objects.none()
    clearance = clearance_of(person) if clearance is None else clearance
    return Draft.objects.filter(_visible(person, clearance=clearance))


def get_draft_for(person: Person, pk: int) -> Draft:
    """The draft if the person may see it; Http404 otherwise (its existence is not revealed)."""
    try:
        return drafts_visible_to(person).select_related("drafting_unit", "document_type", "register").get(pk=pk)
    except (Draft.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def outgoing_visible_to(person: Person, *, clearance: str | None = None) -> QuerySet[OutgoingDocument]:
    """Issued documents the person may see: exactly those whose draft they may see (``_visible`` of an issued draft).

    Written on the document's own columns — its secrecy, signer and drafting unit are frozen copies of its draft's,
    and its draft is issued — so that lists and counts need no join with the drafts; the drafts a person is assigned
    to (drafted, acted on, sent to them) come from their own indexes, and the units it is sent to from its own frozen
    copy (``recipient_unit_ids``), tested in the row or through its GIN index rather than by a pass over the
    recipients table. A test compares it with the drafts' rule (tests/test_access.py)."""
    if not person.memberships:
        return OutgoingDocument.objects.none()
    clearance = clearance_of(person) if clearance is None else clearance
    user_id = person.user.pk
    unit_ids = sorted({m.unit_id for m in person.memberships})
    assigned_drafts = (
        Draft.objects.filter(drafter_id=user_id)
        .order_by()
        .values("pk")
        .union(
            ReviewStep.objects.filter(by_id=user_id).order_by().values("draft_id"),
            OutgoingRecipient.objects.filter(user_id=user_id).order_by().values("draft_id"),
        )
    )
    assigned = (
        Q(draft_id__in=assigned_drafts) | Q(signer_id=user_id) | Q(drafting_unit_id__in=sorted(led_unit_ids(person)))
    )
    if person.has_role(Role.CLERK) or person.has_role(Role.LEADER):
        by_role = Q()  # every issued document
    else:
        by_role = Q(drafting_unit_id__in=unit_ids) | Q(recipient_unit_ids__overlap=unit_ids)
    return OutgoingDocument.objects.filter(assigned | (by_role & Q(secrecy__in=Secrecy.up_to(clearance))))


def audit_trail(draft: Draft) -> QuerySet[AuditEvent]:
    """The audit events of a draft the caller may see and of the document it became, newest first."""
    condition = Q(object_type=Draft._meta.label_lower, object_id=str(draft.pk))
    document_id = OutgoingDocument.objects.filter(draft=draft).values_list("pk", flat=True).first()
    if document_id:
        condition |= Q(object_type=OutgoingDocument._meta.label_lower, object_id=str(document_id))
    return AuditEvent.objects.filter(condition).order_by("-at", "-id")


def get_outgoing_for(person: Person, pk: int) -> OutgoingDocument:
    try:
        return outgoing_visible_to(person).select_related("draft", "register").get(pk=pk)
    except (OutgoingDocument.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


# ---- acting -------------------------------------------------------------------------------------------------------


def heads_of(unit_id: int) -> QuerySet[Membership]:
    """Active leader memberships in the unit: who reviews the content of its drafts."""
    return heads_of_units([unit_id])


def reviewers_for(draft: Draft) -> list[Membership]:
    """Who may review a draft's content (Đ12.1), the drafter's choice on submission, best placed first: the heads of
    the drafting unit, or when it has none (other than the drafter) the agency's leaders — so a draft always has a
    way forward. One membership a person (their highest post)."""
    for candidates in (heads_of(draft.drafting_unit_id), agency_leaders()):
        found = candidates.exclude(user_id=draft.drafter_id).select_related("user", "position", "unit")
        people = {m.user_id: m for m in reversed(found.order_by("position__rank", "user__full_name"))}
        if people:
            return sorted(people.values(), key=lambda m: (m.position.rank, m.user.full_name))
    return []


def is_drafter(person: Person, draft: Draft) -> bool:
    return draft.drafter_id == person.user.pk and bool(person.memberships)


def is_head_of_drafting_unit(person: Person, draft: Draft) -> bool:
    return draft.drafting_unit_id in led_unit_ids(person)


def is_reviewer(person: Person, draft: Draft) -> bool:
    """The content reviewer the drafter chose; for a draft submitted without one, any head of the drafting unit."""
    if draft.reviewer_id is not None:
        return draft.reviewer_id == person.user.pk and person.has_role(Role.LEADER)
    return is_head_of_drafting_unit(person, draft)


def is_clerk_for(person: Person, draft: Draft, *, clearance: str | None = None) -> bool:
    """A clerk cleared for the draft's secrecy level (secret documents are handled under the state-secret rules)."""
    return person.has_role(Role.CLERK) and is_cleared_for(person, draft.secrecy, clearance=clearance)


def is_signer(person: Person, draft: Draft) -> bool:
    return draft.signer_id is not None and draft.signer_id == person.user.pk and person.has_role(Role.LEADER)


# Who acts at each state, and what the action is called in the UI and the API.
ACTIONS = {
    "edit": (State.DRAFTING, State.RETURNED),
    "submit": (State.DRAFTING, State.RETURNED),
    "review": (State.CONTENT_REVIEW,),
    "check_format": (State.FORMAT_CHECK,),
    "approve": (State.AWAITING_APPROVAL,),
    "issue": (State.APPROVED,),
    "abandon": (State.DRAFTING, State.RETURNED),
}


def may_act(person: Person, draft: Draft, action: str, *, clearance: str | None = None) -> bool:
    """Whether the person holds the part ``action`` needs, whatever the draft's state."""
    if action in ("edit", "submit", "abandon"):
        return is_drafter(person, draft)
    if action == "review":
        return is_reviewer(person, draft)
    if action in ("check_format", "issue"):
        return is_clerk_for(person, draft, clearance=clearance)
    if action == "approve":
        return is_signer(person, draft)
    raise ValueError(action)


def actions_for(person: Person, draft: Draft, *, clearance: str | None = None) -> list[str]:
    """The actions the person may take on the draft now (the buttons the draft page shows). ``clearance`` saves a
    query per draft in lists."""
    if not person.memberships:
        return []
    if clearance is None:
        clearance = clearance_of(person) if person.has_role(Role.CLERK) else Secrecy.NONE
    return [
        action
        for action, states in ACTIONS.items()
        if draft.state in states and may_act(person, draft, action, clearance=clearance)
    ]


def ensure_may_act(person: Person, draft: Draft, action: str) -> None:
    """PermissionDenied, with the reason, when the person does not hold the part ``action`` needs (Đ10–13)."""
    if may_act(person, draft, action):
        return
    reasons = {
        "edit": _("Only the drafter changes a draft."),
        "submit": _("Only the drafter submits a draft."),
        "abandon": _("Only the drafter abandons a draft."),
        "review": _("Only the content reviewer chosen for the draft reviews its content."),
        "check_format": _("Only a clerk (văn thư) cleared for its secrecy level checks the format of a draft."),
        "approve": _("Only the signer approves a draft."),
        "issue": _("Only a clerk (văn thư) cleared for its secrecy level issues a document."),
    }
    raise PermissionDenied(reasons[action])


def may_recall(person: Person, document: OutgoingDocument) -> bool:
    """The clerk who keeps the registers, or the signer who decided it (Đ18.4)."""
    if not person.memberships:
        return False
    return is_cleared_for(person, document.secrecy) and (
        person.has_role(Role.CLERK) or (document.signer_id == person.user.pk and person.has_role(Role.LEADER))
    )


def drafts_waiting_for(person: Person, *, clearance: str | None = None) -> QuerySet[Draft]:
    """Drafts on which the person is the next to act: returned to them, their unit's content review, the format
    check and issuing for clerks, the approval for their signer."""
    if not person.memberships:
        return Draft.objects.none()
    user_id = person.user.pk
    waiting = Q(drafter_id=user_id, state=State.RETURNED)
    waiting |= Q(state=State.CONTENT_REVIEW, reviewer_id=user_id)
    waiting |= Q(state=State.CONTENT_REVIEW, reviewer__isnull=True, drafting_unit_id__in=sorted(led_unit_ids(person)))
    if person.has_role(Role.LEADER):
        waiting |= Q(state=State.AWAITING_APPROVAL, signer_id=user_id)
    if person.has_role(Role.CLERK):
        clearance = clearance_of(person) if clearance is None else clearance
        waiting |= Q(state__in=[State.FORMAT_CHECK, State.APPROVED], secrecy__in=Secrecy.up_to(clearance))
    return Draft.objects.filter(waiting)
