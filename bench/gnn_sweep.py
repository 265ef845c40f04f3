"""How the GNN's default hyper-parameters were chosen: a sweep on CiteSeer, selected on
validation links.

    python bench/gnn_sweep.py [--device cuda] [--procs 12] [--seeds 0,1,2,3,4] [--no-write]

Every setting trains on the same 5 splits (85/5/10, seeds 0–4). The base setting is the
model before the sweep (2 layers, hidden 128, dropout 0.5; half the train links hidden,
4 negatives, BCE); the sweep varies one knob at a time from it, plus 16 random combinations
(fixed seed), and the best of those with the similar-papers'-links pair feature
(``ModelConfig.cross``) added. Settings are ranked by validation MRR + validation Hits@50 (all 1,000
negatives); test metrics are printed beside them to report, never to choose. Meant for a
GPU (about 4 minutes on one H100 with 15 processes); on 2 CPU cores it takes hours.
Writes the ``bench:gnn-sweep`` section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import multiprocessing as mp
import random
import sys
import time
from pathlib import Path

import benchmarks_md  # noqa: E402  (bench/ is the script's directory)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BASE_MODEL = {"hidden": 128, "layers": 2, "dropout": 0.5, "cross": False}
BASE_TRAIN = {"negatives": 4, "mask_ratio": 0.5, "loss": "bce"}
# TrainConfig defaults the sweep leaves as they are unless a setting names them
FIXED_TRAIN = {"lr": 0.01, "weight_decay": 0.0, "epochs": 200, "hard_negatives": 0}


def settings() -> list[tuple[str, dict, dict]]:
    """(name, model config, train config) of every setting, all spelled out from the base."""
    out = [("base", {}, {})]
    for key, values in {"hidden": [64, 256, 512], "layers": [1, 3], "dropout": [0.3, 0.7]}.items():
        out += [(f"{key}={v}", {key: v}, {}) for v in values]
    one_train = {
        "lr": [0.003, 0.02],
        "weight_decay": [1e-5, 1e-4],
        "negatives": [1, 16],
        "loss": ["softmax"],
        "mask_ratio": [0.7],
        "epochs": [400],
        "hard_negatives": [2],
    }
    for key, values in one_train.items():
        for v in values:
            extra = {"patience": 120} if key == "epochs" else {}
            out.append((f"{key}={v}", {}, {key: v, **extra}))
    rng = random.Random(0)
    for i in range(16):
        model = {
            "hidden": rng.choice([128, 256, 512]),
            "layers": rng.choice([1, 2, 3]),
            "dropout": rng.choice([0.3, 0.5, 0.7]),
        }
        train = {
            "lr": rng.choice([0.003, 0.005, 0.01]),
            "weight_decay": rng.choice([0.0, 1e-5, 1e-4]),
            "negatives": rng.choice([4, 8, 16]),
            "mask_ratio": rng.choice([0.3, 0.5, 0.7]),
            "epochs": rng.choice([200, 400]),
            "loss": rng.choice(["bce", "softmax"]),
        }
        train["patience"] = 60 if train["epochs"] == 200 else 120
        out.append((f"random{i}", model, train))
    # the best of the above with the similar-papers'-links feature, tried after the sweep
    chosen = ({"hidden": 256, "layers": 3, "dropout": 0.3}, {"negatives": 8, "mask_ratio": 0.3})
    out.append(("random1 + cross", {**chosen[0], "cross": True}, {**chosen[1], "loss": "softmax"}))
    return [(name, {**BASE_MODEL, **m}, {**BASE_TRAIN, **t}) for name, m, t in out]


def citeseer_data():  # type: ignore[no-untyped-def]
    from graph.gnn.citeseer import load_citeseer
    from graph.gnn.data import build_hetero

    corpus = load_citeseer(
        ROOT.parent / "shared" / "data" / "citeseer", ROOT / "var" / "cache", log=lambda _: None
    )
    return build_hetero(corpus)[0]


def run_one(job: tuple) -> dict:  # type: ignore[type-arg]
    """Train one setting on one split; validation and test metrics."""
    name, model, train, seed, device, graph_file = job
    import torch

    from graph.gnn.data import CITES_EDGE
    from graph.gnn.model import ModelConfig
    from graph.gnn.split import split_links
    from graph.gnn.train import LinkTrainer, TrainConfig, evaluate_scorer, make_scorer

    torch.set_num_threads(1)
    data = torch.load(graph_file, weights_only=False)
    clock = time.time()
    split = split_links(data, CITES_EDGE, seed=seed, rank_negatives=1000)
    trainer = LinkTrainer(
        ModelConfig(**model), TrainConfig(seed=seed, **train), torch.device(device)
    )
    trained = trainer.run(split)
    score = make_scorer(trained.model, split.data.to(device), CITES_EDGE)
    return {
        "name": name,
        "model": model,
        "train": train,
        "seed": seed,
        "val": evaluate_scorer(score, split, "val"),
        "test": evaluate_scorer(score, split, "test"),
        "seconds": time.time() - clock,
    }


def table(results: list[dict]) -> list[str]:  # type: ignore[type-arg]
    """Settings ranked by mean validation MRR + Hits@50, with test beside."""
    import numpy as np

    rows = []
    for name in {r["name"] for r in results}:
        runs = [r for r in results if r["name"] == name]

        def mean(stage: str, key: str, runs: list = runs) -> float:  # type: ignore[type-arg]
            return float(np.mean([r[stage][key] for r in runs]))

        rows.append((mean("val", "mrr") + mean("val", "hits@50"), name, runs[0], mean))
    rows.sort(key=lambda row: -row[0])
    lines = [
        "| setting | val MRR | val Hits@50 | test MRR | test Hits@50 | test AUC "
        "| changed from base |",
        "|---|---|---|---|---|---|---|",
    ]
    for _, name, first, mean in rows:
        changed = {
            k: v
            for k, v in {**first["model"], **first["train"]}.items()
            if {**BASE_MODEL, **BASE_TRAIN, **FIXED_TRAIN}.get(k) != v and k != "patience"
        }
        lines.append(
            f"| {name} | {mean('val', 'mrr'):.3f} | {mean('val', 'hits@50'):.3f} | "
            f"{mean('test', 'mrr'):.3f} | {mean('test', 'hits@50'):.3f} | "
            f"{mean('test', 'auc'):.3f} | {json.dumps(changed) if changed else '–'} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda", choices=["cpu", "cuda"])
    parser.add_argument("--procs", type=int, default=12)
    parser.add_argument("--seeds", default="0,1,2,3,4")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    graph_file = ROOT / "var" / "gnn" / "citeseer_graph.pt"
    graph_file.parent.mkdir(parents=True, exist_ok=True)
    import torch

    torch.save(citeseer_data(), graph_file)
    seeds = [int(s) for s in args.seeds.split(",")]
    jobs = [(n, m, t, s, args.device, graph_file) for n, m, t in settings() for s in seeds]
    results = []
    with mp.get_context("spawn").Pool(args.procs) as pool:
        for result in pool.imap_unordered(run_one, jobs):
            results.append(result)
            print(result["name"], result["seed"], f"{result['seconds']:.0f} s", flush=True)
    lines = [
        "## GNN hyper-parameter sweep (CiteSeer, chosen on validation)",
        "",
        f"`python bench/gnn_sweep.py --device {args.device} --procs {args.procs}` — "
        f"{datetime.date.today()}; {len(settings())} settings × {len(seeds)} splits; "
        "ranked by validation MRR + Hits@50, test beside it to report only.",
        "",
        *table(results),
    ]
    print("\n".join(lines))
    if not args.no_write:
        benchmarks_md.write_section("gnn-sweep", "\n".join(lines))


if __name__ == "__main__":
    main()
