"""``citegraph extract`` and ``citegraph eval extract``: the entity extractor from the shell.

Both work without Neo4j. ``extract`` reads papers JSONL and writes mentions JSONL;
``eval extract`` scores the extractor on a gold file (seeds-gold, SciERC or TDMSci).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from api import wiring
from api.cli.common import console, fail, settings_of
from api.settings import Settings

if TYPE_CHECKING:
    from extract.pipeline import Extractor

app = typer.Typer()
eval_app = typer.Typer()
NerModelOption = Annotated[
    Path | None,
    typer.Option(
        "--ner-model",
        help="Add a trained NER as a candidate source: a spaCy pipeline "
        "(extract/models/sci_ner) or a transformer tagger (extract/models/sci_ner_minilm).",
    ),
]
NerOnlyOption = Annotated[
    bool,
    typer.Option(
        "--ner-only",
        help="Spans as the NER learned them (SciERC style): no lexicon or pattern candidates; "
        "needs --ner-model.",
    ),
]


def _extractor(settings: Settings, ner_model: Path | None, ner_only: bool) -> Extractor:
    """The extractor the options ask for, or a clear error (exit 2) when they do not fit; a
    transformer NER runs where CITEGRAPH_DEVICE says (auto uses the GPU when there is one)."""
    if ner_only and ner_model is None:
        raise fail("--ner-only needs --ner-model (e.g. extract/models/sci_ner_minilm)", 2)
    if ner_model is not None and not ner_model.is_dir():
        raise fail(f"--ner-model: no model directory at {ner_model}", 2)
    try:
        return wiring.extractor(settings, ner_model=ner_model, ner_only=ner_only)
    except (FileNotFoundError, ValueError) as error:
        raise fail(f"cannot load the NER model {ner_model}: {error}", 2) from error


@app.command("extract")
def extract_command(
    ctx: typer.Context,
    input: Annotated[
        Path, typer.Option("--input", "-i", help="Papers JSONL: {id, title, abstract, ...}.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write mentions JSONL.")],
    batch_size: Annotated[
        int | None, typer.Option(help="Papers per spaCy batch (env CITEGRAPH_EXTRACT_BATCH_SIZE).")
    ] = None,
    n_process: Annotated[int, typer.Option(help="Worker processes for spaCy.")] = 1,
    ner_model: NerModelOption = None,
    ner_only: NerOnlyOption = False,
) -> None:
    """Extract MODEL/DATASET/METHOD/TASK/METRIC mentions from paper abstracts."""
    from extract.mentions_io import read_papers_jsonl, write_mentions_jsonl

    settings = settings_of(ctx)
    if input.is_dir():
        raise fail(f"{input} is a directory: give one papers JSONL file")
    if not input.is_file():
        raise fail(f"input file not found: {input}")
    try:
        papers, skipped = read_papers_jsonl(input)
    except OSError as error:
        raise fail(f"cannot read {input}: {error}") from error
    for record in skipped:
        console.print(f"[yellow]skipped[/] {record.source}:{record.record}: {record.reason}")
    extractor = _extractor(settings, ner_model, ner_only)
    results = extractor.run(
        papers,
        batch_size=batch_size or settings.extract_batch_size,
        n_process=n_process,
        progress=True,
    )
    try:
        written = write_mentions_jsonl(results, output)
    except OSError as error:
        raise fail(f"cannot write {output}: {error}") from error
    total = sum(len(result.mentions) for result in results)
    console.print(f"{written} papers, {total} mentions -> {output} ({len(skipped)} lines skipped)")


@eval_app.command("extract")
def eval_extract_command(
    ctx: typer.Context,
    gold: Annotated[
        Path,
        typer.Option("--gold", help="Gold file: seeds-gold JSONL, SciERC JSONL or TDMSci CoNLL."),
    ],
    format: Annotated[
        str | None, typer.Option("--format", help="seeds, scierc or tdmsci (default: detected).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    ner_model: NerModelOption = None,
    ner_only: NerOnlyOption = False,
    errors: Annotated[
        bool,
        typer.Option(
            "--errors", help="Also list false positives and misses (exact spans) with sentences."
        ),
    ] = False,
) -> None:
    """Score the extractor on a gold file: per type and overall P/R/F1 (exact, overlap, doc-set)."""
    from extract.evaluate import evaluate_extractor, format_table
    from extract.gold import GoldFormatError, detect_format, read_gold

    if not gold.is_file():
        raise fail(f"gold file not found: {gold}")
    if format is not None and format not in ("seeds", "scierc", "tdmsci"):
        raise fail(f"unknown --format {format!r}: use seeds, scierc or tdmsci", 2)
    try:
        gold_format = format or detect_format(gold)
        documents = read_gold(gold, gold_format)  # type: ignore[arg-type]
    except (GoldFormatError, ValueError, KeyError, IndexError) as error:
        raise fail(f"cannot read gold file {gold}: {error}") from error
    if not documents:
        raise fail(f"no gold documents in {gold}")
    settings = settings_of(ctx)
    extractor = _extractor(settings, ner_model, ner_only)
    report, found = evaluate_extractor(extractor, documents, gold_format)  # type: ignore[arg-type]
    if as_json:
        payload = report.model_dump()
        if errors:
            from extract.errors import extraction_errors

            wrong = extraction_errors(documents, found, gold_format)  # type: ignore[arg-type]
            payload["errors"] = [error.model_dump() for error in wrong]
        typer.echo(json.dumps(payload, indent=2))
        return
    typer.echo(format_table(report))
    if errors:
        from extract.errors import extraction_errors, format_errors

        wrong = extraction_errors(documents, found, gold_format)  # type: ignore[arg-type]
        typer.echo("")
        typer.echo(format_errors(wrong))
