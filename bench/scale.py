r"""Write the ``bench:scale`` section of BENCHMARKS.md from the runs of the scale benchmarks.

``.venv/bin/python bench/scale.py RUNS_DIR``, where RUNS_DIR holds what these wrote:

    .venv/bin/python bench/scale_build.py real25k.jsonl --engine local \
        --data-dir D1 --out RUNS/local25k.json
    .venv/bin/python bench/scale_build.py real25k.jsonl --engine ray \
        --data-dir D2 --out RUNS/ray25k.json
    .venv/bin/python bench/scale_cluster.py real2k.jsonl --workers 1 \
        --data-dir D3 --out RUNS/cluster1.json
    .venv/bin/python bench/scale_cluster.py real2k.jsonl --workers 2 \
        --data-dir D4 --out RUNS/cluster2.json
    .venv/bin/python bench/scale_knn.py --real D1/cache/embeddings.sqlite \
        --synthetic 250000 --out RUNS/knn.json
    CITEGRAPH_EMBED_BACKEND=static .venv/bin/python bench/scale_build.py real50k.jsonl \
        --engine local --data-dir D5 --out RUNS/memory-50k.json      # also 250k, 1M, ...

(``real25k.jsonl``: ``../shared/data/real25k/papers.jsonl.gz`` decompressed outside the
repository; ``real2k.jsonl``: its first 2,000 lines; ``real50k.jsonl`` and larger: copies of it
with distinct ids and titles, ``bench/corpus_copies.py``.) Missing files leave their table out.
``--area NAME --title TITLE`` writes the tables into a section of their own (a re-measurement
of some of the runs beside the first ones).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import benchmarks_md

ARXIV = 2_600_000
EXTRACT = "extract + write mentions"
GPU_EMBED_PER_S = 1_900  # one H100, torch fp32 batch 128 (the embed-gpu section)


def load(runs: Path, name: str) -> dict | list | None:
    path = runs / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def mb(value: float) -> str:
    return f"{value:,.0f} MB"


def build_table(local: dict | None, ray: dict | None) -> list[str]:
    runs = [run for run in (local, ray) if run]
    if not runs:
        return []
    stages = list(runs[0]["stages_s"])
    lines = [
        f"### {runs[0]['papers']:,} papers of the real corpus, `--engine local` against "
        "`--engine ray` (a local Ray started by the build, 2 CPUs)",
        "",
        "| | " + " | ".join(run["engine"] for run in runs) + " |",
        "|---|" + "---|" * len(runs),
        "| papers in the graph | " + " | ".join(str(run["papers"]) for run in runs) + " |",
        "| end to end | " + " | ".join(f"{run['wall_s']:.0f} s" for run in runs) + " |",
        "| papers/s end to end | "
        + " | ".join(f"{run['papers'] / run['wall_s']:.1f}" for run in runs) + " |",
    ]
    lines += [f"| {stage} | " + " | ".join(f"{run['stages_s'].get(stage, 0):.0f} s" for run in runs)
              + " |" for stage in stages]
    # "gone": processes that ended between two samples
    labels = sorted({label for run in runs for label in run["peak_rss_mb"]} - {"gone"})
    for label in labels:
        lines.append(f"| peak RSS {label} | " + " | ".join(
            mb(run["peak_rss_mb"].get(label, 0)) for run in runs) + " |")
    lines.append("| peak RSS, all processes together | "
                 + " | ".join(mb(run["peak_rss_total_mb"]) for run in runs) + " |")
    lines.append("| load average before | " + " | ".join(
        ", ".join(f"{x:.1f}" for x in run.get("load_avg_before", ())) for run in runs) + " |")
    lines.append("| load average after | " + " | ".join(
        ", ".join(f"{x:.1f}" for x in run["load_avg_after"]) for run in runs) + " |")
    if local and ray:
        overhead = ray["wall_s"] / local["wall_s"] - 1
        lines += ["", f"Ray on one machine: end to end {overhead:+.1%} against local "
                  f"(target ≤ +15 %); extraction {_ratio(ray, local, EXTRACT)}, embedding "
                  f"{_ratio(ray, local, 'embed')} of the local time. Peak RSS per process: the "
                  "largest of each kind (the sum over all of a kind is in the row)."]
    return lines


def _ratio(a: dict, b: dict, stage: str) -> str:
    return f"{a['stages_s'][stage] / b['stages_s'][stage]:.2f}×"


def cluster_table(one: dict | None, two: dict | None) -> list[str]:
    if not (one and two):
        return []
    lines = [
        "### A Ray cluster simulated on this machine (head without CPUs, 1 or 2 one-CPU workers)",
        "",
        f"`RAY_ADDRESS` set to the head, first {one['papers']:,} papers of the real corpus.",
        "",
        "| stage | 1 worker | 2 workers | speed-up |",
        "|---|---|---|---|",
    ]
    for stage in (EXTRACT, "embed"):
        a, b = one["stages_s"][stage], two["stages_s"][stage]
        lines.append(f"| {stage} | {a:.0f} s | {b:.0f} s | {a / b:.2f}× |")
    lines.append(f"| end to end | {one['wall_s']:.0f} s | {two['wall_s']:.0f} s | "
                 f"{one['wall_s'] / two['wall_s']:.2f}× |")
    lines += ["", *projection(one, two)]
    return lines


def projection(one: dict, two: dict) -> list[str]:
    """arXiv-sized builds from the per-worker rates of the 1-worker run and the 2-worker
    scaling efficiency; writing papers and links from the single-process rates."""
    papers = one["papers"]
    extract_rate = papers / one["stages_s"][EXTRACT]  # per one-CPU worker
    embed_rate = papers / one["stages_s"]["embed"]
    efficiency = (one["stages_s"][EXTRACT] / two["stages_s"][EXTRACT]) / 2
    write_rate = papers / one["stages_s"]["write papers"]
    link_rate = papers / one["stages_s"]["link"]
    lines = [
        f"Projection to the {ARXIV:,} arXiv abstracts, from these rates: extraction "
        f"{extract_rate:.0f} and CPU embedding {embed_rate:.0f} papers/s per one-CPU worker, "
        f"{efficiency:.0%} parallel efficiency (the 1→2 worker extraction speed-up / 2, assumed "
        f"to hold), GPU embedding {GPU_EMBED_PER_S:,}/s per GPU (the embed-gpu section); writing "
        f"papers ({write_rate:.0f}/s) and linking ({link_rate:.0f}/s) stay in the citegraph "
        "process and on Neo4j and are taken at this run's rates (linking grows faster than "
        "linearly; above the exact threshold it uses the HNSW index, see the kNN table).",
        "",
        "| cluster | extract | embed | write papers + link | total |",
        "|---|---|---|---|---|",
    ]
    serial = ARXIV / write_rate + ARXIV / link_rate
    for nodes, cpus, gpus in ((4, 16, 0), (16, 16, 0), (64, 16, 0), (4, 16, 1), (16, 16, 1)):
        workers = nodes * cpus * efficiency
        extract_s = ARXIV / (extract_rate * workers)
        if gpus:
            embed_s = ARXIV / (GPU_EMBED_PER_S * nodes * gpus)
        else:
            embed_s = ARXIV / (embed_rate * workers)
        kind = f"{nodes} nodes × {cpus} CPUs" + (f" + {gpus} GPU" if gpus else "")
        total = extract_s + embed_s + serial
        lines.append(f"| {kind} | {_hours(extract_s)} | {_hours(embed_s)} | {_hours(serial)} | "
                     f"{_hours(total)} |")
    return lines


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"


def knn_table(knn: list | None) -> list[str]:
    if not knn:
        return []
    lines = [
        "### SIMILAR_TO: exact against the HNSW index (usearch, M=16, ef=128), top-10",
        "",
        "| vectors | n | exact, all papers | HNSW build | HNSW, all papers | recall@10 | index |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in knn:
        lines.append(
            f"| {row['vectors']} | {row['n']:,} | {row['exact_all_s']:.0f} s | "
            f"{row['hnsw_build_s']:.0f} s | {row['hnsw_all_s']:.0f} s | "
            f"{row['recall_at_10']:.4f} | {row['index_mb']:.0f} MB |"
        )
    for row in knn:
        if "incremental_recall" in row:
            lines += ["", f"Incremental ({row['vectors']}): {row['incremental_new']} new papers "
                      f"enter the top-10 of {row['incremental_affected']} papers (exact, "
                      f"{row['incremental_exact_s']:.1f} s). The index path, asking the index for "
                      "a number of neighbours of each new paper, finds:"]
            runs = row.get("incremental_by_candidates") or [row]
            lines += ["", "| neighbours asked | found | time (index built) |", "|---|---|---|"]
            lines += [f"| {run.get('incremental_candidates', 50)} | "
                      f"{run['incremental_recall']:.1%} | {run['incremental_hnsw_s']:.1f} s |"
                      for run in runs]
    lines += ["", "Exact times for all papers are measured on 2,000 sampled source papers and "
              "scaled to every paper; recall@10 is on those samples. The index path's links are "
              "exact cosines of its candidates, so where it finds a neighbour the link equals the "
              "exact one."]
    return lines


MEMORY_STAGES = ("read corpus", "write papers", EXTRACT, "embed", "link")


def memory_table(runs: Path) -> list[str]:
    """Peak RSS per stage of the ``memory-*.json`` runs (``scale_build.py`` runs of growing
    corpora, older commits beside newer ones), by corpus size."""
    found = sorted((json.loads(path.read_text()) for path in runs.glob("memory-*.json")),
                   key=lambda run: (run["papers"], run["date"]))
    if not found:
        return []
    lines = [
        "### Peak RSS of the citegraph process in each stage of a `--engine local` build",
        "",
        "Stage bounds counted back from the end of the run with the build's own stage times "
        "(\"read corpus\" includes starting Python and loading the models). "
        "`CITEGRAPH_EMBED_BACKEND=static` (the static model: the runs measure memory, not "
        "embedding speed). Corpora larger than the real one are its copies with distinct ids "
        "and titles (\"… [copy K]\").",
        "",
        "| papers | commit | date | " + " | ".join(MEMORY_STAGES)
        + " | citegraph peak | neo4j peak | wall | load avg start / end |",
        "|---|---|---|" + "---|" * (len(MEMORY_STAGES) + 4),
    ]
    for run in found:
        peaks = run.get("stage_peak_rss_mb", {})
        cells = [mb(peaks[stage]) if stage in peaks else "–" for stage in MEMORY_STAGES]
        lines.append(
            f"| {run['papers']:,} | {run['code']} | {run['date']} | " + " | ".join(cells)
            + f" | {mb(run['peak_rss_mb']['citegraph'])} | {mb(run['peak_rss_mb']['neo4j'])}"
            f" | {run['wall_s']:.0f} s | {run['load_avg_before'][0]:.1f} / "
            f"{run['load_avg_after'][0]:.1f} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description="write the bench:scale section from run files")
    parser.add_argument("runs", type=Path, help="the folder of the scale benchmarks' run files")
    parser.add_argument("--area", default="scale", help="the BENCHMARKS.md section to write")
    parser.add_argument("--title", default="Scaling out: Ray engine, memory, kNN")
    args = parser.parse_args()
    if not args.runs.is_dir():
        sys.exit(f"{args.runs} is not a folder of run files (see bench/scale.py's docstring)")
    runs = args.runs
    local, ray = load(runs, "local25k"), load(runs, "ray25k")
    memory = sorted(runs.glob("memory-*.json"))
    first = local or ray or (json.loads(memory[0].read_text()) if memory else None)
    # the machine the runs were measured on (older runs lack it: this machine, said so)
    measured = (first or {}).get("cpu", "")
    machine = measured if "(" in measured else f"{benchmarks_md.cpu_line()} (rendering machine)"
    backend = ("Embedding with the default backend (OpenVINO, bf16 on this CPU). "
               if local or ray else "")
    header = [
        f"## {args.title}",
        "",
        f"Machine: {machine}; runs of "
        f"{first['date'] if first else '?'} (load averages given: a run beside other work "
        f"is slower, its memory is its own). {backend}Commands in `bench/scale.py`.",
        "",
    ]
    body = header + build_table(local, ray) + [""]
    body += cluster_table(load(runs, "cluster1"), load(runs, "cluster2")) + [""]
    body += knn_table(load(runs, "knn"))  # type: ignore[arg-type]
    body += [""] + memory_table(runs)
    benchmarks_md.write_section(args.area, "\n".join(body))


if __name__ == "__main__":
    main()
