"""What an issued outgoing document is found by (docs/outgoing.md, "The issued list").

The search key comes from apps.core.search (NFC, no diacritics, đ → d, lower case, "về việc" as "v/v"); this
module only says which parts of an issued document go into it. It reads plain values, not the model, so that the
migration that fills the column for existing rows (0002) uses it on its historical model."""

from apps.core.search import search_text
from apps.core.text import normalize

# The line under "Nơi nhận" naming the copies kept by the clerk and the drafting unit ("- Lưu: VT, VP."): the same
# on every document, so it would make "vt" match them all.
FILE_COPY_PREFIX = "Lưu:"


def recipient_names(recipients_text: str) -> list[str]:
    """The places a document is sent to, from its frozen "Nơi nhận" block (``- Sở Tài chính;`` one a line), without
    the bullet, the final punctuation and the clerk's file-copy line."""
    names = []
    for line in (recipients_text or "").splitlines():
        name = normalize(line).removeprefix("-").strip().rstrip(";.").strip()
        if name and not name.startswith(FILE_COPY_PREFIX):
            names.append(name)
    return names


def outgoing_search_text(*, number: int | None, notation: str, subject: str, recipients_text: str) -> str:
    """The ``search_text`` of an issued document: number and notation as written (``05/SAL-VP``) and apart, subject,
    and the names of the places it is sent to. A function of frozen columns only, so it can always be recomputed."""
    written = f"{number:02d}/{notation}" if number and notation else ""
    return search_text(written, number, notation, subject, *recipient_names(recipients_text))
