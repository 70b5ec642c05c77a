"""Incoming documents and stored files (tenant schema).

Fields follow Decree 30/2020/NĐ-CP Appendix VI Part II (input metadata of an incoming document) and the
columns of the incoming register in Appendix IV; the arrival number and date are given by the system (Đ22)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.people.models import Unit
from apps.registers.models import DocumentType, Register, Secrecy, Urgency, series_checks
from apps.registers.numbering import NOTATION_PATTERN, number_and_notation
from tenants.base_models import exactly_one, null_or_between, one_of, optional_fk, recorded_with_reason

SHA256_PATTERN = r"^[0-9a-f]{64}$"
STATUS_VALUES = ["registered", "assigned", "in_progress", "done"]
# The only types a stored file may be shown as in the browser (apps/documents/serving.py).
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
# Declared types that name the same format under an older or vendor name.
DECLARED_ALIASES = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "image/x-png": "image/png",
    "application/x-pdf": "application/pdf",
}


class IntakeState(models.TextChoices):
    """Where a stored file is in the intake chain (ocr/, apps/documents/intake.py). Only a ``ready`` file is ever
    served or previewed; a quarantined one is kept aside until an administrator releases or deletes it."""

    WAITING = "waiting", _("Waiting to be checked")
    SCANNING = "scanning", _("Scanning for viruses")
    READING = "reading", _("Reading the scan")
    READY = "ready", pgettext_lazy("file", "Ready")
    QUARANTINED = "quarantined", _("Quarantined")
    REFUSED = "refused", pgettext_lazy("file", "Refused")
    FAILED = "failed", _("Could not be processed")
    DELETED = "deleted", _("Deleted from quarantine")

    @classmethod
    def settled(cls) -> frozenset[str]:
        """States the chain has finished with (nothing more happens without a person)."""
        return frozenset({cls.READY, cls.QUARANTINED, cls.REFUSED, cls.FAILED, cls.DELETED})


class StoredFile(models.Model):
    """File content stored once per agency under its SHA-256 (``MEDIA_ROOT/<schema>/files/ab/cd/<sha256>``),
    never changed and never served directly: a view checks access and streams it, once the intake chain has passed
    it (``intake_state`` ready)."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.BigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("content type"), max_length=100)
    # Read from the bytes (libmagic) when stored; empty for files stored before detection existed, detected on
    # first serving (apps/documents/serving.py). Serving decides on this, never on the declared content_type.
    detected_type = models.CharField(_("detected type"), max_length=100, blank=True, default="", db_default="")
    original_name = models.CharField(_("original name"), max_length=255)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Who first uploaded this content (told when it is quarantined or refused); empty for files stored before.
    uploaded_by = optional_fk(settings.AUTH_USER_MODEL, _("uploaded by"), db_index=False)
    # The intake chain's latest word on the content (apps/documents/intake.py).
    intake_state = models.CharField(
        _("intake state"),
        max_length=20,
        choices=IntakeState.choices,
        default=IntakeState.WAITING,
        db_default=IntakeState.WAITING,
    )
    intake_code = models.CharField(_("reason code"), max_length=40, blank=True, default="", db_default="")
    intake_reason = models.CharField(_("reason"), max_length=300, blank=True, default="", db_default="")
    intake_signature = models.CharField(_("virus signature"), max_length=200, blank=True, default="", db_default="")
    intake_run = models.CharField(_("intake run"), max_length=36, blank=True, default="", db_default="")
    intake_attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, db_default=0)
    intake_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    pages_read = models.PositiveIntegerField(_("pages read"), default=0, db_default=0)
    flags = ArrayField(
        models.CharField(max_length=30), verbose_name=_("flags"), blank=True, default=list, db_default=[]
    )
    # The copy shown in the viewer: the OCR'd PDF/A of a scan, the PDF of an office document (content-addressed
    # beside the original, which is never changed). Empty: the original itself is shown, when it may be.
    preview_sha256 = models.CharField(_("preview copy"), max_length=64, blank=True, default="", db_default="")
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = optional_fk(settings.AUTH_USER_MODEL, _("released by"), db_index=False)
    release_reason = models.CharField(_("reason for release"), max_length=500, blank=True, default="", db_default="")

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")
        constraints = [
            models.CheckConstraint(condition=Q(sha256__regex=SHA256_PATTERN), name="stored_file_sha256_format"),
            models.CheckConstraint(condition=Q(size__gte=0), name="stored_file_size_not_negative"),
            models.CheckConstraint(
                condition=one_of("intake_state", list(IntakeState.values)), name="stored_file_intake_state_valid"
            ),
            models.CheckConstraint(
                condition=recorded_with_reason("released_at", "released_by", "release_reason"),
                name="stored_file_release_complete",
            ),
        ]
        indexes = [
            # The agency administrator's quarantine and the province's queue view: the few files not ready.
            models.Index(
                fields=["intake_state", "created_at"],
                condition=~Q(intake_state="ready"),
                name="stored_file_not_ready",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"

    @property
    def is_ready(self) -> bool:
        """The chain passed the file (or an administrator released it from quarantine): it may be opened."""
        return self.intake_state == IntakeState.READY

    @property
    def is_settled(self) -> bool:
        """The chain has finished with the file (ready, quarantined, refused, failed or deleted)."""
        return self.intake_state in IntakeState.settled()

    @property
    def can_preview(self) -> bool:
        """The viewer can show it: ready, and a preview copy was made or the browser may show the file itself."""
        return self.is_ready and bool(self.preview_sha256 or self.is_viewable)

    @property
    def is_viewable(self) -> bool:
        """Whether the browser may show the file itself: only a PDF, PNG or JPEG whose bytes are what it was
        declared as. Anything else (an SVG, HTML, a file not yet detected) is only ever downloaded."""
        detected = self.detected_type
        return detected in INLINE_TYPES and DECLARED_ALIASES.get(self.content_type, self.content_type) == detected


class StoredFileText(models.Model):
    """The text the intake chain read from a file (OCR, its text layer, its converted PDF), NFC: kept apart so that
    listing files never loads it; the documents' full-text index is built from it."""

    file = models.OneToOneField(StoredFile, verbose_name=_("file"), on_delete=models.CASCADE, related_name="extracted")
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("text of a stored file")
        verbose_name_plural = _("texts of stored files")

    def __str__(self) -> str:
        return f"text of file {self.file_id}"


class DocumentParticulars(models.Model):
    """What every document, incoming, drafted or issued, states about itself (Appendix VI Part II): its type, subject,
    language, pages and notes."""

    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("document type"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=500)
    language = models.CharField(_("language"), max_length=30, default="vi")
    page_count = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    description = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @staticmethod
    def checks(prefix: str, *, page_count: bool = True) -> list[models.CheckConstraint]:
        """The CHECKs every document table has, named ``<prefix>_…``: a known urgency and secrecy, a subject, and
        (``page_count``) from 1 to 999 pages when given."""
        checks = [
            models.CheckConstraint(condition=one_of("urgency", list(Urgency.values)), name=f"{prefix}_urgency_valid"),
            models.CheckConstraint(condition=one_of("secrecy", list(Secrecy.values)), name=f"{prefix}_secrecy_valid"),
            models.CheckConstraint(condition=~Q(subject=""), name=f"{prefix}_subject_not_empty"),
        ]
        if page_count:
            checks.append(
                models.CheckConstraint(
                    condition=null_or_between("page_count", 1, 999), name=f"{prefix}_page_count_range"
                )
            )
        return checks


def recipient_ids_field(verbose_name: str) -> ArrayField:
    """A document's copy of the ids of its recipients (units or people), written by the services that set them: the
    access rule tests it in the row itself (GIN-indexed, ``&&`` the person's units), so that a list, its search and
    its count need no pass over the recipients table. A database default too, for rows written outside the ORM."""
    return ArrayField(
        models.BigIntegerField(), verbose_name=verbose_name, blank=True, default=list, db_default=[], editable=False
    )


class Numbered:
    """A document with its number and notation (incoming as received, outgoing as issued)."""

    number: int | None
    notation: str

    @property
    def number_and_notation(self) -> str:
        """As written on the document: ``12658/UBND-KGVX``, ``05/SAL-VP``."""
        return number_and_notation(self.number, self.notation)


class IncomingDocument(Numbered, DocumentParticulars):
    """Văn bản đến: registered by the clerk into an incoming register, which gives it the arrival number."""

    class Status(models.TextChoices):
        """Where the document is in its handling (Appendix VI field 17: trạng thái xử lý). Registration sets
        ``registered``; direction and handling (later steps) move it on."""

        REGISTERED = "registered", _("Registered")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    register = models.ForeignKey(Register, verbose_name=_("register"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    arrival_number = models.PositiveIntegerField(_("arrival number"))
    arrival_date = models.DateField(_("arrival date"))
    # The issuer: an agency of this deployment or of the directory (code and name kept as they were), or free text.
    issuer_code = models.CharField(_("issuer code"), max_length=13, blank=True)
    issuer_name = models.CharField(_("issuer"), max_length=200)
    number = models.PositiveBigIntegerField(_("number"), null=True, blank=True)
    notation = models.CharField(_("notation"), max_length=30, blank=True)
    issued_date = models.DateField(_("issued date"))
    signer = models.CharField(_("signer"), max_length=50, blank=True)
    signer_position = models.CharField(_("signer position"), max_length=100, blank=True)
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NONE)
    secrecy = models.CharField(_("secrecy"), max_length=20, choices=Secrecy.choices, default=Secrecy.NONE)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    # Database defaults too, so that rows written outside the ORM (imports, benchmarks' raw inserts) are valid.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED, db_default=Status.REGISTERED
    )
    # Kept by the service on every save (documents.search): what the list's search box and issuer filter match.
    search_text = models.TextField(_("search text"), blank=True, default="", db_default="", editable=False)
    issuer_key = models.CharField(
        _("issuer search key"), max_length=200, blank=True, default="", db_default="", editable=False
    )
    # Copies of the recipients (IncomingRecipient, the record of who was sent what), kept by the services that set
    # them: the access rule tests them in the row itself, so that "sent to my units" and the search box combine in
    # one bitmap instead of probing the recipients table for every match (documents.access).
    recipient_unit_ids = recipient_ids_field(_("recipient units"))
    recipient_user_ids = recipient_ids_field(_("recipient people"))
    attachments = models.ManyToManyField(
        StoredFile, through="IncomingAttachment", verbose_name=_("files"), related_name="+"
    )
    # A mistaken registration is cancelled, not deleted (documents.services.cancel_incoming): the row and its arrival
    # number stay in the register, marked, so that the printed register stays gapless.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = optional_fk(settings.AUTH_USER_MODEL, _("cancelled by"), db_index=False)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True, default="", db_default="")
    # The full-text index of its fields and its files' text, and that text (documents.fulltext; lists defer it).
    search_vector = SearchVectorField(_("full-text index"), null=True, blank=True, editable=False)
    fulltext = models.TextField(_("text of the files"), blank=True, default="", db_default="", editable=False)

    class Meta:
        ordering = ["-arrival_date", "-arrival_number", "-id"]
        verbose_name = _("incoming document")
        verbose_name_plural = _("incoming documents")
        constraints = [
            *DocumentParticulars.checks("incoming"),
            *series_checks(
                "arrival_number",
                "arrival_date",
                names=("incoming_unique_number", "incoming_arrival_number_positive", "incoming_year_of_arrival"),
            ),
            models.CheckConstraint(
                condition=Q(arrival_date__gte=F("issued_date")), name="incoming_arrives_after_issue"
            ),
            models.CheckConstraint(condition=one_of("status", STATUS_VALUES), name="incoming_status_valid"),
            models.CheckConstraint(condition=~Q(issuer_name=""), name="incoming_issuer_not_empty"),
            models.CheckConstraint(
                condition=Q(notation="") | Q(notation__regex=NOTATION_PATTERN), name="incoming_notation_format"
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1), name="incoming_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=F("arrival_date")), name="incoming_due_after_arrival"
            ),
            # A cancellation always says when, by whom and why (migration 0006 adds it NOT VALID, then validates).
            models.CheckConstraint(
                condition=recorded_with_reason("cancelled_at", "cancelled_by", "cancel_reason"),
                name="incoming_cancellation_complete",
            ),
        ]
        indexes = [
            # The duplicate warning looks documents up by number and notation (case-insensitive).
            models.Index(F("number"), Upper("notation"), name="incoming_number_notation"),
            # The lists' default order (newest arrival first), also serving the year and arrival-date filters; the
            # other sorts of the list (documents.filters.IncomingFilter.SORTS) and its selective filters. (Carrying the
            # access rule's columns, as outgoing_issued_order does, made a specialist's pages index-only but lured
            # a clerk's year + urgency count into walking the whole year's index: 55 → 107 ms p50 at a million.)
            models.Index(
                F("arrival_date").desc(), F("arrival_number").desc(), F("id").desc(), name="incoming_arrival_order"
            ),
            models.Index(F("issued_date").desc(), F("id").desc(), name="incoming_issued_order"),
            models.Index(fields=["issuer_key", "id"], name="incoming_issuer_order"),
            models.Index(fields=["due_on", "id"], name="incoming_due_order"),
            models.Index(
                "status", F("arrival_date").desc(), F("arrival_number").desc(), F("id").desc(), name="incoming_status"
            ),
            models.Index(fields=["urgency"], name="incoming_urgency"),
            models.Index(fields=["secrecy"], name="incoming_secrecy"),
            models.Index(fields=["issuer_code"], condition=~Q(issuer_code=""), name="incoming_issuer_code"),
            # Search box and issuer filter: LIKE '%word%' on the search keys (documents.search).
            GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="incoming_search_trgm"),
            GinIndex(OpClass("issuer_key", name="gin_trgm_ops"), name="incoming_issuer_trgm"),
            # Who it is sent to (documents.access: ``&&`` my units, ``@>`` me).
            GinIndex(fields=["recipient_unit_ids"], name="incoming_recipient_units"),
            GinIndex(fields=["recipient_user_ids"], name="incoming_recipient_users"),
            # The search box over fields and files (documents.fulltext: words and pairs, with and without accents).
            GinIndex(fields=["search_vector"], name="incoming_fulltext"),
            models.Index(fields=["id"], condition=Q(search_vector__isnull=True), name="incoming_not_indexed"),
        ]

    def __str__(self) -> str:
        return f"{self.arrival_number_display} — {self.subject[:80]}"

    @property
    def arrival_number_display(self) -> str:
        return f"{self.arrival_number:02d}"

    @property
    def is_cancelled(self) -> bool:
        """A mistaken registration, cancelled: it keeps its arrival number and stays in the register, marked."""
        return self.cancelled_at is not None

    @property
    def cancellation_note(self) -> str:
        """How the printed register and the lists mark a cancelled registration ("" for any other): "Đã hủy vào sổ
        ngày 05/12/2026: <reason>"."""
        if self.cancelled_at is None:
            return ""
        day = timezone.localtime(self.cancelled_at).strftime("%d/%m/%Y")
        return _("Registration cancelled on %(date)s: %(reason)s") % {"date": day, "reason": self.cancel_reason}


class IncomingRecipient(models.Model):
    """A unit or a person of the agency the incoming document is sent to (Appendix VI: ToPlaces)."""

    document = models.ForeignKey(
        IncomingDocument, verbose_name=_("document"), on_delete=models.CASCADE, related_name="recipients"
    )
    unit = optional_fk(Unit, _("unit"))
    user = optional_fk(settings.AUTH_USER_MODEL, _("person"))

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.CheckConstraint(condition=exactly_one("unit", "user"), name="incoming_recipient_unit_or_person"),
            models.UniqueConstraint(fields=["document", "unit"], name="incoming_recipient_unit_once"),
            models.UniqueConstraint(fields=["document", "user"], name="incoming_recipient_person_once"),
        ]
        indexes = [
            models.Index(fields=["unit", "document"], name="incoming_recipient_unit"),
            models.Index(fields=["user", "document"], name="incoming_recipient_user"),
        ]

    def __str__(self) -> str:
        return str(self.unit or self.user)


class AttachedFile(models.Model):
    """A stored file of a document (or of a draft's version) under the name it came with, in the order given."""

    file = models.ForeignKey(StoredFile, verbose_name=_("file"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=255)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def checks(owner: str, prefix: str) -> list[models.BaseConstraint]:
        """Each file once per ``owner``, always with a name (``<prefix>_once``, ``<prefix>_name_not_empty``)."""
        return [
            models.UniqueConstraint(fields=[owner, "file"], name=f"{prefix}_once"),
            models.CheckConstraint(condition=~Q(name=""), name=f"{prefix}_name_not_empty"),
        ]


class IncomingAttachment(AttachedFile):
    """A file of an incoming document, under the name it was received with."""

    document = models.ForeignKey(
        IncomingDocument, verbose_name=_("document"), on_delete=models.CASCADE, related_name="files"
    )

    class Meta(AttachedFile.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = AttachedFile.checks("document", "incoming_attachment")


class PendingRegistration(models.Model):
    """A scan waiting to be registered ("chờ vào sổ"): the clerk uploads the scans of the day's paper post, each goes
    through the intake chain, and opens as a registration form pre-filled from its text (apps/documents/pending.py).
    Registering it links the document; dismissing it keeps the row, marked."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Uploaded")
        FOLDER = "folder", _("Watched folder")

    file = models.ForeignKey(StoredFile, verbose_name=_("file"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=255)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.UPLOAD)
    # Empty for a scan picked up from the agency's watched folder (bulk.py).
    uploaded_by = optional_fk(settings.AUTH_USER_MODEL, _("uploaded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    document = optional_fk(IncomingDocument, _("registered as"))
    dismissed_at = models.DateTimeField(_("dismissed at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("scan waiting to be registered")
        verbose_name_plural = _("scans waiting to be registered")
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=True) | Q(dismissed_at__isnull=True),
                name="pending_registered_or_dismissed",
            ),
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(document__isnull=True, dismissed_at__isnull=True),
                name="pending_registration_open",
            )
        ]

    def __str__(self) -> str:
        return self.name
