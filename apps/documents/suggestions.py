"""The registration form pre-filled from a scan (issue 9, point 6): what ``ocr.suggest`` read from a file's text,
turned into the incoming registration form's initial values, and the names of the fields so filled, which the
form marks ("gợi ý từ bản quét") for the clerk to confirm or correct.

Each value is matched against what the form accepts: the issuer against the agencies of the province and the
directory (the issuer picker's search, so a known agency comes with its code), the type against the agency's
active document types (by abbreviation, or by name for a công văn), "Kính gửi" against the agency's units, the
number, notation, urgency and secrecy against their rules. What does not fit is left for the clerk to type."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apps.core.agency_search import find_agencies
from apps.people.models import Unit
from apps.registers.models import DocumentType, Secrecy, Urgency
from apps.registers.numbering import is_well_formed_notation
from ocr.suggest import Suggestions

from . import search

# A suggestion less sure than this is not offered (ocr.suggest gives 0.5 to a guess: a date without its place).
MIN_CONFIDENCE = 0.5
# The administrative level that starts the place in a parent agency's name (UBND TỈNH ĐỒNG NAI → ĐỒNG NAI).
LEVEL = re.compile(r"\b(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\s+(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Prefill:
    """The form's initial values and the names of the fields they came from the scan for."""

    initial: dict[str, Any]
    suggested: frozenset[str]


def prefill(suggestions: Suggestions) -> Prefill:
    """The registration form's initial data for ``suggestions`` (run inside the agency's schema)."""
    initial: dict[str, Any] = {}
    for reader in READERS:
        initial.update(reader(suggestions))
    return Prefill(initial, frozenset(name for name, value in initial.items() if value not in (None, "", [])))


def _sure(suggestion) -> bool:
    return bool(suggestion) and suggestion.confidence >= MIN_CONFIDENCE


def _issuer(found: Suggestions) -> dict[str, Any]:
    """The agency the scan names, as the issuer picker would find it (with its code); else its name as printed."""
    if not _sure(found.issuer):
        return {}
    parts = [part.strip() for part in found.issuer.value.split(" / ") if part.strip()]
    own = parts[-1]
    place = LEVEL.search(parts[0]) if len(parts) > 1 else None
    queries = [f"{own} {place.group(1)}"] if place else []
    for query in [*queries, own]:
        match = _one_agency(query)
        if match is not None:
            return {"issuer_name": match.name, "issuer_code": match.code}
    return {"issuer_name": own[:200]}


def _one_agency(query: str):
    """The agency ``query`` names: one named exactly so, else the only one found."""
    found = find_agencies(query, limit=5)
    exact = [match for match in found if search.search_key(match.name) == search.search_key(query)]
    if exact:
        return exact[0]
    return found[0] if len(found) == 1 else None


def _reference(found: Suggestions) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    if _sure(found.number) and found.number.value.isdigit() and 1 <= int(found.number.value) <= 10**11:
        initial["number"] = int(found.number.value)
    notation = search.normalize(found.notation.value)
    if _sure(found.notation) and len(notation) <= 30 and is_well_formed_notation(notation):
        initial["notation"] = notation
    return initial


def _dates(found: Suggestions) -> dict[str, Any]:
    # The form's DateInput shows a date as dd/mm/yyyy.
    return {"issued_date": found.issued_date.value} if _sure(found.issued_date) else {}


def _type(found: Suggestions) -> dict[str, Any]:
    if not _sure(found.document_type):
        return {}
    active = DocumentType.objects.filter(is_active=True)
    abbreviation = found.document_type_abbreviation.value
    kind = (active.filter(abbreviation=abbreviation) if abbreviation else active.none()).first() or active.filter(
        name__iexact=found.document_type.value
    ).first()
    return {"document_type": kind.pk} if kind else {}


def _texts(found: Suggestions) -> dict[str, Any]:
    """The subject and the signer, within the form's lengths; the position with its capacity (KT. GIÁM ĐỐC)."""
    initial: dict[str, Any] = {}
    if _sure(found.subject):
        initial["subject"] = search.normalize(found.subject.value)[:500]
    if _sure(found.signer) and len(found.signer.value) <= 50:
        initial["signer"] = found.signer.value
    position, capacity = found.signer_position.value, found.signing_capacity.value
    shown = f"{position} ({capacity})" if position and capacity else position or capacity
    if shown and (_sure(found.signer_position) or _sure(found.signing_capacity)):
        initial["signer_position"] = shown[:100]
    return initial


def _marks(found: Suggestions) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    if _sure(found.urgency) and found.urgency.value in Urgency.values:
        initial["urgency"] = found.urgency.value
    if _sure(found.secrecy) and found.secrecy.value in Secrecy.values:
        initial["secrecy"] = found.secrecy.value
    return initial


def _recipients(found: Suggestions) -> dict[str, Any]:
    """The agency's own units named after "Kính gửi" (an outside recipient is not one of the form's choices)."""
    if not _sure(found.recipients):
        return {}
    wanted = {search.search_key(name) for name in found.recipients.value}
    units = [unit.pk for unit in Unit.objects.filter(is_active=True) if search.search_key(unit.name) in wanted]
    return {"recipient_units": units} if units else {}


READERS: tuple[Callable[[Suggestions], dict[str, Any]], ...] = (
    _issuer,
    _reference,
    _dates,
    _type,
    _texts,
    _marks,
    _recipients,
)
