"""Files kept across a refused form.

A browser never re-sends a file after the page comes back with an error, so the clerk would pick every file
again. Instead, the view stores the files of a refused form (apps/documents/staging.py, in the agency's
content-addressed storage) and the form offers them again as ticked boxes carrying a signed token. A token names
a stored file by its SHA-256; it is signed for this agency and this person, and expires, so nobody can attach a
file they did not upload."""

from dataclasses import dataclass

from django.core import signing
from django.db import connection

KEPT_SUFFIX = "__kept"
MAX_AGE = 24 * 3600  # seconds a staged file stays offered


def _salt(owner: object) -> str:
    return f"core.staged-file:{connection.schema_name}:{owner}"


@dataclass(frozen=True)
class StagedFile:
    """A file already stored in the agency's storage, waiting for the form that brought it to be accepted."""

    sha256: str
    name: str
    content_type: str
    size: int

    def token(self, owner: object) -> str:
        return signing.dumps([self.sha256, self.name, self.content_type, self.size], salt=_salt(owner), compress=True)

    @classmethod
    def from_token(cls, token: str, owner: object) -> "StagedFile | None":
        """The staged file ``token`` names, or None when it was not signed for this agency and ``owner`` or
        has expired."""
        try:
            sha256, name, content_type, size = signing.loads(token, salt=_salt(owner), max_age=MAX_AGE)
        except (signing.BadSignature, ValueError, TypeError):
            return None
        return cls(sha256=str(sha256), name=str(name), content_type=str(content_type), size=int(size))
