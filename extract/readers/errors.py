"""A source's error response saved where a corpus file was expected.

APIs answer failures with a document of their own shape (the arXiv API: an Atom feed whose
one entry is titled "Error"; OpenAlex and Semantic Scholar: a JSON object with an error
message). A reader that recognises one raises ``SourceErrorDocument``; the corpus reader
turns it into one skipped record for the file, so nothing from the document is loaded.
"""

from __future__ import annotations


class SourceErrorDocument(ValueError):
    """A file is a source's error document, not records; ``message`` is the source's own."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source  # the service that wrote it, e.g. "arXiv API"
        self.message = message
        super().__init__(
            f"{source} error document, not papers: {message!r}; nothing loaded from this file"
        )
