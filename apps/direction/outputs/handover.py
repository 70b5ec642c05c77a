"""Columns (8) Ngày chuyển and (9) Ký nhận of the printed Sổ đăng ký văn bản đến (Decree 30 Appendix IV), filled
from what the system recorded of the hand-over: the submission to a leader (trình, Đ23) and the parts the leader
assigned (chuyển giao). Plugged into documents.register_rows from DirectionConfig.ready().

Ngày chuyển: the days the document was handed over, in order; Ký nhận: who received it — the leader it was put
before, then the units and people the leader assigned (lead, supports, for information) — acknowledged by the
system rather than by a signature on paper. A withdrawn submission or assignment is not a hand-over."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from apps.documents.models import IncomingDocument
from apps.documents.register_rows import HandOver
from apps.registers.exports import person_name

from ..models import Assignment, State, Submission


def prefetch(documents: QuerySet[IncomingDocument]) -> QuerySet[IncomingDocument]:
    submissions = (
        Submission.objects.exclude(state=Submission.State.WITHDRAWN)
        .select_related("leader")
        .order_by("submitted_at", "id")
    )
    parts = (
        Assignment.objects.filter(parent__isnull=True)
        .exclude(state=State.WITHDRAWN)
        .select_related("unit", "user")
        .order_by("assigned_at", "id")
    )
    return documents.prefetch_related(
        Prefetch("submissions", queryset=submissions, to_attr="handed_to_leaders"),
        Prefetch("works__assignments", queryset=parts, to_attr="handed_to_assignees"),
    )


def cells(document: IncomingDocument) -> tuple[str, str]:
    handed = [(s.submitted_at, person_name(s.leader)) for s in document.handed_to_leaders]
    for work in document.works.all():
        handed += [(a.assigned_at, a.unit.name if a.unit_id else person_name(a.user)) for a in work.handed_to_assignees]
    handed.sort(key=lambda pair: pair[0])
    days = list(dict.fromkeys(f"{timezone.localtime(at):%d/%m/%Y}" for at, _name in handed))
    names = list(dict.fromkeys(name for _at, name in handed))
    return "; ".join(days), "; ".join(names)


REGISTER_HAND_OVER = HandOver(prefetch=prefetch, cells=cells)
