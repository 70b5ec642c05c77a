"""Accent-insensitive search on a text column, fast at a million rows.

PostgreSQL's ``unaccent`` is not IMMUTABLE, so it can be neither a generated column nor an index expression,
and wrapping it in an immutable SQL function would put a function into the template schema, which the clone
refuses (tenants/cloning.py). Instead the service stores, on save, a *search key* of the searchable fields —
NFC-normalised, spaces collapsed, diacritics removed as ``unaccent`` removes them (đ → d), lower-cased — in a
plain column with a GIN trigram index (``gin_trgm_ops``). A query goes through the same ``search_key`` and
every word of it must occur in that column (``LIKE '%word%'``, which the trigram index answers).

Any model reuses this (incoming documents: documents.search, issued ones: outgoing.search): give it a
``search_text`` column filled with ``search_text(...)`` of its fields by the service, a ``GinIndex(OpClass(...))``
on it, and filter with ``search_in(queryset, q)`` (docs/documents.md, "Search and filters")."""

import re

from django.db.models import Q, QuerySet

from .text import normalize, strip_accents

# A query is cut to this many words and characters (a pasted paragraph must not become a huge query).
MAX_WORDS = 8
# pg_trgm takes no trigram from a word shorter than this in a LIKE pattern.
SHORT_WORD = 3
MAX_QUERY_LENGTH = 200


# "Về việc" and its abbreviation "V/v" open most subject lines: either finds the other.
VE_VIEC = re.compile(r"(?<!\w)ve viec(?!\w)")


def search_key(text: str) -> str:
    """The form text is stored and searched in: normalised, without diacritics, lower case ("về việc" as "v/v")."""
    return VE_VIEC.sub("v/v", strip_accents(normalize(text)).lower())


def search_text(*parts: object) -> str:
    """The search column's value for a document: the search keys of ``parts`` (empty ones skipped)."""
    return " ".join(key for key in (search_key(str(p)) for p in parts if p not in (None, "")) if key)


def query_terms(q: str) -> list[tuple[str, ...]]:
    """What a query asks for, in search form: one term per word, every term must match (at most MAX_WORDS).
    A word of three characters or more is looked for anywhere. A shorter one yields no trigram, so the index could
    not look it up alone; it is looked for next to a word typed beside it — before it or after it — since
    Vietnamese words are mostly two syllables written in that order (``cong an``, ``du toan``, ``so tu phap``)."""
    words = list(dict.fromkeys(search_key(q[:MAX_QUERY_LENGTH]).split()))[:MAX_WORDS]
    terms: list[tuple[str, ...]] = []
    for i, word in enumerate(words):
        if len(word) >= SHORT_WORD or len(words) == 1:
            terms.append((word,))
            continue
        phrases = []
        if i > 0:
            phrases.append(f"{words[i - 1]} {word}")
        if i + 1 < len(words):
            phrases.append(f"{word} {words[i + 1]}")
        terms.append(tuple(phrases))
    # A word already required inside a phrase ("toan" in "du toan") adds nothing but a worse row estimate.
    required = {word for term in terms if len(term) == 1 and " " in term[0] for word in term[0].split()}
    return [t for t in dict.fromkeys(terms) if not (len(t) == 1 and " " not in t[0] and t[0] in required)]


def search_in(queryset: QuerySet, q: str, *, field: str = "search_text") -> QuerySet:
    """Rows of ``queryset`` matching ``search_condition(q, field)``."""
    condition = search_condition(q, field=field)
    return queryset.filter(condition) if condition else queryset


def search_condition(q: str, *, field: str = "search_text") -> Q:
    """Rows whose ``field`` (a search column filled with ``search_text``) matches every term of ``q``. The column
    is already lower case, so plain ``LIKE`` is used, which the trigram index serves (no lower() per row). A short
    word's two phrases are one regular expression (``cong an|an dong``), which the trigram index serves in the same
    scan as the other words: an OR of two LIKEs makes PostgreSQL scan the index once per phrase, repeating every
    other word's posting lists each time."""
    condition = Q()
    for alternatives in query_terms(q or ""):
        if len(alternatives) == 1:
            condition &= Q(**{f"{field}__contains": alternatives[0]})
        else:
            condition &= Q(**{f"{field}__regex": "|".join(re.escape(phrase) for phrase in alternatives)})
    return condition
