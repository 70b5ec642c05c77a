"""Where a year's non-working days are kept once computed: Redis, under a key naming the schema, the year, the
library's version and the two levels' versions. Every change of the province's exceptions bumps the province's
version, every change of an agency's bumps the agency's, after the change commits: the next calendar reads a new
key and computes it again (about 30 ms), and old keys expire by themselves.

The store is a client of the default cache's server whose keys are *not* prefixed with the current schema (the
default cache's KEY_FUNCTION prefixes them): the province's version must read the same from every schema, and
an agency's calendar the same from the agency's own requests and from a dispatcher in the public schema."""

import time
from functools import cache

from django.conf import settings
from django.core.cache.backends.base import BaseCache
from django.utils.module_loading import import_string

PREFIX = "workdays"
PROVINCE = "province"
# A year's non-working days stay this long after the last read of their version (a bump leaves them behind).
YEAR_TIMEOUT = 30 * 24 * 3600


@cache
def store() -> BaseCache:
    """A cache on the default cache's server, with plain keys (prefixed ``workdays``)."""
    default = settings.CACHES["default"]
    params = {"OPTIONS": default.get("OPTIONS", {}), "KEY_PREFIX": PREFIX, "TIMEOUT": YEAR_TIMEOUT}
    return import_string(default["BACKEND"])(default.get("LOCATION", ""), params)


def _version_key(level: str) -> str:
    return f"version:{level}"


def _start(key: str) -> int:
    """A version that never existed before: the clock in nanoseconds. An evicted or flushed version thus never
    comes back as a number whose year entries are still stored."""
    store().add(key, time.time_ns(), timeout=None)
    return store().get(key)


def versions(schema: str) -> tuple[int, int]:
    """The current versions of the province's exceptions and of ``schema``'s (one round trip when both exist)."""
    keys = [_version_key(PROVINCE), _version_key(schema)]
    found = store().get_many(keys)
    return tuple(found[key] if key in found else _start(key) for key in keys)


def bump(level: str) -> None:
    """A new version for ``level`` (``PROVINCE`` or an agency's schema): its calendars are computed again."""
    key = _version_key(level)
    try:
        store().incr(key)
    except ValueError:  # never read yet, or evicted
        _start(key)


def year_key(schema: str, year: int, versions: tuple[int, int], library_version: str) -> str:
    province, agency = versions
    return f"days:{schema}:{year}:{province}:{agency}:{library_version}"
