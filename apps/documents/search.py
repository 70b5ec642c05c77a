"""Accent-insensitive search on incoming documents: what they are found by (apps.core.search holds the search keys
and the query; docs/documents.md, "Search and filters")."""

from django.db.models import QuerySet

from apps.core.agency_search import find_agencies
from apps.core.search import search_in, search_key, search_text
from apps.core.text import normalize

# Re-exported for the documents app's forms, inputs, services and views, which read them from here.
__all__ = ["find_agencies", "incoming_search_text", "issuer_key", "normalize", "search_incoming"]


def incoming_search_text(document: object) -> str:
    """What an incoming document is found by: number and notation (also as written, ``12658/UBND-KGVX``),
    subject and issuer."""
    number, notation = document.number, document.notation
    written = f"{number:02d}/{notation}" if number and notation else ""
    return search_text(written, number, notation, document.subject, document.issuer_name)


def search_incoming(queryset: QuerySet, q: str) -> QuerySet:
    """Incoming documents of ``queryset`` matching ``q`` on number, notation, subject or issuer, whatever the
    accents, case or Unicode form of either side."""
    return search_in(queryset, q, field="search_text")


def issuer_key(name: str) -> str:
    """The issuer's name in search form (the issuer filter matches on it)."""
    return search_key(name)
