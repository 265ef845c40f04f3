"""CiteSeer (LINQS selection with raw text) through the normal pipeline, in memory.

Reads ``papers.jsonl`` + ``edges.tsv`` with the shared reader (``extract.readers``), extracts
entity mentions with the shared extractor when asked, embeds texts (cached) and builds the
corpus graph — no database needed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from extract.readers import read_citeseer
from extract.records import Paper, PaperMentions
from graph.embeddings import DEFAULT_BACKEND, paper_text
from graph.gnn.corpus import corpus_from_records
from graph.gnn.data import CorpusGraph
from graph.gnn.features import embed_texts
from graph.linker import LinkOptions

Log = Callable[[str], None]


def read_papers(directory: Path, log: Log = print) -> list[Paper]:
    """CiteSeer papers with ``references``, via the shared reader (title split from text)."""
    report = read_citeseer(directory)
    if report.skipped:
        log(f"skipped {len(report.skipped)} records, e.g. {report.skipped[0].reason}")
    return list(report.papers)


def extract_mentions(papers: list[Paper]) -> list[PaperMentions]:
    """Entity mentions with the shared extractor (spaCy; about a minute for CiteSeer)."""
    from extract.pipeline import Extractor

    return Extractor().run(papers, progress=True)


def load_citeseer(
    directory: Path,
    cache_dir: Path,
    entities: bool = False,
    device: str = "cpu",
    log: Log = print,
    backend: str = DEFAULT_BACKEND,
    links: LinkOptions | None = None,
) -> CorpusGraph:
    """CiteSeer as a corpus graph: papers, text embeddings, SIMILAR_TO, optional entities, CITES,
    linked as ``citegraph build`` links (``links``: the build's link settings)."""
    if not (directory / "papers.jsonl").exists():
        raise FileNotFoundError(f"no papers.jsonl in {directory}")
    papers = read_papers(directory, log)
    log(f"read {len(papers)} papers, {sum(len(p.references) for p in papers)} references")
    mentions = extract_mentions(papers) if entities else []
    if entities:
        log(f"extracted {sum(len(m.mentions) for m in mentions)} mentions")
    features = embed_texts(
        [paper_text(p.title, p.abstract) for p in papers], cache_dir, device=device, backend=backend
    )
    return corpus_from_records(papers, features, mentions, links=links)
