"""Builders for the scholarly routes: a small graph of papers with years, authors, venues,
citations (some to stub papers) and planted text embeddings.

Papers, mentions, SHARES_ENTITIES/SIMILAR_TO and in-corpus CITES go through the real build
(keyword extractor, planted embedder); authors, venues, years and stubs are then written in
the shape the ingest writes them — ``(:Author {id, name, ids})-[:AUTHORED {position}]->``,
``-[:PUBLISHED_IN]->(:Venue {id, name})``, ``Paper.year``/``venue``, ``(:Paper {stub: true})``
— with batched, parameterised statements through the store.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from graph_builders import KeywordExtractor

from extract.records import Paper
from graph.build import BuildOptions, GraphBuilder
from graph.embeddings import paper_text
from graph.schema import AUTHOR, AUTHORED, CITES, EMBEDDING_DIM, PAPER, PUBLISHED_IN, VENUE
from graph.store import GraphStore

# id: (year, venue, authors, title, abstract, references)
PAPERS: dict[str, tuple[int, str, tuple[str, ...], str, str, tuple[str, ...]]] = {
    "s01": (
        2018,
        "ACL",
        ("Ada Lovelace", "Bob Stone"),
        "Attention readers",
        "A Transformer for question answering on SQuAD.",
        (),
    ),
    "s02": (
        2019,
        "ACL",
        ("Ada Lovelace", "Cy Young"),
        "Reading with BERT",
        "BERT for question answering on SQuAD, in F1.",
        ("s01",),
    ),
    "s03": (
        2020,
        "NeurIPS",
        ("Bob Stone", "Cy Young"),
        "Contrastive readers",
        "Contrastive learning for question answering.",
        ("s01",),
    ),
    "s04": (
        2021,
        "NeurIPS",
        ("Ada Lovelace", "Dee Park"),
        "Contrastive pretraining for QA",
        "Contrastive learning improves question answering on SQuAD.",
        ("s03", "s02"),
    ),
    "s05": (
        2022,
        "ACL",
        ("Dee Park",),
        "Contrastive Transformers",
        "Contrastive learning of a Transformer for question answering.",
        ("s04",),
    ),
    "s06": (
        2022,
        "CVPR",
        ("Eve Stone",),
        "Residual vision",
        "ResNet for image classification on ImageNet.",
        (),
    ),
    "s07": (
        2023,
        "ACL",
        ("Ada Lovelace",),
        "Contrastive answers",
        "Contrastive learning for question answering, in F1.",
        ("s05", "s01"),
    ),
}
# references to papers outside the corpus: kept as stubs
STUBS = {"stub:attention": "Attention is all you need"}
STUB_CITES = (("s03", "stub:attention"), ("s04", "stub:attention"))
PLANTED_NEIGHBOUR = {"s01": "s02"}  # s02's text embedding is s01's plus a little noise
BETWEEN = ("s07", "s01", "s06")  # s07 is planted halfway between s01 and s06

WRITE_YEARS = f"""
UNWIND $rows AS row MATCH (p:{PAPER} {{id: row.id}})
SET p.year = row.year, p.date = row.date, p.venue = row.venue, p.stub = false
"""
WRITE_AUTHORS = f"""
UNWIND $rows AS row MATCH (p:{PAPER} {{id: row.paper}})
MERGE (a:{AUTHOR} {{id: row.id}}) SET a.name = row.name, a.ids = [row.id]
MERGE (a)-[r:{AUTHORED}]->(p) SET r.position = row.position
"""
WRITE_VENUES = f"""
UNWIND $rows AS row MATCH (p:{PAPER} {{id: row.paper}})
MERGE (v:{VENUE} {{id: row.id}}) SET v.name = row.name
MERGE (p)-[:{PUBLISHED_IN}]->(v)
"""
WRITE_STUBS = f"""
UNWIND $rows AS row MERGE (p:{PAPER} {{id: row.id}}) SET p.title = row.title, p.stub = true
"""
WRITE_STUB_CITES = f"""
UNWIND $rows AS row MATCH (a:{PAPER} {{id: row.source}}), (b:{PAPER} {{id: row.target}})
MERGE (a)-[:{CITES}]->(b)
"""


def author_id(name: str) -> str:
    """The normalised-name id the ingest gives an author without a source id."""
    return "name:" + " ".join(name.lower().split())


def planted_vectors(seed: int = 0) -> dict[str, np.ndarray]:
    """Unit text embeddings: random, except the planted neighbour and the in-between paper."""
    rng = np.random.default_rng(seed)
    vectors = {pid: rng.normal(size=EMBEDDING_DIM) for pid in PAPERS}
    for anchor, neighbour in PLANTED_NEIGHBOUR.items():
        vectors[neighbour] = vectors[anchor] + 0.3 * rng.normal(size=EMBEDDING_DIM)
    middle, left, right = BETWEEN
    vectors[middle] = vectors[left] / np.linalg.norm(vectors[left]) + vectors[
        right
    ] / np.linalg.norm(vectors[right])
    return {pid: (v / np.linalg.norm(v)).astype(np.float32) for pid, v in vectors.items()}


class TitleEmbedder:
    """Embeds a paper's text as the planted vector of its title."""

    model_id = "test/title"
    dimension = EMBEDDING_DIM

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        by_title = {PAPERS[pid][3]: v for pid, v in vectors.items()}
        self.by_text = {
            paper_text(PAPERS[p][3], PAPERS[p][4]): by_title[PAPERS[p][3]] for p in PAPERS
        }

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self.by_text[text] for text in texts])


def scholarly_papers() -> list[Paper]:
    """The paper records (authors as names, year as ``published``)."""
    return [
        Paper(
            id=pid,
            title=title,
            abstract=abstract,
            authors=authors,
            published=str(year),
            source="scholarly.jsonl",
            references=refs,
        )
        for pid, (year, _, authors, title, abstract, refs) in PAPERS.items()
    ]


def build_scholarly_graph(store: GraphStore) -> None:
    """The scholarly test graph, built into an empty database."""
    options = BuildOptions(shared_top_k=3, similar_top_k=3, similar_min_score=0.2)
    builder = GraphBuilder(store, KeywordExtractor(), TitleEmbedder(planted_vectors()), options)
    builder.build(scholarly_papers())
    years = [
        {"id": pid, "year": year, "date": f"{year}-01-01", "venue": venue}
        for pid, (year, venue, *_) in PAPERS.items()
    ]
    authors = [
        {"paper": pid, "id": author_id(name), "name": name, "position": i}
        for pid, (_, _, names, *_) in PAPERS.items()
        for i, name in enumerate(names)
    ]
    venues = [
        {"paper": pid, "id": f"venue:{venue.lower()}", "name": venue}
        for pid, (_, venue, *_) in PAPERS.items()
    ]
    store.write_batches(WRITE_YEARS, years)
    store.write_batches(WRITE_AUTHORS, authors)
    store.write_batches(WRITE_VENUES, venues)
    store.write_batches(WRITE_STUBS, [{"id": i, "title": t} for i, t in STUBS.items()])
    store.write_batches(WRITE_STUB_CITES, [{"source": a, "target": b} for a, b in STUB_CITES])
