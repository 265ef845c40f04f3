"""Graph commands: ``build``, ``ingest``, ``link``, ``entities merge``, ``entities duplicates``,
``export``, ``stats``.

Exit status: 0 on success; 1 when the database fails or a library error stops the command;
``ingest``/``build`` also exit 1 when no paper at all could be loaded (skipped records alone
never fail a batch, they are listed with their reasons). One pipeline run at a time per data
dir: ``build`` is refused while another build or ingest runs there, ``ingest`` waits for it.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import Progress, TaskID
from rich.table import Table

from api import wiring
from api.cli.common import console, fail, open_store, out, settings_of
from api.settings import Settings
from graph.pipeline_lock import PipelineBusyError, PipelineLock

if TYPE_CHECKING:
    from extract.readers import CorpusStream
    from graph.build import BuildResult

app = typer.Typer()
entities_app = typer.Typer(help="Curate entities in the graph.", no_args_is_help=True)
PathsArg = Annotated[list[Path] | None, typer.Argument(help="Corpus files or directories.")]
EngineOpt = Annotated[
    str | None,
    typer.Option("--engine", help="Where extraction and embedding run: local or ray "
                 "(env CITEGRAPH_ENGINE; ray uses RAY_ADDRESS or starts a local Ray)."),
]
FormatOpt = Annotated[
    str | None, typer.Option("--format", help="Corpus format (detected per file if omitted).")
]


def default_corpus() -> list[Path]:
    """The bundled seed corpus (data/seeds.jsonl), else the seed page dumps in ../shared/seeds."""
    from extract.readers.bundle import BUNDLED_SEEDS, SHARED_SEEDS

    return [path for path in (BUNDLED_SEEDS, SHARED_SEEDS) if path.exists()][:1]


def corpus_or_seeds(paths: list[Path] | None) -> list[Path]:
    """``paths`` when given, else the default corpus; an error when there is neither."""
    chosen = paths or default_corpus()
    if not chosen:
        raise fail("no corpus given and no bundled seed corpus found")
    return chosen


class StageProgress:
    """Rich progress bars, one per stage, fed by the builder's progress callback."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.advance(self.tasks[stage], done)


def _read(paths: list[Path], fmt: str | None) -> CorpusStream:
    """The corpus as a stream (read once here for its counts and skipped records, again as
    the build writes it), its summary printed."""
    from extract.readers import FORMATS, CorpusReader

    if fmt is not None and fmt not in FORMATS:
        raise fail(f"unknown --format {fmt!r}; choose one of {', '.join(FORMATS)}")
    with console.status("reading the corpus"):
        report = CorpusReader(paths, format=fmt).stream()
    console.print(
        f"read {report.read} records: {len(report)} papers loaded, "
        f"{report.merged} merged, {len(report.skipped)} skipped"
    )
    for skip in report.skipped[:50]:
        line = f"  skipped {skip.source}:{skip.record}: {skip.reason}"
        console.print(line, soft_wrap=True, markup=False, highlight=False)
    if len(report.skipped) > 50:
        console.print(f"  ... and {len(report.skipped) - 50} more skipped")
    if not len(report):
        raise fail("no paper could be loaded")
    return report


def _pipeline_lock(settings: Settings, verb: str) -> PipelineLock:
    """The data dir's pipeline lock: ``build`` refuses when it is held, ``ingest`` waits."""
    lock = PipelineLock(settings.data_dir, wait_s=0.0, purpose=verb)
    try:
        lock.acquire()
    except PipelineBusyError as exc:
        if verb == "build":
            raise fail(f"refused: {exc}") from exc
        console.print(f"waiting: {exc}")
        lock.wait_s = None
        lock.acquire()
    return lock


def build_graph(
    settings: Settings,
    paths: list[Path],
    fmt: str | None = None,
    relink_all: bool = False,
    verb: str = "build",
) -> BuildResult:
    """Read ``paths`` and run the build pipeline on them (holding the data dir's pipeline
    lock); print what was read and built."""
    report = _read(paths, fmt)
    lock = _pipeline_lock(settings, verb)
    try:
        return _build(settings, report, relink_all)
    finally:
        lock.release()


def _build(settings: Settings, report: CorpusStream, relink_all: bool) -> BuildResult:
    from extract.readers import CorpusChangedError

    stage_engine = wiring.engine(settings)
    try:
        with open_store(settings) as store, Progress(console=console, transient=True) as bars:
            builder = wiring.graph_builder(settings, store, progress=StageProgress(bars),
                                           stage_engine=stage_engine)
            result = builder.build(report, relink_all=relink_all)
    except CorpusChangedError as error:
        raise fail(f"{error} (the papers written so far are kept)") from error
    finally:
        stage_engine.close()
    out.print(_build_table(result))
    return result


def _build_table(result: BuildResult) -> Table:
    table = Table(title="citegraph build")
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row(
        "papers given / written / unchanged",
        f"{result.papers_given} / {result.papers_written} / {result.papers_unchanged}",
    )
    table.add_row(
        "papers extracted / embedded", f"{result.papers_extracted} / {result.papers_embedded}"
    )
    table.add_row(
        "papers relinked (shared / similar)",
        f"{result.shared_relinked} / {result.similar_relinked}",
    )
    table.add_row("papers in graph", str(result.counts.papers))
    for kind, count in result.counts.entities.items():
        table.add_row(f"entities {kind}", str(count))
    for kind, count in sorted(result.counts.links.items()):
        table.add_row(f"links {kind}", str(count))
    for stage, seconds in result.seconds.items():
        table.add_row(f"time {stage}", f"{seconds:.2f} s")
    return table


@app.command("build")
def build(
    ctx: typer.Context,
    paths: PathsArg = None,
    fmt: FormatOpt = None,
    relink: Annotated[bool, typer.Option(help="Recompute every paper's links.")] = False,
    engine: EngineOpt = None,
) -> None:
    """Ingest -> extract -> write entities and mentions -> embed -> link (default: seeds)."""
    build_graph(_with_engine(settings_of(ctx), engine), corpus_or_seeds(paths), fmt, relink)


@app.command("ingest")
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Corpus files or directories.")],
    fmt: FormatOpt = None,
    engine: EngineOpt = None,
) -> None:
    """Add papers and update only what they touch (mentions, entity counts, links)."""
    build_graph(_with_engine(settings_of(ctx), engine), paths, fmt, relink_all=False,
                verb="ingest")


def _with_engine(settings: Settings, engine: str | None) -> Settings:
    """The settings with ``--engine`` applied (it beats CITEGRAPH_ENGINE)."""
    from graph.engine import ENGINES

    if engine is None:
        return settings
    if engine not in ENGINES:
        raise fail(f"unknown --engine {engine!r}; choose one of {', '.join(ENGINES)}")
    return settings.model_copy(update={"engine": engine})


@app.command("link")
def link(
    ctx: typer.Context,
    everything: Annotated[
        bool, typer.Option("--all", help="Recompute every paper's links.")
    ] = False,
) -> None:
    """Bring entity counts and SHARES_ENTITIES / SIMILAR_TO links up to date."""
    from graph.linker import Linker, MixedEmbeddingsError

    settings = settings_of(ctx)
    with open_store(settings) as store:
        try:
            result = Linker(store, wiring.link_options(settings)).run(everything=everything)
        except MixedEmbeddingsError as error:
            raise fail(str(error)) from error
    out.print(
        f"relinked {result.shared_papers} papers by shared entities "
        f"({result.shared_links} links), "
        f"{result.similar_papers} by similarity ({result.similar_links} links)"
    )


@entities_app.command("merge")
def merge(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Argument(help="Entity id or name to fold away.")] = None,
    target: Annotated[str | None, typer.Argument(help="Entity id or name to keep.")] = None,
    aliases: Annotated[Path | None, typer.Option(help="File of 'SOURCE -> TARGET' lines.")] = None,
) -> None:
    """Fold entity SOURCE into TARGET (mentions move, links are recomputed)."""
    from graph.merge import MergeError, merge_entities, read_aliases_file

    try:
        pairs = read_aliases_file(aliases) if aliases else []
    except OSError as error:
        raise fail(f"cannot read aliases file {aliases}: {error.strerror or error}") from error
    except MergeError as error:
        raise fail(str(error)) from error
    if source and target:
        pairs.append((source, target))
    if not pairs:
        raise fail("give SOURCE and TARGET, or --aliases FILE")
    settings = settings_of(ctx)
    with open_store(settings) as store:
        for left, right in pairs:
            try:
                result = merge_entities(store, left, right, wiring.link_options(settings))
            except MergeError as error:
                raise fail(str(error)) from error
            out.print(
                f"merged {result.source} into {result.target}: {result.papers} papers, "
                f"{result.shared_relinked} relinked"
            )


@entities_app.command("duplicates")
def duplicates(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="Groups listed at most.")] = 50,
) -> None:
    """Suggest near-duplicate entities (spelling variants, one letter apart) to merge."""
    from graph.duplicates import graph_duplicates

    with open_store(settings_of(ctx)) as store:
        groups = graph_duplicates(store)
    out.print(f"{len(groups)} groups of near-duplicate entities")
    for group in groups[:limit]:
        for source in group.sources:
            command = f"{shlex.quote(source.id)} {shlex.quote(group.target.id)}"
            out.print(
                f"citegraph entities merge {command}"
                f"  # {group.reason}: {source.name!r} ({source.papers}) -> "
                f"{group.target.name!r} ({group.target.papers})",
                markup=False,
                highlight=False,
            )


@app.command("export")
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="graphml, gexf or jsonl.")] = "graphml",
    output: Annotated[
        Path | None, typer.Option(help="File to write (default citegraph.<format>).")
    ] = None,
) -> None:
    """Write the graph for Gephi and other tools."""
    from graph.export import FORMATS, export_graph

    if fmt not in FORMATS:
        raise fail(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    path = output or Path(f"citegraph.{fmt}")
    with open_store(settings_of(ctx)) as store:
        nodes, edges = export_graph(store, path, fmt)  # type: ignore[arg-type]
    out.print(f"wrote {nodes} nodes and {edges} edges to {path}")


@app.command("stats")
def stats(
    ctx: typer.Context, top: Annotated[int, typer.Option(help="Entities listed per type.")] = 5
) -> None:
    """Print counts and the most mentioned entities of each type."""
    from graph.stats import graph_counts, top_entities

    with open_store(settings_of(ctx)) as store:
        counts, best = graph_counts(store), top_entities(store, top)
    out.print(
        f"papers: {counts.papers} ({counts.papers_with_embedding} embedded; "
        f"{counts.stubs} cited stubs), authors: {counts.authors}, venues: {counts.venues}"
    )
    out.print("entities: " + ", ".join(f"{k} {v}" for k, v in counts.entities.items()))
    out.print("relationships: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.links.items())))
    for kind, entities in best.items():
        listed = ", ".join(f"{e.name} ({e.papers})" for e in entities) or "-"
        out.print(f"top {kind}: {listed}")
