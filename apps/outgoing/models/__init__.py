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

from .drafts import (
    AppendOnly,
    CorrectionKind,
    Draft,
    DraftFile,
    DraftVersion,
    FrozenError,
    OutgoingRecipient,
    ReviewStep,
)
from .issued import (
    DIGEST_FIELDS,
    DIGEST_SEPARATOR,
    SUBJECT_COLLATION,
    OutgoingDocument,
    OutgoingDocumentQuerySet,
    OutgoingStatus,
    subject_order,
)

__all__ = [
    "DIGEST_FIELDS",
    "DIGEST_SEPARATOR",
    "SUBJECT_COLLATION",
    "AppendOnly",
    "CorrectionKind",
    "Draft",
    "DraftFile",
    "DraftVersion",
    "FrozenError",
    "OutgoingDocument",
    "OutgoingDocumentQuerySet",
    "OutgoingRecipient",
    "OutgoingStatus",
    "ReviewStep",
    "subject_order",
]
