"""The bundled seed corpus: ``data/seeds.jsonl``, written from the seed page dumps.

One paper per line, sorted by id, keys ``id, title, abstract, authors, published, url,
source``; ``source`` is relative (``seeds/000_….txt``) so the file is the same on every
machine. Reading it back with ``read_corpus`` gives the same papers as reading the dumps.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from extract.readers.corpus import read_corpus
from extract.records import IngestReport, Paper

REPO_ROOT = Path(__file__).resolve().parents[2]
BUNDLED_SEEDS = REPO_ROOT / "data" / "seeds.jsonl"
SHARED_SEEDS = REPO_ROOT.parent / "shared" / "seeds"
BUNDLE_KEYS = ("id", "title", "abstract", "authors", "published", "url", "source")


def bundle_line(paper: Paper) -> str:
    """One JSON line holding the bundled keys of ``paper``."""
    record = paper.model_dump(include=set(BUNDLE_KEYS))
    record["authors"] = list(paper.authors)
    return json.dumps({key: record[key] for key in BUNDLE_KEYS}, ensure_ascii=False)


def write_bundle(papers: Iterable[Paper], out: Path) -> int:
    """Write ``papers`` sorted by id to ``out`` as JSON lines; returns how many."""
    lines = [bundle_line(paper) for paper in sorted(papers, key=lambda paper: paper.id)]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


def make_seeds(seeds_dir: Path = SHARED_SEEDS, out: Path = BUNDLED_SEEDS) -> IngestReport:
    """Read the seed page dumps and write the bundled corpus; returns the read report."""
    report = read_corpus([seeds_dir], format="seeds")
    write_bundle(report.papers, out)
    return report
