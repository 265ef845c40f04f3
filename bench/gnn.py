"""GNN link prediction: seconds per training epoch and peak memory, CiteSeer and synthetic graphs,
full-batch GraphSAGE beside the mini-batch SIGN encoder.

Each case runs in its own process (so its peak RSS is its own): one warm-up epoch, then
``--runs`` timed epochs (median reported) and one full-graph inference pass. Neighbour
sampling needs pyg-lib or torch-sparse, which are not installable here; the SIGN encoder
(propagation precomputed outside autograd) is how a graph past full-batch memory trains.
A full-batch size whose memory, extrapolated linearly from the previous size (above the fixed
cost of the loaded libraries), would pass ``--max-gib`` is not run and is reported as not
fitting; SIGN sizes always run (a batch's memory does not grow with the graph). Writes its
section of BENCHMARKS.md between the ``bench:gnn`` markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import benchmarks_md  # noqa: E402  (bench/ is the script's directory)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CITESEER = ROOT.parent / "shared" / "data" / "citeseer"


def synthetic_graph(n: int, dim: int = 384, cites_per_paper: int = 3, similar_per_paper: int = 10):  # type: ignore[no-untyped-def]
    """Random unit features (text and lexical), local CITES and SIMILAR_TO links (CiteSeer-like
    degree)."""
    import torch
    from torch_geometric.data import HeteroData

    from graph.gnn.data import CITES_EDGE, PAPER_NODE, SIMILAR_EDGE
    from graph.gnn.features import LEXICAL_DIM

    gen = torch.Generator().manual_seed(0)
    x = torch.nn.functional.normalize(torch.randn(n, dim, generator=gen), dim=1)

    def local_pairs(per: int) -> torch.Tensor:
        src = torch.arange(n).repeat_interleave(per)
        dst = (src + torch.randint(1, 500, (src.numel(),), generator=gen)) % n
        pairs = torch.unique(torch.stack([torch.minimum(src, dst), torch.maximum(src, dst)]), dim=1)
        return torch.cat([pairs, pairs.flip(0)], dim=1)

    data = HeteroData()
    data[PAPER_NODE].x = x
    data[PAPER_NODE].lex = torch.nn.functional.normalize(
        torch.randn(n, LEXICAL_DIM, generator=gen), dim=1
    )
    data[CITES_EDGE].edge_index = local_pairs(cites_per_paper // 2 + 1)
    data[SIMILAR_EDGE].edge_index = local_pairs(similar_per_paper // 2)
    return data


def citeseer_graph():  # type: ignore[no-untyped-def]
    from graph.gnn.citeseer import load_citeseer
    from graph.gnn.data import build_hetero

    corpus = load_citeseer(CITESEER, ROOT / "var" / "cache", log=lambda _: None)
    return build_hetero(corpus)[0]


def run_case(case: str, runs: int, device_name: str, encoder: str) -> dict[str, float]:
    """Time ``runs`` epochs of one case in this process; return timings and peak RSS."""
    import torch

    from extract.runtime import resolve_device
    from graph.gnn.data import CITES_EDGE, PAPER_NODE, paper_lexical
    from graph.gnn.model import LinkPredictor, ModelConfig
    from graph.gnn.split import split_links
    from graph.gnn.train import LinkTrainer, TrainConfig

    torch.set_num_threads(1)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # after imports, KiB → GiB
    device = resolve_device(device_name)
    cuda = device.type == "cuda"
    if cuda:  # GPU memory: what the allocator handed out, no library base
        base = 0.0
        torch.cuda.reset_peak_memory_stats(device)
    data = citeseer_graph() if case == "citeseer" else synthetic_graph(int(case))
    split = split_links(data, CITES_EDGE, seed=0, rank_negatives=10)
    papers = int(data[PAPER_NODE].num_nodes)
    edges = sum(e.shape[1] for e in data.edge_index_dict.values()) // 2
    del data  # the split holds its own copy of the graph
    config, train_config = ModelConfig(encoder=encoder), TrainConfig(hard_negatives=0)
    trainer = LinkTrainer(config, train_config, device)
    graph = split.data.to(device)
    model = LinkPredictor(graph.metadata(), graph[PAPER_NODE].x.shape[1], config).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=train_config.lr)
    times = []
    for _ in range(runs + 1):
        clock = time.perf_counter()
        trainer.step(model, opt, split, graph, None)  # ends in loss.item(): the GPU has synced
        times.append(time.perf_counter() - clock)
    clock = time.perf_counter()
    with torch.no_grad():
        model.eval()
        model.encode(graph.x_dict, graph.edge_index_dict, paper_lexical(graph))
    if cuda:
        torch.cuda.synchronize(device)
    infer = time.perf_counter() - clock
    if cuda:
        peak = torch.cuda.max_memory_allocated(device) / 2**30
    else:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB → GiB
    return {
        "papers": float(papers),
        "edges": float(edges),
        "epoch_s": statistics.median(times[1:]),
        "infer_s": infer,
        "peak_gib": peak,
        "base_gib": base,
    }


def quality_table(path: Path, encoder: str) -> list[str]:
    """The CiteSeer table of the last ``eval links --json`` run saved at ``path``, if any."""
    if not path.exists():
        return []
    report = json.loads(path.read_text())
    lines = [
        "",
        f"### CiteSeer citation prediction, {ENCODERS[encoder]}",
        "",
        f"`citegraph eval links --dataset citeseer --encoder {encoder} --json > "
        f"{path.relative_to(ROOT)}` (read by this script).",
        "",
        f"Target {report['target']}, split {report['split']}, seeds {report['seeds']}, "
        f"{report['rank_negatives']} random negatives per test link for MRR/Hits, as many "
        f"negatives as positives for AUC/AP; held-out links visible to the encoder: "
        f"{report['leaked_edges']}; {report['seconds']:.0f} s on CPU. Mean ± std over seeds.",
        "",
        "| method | AUC | AP | MRR | Hits@10 | Hits@50 |",
        "|---|---|---|---|---|---|",
    ]
    for row in report["rows"]:
        cells = " | ".join(f"{row['mean'][m]:.3f} ± {row['std'][m]:.3f}" for m in row["mean"])
        lines.append(f"| {row['method']} | {cells} |")
    gnn = report["rows"][0]["mean"]
    verdicts = [
        f"{name} {gnn[key]:.3f} {'meets' if gnn[key] >= goal else 'misses'} {goal}"
        for name, key, goal in (
            ("AUC", "auc", 0.975),
            ("MRR", "mrr", 0.35),
            ("Hits@50", "hits@50", 0.90),
        )
    ]
    beaten = all(report["gnn_beats_baselines"].values())
    lines += [
        "",
        f"GNN above every baseline on every metric: {'yes' if beaten else 'no'}. "
        f"Against the targets: {'; '.join(verdicts)}.",
    ]
    return lines


ENCODERS = {"sage": "full-batch GraphSAGE", "sign": "mini-batch SIGN"}


def model_description() -> str:
    """The default models and training step in words, from their configs."""
    from graph.gnn.model import ModelConfig
    from graph.gnn.train import TrainConfig

    model, train = ModelConfig(), TrainConfig()
    return (
        f"sage: hetero GraphSAGE, {model.layers} layers, hidden {model.hidden}, one full-batch "
        f"step; sign: x and {model.hops} propagation steps per paper–paper relationship "
        f"precomputed (fp16) once per epoch, then steps of {train.batch_links} hidden links, "
        f"at most {train.links_per_epoch:,} per epoch; "
        f"both with the pair-feature decoder, {train.mask_ratio:.0%} of the train links hidden "
        f"and recovered against {train.negatives} random negatives each, {train.loss} loss"
    )


def machine(device: str) -> str:
    """The device a run measured, in words (GPU name and versions for CUDA)."""
    if device != "cuda":
        return f"{benchmarks_md.cpu_line()}, 24 GiB, CPU only, one torch thread"
    import torch
    import torch_geometric

    props = torch.cuda.get_device_properties(0)
    return (
        f"{props.name} ({props.total_memory / 2**30:.0f} GiB), {os.cpu_count()} CPU cores, "
        f"torch {torch.__version__}, CUDA {torch.version.cuda}, PyG {torch_geometric.__version__}"
    )


def eval_json(path: Path, encoder: str) -> Path:
    """Where ``eval links`` of this encoder was saved (``eval_citeseer_sign.json`` for sign)."""
    return path if encoder == "sage" else path.with_name(f"{path.stem}_{encoder}{path.suffix}")


def write_section(section: str, device: str) -> None:
    """Replace this benchmark's section of BENCHMARKS.md (or append it): one per device."""
    benchmarks_md.write_section("gnn" if device != "cuda" else "gnn-cuda", section)


def measure(
    case: str, encoder: str, args: argparse.Namespace, fits: dict[str, tuple[float, float]]
) -> str:
    """One table row: the case run in a child process, or why it was not run. ``fits`` holds,
    per encoder, the process RSS before the graph and the memory per paper of the last size."""
    papers = 3139 if case == "citeseer" else int(case)
    name = "CiteSeer" if case == "citeseer" else "synthetic"
    # full-batch memory is linear in the graph; sign's batches are bounded, so it always runs
    if case != "citeseer" and encoder == "sage" and encoder in fits:
        base, per_paper = fits[encoder]
        estimate = base + papers * per_paper
        if estimate > args.max_gib:
            return (
                f"| {name} | {papers:,} | {encoder} | – | – | – | does not fit in "
                f"{args.max_gib:g} GiB (about {estimate:.1f} GiB, extrapolated) |"
            )
    cmd = [sys.executable, __file__, "--child", case, "--runs", str(args.runs)]
    cmd += ["--device", args.device, "--encoder", encoder]
    out = subprocess.run(
        cmd, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"}
    )
    if out.returncode != 0:
        sys.exit(f"case {case} {encoder} failed (exit {out.returncode}):\n{out.stderr[-4000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if case != "citeseer":  # linear in papers above the fixed cost of the libraries
        fits[encoder] = (result["base_gib"], (result["peak_gib"] - result["base_gib"]) / papers)
    return (
        f"| {name} | {int(result['papers']):,} | {encoder} | {int(result['edges']):,} | "
        f"{result['epoch_s']:.3f} | {result['infer_s']:.3f} | {result['peak_gib']:.2f} GiB |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument(
        "--max-gib",
        type=float,
        default=3.0,
        help="memory budget for one case (process RSS on CPU, allocated GPU memory on CUDA)",
    )
    parser.add_argument("--device", default="cpu", choices=["auto", "cpu", "cuda"])
    parser.add_argument("--encoders", default="sage,sign", help="comma-separated: sage, sign")
    parser.add_argument("--encoder", default="sage", help=argparse.SUPPRESS)  # child
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--eval-json", type=Path, default=ROOT / "var" / "gnn" / "eval_citeseer.json"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_case(args.child, args.runs, args.device, args.encoder)))
        return
    rows: list[str] = []
    encoders = args.encoders.split(",")
    fits: dict[str, tuple[float, float]] = {}
    for case in ["citeseer", *args.sizes.split(",")]:
        for encoder in encoders:
            rows.append(measure(case, encoder, args, fits))
            print(rows[-1], flush=True)
    load = os.getloadavg()[0]
    cuda = args.device == "cuda"
    memory = (
        "Peak memory is the GPU memory the allocator handed out (torch.cuda.max_memory_allocated)."
        if cuda
        else "Peak memory is the process's maximum RSS (about 0.9 GiB of it is the loaded "
        "libraries)."
    )
    section = "\n".join(
        [
            "## GNN link prediction: full-batch GraphSAGE and mini-batch SIGN"
            + (" on a GPU" if cuda else ""),
            "",
            f"`.venv/bin/python bench/gnn.py --runs {args.runs} --sizes {args.sizes} "
            f"--encoders {args.encoders} --max-gib {args.max_gib:g}"
            f"{' --device cuda' if cuda else ''}` — machine: "
            f"{machine(args.device)}; load average {load:.1f}; {dt.date.today().isoformat()}; "
            f"median of {args.runs} epochs after one warm-up.",
            "",
            f"An epoch is one pass over the train links ({model_description()}). "
            "The decoder's structural pair features (common neighbours, Adamic–Adar, degrees, "
            "smoothed text, similar papers' links) are computed with SciPy on the CPU, also in "
            "GPU runs. Synthetic graphs: 384-d random text and 512-d random "
            "lexical features, about 2 CITES and 5 SIMILAR_TO links per paper. "
            f"{memory} pyg-lib / torch-sparse are not installable here, so there is no "
            "neighbour sampling: past full-batch memory the SIGN encoder trains.",
            "",
            "| graph | papers | encoder | paper–paper links | s / epoch | inference s | "
            "peak memory |",
            "|---|---|---|---|---|---|---|",
            *rows,
            *(
                []
                if cuda
                else [
                    line
                    for encoder in encoders
                    for line in quality_table(eval_json(args.eval_json, encoder), encoder)
                ]
            ),
        ]
    )
    print(section)
    if not args.no_write:
        write_section(section, args.device)


if __name__ == "__main__":
    main()
