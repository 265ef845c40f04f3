"""``citegraph delete ID...``: remove papers as a rebuild without them would leave the graph.

Exit status: 0 when every id named a paper; 1 when one did not (the others are deleted) or the
database fails. Holds the data dir's pipeline lock (waits for a running build or ingest).
"""

from __future__ import annotations

from typing import Annotated

import typer

from api import wiring
from api.cli.common import fail, open_store, out, settings_of
from api.cli.graph import _pipeline_lock

app = typer.Typer()


@app.command("delete")
def delete(
    ctx: typer.Context,
    ids: Annotated[list[str], typer.Argument(help="Paper ids or external ids (doi:…).")],
) -> None:
    """Delete papers; papers citing one keep the citation, to a stub."""
    settings = settings_of(ctx)
    lock = _pipeline_lock(settings, "delete")
    try:
        with open_store(settings) as store:
            # the extractor re-reads papers whose corpus-level decisions the deletion changes
            result = wiring.graph_builder(settings, store).delete(ids)
    finally:
        lock.release()
    out.print(
        f"deleted {len(result.deleted)} papers ({', '.join(result.deleted) or 'none'}); "
        f"{result.citers_repointed} citing papers now cite stubs; relinked "
        f"{result.shared_relinked} by shared entities, {result.similar_relinked} by similarity"
    )
    if result.not_found:
        raise fail(f"no paper with id {', '.join(result.not_found)}")
