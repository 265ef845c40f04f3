"""The web explorer in headless Chromium on the seed graph: it opens on an overview (counts,
the most mentioned entities per type, a starting neighbourhood) whose ``#entity=ID`` /
``#paper=ID`` links open, and reload into, the same view; search, open a result, expand a
node on the canvas, and a screenshot that is not blank."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from explorer_builders import run_check, served_explorer
from PIL import Image

from api.app import EXPLORER_DIST
from api.settings import Settings

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
pytest_plugins = ["api_builders"]  # seed_graph


@pytest.fixture(scope="module")
def served(seed_graph: list[Any], neo4j_settings: Settings) -> Iterator[str]:
    with served_explorer(neo4j_settings) as url:
        yield url


def test_opens_on_an_overview_and_every_view_has_a_reloadable_url(
    served: str, seed_graph: list[Any]
) -> None:
    paper = sorted(seed_graph, key=lambda p: p.id)[0]
    report = run_check("overview.mjs", served, paper.id)
    assert report["title"] == "The graph"
    assert f"{len(seed_graph)} papers" in report["counts"]
    assert report["entities"] >= 5  # the most mentioned entities, per type
    assert report["startNodes"] > 1  # a starting neighbourhood on the canvas
    assert report["entityHash"].startswith("#entity=")
    assert report["entityTitle"].split()[-1] in report["wanted"]  # the clicked entity opened
    assert report["paperTitle"] == paper.title  # a #paper= link opens that paper
    assert report["reloadedTitle"] == report["entityTitle"]  # reloading keeps the view


def test_search_expand_and_screenshot(served: str, tmp_path: Path) -> None:
    assert (EXPLORER_DIST / "index.html").is_file()
    shot = tmp_path / "explorer.png"
    report = run_check("smoke.mjs", served, "masked language", str(shot))
    assert report["results"] > 0
    assert report["nodesAfterOpen"] > 1
    # the clicked node brought neighbours
    assert report["nodesAfterExpand"] > report["nodesAfterOpen"]
    assert report["details"]  # the details panel shows the clicked node
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    non_white = sum(count for count, rgb in colours if min(rgb) < 235)
    assert len(colours) > 50 and non_white > 0.05 * image.width * image.height
