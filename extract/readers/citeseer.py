"""The CiteSeer citation corpus: ``papers.jsonl`` (``{"id","text","label"}``) + ``edges.tsv``.

Ids become ``citeseer:<key>`` (numeric and textual keys kept as strings). ``text`` is title
and abstract glued together; ``extract.readers.titlesplit`` separates them. Each row
``citing<TAB>cited`` of ``edges.tsv`` adds ``citeseer:<cited>`` to the citing paper's
references (also when the cited paper has no text). The class label goes to
``extra["label"]``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from extract.ids import citeseer_id
from extract.readers.fields import RecordError, clean_text, make_paper
from extract.readers.jsonfiles import read_json_lines
from extract.readers.lines import iter_lines, read_head
from extract.readers.titlesplit import split_title
from extract.records import Paper, SkippedRecord

PAPERS_FILE = "papers.jsonl"
EDGES_FILE = "edges.tsv"

ReadItem = Paper | SkippedRecord


def is_citeseer_dir(path: Path) -> bool:
    """True for a directory holding a CiteSeer ``papers.jsonl`` (``text`` but no ``title``)."""
    papers = path / PAPERS_FILE
    if not (path.is_dir() and papers.is_file()):
        return False
    first_line = read_head(papers, 256 * 1024).split("\n", 1)[0]
    try:
        record = json.loads(first_line)
    except (json.JSONDecodeError, RecursionError):
        return False
    return isinstance(record, dict) and "text" in record and "title" not in record


def iter_citeseer(directory: Path, label: str) -> Iterator[ReadItem]:
    """Yield the papers of a CiteSeer directory, references attached from ``edges.tsv``."""
    references: dict[str, list[str]] = defaultdict(list)
    edges = directory / EDGES_FILE
    if edges.is_file():
        yield from _read_edges(edges, f"{label}/{EDGES_FILE}", references)
    else:
        reason = f"no {EDGES_FILE}: papers are read without references"
        yield SkippedRecord(source=f"{label}/{EDGES_FILE}", record=0, reason=reason)
    yield from read_citeseer_papers(directory / PAPERS_FILE, f"{label}/{PAPERS_FILE}", references)


def read_citeseer_papers(
    path: Path, source: str, references: dict[str, list[str]] | None = None
) -> Iterator[ReadItem]:
    """Yield one Paper per usable line of a CiteSeer ``papers.jsonl``."""
    return read_json_lines(path, source, partial(_paper, references=references or {}))


def _paper(record: object, source: str, references: dict[str, list[str]]) -> Paper:
    if not isinstance(record, dict):
        raise RecordError(f"record is a {type(record).__name__}, expected an object")
    raw_id = record.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or not str(raw_id).strip():
        raise RecordError("no 'id'")
    key = str(raw_id).strip()
    title, abstract = split_title(clean_text(record.get("text"), "text"))
    if not title:
        raise RecordError("cannot tell the title from the abstract in 'text'")
    label = record.get("label")
    return make_paper(
        title=title,
        abstract=abstract,
        source=source,
        pid=citeseer_id(key),
        references=[citeseer_id(cited) for cited in references.get(key, ())],
        extra={"label": label} if isinstance(label, str) and label else {},
    )


def _read_edges(
    path: Path, source: str, references: dict[str, list[str]]
) -> Iterator[SkippedRecord]:
    """Fill ``references`` (citing -> cited keys); yield a SkippedRecord per bad row."""
    for line in iter_lines(path):
        text = (line.text or "").strip()
        if not text or (line.number == 1 and text.split("\t")[:2] == ["citing", "cited"]):
            continue
        cells = [cell.strip() for cell in text.split("\t")]
        if len(cells) != 2 or not all(cells):
            reason = f"edge row must be 'citing<TAB>cited', got {len(cells)} cell(s)"
            yield SkippedRecord(source=source, record=line.number, reason=reason)
            continue
        citing, cited = cells
        if cited != citing and cited not in references[citing]:
            references[citing].append(cited)
