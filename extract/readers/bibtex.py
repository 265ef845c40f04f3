"""BibTeX (``.bib``), as reference managers export it: one Paper per entry.

Fields are read case-insensitively with LaTeX accents decoded (``Gra{\\c c}a`` -> ``Graça``):
``title``, ``abstract``, ``author`` (split on `` and ``; ``Last, First`` turned round),
``year`` (and ``month``), ``journal`` / ``booktitle`` as the venue, ``doi``, ``eprint`` with
``archiveprefix = arXiv`` as the arXiv id, ``url``; the citation key and entry type go to
``Paper.extra``. An entry without an abstract is skipped like any record without text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import bibtexparser
from bibtexparser.model import Entry
from pylatexenc.latex2text import LatexNodes2Text

from extract.ids import name_id
from extract.readers.fields import RecordError, clean_text, make_paper, parse_date
from extract.records import Author, Paper, SkippedRecord, Venue

_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_BRACES = re.compile(r"[{}]")
_ENTRY = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)


def looks_like_bibtex(head: str) -> bool:
    """Whether a file's first bytes hold a BibTeX entry."""
    return bool(_ENTRY.search(head))


def read_bibtex(path: Path, source: str) -> Iterator[Paper | SkippedRecord]:
    """Yield one Paper per usable entry; record numbers are the entry's first line."""
    text = path.read_text(encoding="utf-8", errors="surrogateescape").removeprefix("\ufeff")
    library = bibtexparser.parse_string(text)
    for entry in library.entries:
        try:
            yield bibtex_paper(entry, source)
        except RecordError as err:
            reason = f"{err} (entry {entry.key})"
            yield SkippedRecord(source=source, record=(entry.start_line or 0) + 1, reason=reason)
    for block in library.failed_blocks:
        reason = f"invalid BibTeX: {str(block.error).splitlines()[0]}"
        yield SkippedRecord(source=source, record=(block.start_line or 0) + 1, reason=reason)


def bibtex_paper(entry: Entry, source: str) -> Paper:
    """A Paper from one parsed BibTeX entry; RecordError says why it is unusable."""
    fields = {field.key.lower(): _plain(field.value) for field in entry.fields}
    year = fields.get("year", "")
    month = fields.get("month", "")
    published = parse_date(f"{month} 1, {year}") if month and year else None
    arxiv = fields.get("eprint") if fields.get("archiveprefix", "").lower() == "arxiv" else None
    venue_name = fields.get("journal") or fields.get("booktitle")
    return make_paper(
        title=fields.get("title"),
        abstract=fields.get("abstract"),
        source=source,
        authorships=[Author(name=name) for name in _authors(fields.get("author", ""))],
        published=published[:7] if published else parse_date(year or None),
        url=fields.get("url"),
        arxiv=arxiv,
        doi=fields.get("doi"),
        venue=Venue(id=name_id(venue_name), name=venue_name) if venue_name else None,
        extra={"bibtex_key": entry.key, "entry_type": entry.entry_type.lower()},
    )


_LATEX = LatexNodes2Text()


def _plain(value: object) -> str:
    """A field value as one line of text: LaTeX accents and commands decoded (only where a
    backslash says there are any: decoding is slow), grouping braces dropped."""
    text = value if isinstance(value, str) else str(value)
    if "\\" in text:
        text = _LATEX.latex_to_text(text)
    return clean_text(_BRACES.sub("", text), "field")


def _authors(value: str) -> list[str]:
    names = []
    for part in _AND.split(value):
        last, comma, first = part.partition(",")
        name = f"{first.strip()} {last.strip()}" if comma else part
        if name.strip() and name.strip().lower() != "others":
            names.append(" ".join(name.split()))
    return names
