"""Where a notification leads: each app says how to open the objects it notifies about, from its AppConfig.ready()
(``register_link("documents.incomingdocument", lambda pk: reverse(...))``), so this app knows no other app."""

from collections.abc import Callable

_links: dict[str, Callable[[str], str]] = {}


def register_link(object_type: str, url_for: Callable[[str], str]) -> None:
    """``url_for(object_id)`` is the page of an object of ``object_type`` (``app_label.model``)."""
    _links[object_type] = url_for


def url_for(object_type: str, object_id: str) -> str:
    """The page of the object, or "" when no app claims its type (the notification is then shown without link)."""
    resolve = _links.get(object_type)
    return resolve(object_id) if resolve and object_id else ""
