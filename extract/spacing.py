"""Whitespace made single before tokenizing, with the way back to the text's own offsets.

spaCy makes a token of any whitespace beyond one space, so "partially observable Markov  decision
processes" (double spaces and line breaks are common in abstracts taken from PDFs) is not the
lexicon's name and no modifier reaches across the gap. The extractor reads the squeezed text,
where each whitespace run is one space, the text's edges have none and a soft hyphen (U+00AD,
or "(cid:173)" as PDF extraction writes it: "trans(cid:173) lation") joins the word it breaks,
and maps every offset back, so a mention's ``text`` is still ``abstract[start:end]``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# What squeezing changes: a run of two or more whitespace characters, one that is not a plain
# space, a soft hyphen and the whitespace after it.
_GAP = re.compile(r"\s{2,}|[^\S ]|\(cid:173\)|\u00ad")
_SOFT_HYPHEN_OR_SPACES = re.compile(r"(?:\(cid:173\)|\u00ad)\s*|\s+")


@dataclass(frozen=True)
class Squeezed:
    """``text`` with single spaces; ``breaks``/``shifts``: from each break on (a position of
    ``text``), the original offset is the position plus that shift."""

    text: str
    breaks: tuple[int, ...] = ()
    shifts: tuple[int, ...] = ()

    def start(self, position: int) -> int:
        """The original offset of the character at ``position``."""
        index = bisect_right(self.breaks, position) - 1
        return position + (self.shifts[index] if index >= 0 else 0)

    def end(self, position: int) -> int:
        """The original end offset (exclusive) of a span ending at ``position``."""
        return self.start(position - 1) + 1 if position > 0 else self.start(0)


def squeeze(text: str) -> Squeezed:
    """``text`` with each whitespace run made one space, none at its edges and soft hyphens
    joining the words they break."""
    if not _GAP.search(text) and text == text.strip():
        return Squeezed(text)
    parts: list[str] = []
    breaks: list[int] = []
    shifts: list[int] = []
    removed = 0  # characters of the original dropped so far
    previous = 0
    length = 0  # length of the squeezed text so far
    for match in _SOFT_HYPHEN_OR_SPACES.finditer(text):
        start, end = match.span()
        edge = start == 0 or end == len(text)
        replacement = "" if edge or not match.group()[0].isspace() else " "
        parts += (text[previous:start], replacement)  # a single space where a run began
        length += (start - previous) + len(replacement)
        dropped = (end - start) - len(replacement)
        if dropped:  # from here on, the original is that much further on
            removed += dropped
            breaks.append(length)
            shifts.append(removed)
        previous = end
    parts.append(text[previous:])
    # a space left before a soft hyphen that ends the text ("a (cid:173)") is an edge too;
    # dropping the last character moves no offset before it
    squeezed = "".join(parts).rstrip(" ")
    return Squeezed(squeezed, tuple(breaks), tuple(shifts))
