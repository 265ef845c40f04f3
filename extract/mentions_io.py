"""JSONL in and out of ``citegraph extract``: papers in, ``{"id", "mentions"}`` lines out.

Abstracts are kept byte-for-byte as given, so mention offsets index the input ``abstract``.
A line that is not a usable paper becomes a ``SkippedRecord``; the rest still run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from extract.readers.fields import MAX_ABSTRACT_CHARS
from extract.records import Paper, PaperMentions, SkippedRecord


def parse_paper_line(line: str, source: str, number: int) -> Paper | SkippedRecord:
    """One input line as a Paper, or the reason it is not one."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return SkippedRecord(source=source, record=number, reason=f"invalid JSON: {error.msg}")
    if not isinstance(record, dict):
        return SkippedRecord(source=source, record=number, reason="not a JSON object")
    paper_id, abstract = record.get("id"), record.get("abstract")
    if (
        not isinstance(paper_id, str | int)
        or isinstance(paper_id, bool)
        or not str(paper_id).strip()
    ):
        return SkippedRecord(source=source, record=number, reason="missing or invalid 'id'")
    if not isinstance(abstract, str):
        return SkippedRecord(
            source=source, record=number, reason="missing or non-string 'abstract'"
        )
    if len(abstract) > MAX_ABSTRACT_CHARS:
        reason = f"abstract too long ({len(abstract):,} chars, max {MAX_ABSTRACT_CHARS:,})"
        return SkippedRecord(source=source, record=number, reason=reason)
    title = record.get("title")
    return Paper(
        id=str(paper_id),
        title=title if isinstance(title, str) else "",
        abstract=abstract,
        source=source,
    )


def read_papers_jsonl(path: Path) -> tuple[list[Paper], list[SkippedRecord]]:
    """Papers of a JSONL file (blank lines ignored) and the lines that were skipped."""
    papers: list[Paper] = []
    skipped: list[SkippedRecord] = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            item = parse_paper_line(line, str(path), number)
            (papers if isinstance(item, Paper) else skipped).append(item)  # type: ignore[arg-type]
    return papers, skipped


def mentions_line(paper_mentions: PaperMentions) -> str:
    """One output line: ``{"id", "mentions": [...]}``, each mention
    ``{start, end, text, type, canonical, entity_id, sentence, field}`` (``field`` "title":
    offsets into the title, sentence -1)."""
    mentions = [mention.model_dump() for mention in paper_mentions.mentions]
    return json.dumps({"id": paper_mentions.id, "mentions": mentions}, ensure_ascii=False)


def write_mentions_jsonl(results: Iterable[PaperMentions], path: Path) -> int:
    """Write one line per paper; returns the number of lines written."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for paper_mentions in results:
            handle.write(mentions_line(paper_mentions) + "\n")
            count += 1
    return count
