"""BENCHMARKS.md is shared by every benchmark: each owns one section between markers."""

from __future__ import annotations

import os
import platform
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


# the CPU flags that decide speed here: bf16/AMX for OpenVINO and torch, VNNI for int8
SPEED_FLAGS = ("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_int8")


def cpu_info() -> tuple[str, set[str]]:
    """This machine's CPU model and its flags, from ``/proc/cpuinfo``."""
    path = Path("/proc/cpuinfo")
    lines = path.read_text().splitlines() if path.exists() else []
    model = next(
        (line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")),
        platform.processor() or platform.machine(),
    )
    flags = next(
        (set(line.split(":", 1)[1].split()) for line in lines if line.startswith("flags")), set()
    )
    return model, flags


def cpu_flags() -> str:
    """Which of :data:`SPEED_FLAGS` this CPU has, comma-separated."""
    flags = cpu_info()[1]
    found = [flag for flag in SPEED_FLAGS if flag in flags]
    return ", ".join(found) if found else "none of " + ", ".join(SPEED_FLAGS)


def cpu_line() -> str:
    """``MODEL (flags), N cores``: the line every benchmark's header carries."""
    return f"{cpu_info()[0]} ({cpu_flags()}), {os.cpu_count()} cores"
