"""Publication dates are normalised to ISO 8601 from the spellings corpora use."""

from __future__ import annotations

import pytest

from extract.readers.dates import iso_date
from extract.readers.fields import RecordError, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023", "2023"),
        ("2018-10", "2018-10"),
        ("2023-03-26T10:00:00Z", "2023-03-26"),
        ("2023/3/26", "2023-03-26"),
        ("Mar 26, 2023", "2023-03-26"),
        ("March 5 2023", "2023-03-05"),
        ("Sept. 3, 2021", "2021-09-03"),
        ("26 Mar 2023", "2023-03-26"),
        ("Mon, 2 Apr 2007 19:18:42 GMT", "2007-04-02"),
    ],
)
def test_date_spellings(text: str, expected: str) -> None:
    assert iso_date(text) == expected


@pytest.mark.parametrize("text", ["2023-13-01", "Feb 30, 2023", "Dec 10", "soon", "", "0999"])
def test_impossible_or_partial_dates_are_none(text: str) -> None:
    assert iso_date(text) is None


def test_parse_date_types() -> None:
    assert parse_date(2021) == "2021"
    assert parse_date(42) is None
    assert parse_date(None) is None and parse_date(True) is None
    with pytest.raises(RecordError, match="'published' must be a string"):
        parse_date(["2021"])
