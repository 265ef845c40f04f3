"""Stable paper ids: the same paper gets the same id whatever file or spelling it comes from."""

from __future__ import annotations

import pytest

from extract.ids import (
    arxiv_id,
    citeseer_id,
    is_title_id,
    normalize_arxiv_id,
    normalize_title,
    paper_id,
    title_id,
)


@pytest.mark.parametrize(
    "raw",
    [
        "2301.00001",
        "2301.00001v3",
        "arXiv:2301.00001v1",
        "ARXIV:2301.00001",
        "http://arxiv.org/abs/2301.00001v2",
        "https://arxiv.org/pdf/2301.00001v2.pdf",
        " 2301.00001 ",
    ],
)
def test_arxiv_ids_are_normalised_without_version(raw: str) -> None:
    assert arxiv_id(raw) == "arxiv:2301.00001"


def test_old_style_arxiv_ids_keep_their_archive() -> None:
    assert arxiv_id("hep-th/9901001v2") == "arxiv:hep-th/9901001"
    assert arxiv_id("http://arxiv.org/abs/math.AG/0309136v1") == "arxiv:math.ag/0309136"
    assert normalize_arxiv_id("0704.0001") == "0704.0001"


@pytest.mark.parametrize("raw", ["", "p-local", "10.1103/PhysRevD.76.013009", "2301.1", "arxiv:"])
def test_non_arxiv_strings_are_not_arxiv_ids(raw: str) -> None:
    assert arxiv_id(raw) is None


def test_same_title_same_id_across_case_spacing_and_punctuation() -> None:
    variants = [
        "LUKE: Deep Contextualized Entity Representations",
        "luke deep contextualized entity representations",
        "  LUKE:  Deep\nContextualized   Entity Representations. ",
        "LUKE — Deep Contextualized Entity-Representations",
    ]
    assert len({title_id(title) for title in variants}) == 1
    assert title_id(variants[0]) != title_id("LUKE: Deep Contextualized Entity Representation")


def test_title_id_shape_and_normalisation() -> None:
    pid = title_id("Attention Is All You Need")
    assert pid.startswith("title:") and len(pid) == len("title:") + 16
    assert is_title_id(pid)
    assert normalize_title("Ｆｕｌｌ-width  ＴＩＴＬＥ!") == "full width title"


def test_paper_id_prefers_arxiv_then_title() -> None:
    assert paper_id("Some Title", "1706.03762v7") == "arxiv:1706.03762"
    assert paper_id("Some Title", "not-an-arxiv-id") == title_id("Some Title")
    assert paper_id("Some Title") == title_id("some title")
    assert not is_title_id(paper_id("Some Title", "1706.03762"))
    assert citeseer_id(" 100157 ") == "citeseer:100157"
