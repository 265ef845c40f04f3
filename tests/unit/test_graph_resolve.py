"""Which node a record or a reference is: strong keys, then title; stubs for the rest, and the
most preferred id winning when a record meets a node known by a weaker one."""

from __future__ import annotations

from extract.ids import title_id
from extract.records import Paper, Reference
from graph.resolve import CitationIndex, reference_targets

ABSTRACT = "We study citation graphs of scholarly papers and their authors."


def paper(pid: str, title: str = "A paper", external: tuple[str, ...] = ()) -> Paper:
    return Paper(id=pid, title=title, abstract=ABSTRACT, external_ids=external)


def test_record_matching_a_stub_by_source_id_takes_it_over_under_its_own_id() -> None:
    index = CitationIndex.from_rows(
        [{"id": "openalex:W2", "external_ids": ["openalex:W2"], "title": None, "stub": True}]
    )
    identity = index.identify(paper("doi:10.1/x", external=("doi:10.1/x", "openalex:W2")))
    assert (identity.id, identity.rename_from, identity.folded) == ("doi:10.1/x", "openalex:W2", ())
    assert index.strong["openalex:W2"] == "doi:10.1/x" and not index.nodes["doi:10.1/x"].stub


def test_a_better_id_renames_the_node_and_further_stubs_fold_into_it() -> None:
    index = CitationIndex.from_rows(
        [
            {"id": "doi:10.1/x", "external_ids": ["doi:10.1/x"], "title": "A paper", "stub": False},
            {"id": "s2:abc", "external_ids": ["s2:abc"], "title": None, "stub": True},
        ]
    )
    identity = index.identify(
        paper("arxiv:2101.00001", external=("arxiv:2101.00001", "doi:10.1/x", "s2:abc"))
    )
    assert identity.id == "arxiv:2101.00001"
    assert identity.rename_from == "doi:10.1/x" and identity.folded == ("s2:abc",)
    assert set(identity.external_ids) == {"arxiv:2101.00001", "doi:10.1/x", "s2:abc"}


def test_an_existing_paper_keeps_its_id_when_the_record_has_a_weaker_one() -> None:
    index = CitationIndex.from_rows(
        [{"id": "doi:10.1/x", "external_ids": ["doi:10.1/x"], "title": "A paper", "stub": False}]
    )
    identity = index.identify(paper(title_id("A Paper"), title="A Paper"))
    assert (identity.id, identity.rename_from) == ("doi:10.1/x", None)


def test_title_matches_only_when_dois_do_not_contradict() -> None:
    index = CitationIndex.from_rows(
        [{"id": "doi:10.1/x", "external_ids": ["doi:10.1/x"], "title": "Same", "stub": False}]
    )
    assert index.match(["doi:10.1/y"], title_id("Same")) == []
    assert index.match(["openalex:W9"], title_id("same")) == ["doi:10.1/x"]


def test_references_resolve_or_become_stubs_once() -> None:
    index = CitationIndex.from_rows(
        [{"id": "doi:10.1/x", "external_ids": ["doi:10.1/x"], "title": "Known", "stub": False}]
    )
    details = [Reference(ids=("s2:zzz", "doi:10.2/new"), title="Outside", year=1999)]
    targets, stubs = reference_targets(
        index, "p1", ["doi:10.1/x", "s2:zzz", "title:" + "0" * 16, "p1"], details
    )
    assert targets == ["doi:10.1/x", "doi:10.2/new", "title:" + "0" * 16]
    assert [(s.id, s.external_ids, s.title, s.year) for s in stubs] == [
        ("doi:10.2/new", ("s2:zzz", "doi:10.2/new"), "Outside", 1999),
        ("title:" + "0" * 16, (), None, None),
    ]
    again, more = reference_targets(index, "p2", ["s2:zzz"], [])
    assert again == ["doi:10.2/new"] and more == []
    by_title, _ = reference_targets(
        index, "p3", ["s2:other"], [Reference(ids=("s2:other",), title="known")]
    )
    assert by_title == ["doi:10.1/x"]


def test_blank_titles_name_no_work() -> None:
    index = CitationIndex.from_rows([{"id": "p1", "external_ids": [], "title": "", "stub": False}])
    assert index.identify(paper("p2", title="")).id == "p2"
    assert index.identify(paper("p3", title=" - ")).id == "p3"
