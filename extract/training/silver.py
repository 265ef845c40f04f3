"""Silver training data: seed abstracts annotated by the rule pipeline (``extract.pipeline``).

The seed-gold dev abstracts are left out (matched by abstract text), so scores on them stay
a fair measure of a model trained on silver. Mentions become ``doc.ents`` with the project's
types; ``merge_model`` folds MODEL into METHOD for a four-label model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from spacy.tokens import Doc
from spacy.util import filter_spans
from spacy.vocab import Vocab

from extract.records import Paper, PaperMentions


def silver_papers(seeds: Path, exclude_abstracts: Iterable[str]) -> list[Paper]:
    """The seed corpus papers whose abstracts are not in ``exclude_abstracts``."""
    from extract.readers import read_corpus

    excluded = {" ".join(text.split()) for text in exclude_abstracts}
    papers = read_corpus([seeds]).papers
    return [p for p in papers if " ".join(p.abstract.split()) not in excluded]


def annotate(papers: Sequence[Paper]) -> list[PaperMentions]:
    """Rule-pipeline mentions of each paper (the pipeline without a statistical model)."""
    from extract.pipeline import Extractor

    return Extractor().run(papers)


def silver_docs(
    vocab: Vocab, papers: Sequence[Paper], found: Sequence[PaperMentions], merge_model: bool = True
) -> list[Doc]:
    """Docs tokenized by spaCy's English rules, with the rule mentions as entities.

    Mentions whose edges fall inside a token are dropped rather than stretched.
    """
    from spacy.lang.en import English

    tokenizer = English(vocab=vocab).tokenizer
    docs = []
    for paper, mentions in zip(papers, found, strict=True):
        doc = tokenizer(paper.abstract)
        spans = []
        for mention in mentions.mentions:
            label = "METHOD" if merge_model and mention.type == "MODEL" else mention.type
            span = doc.char_span(mention.start, mention.end, label=label)
            if span is not None:
                spans.append(span)
        doc.ents = filter_spans(spans)
        docs.append(doc)
    return docs
