"""POST /papers: incremental ingest through the real pipeline, behind the API key."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_builders import assert_error
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
KEY = {"X-API-Key": "test-key-123"}
FIRST = {
    "id": "arxiv:1810.04805",
    "title": "Fine-tuning BERT for question answering",
    "abstract": "We fine-tune BERT on SQuAD and report F1 and exact match. "
    "BERT with a span head improves question answering on SQuAD.",
}
SECOND = {
    "id": "arxiv:1907.11692",
    "title": "RoBERTa reading comprehension",
    "abstract": "We evaluate RoBERTa and BERT on SQuAD for question answering and report F1.",
}


@pytest.fixture()
def writer(empty_db: dict[str, str], neo4j_settings: Settings) -> Iterator[TestClient]:
    settings = neo4j_settings.model_copy(update={"api_key": KEY["X-API-Key"]})
    with TestClient(create_app(settings)) as client:
        yield client


def test_ingest_finds_entities_links_papers_and_reports_bad_records(writer: TestClient) -> None:
    first = writer.post("/papers", json=FIRST, headers=KEY)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["ids"] == [FIRST["id"]] and body["papers_written"] == 1 and body["rejected"] == []
    found = {e["id"] for e in body["papers"][0]["entities"]}
    assert found and any(entity.startswith("dataset:") for entity in found)

    alone = writer.get(f"/papers/{FIRST['id']}/related").json()
    assert alone["items"] == []  # now in the response cache

    bad = {"id": "test:bad", "title": 42}
    second = writer.post("/papers", json=[SECOND, bad, "not a paper"], headers=KEY).json()
    assert second["ids"] == [SECOND["id"]]
    assert [(r["index"], r["id"]) for r in second["rejected"]] == [(1, "test:bad"), (2, None)]
    assert "title" in second["rejected"][0]["reason"]
    linked = second["papers"][0]
    assert linked["shared_entity_links"] >= 1 and set(e["id"] for e in linked["entities"]) & found

    detail = writer.get(f"/papers/{SECOND['id']}").json()
    assert detail["title"] == SECOND["title"] and detail["has_embedding"]
    related = writer.get(f"/papers/{SECOND['id']}/related").json()["items"]
    assert [p["id"] for p in related] == [FIRST["id"]]
    # the ingest cleared the cache, so the first paper now shows its new neighbour
    back = writer.get(f"/papers/{FIRST['id']}/related").json()["items"]
    assert [p["id"] for p in back] == [SECOND["id"]]

    again = writer.post("/papers", json=[FIRST], headers=KEY).json()
    assert again["papers_written"] == 0 and again["papers_unchanged"] == 1


def test_ingest_refuses_without_key_and_with_only_bad_records(writer: TestClient) -> None:
    assert_error(writer.post("/papers", json=FIRST), 401)
    assert writer.get(f"/papers/{FIRST['id']}").status_code == 404
    error = assert_error(
        writer.post("/papers", json=[{"id": ""}, {"title": "no id"}], headers=KEY), 422
    )
    assert len(error["detail"]) == 2
    assert_error(writer.post("/papers", json=[FIRST] * 1001, headers=KEY), 413)


def test_ingest_gives_the_same_ids_as_the_corpus_readers(writer: TestClient, tmp_path) -> None:
    from extract.readers import read_corpus

    record = {"id": "local-7", "title": "Retrieval augmented generation for open QA",
              "abstract": "We combine a dense retriever with BART for open-domain question "
                          "answering on Natural Questions."}
    corpus = tmp_path / "one.jsonl"
    corpus.write_text(__import__("json").dumps(record) + "\n")
    expected = read_corpus([corpus]).papers[0].id
    body = writer.post("/papers", json=record, headers=KEY).json()
    assert body["ids"] == [expected]  # one node whichever way the paper arrives


def test_a_write_that_waits_too_long_for_its_turn_gets_503_with_retry_after(
    writer: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.routers import ingest

    monkeypatch.setattr(ingest, "LOCK_WAIT_S", 0.2)
    service = writer.app.state.ingest  # type: ignore[attr-defined]
    with service._lock:  # another write of this process is running
        busy = writer.post("/papers", json=FIRST, headers=KEY)
    error = assert_error(busy, 503)
    assert error["code"] == "pipeline_busy" and busy.headers["Retry-After"] == "30"
    # its turn free again, the same request goes through
    assert writer.post("/papers", json=FIRST, headers=KEY).json()["ids"] == [FIRST["id"]]
