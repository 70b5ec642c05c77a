"""Document types, registers and their yearly counters (tenant schema).

Decree 30/2020/NĐ-CP: Đ7 and Appendix III (document types and abbreviations), Đ15 and Appendix I Part I §II.3
(numbers start at 01 on 1 January; notation = type abbreviation + agency abbreviation, or for công văn agency +
unit), Đ16 and Đ22 (outgoing and incoming registers), Đ15.1 (secret documents have their own series)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.base_models import one_of

# Type abbreviations keep the Decree's mixed case (TTr, QyĐ, CTr, TrS).
TYPE_ABBREVIATION_PATTERN = r"^[A-ZĐ][A-Za-zĐđ0-9]{0,9}$"
# Placeholders a notation pattern may use; groups joined by "-" (Appendix I: "-" between groups, no spaces).
NOTATION_PLACEHOLDERS = ("type", "agency", "unit")
NOTATION_PATTERN_PATTERN = r"^(\{(type|agency|unit)\}|[A-ZĐ0-9]+)(-(\{(type|agency|unit)\}|[A-ZĐ0-9]+))*$"


class Urgency(models.TextChoices):
    """Độ khẩn (Đ8.3; Appendix I Part I §III.2). Khẩn, Thượng khẩn and Hỏa tốc are "văn bản khẩn": registered
    and handed over immediately (Đ4.2c)."""

    NONE = "none", _("Normal")
    URGENT = "urgent", _("Urgent (Khẩn)")
    VERY_URGENT = "very_urgent", _("Very urgent (Thượng khẩn)")
    FLASH = "flash", _("Flash (Hỏa tốc)")

    @classmethod
    def is_urgent(cls, value: str) -> bool:
        return value != cls.NONE


class Secrecy(models.TextChoices):
    """Độ mật under the State-secret law 29/2018/QH14, in increasing order."""

    NONE = "none", _("Not secret")
    CONFIDENTIAL = "confidential", _("Confidential (Mật)")
    SECRET = "secret", _("Secret (Tối mật)")
    TOP_SECRET = "top_secret", _("Top secret (Tuyệt mật)")

    @classmethod
    def rank(cls, value: str) -> int:
        return list(cls.values).index(value)

    @classmethod
    def up_to(cls, level: str) -> list[str]:
        """Every level from none up to ``level`` included."""
        return list(cls.values)[: cls.rank(level) + 1]


class DocumentType(models.Model):
    """Tên loại văn bản. The Decree's catalogue is loaded into every agency by a data migration
    (``is_builtin``); an agency administrator may add specialised types."""

    name = models.CharField(_("name"), max_length=100)
    abbreviation = models.CharField(
        _("abbreviation"),
        max_length=10,
        blank=True,
        validators=[
            RegexValidator(
                TYPE_ABBREVIATION_PATTERN,
                _("An abbreviation starts with a capital letter and has only letters and digits, e.g. QĐ or TTr."),
            )
        ],
        help_text=_("Empty for công văn and thư công, whose notation is built from the agency and the unit."),
    )
    is_copy_form = models.BooleanField(
        _("copy form"), default=False, help_text=_("Certified copy, copy of copy or extract (SY, SL, TrS).")
    )
    is_builtin = models.BooleanField(_("from Decree 30"), default=False, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="document_type_name_not_empty"),
            models.CheckConstraint(
                condition=Q(abbreviation="") | Q(abbreviation__regex=TYPE_ABBREVIATION_PATTERN),
                name="document_type_abbr_format",
            ),
            models.UniqueConstraint(Upper("name"), name="document_type_name_unique"),
            models.UniqueConstraint(
                Upper("abbreviation"), condition=~Q(abbreviation=""), name="document_type_abbr_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


def _notation_pattern(verbose_name: str, default: str, help_text: str) -> models.CharField:
    """A register's pattern for notations: groups (a placeholder or capitals) joined by "-", or empty."""
    return models.CharField(verbose_name, max_length=60, blank=True, default=default, help_text=help_text)


def _notation_pattern_check(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{field: ""}) | Q(**{f"{field}__regex": NOTATION_PATTERN_PATTERN}), name=f"register_{field}_format"
    )


class Register(models.Model):
    """Sổ đăng ký văn bản: a numbered book of incoming, outgoing or copied documents. Numbers run per
    calendar year from 01 (RegisterCounter)."""

    class Kind(models.TextChoices):
        INCOMING = "incoming", _("Incoming")
        OUTGOING = "outgoing", _("Outgoing")
        COPIES = "copies", _("Copies")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    document_types = models.ManyToManyField(
        DocumentType,
        verbose_name=_("document types"),
        blank=True,
        related_name="registers",
        help_text=_("Leave empty for every type."),
    )
    secrecy_levels = ArrayField(
        models.CharField(max_length=20, choices=Secrecy.choices),
        verbose_name=_("secrecy levels"),
        default=list,
        help_text=_("Secret documents have their own number series (Decree 30, Art. 15)."),
    )
    notation_pattern = _notation_pattern(
        _("notation pattern"),
        "{type}-{agency}",
        _("For documents whose type has an abbreviation, e.g. {type}-{agency} gives QĐ-SNV."),
    )
    notation_pattern_without_type = _notation_pattern(
        _("notation pattern without type"),
        "{agency}-{unit}",
        _("For công văn and other types without abbreviation, e.g. {agency}-{unit} gives SNV-VP."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "order", "name"]
        verbose_name = _("register")
        verbose_name_plural = _("registers")
        constraints = [
            models.CheckConstraint(
                condition=one_of("kind", ["incoming", "outgoing", "copies"]), name="register_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="register_name_not_empty"),
            models.CheckConstraint(
                condition=Q(secrecy_levels__len__gt=0) & Q(secrecy_levels__contained_by=list(Secrecy.values)),
                name="register_secrecy_levels_valid",
            ),
            _notation_pattern_check("notation_pattern"),
            _notation_pattern_check("notation_pattern_without_type"),
            models.UniqueConstraint(Upper("name"), "kind", condition=Q(is_active=True), name="register_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_secret(self) -> bool:
        return any(level != Secrecy.NONE for level in self.secrecy_levels)

    @property
    def lowest_secrecy(self) -> str:
        return min(self.secrecy_levels, key=Secrecy.rank) if self.secrecy_levels else Secrecy.NONE

    def covers(self, document_type: DocumentType | None) -> bool:
        """Whether the register takes documents of this type: a register listing no type takes every type. Uses the
        types prefetched with the register when they were, one query on the link table otherwise."""
        if "document_types" in getattr(self, "_prefetched_objects_cache", {}):
            listed = {t.pk for t in self.document_types.all()}
        else:
            links = Register.document_types.through.objects.filter(register_id=self.pk)
            listed = set(links.values_list("documenttype_id", flat=True))
        return not listed or (document_type is not None and document_type.pk in listed)


def series_checks(number: str, date: str, *, names: tuple[str, str, str]) -> list[models.BaseConstraint]:
    """The CHECKs of a document numbered in a register's yearly series (registers.numbering): its ``number`` is unique
    per register and year, from 1, and ``year`` is the year of its ``date``. ``names``: of the unique constraint, of
    the positive number, of the year."""
    unique, positive, year = names
    return [
        models.UniqueConstraint(fields=["register", "year", number], name=unique),
        models.CheckConstraint(condition=Q(**{f"{number}__gte": 1}), name=positive),
        models.CheckConstraint(condition=Q(year=F(f"{date}__year")), name=year),
    ]


class RegisterCounter(models.Model):
    """The last number given by a register in a year. ``registers.numbering.next_number`` increments it
    under a row lock inside the transaction that records the document, so a rollback gives the number back:
    numbers stay gapless (sequences would not)."""

    register = models.ForeignKey(Register, verbose_name=_("register"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("register counter")
        verbose_name_plural = _("register counters")
        constraints = [
            models.UniqueConstraint(fields=["register", "year"], name="register_counter_unique_year"),
            models.CheckConstraint(condition=Q(year__gte=1900) & Q(year__lte=9999), name="register_counter_year"),
            models.CheckConstraint(condition=Q(last_number__gte=0), name="register_counter_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.register} {self.year}: {self.last_number}"


class SecrecyClearance(models.Model):
    """The highest secrecy level a person of this agency may read and register (set by the agency
    administrator on the head's decision). No row means no clearance: secret documents only reach the
    people they are sent to personally."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=20, choices=Secrecy.choices)
    granted_at = models.DateTimeField(_("granted at"), auto_now=True)

    class Meta:
        verbose_name = _("secrecy clearance")
        verbose_name_plural = _("secrecy clearances")
        constraints = [
            models.CheckConstraint(condition=one_of("level", list(Secrecy.values)), name="clearance_level_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.level}"


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being printed")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class ExportJob(models.Model):
    """A printout made in the background: an export too long for a web request is queued on the "exports" queue, its
    progress shown in the page, and its file kept for a while (``expires_at``) for the person who asked for it only
    (registers.access.get_export_job_for). ``kind`` names what is printed: ``register`` (a printed register, with
    its ``register``) or a kind a higher app registered (registers.export_kinds: direction's reports)."""

    State = ExportState
    FINISHED = (ExportState.DONE, ExportState.FAILED, ExportState.EXPIRED)
    REGISTER = "register"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=40, default=REGISTER)
    # What the person asked for, in words ("Sổ theo dõi giải quyết văn bản đến 01/03/2026 – 31/03/2026").
    title = models.CharField(_("title"), max_length=300, blank=True, default="")
    register = models.ForeignKey(
        Register, verbose_name=_("register"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    format = models.CharField(_("format"), max_length=10)
    # What was asked for, as checked when asked (the worker parses them again: exports.parse_range, or the kind's).
    params = models.JSONField(_("parameters"), default=dict)
    state = models.CharField(_("state"), max_length=20, choices=ExportState.choices, default=ExportState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows = models.PositiveIntegerField(_("documents"), default=0)
    # Relative to MEDIA_ROOT: <schema>/exports/<pk>.<format>; emptied when the file is removed.
    file_path = models.CharField(_("file"), max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="exportjob_requester_idx"),
            models.Index(fields=["expires_at"], name="exportjob_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=one_of("state", list(ExportState.values)), name="exportjob_state_valid"),
            models.CheckConstraint(condition=one_of("format", ["xlsx", "pdf"]), name="exportjob_format_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="exportjob_progress_percent"),
            models.CheckConstraint(
                condition=~Q(kind="register") | Q(register__isnull=False), name="exportjob_register_printout_names_it"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.register_id or ''} {self.format} {self.state}"

    @property
    def label(self) -> str:
        """What is printed, in words: its title, else the register's name."""
        return self.title or (self.register.name if self.register_id else self.kind)

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED
