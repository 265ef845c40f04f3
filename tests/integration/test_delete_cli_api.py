"""``citegraph delete`` and ``DELETE /papers/{id}`` against the real Neo4j: the paper goes,
papers citing it keep the citation (to a stub), unknown ids fail clearly, writes need the key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from api_builders import assert_error
from fastapi.testclient import TestClient
from graph_builders import BASE, KeywordExtractor, papers, shared_embedder
from typer.testing import CliRunner

from api.app import create_app
from api.cli import delete as delete_verbs
from api.settings import Settings
from graph.build import BuildOptions, GraphBuilder
from graph.embeddings import Embedder
from graph.store import GraphStore

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
KEY = {"X-API-Key": "test-key-123"}


@pytest.fixture(scope="session")
def graph_embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    return shared_embedder(tmp_path_factory.getbasetemp())


@pytest.fixture()
def built(empty_db: dict[str, str], graph_embedder: Embedder) -> Iterator[GraphStore]:
    with GraphStore(**empty_db) as store:
        options = BuildOptions(shared_top_k=2, similar_top_k=2, similar_min_score=0.2)
        GraphBuilder(store, KeywordExtractor(), graph_embedder, options).build(papers(BASE))
        yield store


def state(store: GraphStore, paper: str) -> dict[str, object] | None:
    rows = store.read(
        "MATCH (p:Paper {id: $id}) RETURN p.stub AS stub, COUNT { (p)<-[:CITES]-() } AS cited_by",
        id=paper,
    )
    return rows[0] if rows else None


def test_cli_deletes_papers_and_fails_on_unknown_ids(
    built: GraphStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    app = typer.Typer()

    @app.callback()
    def main(ctx: typer.Context) -> None:
        ctx.obj = neo4j_settings.model_copy(update={"data_dir": tmp_path / "data"})

    app.add_typer(delete_verbs.app)
    runner = CliRunner()
    result = runner.invoke(app, ["delete", "p03", "p05"])
    assert result.exit_code == 0, result.output
    assert "deleted 2 papers (p03, p05)" in result.output
    assert state(built, "p03") == {"stub": True, "cited_by": 2} and state(built, "p05") is None
    missing = runner.invoke(app, ["delete", "p01", "nope"])
    assert missing.exit_code == 1 and "no paper with id nope" in missing.output
    # the known one was deleted all the same (p02 cites it: a stub now)
    assert state(built, "p01") == {"stub": True, "cited_by": 1}


def test_api_delete_needs_the_key_and_answers_404_for_unknown(
    built: GraphStore, neo4j_settings: Settings
) -> None:
    settings = neo4j_settings.model_copy(update={"api_key": KEY["X-API-Key"]})
    with TestClient(create_app(settings)) as client:
        assert_error(client.delete("/papers/p04"), 401)
        assert state(built, "p04") is not None
        response = client.delete("/papers/p04", headers=KEY)
        assert response.status_code == 200, response.text
        assert response.json()["id"] == "p04" and response.json()["citers_repointed"] == 1
        assert state(built, "p04") == {"stub": True, "cited_by": 1}
        error = assert_error(client.delete("/papers/p04", headers=KEY), 404)  # a stub now
        assert "p04" in error["message"]
