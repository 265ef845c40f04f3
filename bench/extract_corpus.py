"""Benchmark of one entity per concept: the real 25k corpus, the seed graph and acronym pairs.

Run: ``.venv/bin/python bench/extract_corpus.py`` (``--papers N`` for a smaller sample,
``--ner-model DIR`` for the tagger mode, ``--no-write`` to only print). Writes the
``bench:extract-corpus`` section of BENCHMARKS.md (``--section`` to name another).

- 25k corpus (``../shared/data/real25k``, read in place): share of papers with no entity,
  the 30 most frequent entities of each type (by papers), and abstracts per second of one
  process (wall clock and per CPU second), the corpus-level pass included.
- Seed graph (``data/seeds.jsonl`` in one run): duplicate groups, i.e. entities of one type
  whose names agree up to case, hyphens, spaces, punctuation and a plural "s".
- Acronym pairs of the seeds-gold dev set: a long form and its acronym written as a definition
  ("long form (SF)", "SF (long form)", "(long form; SF)") that the gold gives one canonical;
  resolved when both spans are found and carry one entity id.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

import benchmarks_md  # noqa: E402  (bench/ is the script's directory)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.acronyms import is_short_form  # noqa: E402
from extract.evaluate import evaluate_extractor  # noqa: E402
from extract.gold import read_gold  # noqa: E402
from extract.pipeline import Extractor  # noqa: E402
from extract.readers import read_corpus  # noqa: E402
from extract.records import ENTITY_TYPES, PaperMentions  # noqa: E402
from extract.training.tagger import GOLD, REAL25K, real_papers  # noqa: E402
from graph.duplicates import NamedEntity, find_duplicates  # noqa: E402

SEEDS = ROOT / "data" / "seeds.jsonl"
TOP = 30
_DEFINES = re.compile(r"\s*[(;]\s*")  # what separates the two forms of a definition


def entity_table(found: list[PaperMentions]) -> list[NamedEntity]:
    """Entities with their paper counts and most frequent surface form as name."""
    papers: Counter[str] = Counter()
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for result in found:
        for mention in result.mentions:
            names[mention.entity_id][mention.canonical] += 1
        papers.update({mention.entity_id for mention in result.mentions})
    return [
        NamedEntity(
            id=entity_id,
            name=names[entity_id].most_common(1)[0][0],
            type=entity_id.split(":", 1)[0].upper(),
            papers=count,
        )
        for entity_id, count in papers.items()
    ]


def spelling_duplicates(found: list[PaperMentions]) -> list[str]:
    """Duplicate groups (the spelling kind) as "name / name (TYPE)" lines."""
    groups = [g for g in find_duplicates(entity_table(found)) if g.reason == "spelling"]
    return [
        " / ".join([g.target.name, *(s.name for s in g.sources)]) + f" ({g.target.type})"
        for g in groups
    ]


def acronym_pairs(extractor: Extractor) -> tuple[int, int]:
    """(resolved, total) acronym/long-form pairs of the seeds-gold dev set."""
    docs = read_gold(GOLD, "seeds")
    _, found = evaluate_extractor(extractor, docs, "seeds")
    by_id = {result.id: result for result in found}
    resolved = total = 0
    for doc in docs:
        spans = {(m.start, m.end): m.entity_id for m in by_id[doc.id].mentions}
        long_forms = {m.canonical: m for m in doc.mentions if m.text == m.canonical}
        seen = set()
        for mention in doc.mentions:
            long_form = long_forms.get(mention.canonical)
            if long_form is None or mention is long_form or not is_short_form(mention.text):
                continue
            first, second = sorted((long_form, mention), key=lambda m: m.start)
            if not _DEFINES.fullmatch(doc.text[first.end : second.start]):
                continue
            if (mention.text, mention.canonical) in seen:
                continue
            seen.add((mention.text, mention.canonical))
            total += 1
            short_id = spans.get((mention.start, mention.end))
            long_id = spans.get((long_form.start, long_form.end))
            resolved += short_id is not None and short_id == long_id
    return resolved, total


def corpus_stats(extractor: Extractor, size: int) -> tuple[list[str], float, float, float]:
    """(top-entity lines, share without entities, abstracts/s wall, abstracts/s per CPU s)."""
    papers = real_papers(REAL25K, size)
    started, cpu = time.perf_counter(), time.process_time()
    found = extractor.run(papers, batch_size=256)
    wall_rate = len(papers) / (time.perf_counter() - started)
    cpu_rate = len(papers) / max(time.process_time() - cpu, 1e-9)
    empty = sum(not result.mentions for result in found) / len(found)
    entities = entity_table(found)
    lines = ["| type | the 30 most frequent entities (papers) |", "|---|---|"]
    for entity_type in ENTITY_TYPES:
        chosen = sorted(
            (e for e in entities if e.type == entity_type), key=lambda e: (-e.papers, e.id)
        )[:TOP]
        lines.append(f"| {entity_type} | " + ", ".join(f"{e.name} ({e.papers})" for e in chosen))
    return lines, empty, wall_rate, cpu_rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=25_000, help="real abstracts to read")
    parser.add_argument("--ner-model", type=Path, default=None, help="add a tagger")
    parser.add_argument("--section", default="extract-corpus")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if not REAL25K.is_file():
        print(f"{REAL25K} not found: the corpus statistics need ../shared", file=sys.stderr)
        return 1
    extractor = Extractor(ner_model=args.ner_model)
    mode = f"with `--ner-model {args.ner_model}`" if args.ner_model else "default pipeline"
    seeds = read_corpus([SEEDS]).papers
    duplicates = spelling_duplicates(extractor.run(seeds))
    resolved, pairs = acronym_pairs(extractor)
    top, empty, wall_rate, cpu_rate = corpus_stats(extractor, args.papers)
    command = "`.venv/bin/python bench/extract_corpus.py"
    command += f" --papers {args.papers}" if args.papers != parser.get_default("papers") else ""
    command += f" --ner-model {args.ner_model}`" if args.ner_model else "`"
    lines = [
        f"## One entity per concept and the real corpus ({mode})",
        "",
        f"Command: {command} — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{benchmarks_md.cpu_line()}, 24 GiB (1-minute load {os.getloadavg()[0]:.1f}).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| real abstracts (≥ 200 characters, fixed-seed sample) | {args.papers} |",
        f"| papers with no entity | **{empty:.1%}** |",
        f"| speed, one process (corpus pass included) | {wall_rate:.0f} abstracts/s wall, "
        f"**{cpu_rate:.0f}** per CPU second |",
        f"| duplicate groups in the seed graph ({len(seeds)} papers, one run) | "
        f"**{len(duplicates)}**{': ' + '; '.join(duplicates) if duplicates else ''} |",
        f"| acronym/long-form pairs of seeds-gold dev resolved to one entity | "
        f"**{resolved} / {pairs}** ({resolved / max(pairs, 1):.0%}) |",
        "",
        "Most frequent entities of the real corpus, by papers:",
        "",
        *top,
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        benchmarks_md.write_section(args.section, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
