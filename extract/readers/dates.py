"""Publication dates in the spellings corpora use, normalised to ISO 8601.

Accepted: ``2023``, ``2023-03``, ``2023-03-26`` (with any time part), ``2023/03/26``,
``Mar 26, 2023`` / ``March 26 2023``, ``26 Mar 2023`` and RFC 2822 as in the arXiv OAI
``versions`` (``Mon, 2 Apr 2007 19:18:42 GMT``). Plain regular expressions: ``strptime``
is locale-bound and an order of magnitude slower on large corpora.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_ISO = re.compile(r"(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:[T ].*)?")
_MONTH_FIRST = re.compile(r"([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})")
_DAY_FIRST = re.compile(r"(?:[A-Za-z]{3},? )?(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})(?: .*)?")
_YEARS = range(1000, 3000)


def iso_date(text: str) -> str | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` for ``text``, or None when it is no date."""
    text = text.strip()
    match = _ISO.fullmatch(text)
    if match:
        year, month, day = match.groups()
        return _checked(int(year), int(month) if month else None, int(day) if day else None)
    match = _MONTH_FIRST.fullmatch(text)
    if match:
        month_name, day, year = match.groups()
        return _named(int(year), month_name, int(day))
    match = _DAY_FIRST.fullmatch(text)
    if match:
        day, month_name, year = match.groups()
        return _named(int(year), month_name, int(day))
    return None


def year_only(value: int) -> str | None:
    """``YYYY`` for a plausible year number, else None."""
    return f"{value:04d}" if value in _YEARS else None


def _named(year: int, month_name: str, day: int) -> str | None:
    month = _MONTHS.get(month_name.lower())
    return _checked(year, month, day) if month else None


def _checked(year: int, month: int | None, day: int | None) -> str | None:
    if year not in _YEARS:
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
