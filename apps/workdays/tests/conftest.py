import pytest

from apps.workdays import cache


@pytest.fixture(autouse=True)
def _fresh_calendar_versions() -> None:
    """Each test starts from new versions of every level: a calendar cached by an earlier test, whose rows were
    rolled back with its transaction, is never read again."""
    for level in (cache.PROVINCE, "alpha", "beta", "public"):
        cache.bump(level)
