"""Which link type the GNN learns: CITES once a corpus has enough citation links, else
relatedness — and the reason is spelled out."""

from __future__ import annotations

import dataclasses

from gnn_builders import planted_corpus

from graph.gnn.data import (
    CITES_EDGE,
    MIN_CITATION_LINKS,
    RELATED_EDGE,
    build_hetero,
    citation_links,
    target_edge_type,
    target_reason,
)


def test_a_cited_corpus_trains_on_citations() -> None:
    corpus = planted_corpus()
    data, _ = build_hetero(corpus)
    links = citation_links(data)
    assert links >= MIN_CITATION_LINKS
    assert target_edge_type(data) == CITES_EDGE
    assert target_reason(CITES_EDGE, links) == (
        f"target CITES: {links} citation links (at least {MIN_CITATION_LINKS} needed)"
    )


def test_the_threshold_counts_distinct_links_between_corpus_papers() -> None:
    corpus = planted_corpus()
    ids = corpus.paper_ids
    corpus = dataclasses.replace(corpus, similar_to=tuple(zip(ids, ids[1:], strict=False)))
    kept = corpus.cites[:MIN_CITATION_LINKS]
    # a reversed duplicate, a self-citation and a citation of a paper outside the corpus
    extra = (kept[0][::-1], (kept[0][0], kept[0][0]), (kept[0][0], "stub:elsewhere"))
    enough = dataclasses.replace(corpus, cites=kept + extra)
    data, _ = build_hetero(enough)
    assert citation_links(data) == MIN_CITATION_LINKS and target_edge_type(data) == CITES_EDGE
    too_few = dataclasses.replace(corpus, cites=kept[1:] + extra[1:])
    data, _ = build_hetero(too_few)
    assert target_edge_type(data) == RELATED_EDGE
    assert "only 99 citation links" in target_reason(RELATED_EDGE, citation_links(data))
    assert CITES_EDGE in data.edge_types  # the few citations stay a message path
