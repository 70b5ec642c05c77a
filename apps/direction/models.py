"""Work direction (tenant schema): what is put before a leader, what the leader directs, who does which part, by
when, and what they recorded (Decree 30/2020/NĐ-CP Đ23–24; the Phiếu giải quyết văn bản đến of Appendix IV).

One assignment model serves documents and tasks: a ``Work`` is an incoming document's handling or a task (giao
việc); its ``Assignment`` rows say who leads, who supports and who is kept informed. Only the lifecycle state is
stored; what people see (waiting, in progress, due soon, overdue, done on time, done late) is derived from it and
from the dates (``direction.status``)."""

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.documents.models import IncomingDocument, StoredFile
from apps.people.models import Unit
from apps.registers.models import Secrecy, Urgency
from tenants.base_models import exactly_one, null_or_between, one_of, optional_fk

URGENCY_RANK = {Urgency.NONE: 0, Urgency.URGENT: 1, Urgency.VERY_URGENT: 2, Urgency.FLASH: 3}


def _person(verbose_name: str, *, null: bool = False) -> models.ForeignKey:
    """A person of the agency (the province-wide account), kept when the account is deactivated."""
    if null:
        return optional_fk(settings.AUTH_USER_MODEL, verbose_name)
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=verbose_name, on_delete=models.PROTECT, related_name="+"
    )


class Submission(models.Model):
    """Trình: a registered incoming document put before a leader for direction (Đ23), the same day or at once
    when urgent. At most one waits per document."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for direction")
        DIRECTED = "directed", _("Directed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    document = models.ForeignKey(
        IncomingDocument, verbose_name=_("document"), on_delete=models.PROTECT, related_name="submissions"
    )
    leader = _person(_("leader"))
    submitted_by = _person(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=1000, blank=True, default="")
    # Copied from the document when submitted: the leader's queue sorts on them without a join.
    urgency_rank = models.PositiveSmallIntegerField(_("urgency"), default=0)
    is_invitation = models.BooleanField(_("invitation"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.WAITING)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.CheckConstraint(
                condition=one_of("state", ["waiting", "directed", "withdrawn"]), name="submission_state_valid"
            ),
            models.CheckConstraint(condition=Q(urgency_rank__lte=3), name="submission_urgency_rank_range"),
            models.UniqueConstraint(
                fields=["document"], condition=Q(state="waiting"), name="submission_one_waiting_per_document"
            ),
            models.CheckConstraint(
                condition=Q(state="waiting", closed_at__isnull=True)
                | (~Q(state="waiting") & Q(closed_at__isnull=False)),
                name="submission_closed_when_not_waiting",
            ),
        ]
        indexes = [
            # The leader's queue "chờ ý kiến chỉ đạo": most urgent first, then in order of arrival.
            models.Index(
                F("leader"),
                F("urgency_rank").desc(),
                F("submitted_at"),
                name="submission_queue",
                condition=Q(state="waiting"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} → {self.leader}"


class SubmissionRoute(models.Model):
    """The leader a register's documents, or a recipient unit's, are submitted to by default (changeable by the
    clerk each time)."""

    register = models.OneToOneField(
        "registers.Register",
        verbose_name=_("register"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    unit = models.OneToOneField(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    leader = _person(_("leader"))

    class Meta:
        verbose_name = _("submission route")
        verbose_name_plural = _("submission routes")
        constraints = [
            models.CheckConstraint(condition=exactly_one("register", "unit"), name="submission_route_register_or_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.register or self.unit} → {self.leader}"


class State(models.TextChoices):
    """The stored lifecycle of a work and of an assignment; everything else people see is derived."""

    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Work(models.Model):
    """What is to be done: an incoming document's handling (``document`` set) or a task (giao việc), possibly a
    sub-task of another. The leader's direction (ý kiến chỉ đạo, bút phê) and the lead's deadline live here."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Document")
        TASK = "task", _("Task")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    document = models.ForeignKey(
        IncomingDocument,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="works",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent task"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
    )
    title = models.CharField(_("title"), max_length=1000)
    description = models.TextField(_("description"), blank=True, default="")
    direction = models.TextField(_("direction"), blank=True, default="")
    directed_by = _person(_("directed by"))
    on_behalf_of = _person(_("on behalf of"), null=True)
    directed_at = models.DateTimeField(_("directed at"), default=timezone.now)
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    urgency_rank = models.PositiveSmallIntegerField(_("urgency"), default=0)
    secrecy = models.CharField(_("secrecy"), max_length=20, choices=Secrecy.choices, default=Secrecy.NONE)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    files = models.ManyToManyField(StoredFile, verbose_name=_("files"), blank=True, related_name="+")

    class Meta:
        verbose_name = _("work")
        verbose_name_plural = _("works")
        constraints = [
            models.CheckConstraint(condition=one_of("kind", ["document", "task"]), name="work_kind_valid"),
            models.CheckConstraint(condition=one_of("state", list(State.values)), name="work_state_valid"),
            models.CheckConstraint(
                condition=Q(kind="document", document__isnull=False, parent__isnull=True)
                | Q(kind="task", document__isnull=True),
                name="work_document_xor_task",
            ),
            models.UniqueConstraint(fields=["document"], name="work_one_per_document"),
            models.CheckConstraint(condition=~Q(title=""), name="work_title_not_empty"),
            models.CheckConstraint(
                condition=Q(state="done", done_at__isnull=False) | (~Q(state="done") & Q(done_at__isnull=True)),
                name="work_done_at_when_done",
            ),
            models.CheckConstraint(condition=Q(urgency_rank__lte=3), name="work_urgency_rank_range"),
        ]
        indexes = [
            models.Index(fields=["state", "due_on"], name="work_state_due"),
            # The few secret works, which a dashboard leaves out for a leader not cleared for them (figures.py).
            models.Index(fields=["secrecy"], name="work_secret", condition=~Q(secrecy="none")),
        ]

    def __str__(self) -> str:
        return self.title[:80]


class Assignment(models.Model):
    """One assignee's part of a work: the lead (chủ trì), a support (phối hợp) or kept informed (để biết); a unit
    or a person. A unit head re-assigning inside the unit makes child assignments (``parent``): the chain."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        SUPPORT = "support", _("Support")
        INFO = "info", _("For information")

    work = models.ForeignKey(Work, verbose_name=_("work"), on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = _person(_("person"), null=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("re-assigned from"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    assigned_by = _person(_("assigned by"))
    on_behalf_of = _person(_("on behalf of"), null=True)
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(condition=one_of("role", ["lead", "support", "info"]), name="assignment_role_valid"),
            models.CheckConstraint(condition=one_of("state", list(State.values)), name="assignment_state_valid"),
            models.CheckConstraint(condition=exactly_one("unit", "user"), name="assignment_unit_or_person"),
            # One lead at the top of a work's chain (withdrawn ones aside).
            models.UniqueConstraint(
                fields=["work"],
                condition=Q(role="lead", parent__isnull=True) & ~Q(state="withdrawn"),
                name="assignment_one_lead_per_work",
            ),
            models.CheckConstraint(
                condition=Q(state="done", done_at__isnull=False) | (~Q(state="done") & Q(done_at__isnull=True)),
                name="assignment_done_at_when_done",
            ),
        ]
        indexes = [
            # "Việc của tôi": a person's and a unit's open parts by deadline.
            models.Index(fields=["user", "state", "due_on"], name="assignment_person_queue"),
            models.Index(fields=["unit", "state", "due_on"], name="assignment_unit_queue"),
            models.Index(fields=["work", "role"], name="assignment_work_role"),
            # The dashboards: the lead parts assigned in a period, every column they count read from the index.
            models.Index(
                fields=["assigned_at"],
                name="assignment_lead_assigned",
                condition=Q(role="lead"),
                include=["parent", "unit", "user", "state", "due_on", "done_at", "work"],
            ),
            # The morning reminder run: the agency's open parts by deadline (a few thousand of a million rows).
            models.Index(fields=["due_on"], name="assignment_open_by_deadline", condition=Q(state="open")),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.unit or self.user}"


class Note(models.Model):
    """What an assignee records on their part: an opinion, progress (with a percentage) or the result (files, the
    outgoing document that answers)."""

    class Kind(models.TextChoices):
        OPINION = "opinion", _("Opinion")
        PROGRESS = "progress", _("Progress")
        RESULT = "result", _("Result")

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="notes"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"), blank=True, default="")
    percent = models.PositiveSmallIntegerField(_("progress (%)"), null=True, blank=True)
    author = _person(_("author"))
    on_behalf_of = _person(_("on behalf of"), null=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    files = models.ManyToManyField(StoredFile, verbose_name=_("files"), blank=True, related_name="+")
    reply = models.ForeignKey(
        "outgoing.Draft", verbose_name=_("reply"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.CheckConstraint(condition=one_of("kind", ["opinion", "progress", "result"]), name="note_kind_valid"),
            models.CheckConstraint(condition=null_or_between("percent", 0, 100), name="note_percent_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class ExtensionRequest(models.Model):
    """The lead asks for more time (gia hạn); the leader who directed grants or refuses it."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    current_due_on = models.DateField(_("current deadline"), null=True, blank=True)
    requested_due_on = models.DateField(_("requested deadline"))
    reason = models.CharField(_("reason"), max_length=1000)
    requested_by = _person(_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = _person(_("decided by"), null=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=1000, blank=True, default="")

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        constraints = [
            models.CheckConstraint(
                condition=one_of("decision", ["pending", "granted", "refused"]), name="extension_decision_valid"
            ),
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(decision="pending"), name="extension_one_pending_per_assignment"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="extension_reason_not_empty"),
            models.CheckConstraint(
                condition=Q(decision="pending", decided_at__isnull=True, decided_by__isnull=True)
                | (~Q(decision="pending") & Q(decided_at__isnull=False, decided_by__isnull=False)),
                name="extension_decided_when_not_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} → {self.requested_due_on}"


class Reminder(models.Model):
    """A due-soon or overdue reminder sent for an assignment's deadline: one per assignment, kind and deadline, so
    that a reminder run sends each once (a granted extension moves the deadline: the new one is reminded again).
    ``emailed_at`` is set when its e-mails went out (sent apart, retried while the mail server is down)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    due_on = models.DateField(_("deadline"))
    recipient_ids = ArrayField(models.BigIntegerField(), verbose_name=_("recipients"), default=list)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.CheckConstraint(condition=one_of("kind", ["due_soon", "overdue"]), name="reminder_kind_valid"),
            models.UniqueConstraint(fields=["assignment", "kind", "due_on"], name="reminder_once_per_deadline"),
        ]
        indexes = [models.Index(fields=["created_at"], condition=Q(emailed_at__isnull=True), name="reminder_unmailed")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.assignment}"


class Preference(models.Model):
    """What a person chooses to receive, per kind of message: in the application (the bell) and by e-mail. No row
    means both (the default)."""

    class Kind(models.TextChoices):
        DIRECTION_WAITING = "direction_waiting", _("A document waits for my direction")
        WORK_ASSIGNED = "work_assigned", _("Work assigned to me")
        DUE_SOON = "due_soon", _("My work is due soon")
        OVERDUE = "overdue", _("My work is overdue")

    user = _person(_("person"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    in_app = models.BooleanField(_("in the application"), default=True)
    email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind"),
            models.CheckConstraint(
                condition=one_of("kind", ["direction_waiting", "work_assigned", "due_soon", "overdue"]),
                name="preference_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"


class TsTzRange(Func):
    """``tstzrange(start, end)``: a delegation's window as a range, for the exclusion constraint."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class Delegation(models.Model):
    """Ủy quyền: a leader lets another person act for them during a time window (leave, a mission). What the
    delegate does under it is recorded "on behalf of" the grantor; it ends by itself at ``ends_at`` or earlier
    when revoked. A grantor's windows never overlap (a database exclusion constraint)."""

    grantor = _person(_("grantor"))
    delegate = _person(_("delegate"))
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=500)
    created_by = _person(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.CheckConstraint(condition=~Q(grantor=F("delegate")), name="delegation_not_to_oneself"),
            models.CheckConstraint(condition=Q(starts_at__lt=F("ends_at")), name="delegation_window_ordered"),
            models.CheckConstraint(condition=~Q(reason=""), name="delegation_reason_not_empty"),
            ExclusionConstraint(
                name="delegation_windows_never_overlap",
                expressions=[
                    ("grantor", RangeOperators.EQUAL),
                    (TsTzRange("starts_at", "ends_at"), RangeOperators.OVERLAPS),
                ],
                condition=Q(revoked_at__isnull=True),
            ),
        ]
        indexes = [models.Index(fields=["delegate", "ends_at"], name="delegation_delegate")]

    def __str__(self) -> str:
        return f"{self.grantor} → {self.delegate}"
