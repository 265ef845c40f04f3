"""The entity extractor: a spaCy pipeline of our registered components, run over papers.

``Extractor(...).run(papers)`` gives one ``PaperMentions`` per paper. After the per-paper
pass it resolves bare acronyms corpus-wide: "MIM" defined as "masked image modeling" in one
paper links a bare "MIM" in another when no paper defines it differently.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from tqdm import tqdm

import extract.components  # noqa: F401  (registers the factories)
from extract.acronyms import AcronymDefinition, AcronymTable, singular_short_form
from extract.canonical import entity_id, tidy_name
from extract.components.ner_candidates import add_ner
from extract.records import Mention, Paper, PaperMentions

CONFIG_PATH = Path(__file__).resolve().parent / "config.cfg"
LEXICON_COMPONENTS = (
    "citegraph_lexicon",
    "citegraph_acronyms",
    "citegraph_patterns",
    "citegraph_resolver",
)
# Candidate sources that ``ner_only`` switches off (acronym definitions stay: they canonicalise).
RULE_CANDIDATE_COMPONENTS = ("citegraph_lexicon", "citegraph_patterns", "citegraph_terms")
_BARE_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9\-]*[A-Z0-9]s?$")


def build_pipeline(
    config_path: Path = CONFIG_PATH, overrides: dict[str, Any] | None = None
) -> Language:
    """The extraction pipeline from its config file (no statistical model needed)."""
    config = spacy.util.load_config(config_path, overrides=overrides or {}, interpolate=False)
    return spacy.util.load_model_from_config(config, auto_fill=True, validate=True)


@dataclass
class _PaperPass:
    """What the per-paper pass keeps: its mentions, sentences, definitions and bare acronyms."""

    paper_id: str
    mentions: list[Mention]
    sentences: tuple[tuple[int, int], ...]
    definitions: list[AcronymDefinition]
    bare: list[tuple[int, int, str, int]] = field(
        default_factory=list
    )  # start, end, text, sentence


class Extractor:
    """Loads the pipeline once and extracts mentions from batches of papers."""

    def __init__(
        self,
        config_path: Path = CONFIG_PATH,
        ner_model: Path | None = None,
        lexicon_dir: Path | None = None,
        corpus_acronyms: bool = True,
        ner_only: bool = False,
        ner_device: str = "cpu",
    ) -> None:
        """``ner_model``: a trained NER (``extract.training``) added as a candidate source;
        ``ner_only``: spans as the NER learned them (SciERC conventions): lexicon and pattern
        candidates are off, and acronym readings only fill gaps the NER leaves (definitions
        still canonicalise); ``ner_device``: where a transformer NER runs (cpu, cuda, auto);
        ``lexicon_dir``: another lexicon directory than the bundled one."""
        if ner_only and ner_model is None:
            raise ValueError("ner_only needs a ner_model")
        overrides = {}
        if lexicon_dir is not None:
            overrides = {
                f"components.{name}.lexicon_dir": str(lexicon_dir) for name in LEXICON_COMPONENTS
            }
        self.nlp = build_pipeline(config_path, overrides)
        if ner_model is not None:
            add_ner(self.nlp, ner_model, ner_device)
        if ner_only:
            for name in RULE_CANDIDATE_COMPONENTS:
                self.nlp.disable_pipe(name)
            self.nlp.get_pipe("citegraph_resolver").ner_first = True
        self.corpus_acronyms = corpus_acronyms

    def run(
        self,
        papers: Iterable[Paper],
        batch_size: int = 256,
        n_process: int = 1,
        progress: bool = False,
        known_acronyms: AcronymTable | None = None,
    ) -> list[PaperMentions]:
        """Mentions of every paper, in input order.

        ``known_acronyms`` (a table from earlier runs) is used for the corpus-level pass and
        receives this batch's definitions, so incremental runs share one table.
        """
        papers = list(papers)
        docs = self.nlp.pipe(
            (self._make_doc(paper) for paper in papers), batch_size=batch_size, n_process=n_process
        )
        if progress:
            docs = tqdm(docs, total=len(papers), desc="extract", unit="paper")
        passes = [_paper_pass(paper.id, doc) for paper, doc in zip(papers, docs, strict=True)]
        table = known_acronyms if known_acronyms is not None else AcronymTable()
        for paper_pass in passes:
            table.update(paper_pass.definitions)
        return [self._finish(paper_pass, table) for paper_pass in passes]

    def _make_doc(self, paper: Paper) -> Doc:
        """The tokenized abstract, with the title as context for the components."""
        doc = self.nlp.make_doc(paper.abstract)
        doc._.title = paper.title
        return doc

    def _finish(self, paper_pass: _PaperPass, table: AcronymTable) -> PaperMentions:
        """Add corpus-resolved bare acronyms and build the record."""
        mentions = list(paper_pass.mentions)
        if self.corpus_acronyms:
            resolved = {}
            for start, end, text, sentence in paper_pass.bare:
                definition = table.resolve(text)
                if definition is not None:  # named as written here, the same entity as defined
                    resolved[start] = _mention(
                        start,
                        end,
                        text,
                        definition.type,
                        singular_short_form(text),
                        sentence,
                        identity=definition.canonical,
                    )
            # A corpus definition beats a guess from context for the same token.
            mentions = [m for m in mentions if m.start not in resolved] + list(resolved.values())
            mentions.sort(key=lambda mention: mention.start)
        return PaperMentions(
            id=paper_pass.paper_id, mentions=tuple(mentions), sentences=paper_pass.sentences
        )


def _mention(
    start: int,
    end: int,
    text: str,
    entity_type: str,
    canonical: str,
    sentence: int,
    identity: str | None = None,
) -> Mention:
    """A mention; its entity id comes from ``identity`` (default: the canonical name)."""
    return Mention(
        start=start,
        end=end,
        text=text,
        type=entity_type,  # type: ignore[arg-type]
        canonical=canonical,
        entity_id=entity_id(entity_type, identity or canonical),
        sentence=sentence,
    )


def _paper_pass(paper_id: str, doc: Doc) -> _PaperPass:
    """Mentions and evidence of one processed abstract."""
    sentences = tuple((sent.start_char, sent.end_char) for sent in doc.sents) if len(doc) else ()
    starts = [start for start, _ in sentences]

    def sentence_of(char: int) -> int:
        return max(bisect_right(starts, char) - 1, 0)

    mentions = [
        _mention(
            ent.start_char,
            ent.end_char,
            ent.text,
            ent.label_,
            ent.kb_id_ or tidy_name(ent.text),
            sentence_of(ent.start_char),
        )
        for ent in doc.ents
    ]
    # Tokens a corpus acronym may still claim: free ones and one-token names typed from context.
    covered = {token.i for ent in doc.ents if ent.id_ != "pattern" or len(ent) > 1 for token in ent}
    defined = doc._.acronyms or {}
    bare = [
        (token.idx, token.idx + len(token), token.text, sentence_of(token.idx))
        for token in doc
        if token.i not in covered
        and _BARE_ACRONYM.match(token.text)
        and singular_short_form(token.text) not in defined
    ]
    definitions = [
        AcronymDefinition(short, entity_type, canonical)
        for short, (entity_type, canonical) in defined.items()
    ]
    return _PaperPass(paper_id, mentions, sentences, definitions, bare)
