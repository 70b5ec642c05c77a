"""Database expressions of the outgoing app, kept out of models.py so that migrations import them without the
models: the checksum that freezes an issued document's content in the database."""

from django.db.models import CharField, Func


class Sha256Hex(Func):
    """``encode(sha256(convert_to(text, 'UTF8')), 'hex')``: PostgreSQL's built-in SHA-256 (no pgcrypto)."""

    template = "encode(sha256(convert_to(%(expressions)s, 'UTF8')), 'hex')"
    output_field = CharField()


class IsoDate(Func):
    """A date as ``YYYY-MM-DD`` whatever the session's DateStyle."""

    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    output_field = CharField()
