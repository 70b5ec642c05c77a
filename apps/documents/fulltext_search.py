"""Full-text queries on the index of apps.documents.fulltext: what a query asks for, the lists' search condition,
the ranking of the newest matches and the snippets of a page (docs/fulltext.md)."""

import re
from bisect import bisect_left
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from django.contrib.postgres.search import SearchQueryField
from django.db.models import BooleanField, Case, F, Func, Q, QuerySet, Value, When
from django.utils.safestring import SafeString, mark_safe

from apps.core.search import search_condition, search_key
from apps.core.text import normalize, strip_accents

from .fulltext import WORD, fold

# What the index cannot answer alone: numbers and notations in part, "v/v" (apps.core.search).
NEEDS_FIELDS_KEY = re.compile(r"[\d/.-]|(?<!\w)v ?v(?!\w)|(?<!\w)ve viec(?!\w)")
# The index's columns: never read by a list (the text of every file of every row).
INDEX_FIELDS = ("search_vector", "fulltext")
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
QUOTES = '"“”„'
QUOTED = re.compile(rf"[{QUOTES}]([^{QUOTES}]*)(?:[{QUOTES}]|$)")
# A query is cut to this many characters and words (a pasted paragraph must not become a huge query).
MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
# A word shorter than this is looked for next to its neighbour (as a pair), not alone.
SHORT_WORD = 3
# A search ranked by relevance ranks the newest matches only (ranking every match of a common word reads them all).
RANK_WINDOW = 1_000
SNIPPET_WORDS = 24
# A snippet looks at this many characters around the first match.
SNIPPET_SCAN = 400
# Exact matches (accents as typed) first, then the plain query's words as a phrase, then a match in the fields.
EXACT_BONUS, PHRASE_BONUS = 4.0, 2.0


def clean(q: str) -> str:
    """The query as searched: control characters (NUL…) dropped, cut to MAX_QUERY_LENGTH, NFC, lower case."""
    return normalize(CONTROL.sub(" ", (q or "")[:MAX_QUERY_LENGTH])).lower()


@dataclass(frozen=True)
class Query:
    """What a query asks for: ``phrases`` in quotes (each a tuple of words) and the other ``words``, lower case, as
    typed (with or without accents)."""

    phrases: tuple[tuple[str, ...], ...]
    words: tuple[str, ...]

    @classmethod
    def parse(cls, q: str) -> "Query":
        text = clean(q)
        phrases = [tuple(WORD.findall(p)) for p in QUOTED.findall(text)]
        rest = WORD.findall(QUOTED.sub(" ", text))
        budget, kept = MAX_WORDS, []
        for phrase in phrases:
            if phrase and budget > 0:
                kept.append(phrase[:budget])
                budget -= len(kept[-1])
        return cls(tuple(kept), tuple(rest[: max(budget, 0)]))

    def __bool__(self) -> bool:
        return bool(self.phrases or self.words)

    # ---- tsquery literals ---------------------------------------------------------------------------------

    def matching(self) -> str:
        """Every word and phrase, folded: a tsquery literal."""
        terms = [_phrase(p) for p in self.phrases]
        for i, word in enumerate(self.words):
            if len(fold(word)) >= SHORT_WORD or len(self.words) == 1:
                terms.append(_lexeme(fold(word)))
                continue
            around = self.words[max(i - 1, 0) : i + 2]
            pairs = [_lexeme(_pair(a, b)) for a, b in pairwise(around)]
            terms.append("(" + " | ".join(dict.fromkeys(pairs)) + ")")
        return " & ".join(dict.fromkeys(terms))

    def exact(self) -> str:
        """Every word typed with accents, as typed ("" when none is): a tsquery literal."""
        typed = [*self.words, *(w for p in self.phrases for w in p)]
        return " & ".join(dict.fromkeys(_lexeme(w) for w in typed if fold(w) != w))

    def as_phrase(self) -> str:
        """The plain words as one phrase (each adjacent pair present), or "" for fewer than two words."""
        pairs = [_lexeme(_pair(a, b)) for a, b in pairwise(self.words)]
        return " & ".join(dict.fromkeys(pairs))

    def highlighted(self) -> set[str]:
        """The folded words a snippet marks."""
        return {fold(w) for w in (*self.words, *(w for p in self.phrases for w in p))}


def _lexeme(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _pair(first: str, second: str) -> str:
    """A pair of adjacent words as indexed (folded)."""
    return f"{fold(first)}_{fold(second)}"


def _phrase(phrase: tuple[str, ...]) -> str:
    """A phrase: one word, or its pairs one after the other (``'van_ban' <-> 'ban_phap'``)."""
    if len(phrase) == 1:
        return _lexeme(fold(phrase[0]))
    return "(" + " <-> ".join(_lexeme(_pair(a, b)) for a, b in pairwise(phrase)) + ")"


# ---- SQL --------------------------------------------------------------------------------------------------------


class TsQuery(Func):
    template = "CAST(%(expressions)s AS tsquery)"
    output_field = SearchQueryField()


class Matches(Func):
    """``vector @@ query``."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def matches(vector: str, tsquery: str) -> Matches:
    return Matches(F(vector), TsQuery(Value(tsquery)))


def fields_condition(query: Query, key_field: str) -> Q:
    """The query in the search key of the fields (``apps.core.search``): every word, each phrase as written."""
    condition = Q()
    for phrase in query.phrases:
        condition &= Q(**{f"{key_field}__contains": search_key(" ".join(phrase))})
    if query.words:
        condition &= search_condition(" ".join(query.words), field=key_field)
    return condition


def search(queryset: QuerySet, q: str, *, vector: str = "search_vector", key_field: str = "search_text") -> QuerySet:
    """Rows matching ``q`` in the full-text index (fields and files' text). A query with a digit or the punctuation of
    a number and notation (``/``, ``-``, ``.``) also matches, as before the index, the search key of the fields
    (``key_field``: a number or notation in part, ``1265`` in ``12658/UBND-KGVX``, ``v/v`` for "về việc"); any other
    query does so only for rows not indexed yet: the index holds the fields' words already, and the trigram index
    would read every row holding the trigrams of two common syllables ("công nhân": 1.5 s at a million documents)."""
    query = Query.parse(q)
    if not query:
        return queryset
    in_index, in_fields = Q(matches(vector, query.matching())), fields_condition(query, key_field)
    if not NEEDS_FIELDS_KEY.search(strip_accents(clean(q))):
        # Rows not indexed yet (before ``index_fulltext``) by their fields, through the partial index of those rows.
        in_fields &= Q(**{f"{vector}__isnull": True})
    return queryset.filter(in_index | in_fields)


def ranked(queryset: QuerySet, base: QuerySet, q: str, newest: list, *, key_field: str = "search_text") -> QuerySet:
    """The ``RANK_WINDOW`` first rows of ``queryset`` in the order ``newest`` (newest first), ranked: exact matches
    (every word typed with accents found as typed) first, then those holding the plain words as a phrase, then those
    matching in their fields (number, notation, subject…: ``key_field``); newest first within each. ``base`` is the
    list's queryset before the filters (what the person may see, with what the list joins).

    Each test of the index reads a row's whole vector (the text of its files): ranking reads at most two of them per
    row, and PostgreSQL's ``ts_rank`` (a third, for a frequency of little meaning in administrative prose) is not
    used."""
    query = Query.parse(q)
    window = queryset.order_by(*newest).values("pk")[:RANK_WINDOW]
    in_fields = fields_condition(query, key_field)
    score = Case(When(in_fields, then=Value(1.0)), default=0.0) if in_fields else Value(0.0)
    if query.exact():
        score = score + Case(When(matches("search_vector", query.exact()), then=Value(EXACT_BONUS)), default=0.0)
    if query.as_phrase():
        score = score + Case(When(matches("search_vector", query.as_phrase()), then=Value(PHRASE_BONUS)), default=0.0)
    return base.filter(pk__in=window).annotate(relevance=score).order_by("-relevance", *newest)


# ---- snippets ---------------------------------------------------------------------------------------------------


# Each accented Latin letter (Vietnamese's among them) to its base letter, one character for one: a text folded
# with it keeps its length, so a match in it is at the same place in the text.
FOLD_TABLE = str.maketrans(
    {chr(c): strip_accents(chr(c)) for c in range(0xC0, 0x1F00) if len(strip_accents(chr(c))) == 1}
)


def _region(text: str, wanted: set[str]) -> str:
    """The part of a long ``text`` around the first word of ``wanted``, found in the text without accents (one pass
    in C), so that a snippet of a 200-page scan costs no more than one of a page."""
    pattern = r"(?<![^\W_])(?:" + "|".join(re.escape(w) for w in sorted(wanted)) + r")(?![^\W_])"
    found = re.search(pattern, text.translate(FOLD_TABLE), flags=re.IGNORECASE)
    if found is None:
        return ""
    start = max(0, found.start() - SNIPPET_SCAN // 6)
    return text[start : start + SNIPPET_SCAN]


def snippet(text: str, query: Query) -> SafeString:
    """The passage of ``text`` (about SNIPPET_WORDS words) holding the most words of the query, HTML-escaped, the
    words found in ``<mark>``; "" when none is in it."""
    wanted = query.highlighted()
    region = _region(text or "", wanted) if wanted else ""
    spans = [(m.start(), m.end(), fold(m.group().lower()) in wanted) for m in WORD.finditer(region)]
    hits = [i for i, span in enumerate(spans) if span[2]]
    if not hits:
        return mark_safe("")
    best = max(range(len(hits)), key=lambda n: bisect_left(hits, hits[n] + SNIPPET_WORDS) - n)
    first = max(0, min(hits[best] - 4, len(spans) - SNIPPET_WORDS))
    last = min(first + SNIPPET_WORDS, len(spans))
    # From the end of the word before the passage to the start of the word after it (punctuation kept whole).
    at = spans[first - 1][1] if first else (0 if text.startswith(region) else spans[0][0])
    stop = spans[last][0] if last < len(spans) else (len(region) if text.endswith(region) else spans[-1][1])
    out = ["…" if at else ""]
    for start, end, hit in spans[first:last]:
        out.append(escape(region[at:start]))
        out.append(f"<mark>{escape(region[start:end])}</mark>" if hit else escape(region[start:end]))
        at = end
    out += [escape(region[at:stop]), "…" if stop < len(region) or not text.endswith(region) else ""]
    return mark_safe("".join(out).strip())  # noqa: S308 -- every piece of the text is escaped above


def attach_snippets(rows: list, q: str, model=None) -> None:
    """Give each row of a page its ``snippet`` of its files' text for ``q`` (one query for the page)."""
    query = Query.parse(q)
    for row in rows:
        row.snippet = ""
    if not rows or not query:
        return
    model = model or type(rows[0])
    texts = dict(model._base_manager.filter(pk__in=[r.pk for r in rows]).values_list("pk", "fulltext"))
    for row in rows:
        row.snippet = snippet(texts.get(row.pk, ""), query)
