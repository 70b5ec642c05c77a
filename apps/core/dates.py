"""Dates as people type them: dd/mm/yyyy (Decree 30 and every paper form), also d/m/yy — ``2/12/26`` is
02/12/2026 — with ``/``, ``-`` or ``.`` between the parts; and ISO yyyy-mm-dd, what the API and scripts send."""

import datetime
import re

from django.utils.translation import gettext_lazy as _

FORMAT_HINT = "dd/mm/yyyy"
FORMAT_ERROR = _("Enter a date as dd/mm/yyyy, e.g. 05/01/2026.")

_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(text: str) -> datetime.date | None:
    """The date ``text`` names, or None when it names none. A two-digit year is of this century (26 → 2026)."""
    text = (text or "").strip()
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        year += 2000 if len(match.group(3)) == 2 else 0
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None
