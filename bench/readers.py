"""Benchmark of the corpus readers: records per second per format, on one core.

    .venv/bin/python bench/readers.py [--runs 5] [--records 50000] [--no-write]

Reads the seed page dumps (the bundled corpus when ../shared is absent), the CiteSeer
corpus and the scholarly format samples when present, and synthetic JSONL, CSV, OAI, Atom,
OpenAlex, Semantic Scholar, Crossref and BibTeX files of ``--records`` records each;
reports the median wall time of ``--runs`` runs and writes the section
between ``<!-- bench:readers:start -->`` and ``<!-- bench:readers:end -->`` of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import benchmarks_md  # noqa: E402  (bench/ is the script's directory)

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from extract.readers import read_citeseer, read_corpus  # noqa: E402
from extract.readers.bundle import BUNDLED_SEEDS, SHARED_SEEDS  # noqa: E402
from extract.records import IngestReport  # noqa: E402

CITESEER = REPO.parent / "shared" / "data" / "citeseer"
FORMAT_SAMPLES = REPO.parent / "shared" / "data" / "formats"
SAMPLES = (
    "openalex/openalex_works.jsonl",
    "semanticscholar/s2_api_papers.jsonl",
    "crossref/crossref_works.jsonl",
    "bibtex/bibtex_bibdesk_druck2007.bib",
)
ABSTRACT = (
    "We propose a method for learning representations of graphs with attention, evaluate it "
    "on citation networks and report state-of-the-art accuracy on three benchmark datasets. "
) * 4


def _record(i: int) -> dict[str, object]:
    return {
        "id": f"{2000 + i % 500:04d}.{i:05d}",
        "title": f"Synthetic Paper Number {i} on Graph Attention",
        "abstract": ABSTRACT,
        "authors": ["Ada Lovelace", "Alan Turing"],
        "published": "2023-01-02",
    }


def write_synthetic(folder: Path, n: int) -> dict[str, Path]:
    """JSONL, CSV, OAI and Atom files of ``n`` records each."""
    paths = {
        name: folder / f"synthetic.{ext}"
        for name, ext in (("jsonl", "jsonl"), ("csv", "csv"), ("oai", "oai.jsonl"), ("atom", "xml"))
    }
    with paths["jsonl"].open("w") as out:
        out.writelines(json.dumps(_record(i)) + "\n" for i in range(n))
    with paths["csv"].open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "title", "abstract", "authors", "published"])
        for i in range(n):
            rec = _record(i)
            writer.writerow(
                [
                    rec["id"],
                    rec["title"],
                    rec["abstract"],
                    "Ada Lovelace; Alan Turing",
                    rec["published"],
                ]
            )
    with paths["oai"].open("w") as out:
        for i in range(n):
            rec = _record(i)
            oai = {
                **rec,
                "authors": "Ada Lovelace and Alan Turing",
                "submitter": "Ada",
                "versions": [{"version": "v1", "created": "Mon, 2 Jan 2023 10:00:00 GMT"}],
                "update_date": "2023-01-05",
                "authors_parsed": [["Lovelace", "Ada", ""]],
            }
            out.write(json.dumps(oai) + "\n")
    with paths["atom"].open("w") as out:
        out.write('<feed xmlns="http://www.w3.org/2005/Atom">\n')
        for i in range(n):
            rec = _record(i)
            out.write(
                f"<entry><id>http://arxiv.org/abs/{rec['id']}v1</id><title>{rec['title']}"
                f"</title><summary>{ABSTRACT}</summary><author><name>Ada Lovelace</name>"
                f"</author><published>2023-01-02T00:00:00Z</published></entry>\n"
            )
        out.write("</feed>\n")
    return paths


def _inverted(text: str) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for position, word in enumerate(text.split()):
        index.setdefault(word, []).append(position)
    return index


def write_scholarly(folder: Path, n: int) -> dict[str, Path]:
    """OpenAlex, Semantic Scholar, Crossref and BibTeX files of ``n`` records each, each record
    with two authors, a venue, a DOI and three references."""
    paths = {
        name: folder / f"synthetic-{name}.{ext}"
        for name, ext in (
            ("openalex", "jsonl"),
            ("semanticscholar", "jsonl"),
            ("crossref", "jsonl"),
            ("bibtex", "bib"),
        )
    }
    index = _inverted(ABSTRACT)
    authors = [("1", "Ada Lovelace"), ("2", "Alan Turing")]
    with paths["openalex"].open("w") as out:
        for i in range(n):
            work = {
                "id": f"https://openalex.org/W{i}",
                "doi": f"https://doi.org/10.1000/w{i}",
                "title": f"Synthetic Paper Number {i} on Graph Attention",
                "publication_year": 2023,
                "publication_date": "2023-01-02",
                "authorships": [
                    {"author": {"id": f"https://openalex.org/A{a}", "display_name": name}}
                    for a, name in authors
                ],
                "primary_location": {
                    "source": {"id": "https://openalex.org/S1", "display_name": "J"}
                },
                "referenced_works": [f"https://openalex.org/W{(i + k) % n}" for k in (1, 2, 3)],
                "abstract_inverted_index": index,
            }
            out.write(json.dumps(work) + "\n")
    with paths["semanticscholar"].open("w") as out:
        for i in range(n):
            paper = {
                "paperId": f"{i:040x}",
                "corpusId": i,
                "externalIds": {"DOI": f"10.1000/s{i}"},
                "title": f"Synthetic Paper Number {i} on Graph Attention",
                "abstract": ABSTRACT,
                "authors": [{"authorId": a, "name": name} for a, name in authors],
                "year": 2023,
                "venue": "J",
                "references": [{"paperId": f"{(i + k) % n:040x}"} for k in (1, 2, 3)],
            }
            out.write(json.dumps(paper) + "\n")
    with paths["crossref"].open("w") as out:
        for i in range(n):
            work = {
                "DOI": f"10.1000/c{i}",
                "prefix": "10.1000",
                "member": "1",
                "title": [f"Synthetic Paper Number {i} on Graph Attention"],
                "abstract": f"<jats:p>{ABSTRACT}</jats:p>",
                "author": [
                    {"given": "Ada", "family": "Lovelace"},
                    {"given": "Alan", "family": "Turing"},
                ],
                "issued": {"date-parts": [[2023, 1, 2]]},
                "container-title": ["J"],
                "reference": [{"key": str(k), "DOI": f"10.1000/c{(i + k) % n}"} for k in (1, 2, 3)],
            }
            out.write(json.dumps(work) + "\n")
    with paths["bibtex"].open("w") as out:
        for i in range(n):
            out.write(
                f"@article{{p{i},\n  author = {{Lovelace, Ada and Turing, Alan}},\n"
                f"  title = {{Synthetic Paper Number {i} on Graph Attention}},\n"
                f"  journal = {{J}}, year = {{2023}}, doi = {{10.1000/b{i}}},\n"
                f"  abstract = {{{ABSTRACT}}}\n}}\n"
            )
    return paths


def median_time(read: Callable[[], IngestReport], runs: int) -> tuple[float, float, IngestReport]:
    """Median wall and CPU seconds of ``runs`` calls of ``read()``, and the last report."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        report = read()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), report


def main() -> None:
    """Time every reader and write the BENCHMARKS.md section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        cases = (
            [("seeds (page dumps)", lambda: read_corpus([SHARED_SEEDS]))]
            if SHARED_SEEDS.is_dir()
            else []
        )
        cases.append(("bundled seeds.jsonl", lambda: read_corpus([BUNDLED_SEEDS])))
        if CITESEER.is_dir():
            cases.append(("citeseer", lambda: read_citeseer(CITESEER)))
        for sample in SAMPLES:
            if (FORMAT_SAMPLES / sample).exists():
                cases.append((f"sample {sample}", partial(read_corpus, [FORMAT_SAMPLES / sample])))
        synthetic = write_synthetic(Path(tmp), args.records)
        synthetic |= write_scholarly(Path(tmp), args.records)
        for name, path in synthetic.items():
            cases.append((f"synthetic {name}", partial(read_corpus, [path])))
        for name, read in cases:
            wall, cpu, report = median_time(read, args.runs)
            records = report.read + len(report.skipped)
            rows.append(f"| {name} | {records:,} | {wall:.3f} | {cpu:.3f} | {records / cpu:,.0f} |")
            print(rows[-1], flush=True)
    section = "\n".join(
        [
            "## Corpus readers",
            "",
            f"`.venv/bin/python bench/readers.py --runs {args.runs} --records {args.records}` — "
            f"machine: 2 cores, 24 GiB (one core used); {datetime.date.today().isoformat()}; "
            f"median of {args.runs} runs, parse + validate + merge. The machine is shared, so wall "
            "time varies with load; CPU time is the steadier figure.",
            "",
            "| input | records | wall s | CPU s | records per CPU s |",
            "|---|---|---|---|---|",
            *rows,
        ]
    )
    if not args.no_write:
        benchmarks_md.write_section("readers", section)


if __name__ == "__main__":
    main()
