"""Outgoing documents (văn bản đi) from the first draft to the issued, numbered document (tenant schema).

Decree 30/2020/NĐ-CP: Đ10–13 (drafting, content review by the head of the drafting unit, format check, approval
by the signer), Đ15–16 (number, notation and issue time given by the system; registration), Đ18.3–4 (correction
and recall), Appendix VI Part II (input metadata of an outgoing document).

- ``Draft``: the document being prepared and its place in the flow (``state``); ``version`` is its latest version.
- ``DraftVersion`` / ``DraftFile``: every save of a draft is a new, unchangeable version with its files.
- ``ReviewStep``: each submission, approval and return, naming the version it acted on.
- ``OutgoingRecipient``: nơi nhận — agencies (by code), other places, units or people of the agency.
- ``OutgoingDocument``: the issued document: register, year, number, notation, issue time and a frozen copy of
  its content, guarded by a checksum the database verifies (``content_sha256``)."""

import hashlib

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Cast, Collate, Concat
from django.utils.translation import gettext_lazy as _

from apps.documents.models import StoredFile
from apps.people.models import Unit
from apps.registers.models import DocumentType, Register, Secrecy, Urgency, one_of
from apps.registers.numbering import NOTATION_PATTERN, number_and_notation

from .db import IsoDate, Sha256Hex

SECRECY_VALUES = ["none", "confidential", "secret", "top_secret"]
URGENCY_VALUES = ["none", "urgent", "very_urgent", "flash"]


class FrozenError(Exception):
    """Raised on any attempt to change what the flow has fixed: an issued document, a version, a review step."""


class AppendOnlyQuerySet(models.QuerySet):
    """Rows that are written once: no bulk update or delete."""

    def update(self, **kwargs):
        raise FrozenError(f"{self.model._meta.label} rows are never changed")

    def delete(self):
        raise FrozenError(f"{self.model._meta.label} rows are never deleted")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise FrozenError(f"{self._meta.label} rows are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError(f"{self._meta.label} rows are never deleted")


class CorrectionKind(models.TextChoices):
    """How a later document changes an issued one (Đ18.3): format or procedure errors are corrected by a công văn
    đính chính; content errors by a document that amends or replaces it."""

    CORRECTION = "correction", _("Correction (đính chính)")
    AMENDMENT = "amendment", _("Amendment (sửa đổi, bổ sung)")
    REPLACEMENT = "replacement", _("Replacement (thay thế)")


class Draft(models.Model):
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

    WITH_DRAFTER = (State.DRAFTING, State.RETURNED)

    drafting_unit = models.ForeignKey(Unit, verbose_name=_("drafting unit"), on_delete=models.PROTECT, related_name="+")
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafter"), on_delete=models.PROTECT, related_name="+"
    )
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("document type"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=500)
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NONE)
    secrecy = models.CharField(_("secrecy"), max_length=20, choices=Secrecy.choices, default=Secrecy.NONE)
    due_on = models.DateField(_("reply due date"), null=True, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_position = models.CharField(_("signer position"), max_length=100, blank=True)
    # Chosen by the system from the type and secrecy (secret drafts go to a secret register); the clerk may
    # choose another one when issuing.
    register = models.ForeignKey(
        Register, verbose_name=_("register"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    page_count = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    issued_amount = models.PositiveSmallIntegerField(_("number of copies"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=30, default="vi")
    description = models.CharField(_("notes"), max_length=500, blank=True)
    in_reply_to = models.ForeignKey(
        "documents.IncomingDocument",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    corrects = models.ForeignKey(
        "OutgoingDocument",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    correction_kind = models.CharField(
        _("kind of correction"), max_length=20, choices=CorrectionKind.choices, blank=True
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFTING)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
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
                    ],
                ),
                name="draft_state_valid",
            ),
            models.CheckConstraint(condition=one_of("urgency", URGENCY_VALUES), name="draft_urgency_valid"),
            models.CheckConstraint(condition=one_of("secrecy", SECRECY_VALUES), name="draft_secrecy_valid"),
            models.CheckConstraint(condition=~Q(subject=""), name="draft_subject_not_empty"),
            models.CheckConstraint(condition=Q(version__gte=1), name="draft_version_positive"),
            # Once it leaves the drafter, a draft has its signer and its register.
            models.CheckConstraint(
                condition=one_of("state", ["drafting", "returned"]) | Q(signer__isnull=False, register__isnull=False),
                name="draft_submitted_has_signer_and_register",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True, correction_kind="")
                | (Q(corrects__isnull=False) & one_of("correction_kind", list(CorrectionKind.values))),
                name="draft_correction_kind",
            ),
            models.CheckConstraint(
                condition=Q(page_count__isnull=True) | Q(page_count__gte=1, page_count__lte=999),
                name="draft_page_count_range",
            ),
            models.CheckConstraint(
                condition=Q(issued_amount__isnull=True) | Q(issued_amount__gte=1, issued_amount__lte=999),
                name="draft_issued_amount_range",
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
    def is_with_drafter(self) -> bool:
        return self.state in self.WITH_DRAFTER

    @property
    def is_secret(self) -> bool:
        return self.secrecy != Secrecy.NONE


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


class DraftFile(AppendOnly):
    """A file of a version, under its name (content-addressed: the same file in many versions is stored once)."""

    version = models.ForeignKey(DraftVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="files")
    file = models.ForeignKey(StoredFile, verbose_name=_("file"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=255)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("draft file")
        verbose_name_plural = _("draft files")
        constraints = [
            models.UniqueConstraint(fields=["version", "file"], name="draft_file_once"),
            models.CheckConstraint(condition=~Q(name=""), name="draft_file_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


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
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
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
DIGEST_FIELDS = [
    "draft_id",
    "version_id",
    "register_id",
    "year",
    "number",
    "notation",
    "issued_date",
    "issuer_code",
    "issuer_name",
    "document_type_id",
    "type_name",
    "subject",
    "urgency",
    "secrecy",
    "drafting_unit_id",
    "signer_id",
    "signer_name",
    "signer_position",
    "recipients_text",
    "files_text",
]
DIGEST_SEPARATOR = "|"


def _digest_expression() -> Sha256Hex:
    parts = []
    for name in DIGEST_FIELDS:
        column = name.removesuffix("_id") if name.endswith("_id") else name
        if name == "issued_date":
            part = IsoDate(F(column))
        elif name in ("year", "number") or name.endswith("_id"):
            part = Cast(F(column), models.TextField())
        else:
            part = F(column)
        parts += [part, Value(DIGEST_SEPARATOR)]
    return Sha256Hex(Concat(*parts[:-1], output_field=models.TextField()))


# Subjects sort in Vietnamese dictionary order (a, ă, â, b, …, d, đ, e, ê …): the database's C collation would put
# "Ủy ban" after "Văn phòng". ICU's Vietnamese collation ships with PostgreSQL on Debian.
SUBJECT_COLLATION = "vi-x-icu"


def subject_order() -> Collate:
    """The subject as the list sorts it (the same expression as the index ``outgoing_subject_order``)."""
    return Collate(F("subject"), SUBJECT_COLLATION)


class OutgoingStatus(models.TextChoices):
    """Where an issued document stands, derived from its recall and from later documents (there is no column):
    recalled (Đ18.4) whatever else; corrected when a later document corrects, amends or replaces it (Đ18.3);
    issued otherwise."""

    ISSUED = "issued", _("Issued, in force")
    CORRECTED = "corrected", _("Corrected, amended or replaced")
    RECALLED = "recalled", _("Recalled")


class OutgoingDocumentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        frozen = set(kwargs) - set(OutgoingDocument.CHANGEABLE_FIELDS)
        if frozen:
            raise FrozenError(f"an issued document's content is frozen: {sorted(frozen)}")
        return super().update(**kwargs)

    def delete(self):
        raise FrozenError("issued documents are never deleted")


class OutgoingDocument(models.Model):
    """Văn bản đi: an issued draft, registered with its number in an outgoing register (Đ15–16). Its content is
    a frozen copy of the issued version; only the recall (Đ18.4) is recorded on it later, and the documents that
    correct it point at it (``corrected_by``). The database refuses a row whose content does not match
    ``content_sha256``, so the content cannot be changed by an UPDATE that forgets the checksum."""

    CHANGEABLE_FIELDS = ("recalled_at", "recalled_by", "recalled_by_id", "recall_reason")

    draft = models.OneToOneField(Draft, verbose_name=_("draft"), on_delete=models.PROTECT, related_name="document")
    version = models.ForeignKey(
        DraftVersion, verbose_name=_("issued version"), on_delete=models.PROTECT, related_name="+"
    )
    register = models.ForeignKey(Register, verbose_name=_("register"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    notation = models.CharField(_("notation"), max_length=30)
    issued_at = models.DateTimeField(_("issued at"))
    issued_date = models.DateField(_("date of the document"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    issuer_code = models.CharField(_("issuer code"), max_length=13)
    issuer_name = models.CharField(_("issuer"), max_length=200)
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("document type"), on_delete=models.PROTECT, related_name="+"
    )
    type_name = models.CharField(_("type name"), max_length=100)
    subject = models.CharField(_("subject"), max_length=500)
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices)
    secrecy = models.CharField(_("secrecy"), max_length=20, choices=Secrecy.choices)
    drafting_unit = models.ForeignKey(Unit, verbose_name=_("drafting unit"), on_delete=models.PROTECT, related_name="+")
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signer"), on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("signer"), max_length=50)
    signer_position = models.CharField(_("signer position"), max_length=100)
    recipients_text = models.TextField(_("recipients"), help_text=_("As printed under Nơi nhận, one per line."))
    files_text = models.TextField(_("files"), help_text=_("SHA-256 and name of each issued file, one per line."))
    page_count = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    issued_amount = models.PositiveSmallIntegerField(_("number of copies"), null=True, blank=True)
    due_on = models.DateField(_("reply due date"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=30, default="vi")
    description = models.CharField(_("notes"), max_length=500, blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrected_by",
    )
    correction_kind = models.CharField(
        _("kind of correction"), max_length=20, choices=CorrectionKind.choices, blank=True
    )
    content_sha256 = models.CharField(_("content checksum"), max_length=64)
    recalled_at = models.DateTimeField(_("recalled at"), null=True, blank=True)
    recalled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recalled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recall_reason = models.CharField(_("reason for the recall"), max_length=500, blank=True)
    # What the list's search box looks in (search.outgoing_search_text of frozen columns), written when issued. Not
    # content: outside the checksum, so a change of the search rules re-keys documents without touching it.
    search_text = models.TextField(_("search text"), blank=True, default="", db_default="", editable=False)
    # The units it is sent to (its draft's OutgoingRecipient rows of kind unit), written when issued and frozen like
    # the rest: the access rule tests them in the row (``&&`` my units, GIN-indexed), so that a specialist's list,
    # search and count need no pass over the recipients table. Not content either: the places are in
    # ``recipients_text``, which the checksum covers.
    recipient_unit_ids = ArrayField(
        models.BigIntegerField(),
        verbose_name=_("recipient units"),
        blank=True,
        default=list,
        db_default=[],
        editable=False,
    )

    objects = OutgoingDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number", "-id"]
        verbose_name = _("outgoing document")
        verbose_name_plural = _("outgoing documents")
        constraints = [
            # The gapless series (registers.numbering) is unique per register and year (Đ15.1).
            models.UniqueConstraint(fields=["register", "year", "number"], name="outgoing_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="outgoing_number_positive"),
            models.CheckConstraint(condition=Q(year=F("issued_date__year")), name="outgoing_year_of_issue"),
            models.CheckConstraint(condition=Q(notation__regex=NOTATION_PATTERN), name="outgoing_notation_format"),
            models.CheckConstraint(condition=one_of("urgency", URGENCY_VALUES), name="outgoing_urgency_valid"),
            models.CheckConstraint(condition=one_of("secrecy", SECRECY_VALUES), name="outgoing_secrecy_valid"),
            models.CheckConstraint(condition=~Q(subject=""), name="outgoing_subject_not_empty"),
            models.CheckConstraint(condition=~Q(corrects=F("id")), name="outgoing_not_own_correction"),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True, correction_kind="")
                | (Q(corrects__isnull=False) & one_of("correction_kind", list(CorrectionKind.values))),
                name="outgoing_correction_kind",
            ),
            models.CheckConstraint(
                condition=Q(recalled_at__isnull=True, recalled_by__isnull=True, recall_reason="")
                | (Q(recalled_at__isnull=False, recalled_by__isnull=False) & ~Q(recall_reason="")),
                name="outgoing_recall_complete",
            ),
            models.CheckConstraint(condition=Q(content_sha256=_digest_expression()), name="outgoing_content_frozen"),
        ]
        indexes = [
            # The sorts of the issued list (filters.OutgoingFilter.SORTS), each ending on the unique id. The default
            # order's index carries the columns of the access rule (access.outgoing_visible_to), so that a
            # specialist's page walks it index-only, testing each document without reading its row: issued rows
            # never change, so the visibility map stays set.
            models.Index(
                F("issued_date").desc(),
                F("issued_at").desc(),
                F("id").desc(),
                name="outgoing_issued_order",
                include=["drafting_unit", "recipient_unit_ids", "secrecy", "signer", "draft"],
            ),
            models.Index(F("year").desc(), F("number").desc(), F("id").desc(), name="outgoing_number_order"),
            models.Index(subject_order(), F("id"), name="outgoing_subject_order"),
            models.Index(fields=["drafting_unit", "year"], name="outgoing_unit_year"),
            models.Index(fields=["urgency"], name="outgoing_urgency"),
            models.Index(fields=["secrecy"], name="outgoing_secrecy"),
            # Recalled documents are few: the status filter finds them without reading the others.
            models.Index(
                F("issued_date").desc(),
                F("issued_at").desc(),
                F("id").desc(),
                condition=Q(recalled_at__isnull=False),
                name="outgoing_recalled",
            ),
            GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="outgoing_search_trgm"),
            GinIndex(fields=["recipient_unit_ids"], name="outgoing_recipient_units"),
        ]

    def __str__(self) -> str:
        return f"{self.number_and_notation} — {self.subject[:80]}"

    def save(self, *args, **kwargs) -> None:
        if self._state.adding:
            self.content_sha256 = self.compute_digest()
        else:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or set(update_fields) - set(self.CHANGEABLE_FIELDS):
                raise FrozenError("an issued document's content is frozen: save(update_fields=[recall fields])")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError("issued documents are never deleted")

    @property
    def number_and_notation(self) -> str:
        """As written on the document: ``05/SAL-VP``."""
        return number_and_notation(self.number, self.notation)

    @property
    def is_recalled(self) -> bool:
        return self.recalled_at is not None

    @property
    def status(self) -> str:
        """OutgoingStatus (lists prefetch ``corrected_by``, so this costs no query per row there)."""
        if self.is_recalled:
            return OutgoingStatus.RECALLED
        return OutgoingStatus.CORRECTED if self.corrected_by.all() else OutgoingStatus.ISSUED

    def get_status_display(self) -> str:
        return OutgoingStatus(self.status).label

    def compute_digest(self) -> str:
        """The checksum of the issued content, as the database computes it (``outgoing_content_frozen``)."""
        values = []
        for name in DIGEST_FIELDS:
            value = getattr(self, name)
            values.append(value.isoformat() if name == "issued_date" else str(value))
        return hashlib.sha256(DIGEST_SEPARATOR.join(values).encode()).hexdigest()
