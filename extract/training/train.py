"""Build the statistical NER: convert the corpora, run ``spacy train``, install the best model.

    .venv/bin/python -m extract.training.train [--force] [--corpora scierc,tdmsci]

Idempotent: when the installed model's fingerprint (inputs, config, options) matches, it does
nothing unless ``--force``. Training runs niced on one thread; the converted corpora and
spaCy's output live under ``<data dir>/training/``; the best model is copied to
``extract/models/sci_ner/`` with a ``training.json`` describing how it was built.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from extract.components.trained_ner import DEFAULT_MODEL_DIR
from extract.gold import read_seeds_gold
from extract.training import REPO_ROOT
from extract.training.corpora import read_scierc, read_tdmsci
from extract.training.silver import annotate, silver_docs, silver_papers

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "config.cfg"
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
SEEDS = REPO_ROOT.parent / "shared" / "seeds"
CORPORA = ("scierc", "tdmsci", "silver")
DEFAULT_CORPORA = "scierc,tdmsci"
SILVER_DEV_EVERY = 10  # every 10th silver abstract is held out for model selection
FINGERPRINT_FILE = "training.json"


def convert(shared: Path, seeds: Path, corpora: list[str]) -> dict[str, list[Doc]]:
    """The training corpora and the dev set as Docs, keyed ``train/<name>``, ``dev/<name>``.

    Dev (model selection) is SciERC dev, plus held-out silver abstracts when silver is used
    (silver alone: those only). Test splits are never read: they are kept for reporting.
    """
    vocab = spacy.blank("en").vocab
    bins: dict[str, list[Doc]] = {}
    if "scierc" in corpora or "silver" not in corpora:
        bins["dev/scierc"] = read_scierc(vocab, shared / "scierc/dev.jsonl")
    if "scierc" in corpora:
        bins["train/scierc"] = read_scierc(vocab, shared / "scierc/train.jsonl")
    if "tdmsci" in corpora:
        tdmsci = shared / "tdmsci/train_1500_v2.conll"
        bins["train/tdmsci"] = read_tdmsci(vocab, tdmsci, missing_outside=True)
    if "silver" in corpora:
        gold = read_seeds_gold(shared / "seeds_gold/dev.jsonl")
        papers = silver_papers(seeds, [document.text for document in gold])
        docs = silver_docs(vocab, papers, annotate(papers))
        bins["train/silver"] = [d for i, d in enumerate(docs) if i % SILVER_DEV_EVERY]
        bins["dev/silver"] = docs[::SILVER_DEV_EVERY]
    return bins


def fingerprint(corpora: dict[str, list[Doc]], options: dict[str, object]) -> str:
    """A hash of the converted corpora (texts and entities), the config and the options."""
    digest = hashlib.sha256(json.dumps(options, sort_keys=True).encode())
    digest.update(CONFIG.read_bytes())
    for name in sorted(corpora):
        for doc in corpora[name]:
            ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            digest.update(json.dumps([name, doc.text, ents]).encode())
    return digest.hexdigest()


def write_corpora(corpora: dict[str, list[Doc]], out: Path) -> tuple[Path, Path]:
    """Write the corpora as ``out/train/*.spacy`` and ``out/dev/*.spacy`` DocBins."""
    shutil.rmtree(out, ignore_errors=True)
    for name, docs in corpora.items():
        path = out / f"{name}.spacy"
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs, store_user_data=False).to_disk(path)
    return out / "train", out / "dev"


def run_spacy_train(
    train: Path, dev: Path, output: Path, overrides: dict[str, str], config: Path = CONFIG
) -> None:
    """``spacy train`` in a niced child process on one thread (other work shares the cores)."""
    command = [
        sys.executable,
        "-m",
        "spacy",
        "train",
        str(config),
        "--output",
        str(output),
        "--paths.train",
        str(train),
        "--paths.dev",
        str(dev),
    ]
    for key, value in overrides.items():
        command += [f"--{key}", value]
    threads = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    subprocess.run(
        command, check=True, env={**os.environ, **threads}, preexec_fn=lambda: os.nice(10)
    )


def install(best: Path, target: Path, record: dict[str, object]) -> None:
    """Replace ``target`` with the trained pipeline ``best`` and its build record."""
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(best, staging)
    (staging / FINGERPRINT_FILE).write_text(json.dumps(record, indent=2) + "\n")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)


def is_up_to_date(target: Path, key: str) -> bool:
    """True when ``target`` holds a model built with fingerprint ``key``."""
    record = target / FINGERPRINT_FILE
    return (
        (target / "meta.json").is_file()
        and record.is_file()
        and (json.loads(record.read_text()).get("fingerprint") == key)
    )


def build(
    shared: Path,
    seeds: Path,
    data_dir: Path,
    target: Path,
    corpora: list[str],
    overrides: dict[str, str],
    force: bool = False,
) -> bool:
    """Train and install the model unless it is up to date; True when it trained."""
    started = time.monotonic()
    bins = convert(shared, seeds, corpora)
    key = fingerprint(bins, {"corpora": corpora, "overrides": overrides})
    if not force and is_up_to_date(target, key):
        return False
    work = data_dir / "training"
    train, dev = write_corpora(bins, work / "corpus")
    run_spacy_train(train, dev, work / "output", overrides)
    meta = json.loads((work / "output" / "model-best" / "meta.json").read_text())
    install(
        work / "output" / "model-best",
        target,
        {
            "fingerprint": key,
            "corpora": corpora,
            "overrides": overrides,
            "train_seconds": round(time.monotonic() - started, 1),
            "dev_ents": {k: meta["performance"].get(k) for k in ("ents_p", "ents_r", "ents_f")},
        },
    )
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--force", action="store_true", help="retrain even if up to date")
    parser.add_argument(
        "--corpora", default=DEFAULT_CORPORA, help=f"comma-separated, from {', '.join(CORPORA)}"
    )
    parser.add_argument("--shared-data", type=Path, default=SHARED_DATA)
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="seed corpus (for silver)")
    parser.add_argument("--data-dir", type=Path, default=REPO_ROOT / "var")
    parser.add_argument("--output", type=Path, default=DEFAULT_MODEL_DIR)
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="SECTION.KEY=VALUE",
        help="spaCy config override, e.g. training.max_steps=2000",
    )
    args = parser.parse_args(argv)
    corpora = [name.strip() for name in args.corpora.split(",") if name.strip()]
    unknown = [name for name in corpora if name not in CORPORA]
    if unknown or not corpora:
        parser.error(f"unknown corpora {unknown}; choose from {', '.join(CORPORA)}")
    overrides = dict(item.split("=", 1) for item in args.set)
    try:
        trained = build(
            args.shared_data, args.seeds, args.data_dir, args.output, corpora, overrides, args.force
        )
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"training failed: {error}", file=sys.stderr)
        return 1
    print(f"trained and installed {args.output}" if trained else f"{args.output} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
