"""Line-by-line reading that survives bad bytes and giant lines.

Lines are decoded as UTF-8 with ``surrogateescape``: an invalid byte becomes a lone
surrogate, which ``check_text`` later reports as invalid UTF-8 for that one record
instead of failing the whole file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MAX_LINE_BYTES = 16 * 1024 * 1024  # longer lines are skipped, never held in memory
_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a file: 1-based number and text (None when it was too long)."""

    number: int
    text: str | None


def iter_lines(path: Path, max_bytes: int = MAX_LINE_BYTES) -> Iterator[Line]:
    """Yield every line of ``path`` without its line ending; overlong lines as ``text=None``."""
    with path.open("rb") as handle:
        number = 0
        while True:
            raw = handle.readline(max_bytes + 1)
            if not raw:
                return
            number += 1
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                _skip_rest_of_line(handle)
                yield Line(number, None)
                continue
            text = raw.decode("utf-8", errors="surrogateescape").rstrip("\r\n")
            yield Line(number, text.removeprefix("\ufeff") if number == 1 else text)


def _skip_rest_of_line(handle: BinaryIO) -> None:
    while True:
        chunk = handle.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def has_bad_utf8(text: str) -> bool:
    """True when ``text`` holds a lone surrogate (an undecodable byte or a broken escape)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def read_head(path: Path, size: int = 64 * 1024) -> str:
    """The first ``size`` bytes of ``path`` as text (bad bytes replaced), BOM removed."""
    with path.open("rb") as handle:
        data = handle.read(size)
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")
