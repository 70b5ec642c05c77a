"""Full-text search over a document's fields and the text of its files (issue 9, point 5; docs/fulltext.md).

**The index.** A searchable document table (incoming here, issued outgoing documents in apps.outgoing) has two
columns: ``search_vector`` (a tsvector, GIN-indexed) and ``fulltext`` (the files' text as indexed, NFC; read only
for the snippets of a page, never by the lists themselves). The vector is built here, in Python, not by
PostgreSQL's text parser (which depends on the database's locale and knows nothing of Vietnamese): the text is cut
into syllables (letters and digits), and each syllable gives

- its folded form (no diacritics, lower case, đ → d: ``apps.core.text.strip_accents``, as ``unaccent``): ``van``;
- its form as written, lower case, when it has diacritics: ``văn`` (so that an exact match can be ranked first);
- with the next syllable, the folded pair ``van_ban``. Most Vietnamese words are two syllables, each of them very
  common ("văn bản", "phần mềm"): a phrase is then one posting list of the index instead of the intersection of two
  huge ones rechecked row by row. (Pairs as written, ``văn_bản``, would add a quarter to the index for a finer
  ranking only: the exact match is ranked on the syllables as written.)

Fields (number and notation, subject, issuer, …) come first with weight A, the files' text after them with weight
D; a gap in the positions keeps pairs and phrases from spanning two parts.

**Queries.** Every word must occur (folded: with or without accents); a word of one or two letters is looked for
next to the word typed before or after it (as ``apps.core.search`` does), as a pair; a phrase in quotes
(``"văn bản"``) must occur as typed, word after word — each of its pairs, one after the other. A search ranked by
relevance ranks only the ``RANK_WINDOW`` newest matches: exact matches (the accents as typed) first, then those
holding the plain query's words as a phrase, then PostgreSQL's ``ts_rank``.

Which documents hold which files, and what their fields are, is told by each document app through
``register_source`` (documents knows nothing of the layers above it)."""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from django.db import models, transaction
from django.db.models import Func, QuerySet, Value

from apps.core.text import normalize, strip_accents

WORD = re.compile(r"[^\W_]+")
# PostgreSQL keeps positions up to 16383 and 256 of them per lexeme; past that a word still matches, and a pair
# (a two-word phrase) still matches exactly, since the pair itself says the two words are adjacent.
MAX_POSITIONS_PER_LEXEME = 256
# The files' text starts at this position, after the fields (number, subject, issuer…: fewer words than that), so
# that the text's part of a vector does not depend on the fields.
TEXT_START = 1_000
# The vector's statistics target (PostgreSQL's maximum): the planner then knows the frequency of some 30,000 words and
# pairs, not 1,000, and walks the newest rows for a common one, reads the index for a rare one (docs/benchmarks.md).
STATISTICS = 10_000
# The files' text kept and indexed per document (characters): a 200-page scan is read in full, but a document's
# vector must stay under PostgreSQL's 1 MB.
MAX_TEXT = 300_000


# ---- the index --------------------------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """The syllables of ``text``, NFC, lower case."""
    return WORD.findall(normalize(text).lower())


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """A syllable without accents (cached: a language has a few thousand syllables)."""
    return strip_accents(word)


def _lexemes_of(syllables: list[str]) -> Iterable[tuple[int, str]]:
    """(offset, lexeme) of every syllable, folded and as written, and of every pair of adjacent syllables, folded."""
    folded = [fold(word) for word in syllables]
    for i, word in enumerate(syllables):
        yield i, folded[i]
        if folded[i] != word:
            yield i, word
    for i in range(len(syllables) - 1):
        yield i, f"{folded[i]}_{folded[i + 1]}"


def document_vector(fields: Iterable[str], texts: Iterable[str]) -> str:
    """The tsvector (as PostgreSQL's literal) of a document: ``fields`` with weight A from position 1, the files'
    ``texts`` with weight D (PostgreSQL's default, unwritten) from TEXT_START, each part apart from the next.
    PostgreSQL merges a lexeme found in both (and sets positions past 16383 to 16383)."""
    return " ".join(filter(None, [part_vector(fields, start=1, weight="A"), part_vector(texts, start=TEXT_START)]))


def part_vector(parts: Iterable[str], *, start: int, weight: str = "") -> str:
    """The tsvector literal of ``parts`` from position ``start``, each part apart from the next."""
    positions: dict[str, list[int]] = {}
    for text in parts:
        syllables = words(text)
        for offset, lexeme in _lexemes_of(syllables):
            found = positions.get(lexeme)
            if found is None:
                positions[lexeme] = [start + offset]
            elif len(found) < MAX_POSITIONS_PER_LEXEME:
                found.append(start + offset)
        start += len(syllables) + 1
    return " ".join(f"'{lexeme}':{_positions(found, weight)}" for lexeme, found in positions.items())


def _positions(found: list[int], weight: str) -> str:
    return ",".join(f"{p}{weight}" for p in found) if weight else ",".join(map(str, found))


# ---- the sources: which tables are indexed, and from what ----------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A searchable document table: ``model`` (with ``search_vector`` and ``fulltext``), the ``fields`` a document is
    found by (strings), the ids of its files in order (``file_ids``), and the ids of its documents holding any of
    some files (``holding``: a queryset of pks)."""

    model: type[models.Model]
    fields: Callable[[models.Model], list[str]]
    file_ids: Callable[[models.Model], list[int]]
    holding: Callable[[list[int]], QuerySet]


SOURCES: list[Source] = []


def register_source(source: Source) -> None:
    """A document app's table joins the full-text index (from its AppConfig.ready())."""
    if all(s.model is not source.model for s in SOURCES):
        SOURCES.append(source)


def source_of(model: type[models.Model]) -> Source:
    return next(s for s in SOURCES if s.model is model)


def _text_model() -> type[models.Model] | None:
    """Where the intake chain keeps a file's text (``documents.StoredFileText``: file, text), None before it exists."""
    from django.apps import apps

    try:
        return apps.get_model("documents", "StoredFileText")
    except LookupError:
        return None


def stored_text_available() -> bool:
    """Whether the intake chain keeps the text it read from files."""
    return _text_model() is not None


def file_texts(file_ids: list[int]) -> dict[int, str]:
    """The text the intake chain read from each of the stored files (those it has read)."""
    model = _text_model()
    if not file_ids or model is None:
        return {}
    return dict(model.objects.filter(file_id__in=file_ids).values_list("file_id", "text"))


def refresh_document(document: models.Model, *, texts: Mapping[int, str] | None = None) -> None:
    """Recompute ``document``'s vector and indexed text from its fields and its files' text (``texts``, file id →
    text, when the caller has it; read from the stored files otherwise). Called by the services when a document's
    fields or files change (registration, correction, issue)."""
    source = source_of(type(document))
    ids = source.file_ids(document)
    if texts is None and not stored_text_available():
        body = document.fulltext  # the files' text as the intake task gave it last time
    else:
        texts = file_texts(ids) if texts is None else texts
        body = "\n".join(normalize(texts.get(i) or "") for i in ids if texts.get(i))[:MAX_TEXT]
    vector = document_vector(source.fields(document), [body] if body else [])
    source.model._base_manager.filter(pk=document.pk).update(
        search_vector=Func(Value(vector), template="CAST(%(expressions)s AS tsvector)"), fulltext=body
    )


def refresh_for_files(file_ids: list[int], *, texts: Mapping[int, str] | None = None) -> int:
    """Re-index every document (of every registered table) holding one of ``file_ids``: the intake task calls it once
    a file's text is read. Returns how many documents were re-indexed."""
    done = 0
    for source in SOURCES:
        for document in source.model._base_manager.filter(pk__in=source.holding(file_ids)):
            refresh_document(document, texts=None if texts is None else _with_stored(texts, source, document))
            done += 1
    return done


def _with_stored(texts: Mapping[int, str], source: Source, document: models.Model) -> dict[int, str]:
    """``texts`` given for some files, the stored text of the document's other files."""
    others = [i for i in source.file_ids(document) if i not in texts]
    return {**file_texts(others), **texts}


def index_missing(batch: int = 500) -> int:
    """Index every document of the current schema that has no vector yet (documents registered before the index, or
    written outside the services), ``batch`` at a time, each batch in its own transaction; returns how many."""
    done = 0
    for source in SOURCES:
        manager = source.model._base_manager
        while ids := list(
            manager.filter(search_vector__isnull=True).order_by("pk").values_list("pk", flat=True)[:batch]
        ):
            with transaction.atomic():
                for document in manager.filter(pk__in=ids):
                    refresh_document(document)
            done += len(ids)
    return done


def index_operations(model: str, index_name: str) -> list:
    """The migration operations adding the index to a document table (``"app_label.modelname"``), safe on a million
    rows: two columns without a rewrite (the vector NULL until indexed, the text's default a constant), the vector's
    statistics target (STATISTICS), the GIN index and the partial index of the rows not indexed yet built
    CONCURRENTLY on a roll-out (the migration declares ``atomic = False``). Existing documents are indexed by
    ``manage.py index_fulltext``."""
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVectorField
    from django.db import migrations

    from tenants.migration_ops import add_index_concurrently

    app_label, model_name = model.split(".")
    statistics = f"ALTER TABLE {app_label}_{model_name} ALTER COLUMN search_vector SET STATISTICS {{}}"
    vector = SearchVectorField(blank=True, editable=False, null=True, verbose_name="full-text index")
    text = models.TextField(blank=True, db_default="", default="", editable=False, verbose_name="text of the files")
    return [
        migrations.AddField(model_name=model_name, name="search_vector", field=vector),
        migrations.AddField(model_name=model_name, name="fulltext", field=text),
        migrations.RunSQL(statistics.format(STATISTICS), statistics.format(-1)),
        add_index_concurrently(model, GinIndex(fields=["search_vector"], name=index_name)),
        add_index_concurrently(model, not_indexed(index_name.replace("_fulltext", "_not_indexed"))),
    ]


def not_indexed(name: str) -> models.Index:
    """The partial index of a table's rows without a vector yet (none once ``index_fulltext`` has run): the search
    finds them by their fields' search key through it."""
    return models.Index(fields=["id"], condition=models.Q(search_vector__isnull=True), name=name)
