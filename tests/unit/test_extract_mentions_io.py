"""``citegraph extract`` input: an unusable line is skipped with its reason, never a crash."""

from __future__ import annotations

import json

from extract.mentions_io import parse_paper_line
from extract.readers.fields import MAX_ABSTRACT_CHARS
from extract.records import Paper, SkippedRecord


def test_a_huge_abstract_is_skipped_with_its_length() -> None:
    line = json.dumps({"id": "big", "title": "Big", "abstract": "word " * MAX_ABSTRACT_CHARS})
    skipped = parse_paper_line(line, "papers.jsonl", 3)
    assert isinstance(skipped, SkippedRecord)
    assert (skipped.source, skipped.record) == ("papers.jsonl", 3)
    assert skipped.reason.startswith("abstract too long (500,000 chars")


def test_an_abstract_at_the_limit_is_kept() -> None:
    line = json.dumps({"id": "edge", "abstract": "x" * MAX_ABSTRACT_CHARS})
    assert isinstance(parse_paper_line(line, "papers.jsonl", 1), Paper)
