"""The issued document: its frozen content, guarded by a checksum the database verifies, and its list's order."""

import hashlib

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Cast, Collate, Concat
from django.utils.translation import gettext_lazy as _

from apps.documents.models import Numbered, recipient_ids_field
from apps.registers.models import Register, Secrecy, Urgency, series_checks
from apps.registers.numbering import NOTATION_PATTERN
from tenants.base_models import optional_fk, recorded_with_reason

from ..db import IsoDate, Sha256Hex
from .drafts import Draft, DraftVersion, FrozenError, OutgoingParticulars

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


class OutgoingDocument(Numbered, OutgoingParticulars):
    """Văn bản đi: an issued draft, registered with its number in an outgoing register (Đ15–16). Its content is
    a frozen copy of the issued version; only the recall (Đ18.4) is recorded on it later, and the documents that
    correct it point at it (``corrected_by``). The database refuses a row whose content does not match
    ``content_sha256``, so the content cannot be changed by an UPDATE that forgets the checksum."""

    CHANGEABLE_FIELDS = ("recalled_at", "recalled_by", "recalled_by_id", "recall_reason", "search_vector", "fulltext")

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
    type_name = models.CharField(_("type name"), max_length=100)
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices)
    secrecy = models.CharField(_("secrecy"), max_length=20, choices=Secrecy.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signer"), on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("signer"), max_length=50)
    signer_position = models.CharField(_("signer position"), max_length=100)
    recipients_text = models.TextField(_("recipients"), help_text=_("As printed under Nơi nhận, one per line."))
    files_text = models.TextField(_("files"), help_text=_("SHA-256 and name of each issued file, one per line."))
    corrects = optional_fk("self", _("corrects"), related_name="corrected_by")
    content_sha256 = models.CharField(_("content checksum"), max_length=64)
    recalled_at = models.DateTimeField(_("recalled at"), null=True, blank=True)
    recalled_by = optional_fk(settings.AUTH_USER_MODEL, _("recalled by"))
    recall_reason = models.CharField(_("reason for the recall"), max_length=500, blank=True)
    # What the list's search box looks in (search.outgoing_search_text of frozen columns), written when issued. Not
    # content: outside the checksum, so a change of the search rules re-keys documents without touching it.
    search_text = models.TextField(_("search text"), blank=True, default="", db_default="", editable=False)
    # The units it is sent to (its draft's OutgoingRecipient rows of kind unit), written when issued and frozen like
    # the rest: the access rule tests them in the row (``&&`` my units, GIN-indexed), so that a specialist's list,
    # search and count need no pass over the recipients table. Not content either: the places are in
    # ``recipients_text``, which the checksum covers.
    recipient_unit_ids = recipient_ids_field(_("recipient units"))

    # The full-text index of its fields and its files' text, and that text (documents.fulltext; lists defer it). Not
    # content either: recomputed when a file's text is read.
    search_vector = SearchVectorField(_("full-text index"), null=True, blank=True, editable=False)
    fulltext = models.TextField(_("text of the files"), blank=True, default="", db_default="", editable=False)

    objects = OutgoingDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number", "-id"]
        verbose_name = _("outgoing document")
        verbose_name_plural = _("outgoing documents")
        constraints = [
            *OutgoingParticulars.checks("outgoing", page_count=False),
            # The gapless series (Đ15.1).
            *series_checks(
                "number",
                "issued_date",
                names=("outgoing_unique_number", "outgoing_number_positive", "outgoing_year_of_issue"),
            ),
            models.CheckConstraint(condition=Q(notation__regex=NOTATION_PATTERN), name="outgoing_notation_format"),
            models.CheckConstraint(condition=~Q(corrects=F("id")), name="outgoing_not_own_correction"),
            OutgoingParticulars.correction_check("outgoing"),
            models.CheckConstraint(
                condition=recorded_with_reason("recalled_at", "recalled_by", "recall_reason"),
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
            GinIndex(fields=["search_vector"], name="outgoing_fulltext"),
            models.Index(fields=["id"], condition=Q(search_vector__isnull=True), name="outgoing_not_indexed"),
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
