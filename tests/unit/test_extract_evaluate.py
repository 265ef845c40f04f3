"""The evaluator: gold readers, the three scores, and the CLI commands around them."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from api.cli import extract as extract_verbs
from extract.evaluate import score
from extract.gold import GoldDoc, GoldMention, detect_format, read_gold
from extract.records import Mention, PaperMentions

ABSTRACT = "We propose masked image modeling (MIM) and test BERT on SQuAD."


def gold_doc() -> GoldDoc:
    def m(text: str, label: str, canonical: str, nth: int = 0) -> GoldMention:
        start = ABSTRACT.index(text) if not nth else ABSTRACT.index(text, ABSTRACT.index(text) + 1)
        return GoldMention(
            start=start, end=start + len(text), text=text, type=label, canonical=canonical
        )

    return GoldDoc(
        id="d1",
        text=ABSTRACT,
        mentions=(
            m("masked image modeling", "METHOD", "masked image modeling"),
            m("MIM", "METHOD", "masked image modeling"),
            m("BERT", "MODEL", "BERT"),
            m("SQuAD", "DATASET", "SQuAD"),
        ),
    )


def predicted(*spans: tuple[str, str, str]) -> PaperMentions:
    mentions = []
    for text, label, canonical in spans:
        start = ABSTRACT.index(text)
        mentions.append(
            Mention(
                start=start,
                end=start + len(text),
                text=text,
                type=label,  # type: ignore[arg-type]
                canonical=canonical,
                entity_id="x",
                sentence=0,
            )
        )
    return PaperMentions(id="d1", mentions=tuple(mentions))


def test_exact_overlap_and_doc_set_scores() -> None:
    pred = predicted(
        ("masked image", "METHOD", "masked image"),
        ("MIM", "METHOD", "MIM"),
        ("BERT", "MODEL", "BERT"),
        ("SQuAD", "MODEL", "SQuAD"),
    )
    report = score([gold_doc()], [pred], "seeds")
    overall = report.overall
    assert (overall.exact.matched_pred, overall.exact.pred, overall.exact.gold) == (2, 4, 4)
    assert overall.overlap.matched_gold == 3  # "masked image" overlaps its gold mention
    # doc-set: MIM matches a gold surface form of "masked image modeling"; "masked image" does not.
    method = report.by_type["METHOD"].doc_set
    assert (method.matched_pred, method.pred, method.matched_gold, method.gold) == (1, 2, 1, 1)
    assert report.by_type["DATASET"].doc_set.recall == 0.0


def test_missing_predictions_count_as_misses() -> None:
    report = score([gold_doc()], [], "seeds")
    assert report.overall.exact.gold == 4 and report.overall.exact.f1 == 0.0


def test_scierc_reader_maps_token_offsets(tmp_path: Path) -> None:
    path = tmp_path / "scierc.jsonl"
    record = {
        "doc_key": "X1",
        "sentences": [["We", "use", "CRF", "models", "."], ["BLEU", "rises"]],
        "ner": [[[2, 3, "Method"], [0, 0, "Generic"]], [[5, 5, "Metric"]]],
    }
    path.write_text(json.dumps(record) + "\n")
    assert detect_format(path) == "scierc"
    [doc] = read_gold(path)
    assert [(m.text, m.type) for m in doc.mentions] == [
        ("CRF models", "Method"),
        ("BLEU", "Metric"),
    ]


def test_tdmsci_reader_groups_bio_tags(tmp_path: Path) -> None:
    path = tmp_path / "t.conll"
    path.write_text(
        "We\t0\tO\nuse\t3\tO\nSQuAD\t7\tB-DATASET\nfor\t13\tO\nquestion\t17\tB-TASK\n"
        "answering\t26\tI-TASK\n\nF1\t0\tB-METRIC\n"
    )
    assert detect_format(path) == "tdmsci"
    first, second = read_gold(path)
    assert [(m.text, m.type) for m in first.mentions] == [
        ("SQuAD", "DATASET"),
        ("question answering", "TASK"),
    ]
    assert [(m.text, m.type) for m in second.mentions] == [("F1", "METRIC")]


def cli() -> typer.Typer:
    app, eval_app = typer.Typer(), typer.Typer()
    eval_app.add_typer(extract_verbs.eval_app)
    app.add_typer(extract_verbs.app)
    app.add_typer(eval_app, name="eval")
    return app


def test_extract_cli_writes_mentions_and_reports_bad_lines(tmp_path: Path) -> None:
    source = tmp_path / "papers.jsonl"
    lines = [
        json.dumps({"id": "p1", "title": "T", "abstract": "BERT beats GPT-2 on SQuAD."}),
        "{not json",
        json.dumps({"id": "p2"}),
        json.dumps({"id": "p3", "title": "T", "abstract": ""}),
    ]
    source.write_text("\n".join(lines) + "\n")
    output = tmp_path / "mentions.jsonl"
    result = CliRunner().invoke(cli(), ["extract", "--input", str(source), "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "papers.jsonl:2" in result.output and "papers.jsonl:3" in result.output
    rows = [json.loads(line) for line in output.read_text().splitlines()]
    assert [row["id"] for row in rows] == ["p1", "p3"]
    assert [(m["text"], m["type"]) for m in rows[0]["mentions"]] == [
        ("BERT", "MODEL"),
        ("GPT-2", "MODEL"),
        ("SQuAD", "DATASET"),
    ]
    assert set(rows[0]["mentions"][0]) == {
        "start",
        "end",
        "text",
        "type",
        "canonical",
        "entity_id",
        "sentence",
        "field",
    }


def test_eval_cli_prints_the_summary_table(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    doc = gold_doc()
    gold.write_text(
        json.dumps(
            {
                "id": doc.id,
                "title": "",
                "abstract": doc.text,
                "mentions": [m.model_dump() for m in doc.mentions],
            }
        )
        + "\n"
    )
    result = CliRunner().invoke(cli(), ["eval", "extract", "--gold", str(gold)])
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1].split()
    assert last[0] == "overall" and last[1] == "4"
    as_json = CliRunner().invoke(cli(), ["eval", "extract", "--gold", str(gold), "--json"])
    assert json.loads(as_json.output)["overall"]["exact"]["gold"] == 4


def test_eval_cli_rejects_missing_gold(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli(), ["eval", "extract", "--gold", str(tmp_path / "none.jsonl")])
    assert result.exit_code != 0 and "not found" in result.output
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    result = CliRunner().invoke(cli(), ["eval", "extract", "--gold", str(empty)])
    assert result.exit_code != 0 and "no gold documents" in result.output


def test_extract_cli_names_a_directory_input(tmp_path: Path) -> None:
    output = tmp_path / "mentions.jsonl"
    result = CliRunner().invoke(cli(), ["extract", "--input", str(tmp_path), "-o", str(output)])
    assert result.exit_code != 0 and "is a directory" in result.output


def test_scierc_reader_rebuilds_running_text(tmp_path: Path) -> None:
    """PTB escapes are undone and punctuation attaches, as in a real abstract; offsets follow."""
    path = tmp_path / "scierc.jsonl"
    record = {
        "doc_key": "X2",
        "sentences": [
            ["We", "use", "conditional", "random", "fields", "-LRB-", "CRF", "-RRB-", "."]
        ],
        "ner": [[[2, 4, "Method"], [6, 6, "Method"]]],
    }
    path.write_text(json.dumps(record) + "\n")
    [doc] = read_gold(path, "scierc")
    assert doc.text == "We use conditional random fields (CRF)."
    assert [(m.text, doc.text[m.start : m.end]) for m in doc.mentions] == [
        ("conditional random fields", "conditional random fields"),
        ("CRF", "CRF"),
    ]


def test_eval_cli_ner_options_fail_clearly(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "d1", "abstract": ABSTRACT, "mentions": []}) + "\n")
    alone = CliRunner().invoke(cli(), ["eval", "extract", "--gold", str(gold), "--ner-only"])
    assert alone.exit_code == 2
    assert "--ner-only needs --ner-model" in alone.output
    missing = tmp_path / "no-model"
    result = CliRunner().invoke(
        cli(), ["eval", "extract", "--gold", str(gold), "--ner-model", str(missing)]
    )
    assert result.exit_code == 2
    assert "no model directory" in result.output
