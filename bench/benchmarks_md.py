"""BENCHMARKS.md is shared by every benchmark: each owns one section between markers."""

from __future__ import annotations

from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def markers(area: str) -> tuple[str, str]:
    """The start and end markers of an area's section."""
    return f"<!-- bench:{area}:start -->", f"<!-- bench:{area}:end -->"


def write_section(area: str, body: str, path: Path = BENCHMARKS) -> None:
    """Replace the area's section with ``body`` (markers added here), or append it."""
    start, end = markers(area)
    block = f"{start}\n{body.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
