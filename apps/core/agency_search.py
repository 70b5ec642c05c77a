"""Agencies found by what a clerk types: names with or without accents, the abbreviations clerks use (UBND, HĐND,
UBMTTQ, an agency's own) and codes, among the agencies of this deployment and of the directory (issuer and
recipient pickers)."""

import re
from dataclasses import dataclass

from django.db.models import Q

from province.directory.models import DirectoryEntry
from tenants.models import Agency

from .search import MAX_QUERY_LENGTH, MAX_WORDS, search_key
from .text import normalize, strip_accents

CODE_PATTERN = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$", re.IGNORECASE)


def looks_like_agency_code(text: str) -> bool:
    """A QCVN 102 agency code such as ``000.00.00.H19``."""
    return bool(CODE_PATTERN.match(text.strip()))


# Abbreviations clerks type for words of agency names: each finds the words written out ("UBND tỉnh" finds "Ủy ban
# nhân dân tỉnh Đồng Nai") and the abbreviation itself written in a name ("UBND tỉnh Bình Dương"); the words
# written out in a query find the abbreviation too. Longest first: a query is rewritten with the longest phrase.
ABBREVIATIONS = {
    "vpubnd": "van phong uy ban nhan dan",
    "ubmttq": "uy ban mat tran to quoc",
    "mttq": "mat tran to quoc",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "tw": "trung uong",
    "tp": "thanh pho",
}
# Agency names are joined by these words, which their abbreviations skip (SKHCN: Sở Khoa học và Công nghệ).
SKIPPED_WORDS = ("va",)
VOWELS = set("aeiouy")
# An abbreviation spelled out as initials is at most this long (UBMTTQ, SLĐTBXH).
MAX_INITIALS = 8
# The start of a QCVN 102 code (000.00.02.H19) or of a QĐ 20 one (H19.02).
CODE_PREFIX = re.compile(r"^\d{3}(\.\d{0,2}){0,2}(\.[a-z]\d{0,2})?$", re.IGNORECASE)
QD20_PREFIX = re.compile(r"^[a-y]\d{2}(\.[0-9a-z]*)*$", re.IGNORECASE)
AGENCY_CANDIDATES = 50


@dataclass(frozen=True)
class AgencyTerm:
    """One word of an agency query and the ways it may match: ``words`` written out (any of them, anywhere in the
    name), ``initials`` (the letters of an abbreviation, each starting a word of the name), ``abbreviation`` (an
    agency's own, exactly), ``code``/``code_qd20`` (the start of a QCVN 102 / QĐ 20 code)."""

    words: tuple[str, ...]
    initials: str = ""
    abbreviation: str = ""
    code: str = ""
    code_qd20: str = ""


def _looks_abbreviated(typed: str, letters: str) -> bool:
    """``UBND``, ``snv``, ``hdnd``: typed in capitals, or a word no Vietnamese syllable spells (no vowel), or a
    known abbreviation."""
    if not 2 <= len(letters) <= MAX_INITIALS or not letters.isalpha():
        return False
    capitals = sum(ch.isupper() for ch in typed)
    return (
        (capitals >= 2 and capitals == sum(ch.isalpha() for ch in typed))
        or not (set(letters) & VOWELS)
        or (letters in ABBREVIATIONS)
    )


def agency_terms(q: str) -> list[AgencyTerm]:
    """What an agency query asks for, one term per word (every term must match), at most MAX_WORDS."""
    typed = strip_accents(normalize(q[:MAX_QUERY_LENGTH]))
    key = typed.lower()
    for abbreviation, phrase in ABBREVIATIONS.items():  # words written out count as their abbreviation
        key = re.sub(rf"(?<!\w){phrase}(?!\w)", abbreviation, key)
    typed_words = {word.lower(): word for word in typed.split()}
    terms = []
    for word in list(dict.fromkeys(key.split()))[:MAX_WORDS]:
        stripped = word.strip(".,;:()\"'-")
        if not stripped:
            continue
        letters = re.sub(r"[^a-z0-9]", "", stripped)
        words = (stripped, ABBREVIATIONS[letters]) if letters in ABBREVIATIONS else (stripped,)
        abbreviated = _looks_abbreviated(typed_words.get(word, word), letters)
        terms.append(
            AgencyTerm(
                words=words,
                initials=letters if abbreviated else "",
                abbreviation=letters.upper(),
                code=stripped.upper() if CODE_PREFIX.match(stripped) else "",
                code_qd20=stripped.upper() if QD20_PREFIX.match(stripped) else "",
            )
        )
    return terms


def initials_pattern(letters: str, *, word_start: str = r"\m") -> str:
    """A regular expression finding ``letters`` as the initials of consecutive words (``ubnd`` in "uy ban nhan
    dan"), words such as "và" skipped. ``word_start``: PostgreSQL's ``\\m``, or ``\\b`` for Python's ``re``."""
    gap = r"\W+(?:(?:" + "|".join(SKIPPED_WORDS) + r")\W+)?"
    return word_start + gap.join(rf"{letter}\w*" for letter in letters)


def agency_condition(term: AgencyTerm, *, name_fields: tuple[str, ...], abbreviation: bool) -> Q:
    """The rows an agency term matches: a word written out in one of ``name_fields`` (without accents), the
    initials in the first of them, the abbreviation (``abbreviation``: the model has one), the code's start."""
    condition = Q()
    for name_field in name_fields:
        for word in term.words:
            condition |= Q(**{f"{name_field}__unaccent__icontains": word})
    if term.initials:
        condition |= Q(**{f"{name_fields[0]}__unaccent__iregex": initials_pattern(term.initials)})
    if abbreviation and term.abbreviation:
        condition |= Q(abbreviation__unaccent__iexact=term.abbreviation)
    if term.code:
        condition |= Q(code_102__startswith=term.code)
    if term.code_qd20:
        condition |= Q(code_qd20__startswith=term.code_qd20)
    return condition


@dataclass(frozen=True)
class AgencyMatch:
    """An agency found: of this deployment (``in_deployment``) or of the directory."""

    name: str
    code: str
    abbreviation: str = ""
    in_deployment: bool = False

    @property
    def hint(self) -> str:
        """What is shown under the name: the abbreviation and the code."""
        return " · ".join(part for part in (self.abbreviation, self.code) if part)


def _rank(match: AgencyMatch, first: AgencyTerm | None) -> tuple:
    """Agencies whose own abbreviation is the first word come first, then those whose name starts with it
    (``UBND tỉnh`` → "Ủy ban nhân dân tỉnh …" before "Văn phòng Ủy ban nhân dân tỉnh …"), the deployment's own
    before the directory's, then by name."""
    if first is None:
        return (2, not match.in_deployment, match.name)
    name = search_key(match.name)
    exact = bool(first.abbreviation) and strip_accents(match.abbreviation).upper() == first.abbreviation
    starts = any(name.startswith(word) for word in first.words) or bool(
        first.initials and re.match(initials_pattern(first.initials, word_start=r"\b"), name)
    )
    return (0 if exact else 1 if starts else 2, not match.in_deployment, match.name)


def find_agencies(q: str, *, limit: int = 10, exclude_schemas: tuple[str, ...] = ()) -> list[AgencyMatch]:
    """Agencies of this deployment and of the directory matching every word of ``q`` — by name with or without
    accents, by the abbreviations clerks type (UBND, HĐND, UBMTTQ, SNV, an agency's own), or by code — best first.
    Both tables are small (a province's agencies, the directory's thousands of entries): two queries."""
    terms = agency_terms(q)
    if not terms or len(strip_accents(normalize(q))) < 2:
        return []
    agencies, entries = (
        Agency.objects.exclude(schema_name__in=exclude_schemas),
        DirectoryEntry.objects.filter(is_active=True),
    )
    for term in terms:
        agencies = agencies.filter(agency_condition(term, name_fields=("name", "short_name"), abbreviation=True))
        entries = entries.filter(agency_condition(term, name_fields=("name",), abbreviation=False))
    found = [
        AgencyMatch(a.name, a.code_102, a.abbreviation, in_deployment=True)
        for a in agencies.order_by("name")[:AGENCY_CANDIDATES]
    ]
    codes = {m.code for m in found}
    found += [
        AgencyMatch(e.name, e.code_102) for e in entries.order_by("name")[:AGENCY_CANDIDATES] if e.code_102 not in codes
    ]
    return sorted(found, key=lambda m: _rank(m, terms[0]))[:limit]


def agency_names(codes: list[str], *, exclude_schemas: tuple[str, ...] = ()) -> dict[str, str]:
    """The names of the agencies (this deployment's first, then the directory's) having these QCVN 102 codes."""
    codes = [c for c in codes if CODE_PATTERN.match(c)]
    names = dict(DirectoryEntry.objects.filter(code_102__in=codes, is_active=True).values_list("code_102", "name"))
    agencies = Agency.objects.filter(code_102__in=codes).exclude(schema_name__in=exclude_schemas)
    names.update(agencies.values_list("code_102", "name"))
    return names
