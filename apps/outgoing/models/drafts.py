"""The flow before issue: drafts, their versions and files, review steps, recipients (see the package's docstring)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.documents.models import AttachedFile, DocumentParticulars
from apps.people.models import Unit
from apps.registers.models import Register, Secrecy, Urgency
from tenants.base_models import AppendOnlyError, AppendOnlyModel, null_or_between, one_of, optional_fk


class FrozenError(AppendOnlyError):
    """Raised on any attempt to change what the flow has fixed: an issued document, a version, a review step."""


class AppendOnly(AppendOnlyModel):
    """A row of the flow written once (a version, its files, a review step)."""

    append_only_error = FrozenError

    class Meta:
        abstract = True


class CorrectionKind(models.TextChoices):
    """How a later document changes an issued one (Đ18.3): format or procedure errors are corrected by a công văn
    đính chính; content errors by a document that amends or replaces it."""

    CORRECTION = "correction", _("Correction (đính chính)")
    AMENDMENT = "amendment", _("Amendment (sửa đổi, bổ sung)")
    REPLACEMENT = "replacement", _("Replacement (thay thế)")


class OutgoingParticulars(DocumentParticulars):
    """What a draft and the document issued from it both state: the particulars of every document, the drafting
    unit, the reply due date, the number of copies and, for a document that corrects an issued one, how."""

    drafting_unit = models.ForeignKey(Unit, verbose_name=_("drafting unit"), on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("reply due date"), null=True, blank=True)
    issued_amount = models.PositiveSmallIntegerField(_("number of copies"), null=True, blank=True)
    correction_kind = models.CharField(
        _("kind of correction"), max_length=20, choices=CorrectionKind.choices, blank=True
    )

    class Meta:
        abstract = True

    @staticmethod
    def correction_check(prefix: str) -> models.CheckConstraint:
        """A document corrects another one with a kind of correction, or corrects none and has none."""
        return models.CheckConstraint(
            condition=Q(corrects__isnull=True, correction_kind="")
            | (Q(corrects__isnull=False) & one_of("correction_kind", list(CorrectionKind.values))),
            name=f"{prefix}_correction_kind",
        )


class Draft(OutgoingParticulars):
    """Dự thảo: an outgoing document from its first version until it is issued. Only the drafter changes it, and
    only while it is with them (drafting or returned); each save makes a new ``DraftVersion``."""

    class State(models.TextChoices):
        DRAFTING = "drafting", _("Drafting")
        RETURNED = "returned", _("Returned for changes")
        CONTENT_REVIEW = "content_review", _("Content review")
        FORMAT_CHECK = "format_check", _("Format check")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting the signer's approval")
        APPROVED = "approved", _("Approved, to be issued")
        ISSUED = "issued", _("Issued")
        ABANDONED = "abandoned", _("Abandoned")

    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafter"), on_delete=models.PROTECT, related_name="+"
    )
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NONE)
    secrecy = models.CharField(_("secrecy"), max_length=20, choices=Secrecy.choices, default=Secrecy.NONE)
    signer = optional_fk(settings.AUTH_USER_MODEL, _("signer"))
    signer_position = models.CharField(_("signer position"), max_length=100, blank=True)
    # Who reviews the content (Đ12.1), chosen by the drafter on submission among outgoing.access.reviewers_for: a
    # head of the drafting unit, else one of the agency's leaders. Empty on drafts submitted before it existed
    # (any head of the unit reviews those).
    reviewer = optional_fk(settings.AUTH_USER_MODEL, _("content reviewer"), db_index=False)
    # Chosen by the system from the type and secrecy (secret drafts go to a secret register); the clerk may
    # choose another one when issuing.
    register = optional_fk(Register, _("register"))
    in_reply_to = optional_fk("documents.IncomingDocument", _("in reply to"))
    corrects = optional_fk("OutgoingDocument", _("corrects"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFTING)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            *OutgoingParticulars.checks("draft"),
            models.CheckConstraint(
                condition=one_of(
                    "state",
                    [
                        "drafting",
                        "returned",
                        "content_review",
                        "format_check",
                        "awaiting_approval",
                        "approved",
                        "issued",
                        "abandoned",
                    ],
                ),
                name="draft_state_valid",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="draft_version_positive"),
            # Once it leaves the drafter, a draft has its signer and its register (an abandoned one may never have).
            models.CheckConstraint(
                condition=one_of("state", ["drafting", "returned", "abandoned"])
                | Q(signer__isnull=False, register__isnull=False),
                name="draft_submitted_has_signer_and_register",
            ),
            OutgoingParticulars.correction_check("draft"),
            models.CheckConstraint(
                condition=null_or_between("issued_amount", 1, 999), name="draft_issued_amount_range"
            ),
        ]
        indexes = [
            models.Index(fields=["drafter", "state"], name="draft_drafter_state"),
            models.Index(fields=["drafting_unit", "state"], name="draft_unit_state"),
            models.Index(fields=["state"], name="draft_state"),
        ]

    def __str__(self) -> str:
        return self.subject[:80]

    def save(self, *args, **kwargs) -> None:
        # An issued draft is frozen: its content lives on in the OutgoingDocument and the issued version.
        if getattr(self, "_stored_state", None) == self.State.ISSUED:
            raise FrozenError("an issued draft is never changed")
        super().save(*args, **kwargs)
        self._stored_state = self.state

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_state = getattr(instance, "state", None)
        return instance

    @property
    def is_abandoned(self) -> bool:
        return self.state == self.State.ABANDONED


class DraftVersion(AppendOnly):
    """One saved state of a draft: its fields (``content``, recipients included) and files. Never changed."""

    draft = models.ForeignKey(Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    subject = models.CharField(_("subject"), max_length=500)
    content = models.JSONField(_("content"), default=dict)
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saved by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ["draft", "-number"]
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="draft_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="draft_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class DraftFile(AppendOnly, AttachedFile):
    """A file of a version, under its name (content-addressed: the same file in many versions is stored once)."""

    version = models.ForeignKey(DraftVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="files")

    class Meta(AttachedFile.Meta):
        verbose_name = _("draft file")
        verbose_name_plural = _("draft files")
        constraints = AttachedFile.checks("version", "draft_file")


class ReviewStep(AppendOnly):
    """A submission or a decision on a draft (Đ10.3, Đ11, Đ12): who, at which stage, on which version, with what
    comment. A return always carries its comment."""

    class Stage(models.TextChoices):
        SUBMISSION = "submission", _("Submission")
        CONTENT_REVIEW = "content_review", _("Content review")
        FORMAT_CHECK = "format_check", _("Format check")
        APPROVAL = "approval", _("Signer's approval")

    class Decision(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        APPROVE = "approve", _("Approved")
        RETURN = "return", _("Returned")

    draft = models.ForeignKey(Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    version = models.PositiveIntegerField(_("version"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    comment = models.CharField(_("comment"), max_length=2000, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["draft", "at", "id"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")
        constraints = [
            models.CheckConstraint(
                condition=one_of("stage", ["submission", "content_review", "format_check", "approval"]),
                name="review_step_stage_valid",
            ),
            models.CheckConstraint(
                condition=Q(stage="submission", decision="submit")
                | (~Q(stage="submission") & one_of("decision", ["approve", "return"])),
                name="review_step_decision_valid",
            ),
            models.CheckConstraint(
                condition=~Q(decision="return") | ~Q(comment=""), name="review_step_return_says_why"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="review_step_version_positive"),
        ]
        indexes = [models.Index(fields=["by", "draft"], name="review_step_by")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.get_decision_display()} (v{self.version})"


class OutgoingRecipient(models.Model):
    """Nơi nhận (Appendix VI: To): an agency by its code (of this deployment or of the directory), another place
    written out, a unit or a person of the agency. ``name`` is kept as written on the document."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Agency")
        PLACE = "place", _("Other place")
        UNIT = "unit", _("Unit of the agency")
        PERSON = "person", _("Person of the agency")

    draft = models.ForeignKey(Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="recipients")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    agency_code = models.CharField(_("agency code"), max_length=13, blank=True)
    name = models.CharField(_("name"), max_length=200)
    unit = optional_fk(Unit, _("unit"))
    user = optional_fk(settings.AUTH_USER_MODEL, _("person"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.CheckConstraint(
                condition=one_of("kind", ["agency", "place", "unit", "person"]), name="outgoing_recipient_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="outgoing_recipient_name_not_empty"),
            models.CheckConstraint(
                condition=Q(kind="agency", unit__isnull=True, user__isnull=True) & ~Q(agency_code="")
                | Q(kind="place", agency_code="", unit__isnull=True, user__isnull=True)
                | Q(kind="unit", agency_code="", unit__isnull=False, user__isnull=True)
                | Q(kind="person", agency_code="", unit__isnull=True, user__isnull=False),
                name="outgoing_recipient_fields_of_kind",
            ),
            models.UniqueConstraint(fields=["draft", "unit"], name="outgoing_recipient_unit_once"),
            models.UniqueConstraint(fields=["draft", "user"], name="outgoing_recipient_person_once"),
            models.UniqueConstraint(
                fields=["draft", "agency_code"], condition=~Q(agency_code=""), name="outgoing_recipient_agency_once"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "draft"], name="outgoing_recipient_unit"),
            models.Index(fields=["user", "draft"], name="outgoing_recipient_user"),
        ]

    def __str__(self) -> str:
        return self.name


# The issued content the checksum covers, in order. Every one is NOT NULL, so the text is always defined.
