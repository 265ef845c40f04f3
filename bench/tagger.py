"""Benchmark of the learned tagger (``extract/models/tagger``) in the honest hold-out.

Run: ``.venv/bin/python bench/tagger.py`` after training fold models with
``.venv/bin/python -m extract.training.tagger --fold I`` (they land in ``var/tagger_folds/I``).
Writes the ``bench:tagger`` section of BENCHMARKS.md (``--no-write`` to only print).

Each fold with a model is scored three ways on its held-out gold abstracts, all with the
lexicon that lost the fold's gold names (``extract.training.holdout``): the rules alone, the
rules with the fold's tagger filling gaps of every type, and with the tagger filling gaps of
the types chosen on the first fold only (``--choose-on``), so the later folds judge that
choice fairly. Speed: abstracts per CPU second on the seed corpus, rules vs rules + tagger.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import benchmarks_md  # noqa: E402  (bench/ is the script's directory)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.components.ner_candidates import FILL_TYPES_FILE  # noqa: E402
from extract.evaluate import EvalReport, evaluate_extractor, score  # noqa: E402
from extract.gold import read_gold  # noqa: E402
from extract.pipeline import Extractor  # noqa: E402
from extract.readers import read_corpus  # noqa: E402
from extract.records import ENTITY_TYPES  # noqa: E402
from extract.training.tagger import GOLD, TAGGER_DIR, fold_lexicon  # noqa: E402

FOLDS_DIR = ROOT / "var" / "tagger_folds"
SEEDS = ROOT / "data" / "seeds.jsonl"


def gated(model: Path, types: list[str] | None, directory: Path) -> Path:
    """A copy of ``model`` that fills gaps with ``types`` only (None: every type)."""
    target = directory / "model"
    shutil.copytree(model, target, dirs_exist_ok=True)
    (target / FILL_TYPES_FILE).unlink(missing_ok=True)
    if types is not None:
        (target / FILL_TYPES_FILE).write_text(json.dumps({"fill_types": types}))
    return target


def fold_reports(fold: int, model: Path, types: list[str] | None) -> dict[str, tuple]:
    """{variant: (gold docs, predictions)} of one fold."""
    gold = read_gold(GOLD, "seeds")
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        held, lexicon = fold_lexicon(gold, fold, Path(tmp))
        variants = {
            "rules": Extractor(lexicon_dir=lexicon),
            "rules + tagger, every type": Extractor(
                lexicon_dir=lexicon, ner_model=gated(model, None, Path(tmp) / "all")
            ),
        }
        if types is not None:
            variants[f"rules + tagger, {'/'.join(types)}"] = Extractor(
                lexicon_dir=lexicon, ner_model=gated(model, types, Path(tmp) / "some")
            )
        for name, extractor in variants.items():
            _, found = evaluate_extractor(extractor, held, "seeds")
            out[name] = (held, found)
    return out


def better_types(reports: dict[str, tuple]) -> list[str]:
    """Types whose exact F1 the tagger raises on this fold."""
    rules = score(*reports["rules"], "seeds")
    tagged = score(*reports["rules + tagger, every type"], "seeds")
    return [t for t in ENTITY_TYPES if tagged.by_type[t].exact.f1 > rules.by_type[t].exact.f1]


def rate(extractor: Extractor) -> float:
    """Abstracts per CPU second on the seed corpus."""
    papers = read_corpus([SEEDS]).papers
    extractor.run(papers[:50])
    started = time.process_time()
    extractor.run(papers)
    return len(papers) / max(time.process_time() - started, 1e-9)


def row(name: str, report: EvalReport) -> str:
    cells = " | ".join(
        f"{report.by_type[t].exact.f1:.3f}" for t in ENTITY_TYPES if t in report.by_type
    )
    e, d = report.overall.exact, report.overall.doc_set
    return (
        f"| {name} | {e.gold} | {e.precision:.3f} / {e.recall:.3f} / **{e.f1:.3f}** "
        f"| **{d.f1:.3f}** | {cells} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--choose-on", type=int, default=0, help="fold that picks the types")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    folds = sorted(int(p.name) for p in FOLDS_DIR.glob("*") if (p / "meta.json").is_file())
    if args.choose_on not in folds:
        print(f"no fold model {args.choose_on} in {FOLDS_DIR}: train it first", file=sys.stderr)
        return 1
    chosen = better_types(fold_reports(args.choose_on, FOLDS_DIR / str(args.choose_on), None))
    lines = [
        "## Learned tagger (`extract/models/tagger`), honest hold-out",
        "",
        f"Command: `.venv/bin/python bench/tagger.py` — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        "2 cores / 24 GiB shared with other jobs. Fold models: "
        "`.venv/bin/python -m extract.training.tagger --fold I` (folds present: "
        f"{', '.join(map(str, folds))}). Types chosen on fold {args.choose_on}: "
        f"{', '.join(chosen) or 'none'}.",
        "",
        "| fold, variant | gold mentions | exact P / R / F1 | doc-set F1 | "
        + " | ".join(f"{t} exact F1" for t in ENTITY_TYPES)
        + " |",
        "|---|---|---|---|" + "---|" * len(ENTITY_TYPES),
    ]
    pooled: dict[str, tuple[list, list]] = {}
    for fold in folds:
        reports = fold_reports(fold, FOLDS_DIR / str(fold), chosen or None)
        for name, (held, found) in reports.items():
            lines.append(row(f"fold {fold}, {name}", score(held, found, "seeds")))
            if fold != args.choose_on:
                pooled.setdefault(name, ([], []))
                pooled[name][0].extend(held)
                pooled[name][1].extend(found)
    for name, (held, found) in pooled.items():
        lines.append(row(f"folds ≠ {args.choose_on} pooled, {name}", score(held, found, "seeds")))
    if (TAGGER_DIR / "meta.json").is_file():
        rules_rate, tagged_rate = rate(Extractor()), rate(Extractor(ner_model=TAGGER_DIR))
        lines += [
            "",
            f"Speed on the seed corpus, one process: rules {rules_rate:.0f} abstracts per CPU "
            f"second, rules + shipped tagger {tagged_rate:.0f} ({tagged_rate / rules_rate:.2f}x).",
        ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        benchmarks_md.write_section("tagger", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
