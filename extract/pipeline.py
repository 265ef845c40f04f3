"""The entity extractor: a spaCy pipeline of our registered components, run over papers.

``Extractor(...).run(papers)`` gives one ``PaperMentions`` per paper. After the per-paper
pass it applies the corpus-level decisions (``extract.corpus``): "MIM" defined as "masked
image modeling" in one paper links a bare "MIM" in another when no paper defines it
differently, and a concept named with several types or spellings gets one of each.

Titles are read too (``titles=True``, the default): a title is its own short document, and
its mentions (``field="title"``, offsets into the title) take the entity the abstract gives
the same name, so a paper whose abstract never names its subject ("Spectral Regularization
for Support Estimation") still has its entities. Corpus evidence comes from abstracts only.
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
from extract.acronyms import singular_short_form
from extract.canonical import entity_id, normal_key, tidy_name
from extract.components.ner_candidates import add_ner
from extract.corpus import CorpusTable, evidence_names, split_entity_id
from extract.records import TITLE_SENTENCE, CorpusEvidence, Mention, Paper, PaperMentions
from extract.spacing import Squeezed, squeeze

CONFIG_PATH = Path(__file__).resolve().parent / "config.cfg"
LEXICON_COMPONENTS = (
    "citegraph_lexicon",
    "citegraph_acronyms",
    "citegraph_patterns",
    "citegraph_terms",
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
    """What the per-paper pass keeps: its mentions, sentences and corpus evidence."""

    paper_id: str
    mentions: list[Mention]
    sentences: tuple[tuple[int, int], ...]
    evidence: CorpusEvidence = field(default_factory=CorpusEvidence)
    title_mentions: list[Mention] = field(default_factory=list)


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
        titles: bool = True,
    ) -> None:
        """``ner_model``: a trained NER (``extract.training``) added as a candidate source;
        ``ner_only``: spans as the NER learned them (SciERC conventions): lexicon and pattern
        candidates are off, and acronym readings only fill gaps the NER leaves (definitions
        still canonicalise); ``ner_device``: where a transformer NER runs (cpu, cuda, auto);
        ``lexicon_dir``: another lexicon directory than the bundled one; ``titles``: also
        extract the titles' mentions."""
        if ner_only and ner_model is None:
            raise ValueError("ner_only needs a ner_model")
        overrides: dict[str, Any] = {}
        if lexicon_dir is not None:
            overrides = {
                f"components.{name}.lexicon_dir": str(lexicon_dir) for name in LEXICON_COMPONENTS
            }
        if ner_only:  # the resolver prefers the NER's readings: its config says so
            overrides["components.citegraph_resolver.ner_first"] = True
        self.nlp = build_pipeline(config_path, overrides)
        if ner_model is not None:
            add_ner(self.nlp, ner_model, ner_device)
        if ner_only:
            for name in RULE_CANDIDATE_COMPONENTS:
                self.nlp.disable_pipe(name)
        self.corpus_acronyms = corpus_acronyms
        self.titles = titles

    def run(
        self,
        papers: Iterable[Paper],
        batch_size: int = 256,
        n_process: int = 1,
        progress: bool = False,
        corpus: CorpusTable | None = None,
    ) -> list[PaperMentions]:
        """Mentions of every paper, in input order.

        ``corpus`` (a table from earlier runs, ``new_corpus_table``) is used for the
        corpus-level pass and receives this batch's evidence, so incremental runs share one.
        """
        papers = list(papers)
        # one space for each whitespace run (offsets map back): spaCy makes extra whitespace a
        # token, which splits "Markov  decision processes" (``extract.spacing``)
        abstracts = [squeeze(paper.abstract) for paper in papers]
        docs = self.nlp.pipe(
            (
                self._make_doc(paper, abstract.text)
                for paper, abstract in zip(papers, abstracts, strict=True)
            ),
            batch_size=batch_size,
            n_process=n_process,
        )
        if progress:
            docs = tqdm(docs, total=len(papers), desc="extract", unit="paper")
        passes = [
            _paper_pass(paper.id, doc, abstract, paper.abstract)
            for paper, doc, abstract in zip(papers, docs, abstracts, strict=True)
        ]
        if self.titles:
            titled = [(i, squeeze(paper.title)) for i, paper in enumerate(papers)]
            titled = [(i, title) for i, title in titled if title.text]
            title_docs = self.nlp.pipe(
                (self._title_doc(title.text) for _, title in titled),
                batch_size=batch_size,
                n_process=n_process,
            )
            for (i, title), doc in zip(titled, title_docs, strict=True):
                passes[i].title_mentions = _title_mentions(
                    doc, passes[i].mentions, title, papers[i].title
                )
        table = corpus if corpus is not None else self.new_corpus_table()
        for paper_pass in passes:
            table.update(paper_pass.paper_id, paper_pass.evidence)
        return [self._finish(paper_pass, table) for paper_pass in passes]

    def new_corpus_table(self) -> CorpusTable:
        """An empty corpus table that judges definitions by this pipeline's junk rules."""
        junk: Any = (
            self.nlp.get_pipe("citegraph_junk") if "citegraph_junk" in self.nlp.pipe_names else None
        )
        return CorpusTable(junk.rules.is_junk if junk is not None else None)

    def _make_doc(self, paper: Paper, abstract: str) -> Doc:
        """The tokenized (squeezed) abstract, with the title as context for the components."""
        doc = self.nlp.make_doc(abstract)
        doc._.title = paper.title
        return doc

    def _title_doc(self, title: str) -> Doc:
        """The tokenized title, read on its own (no title context: it is the title)."""
        doc = self.nlp.make_doc(title)
        doc._.title = None
        return doc

    def _finish(self, paper_pass: _PaperPass, table: CorpusTable) -> PaperMentions:
        """Apply the corpus decisions (bare acronyms, one type and spelling per concept)."""
        mentions = list(paper_pass.mentions)
        if self.corpus_acronyms:
            resolved = {}
            for start, end, text, sentence in paper_pass.evidence.bare:
                definition = table.resolve_acronym(text)
                if definition is not None:  # the same entity as defined elsewhere
                    resolved[start] = _mention(
                        start, end, text, definition.type, definition.canonical, sentence
                    )
            # A corpus definition beats a guess from context for the same token.
            mentions = [m for m in mentions if m.start not in resolved] + list(resolved.values())
            mentions = [_corpus_entity(mention, table) for mention in mentions]
            mentions.sort(key=lambda mention: mention.start)
        titles = list(paper_pass.title_mentions)
        if self.corpus_acronyms:
            titles = [_corpus_entity(mention, table) for mention in titles]
        mentions += titles
        return PaperMentions(
            id=paper_pass.paper_id,
            mentions=tuple(mentions),
            sentences=paper_pass.sentences,
            corpus=paper_pass.evidence,
        )


def _corpus_entity(mention: Mention, table: CorpusTable) -> Mention:
    """The mention with the type and entity the corpus gives its concept."""
    entity_type, key = split_entity_id(mention.entity_id)
    decided_type, decided_key = table.entity(entity_type, key)
    if (decided_type, decided_key) == (entity_type, key):
        return mention
    return mention.model_copy(
        update={
            "type": decided_type,
            "entity_id": f"{decided_type.lower()}:{decided_key}",
        }
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


def _paper_pass(paper_id: str, doc: Doc, squeezed: Squeezed, abstract: str) -> _PaperPass:
    """Mentions and evidence of one processed abstract, in offsets of ``abstract`` (the doc
    holds its ``squeezed`` text)."""
    sentences = (
        tuple((squeezed.start(s.start_char), squeezed.end(s.end_char)) for s in doc.sents)
        if len(doc)
        else ()
    )
    starts = [start for start, _ in sentences]

    def sentence_of(char: int) -> int:
        return max(bisect_right(starts, char) - 1, 0)

    mentions = []
    for ent in doc.ents:
        start, end = squeezed.start(ent.start_char), squeezed.end(ent.end_char)
        mentions.append(
            _mention(
                start,
                end,
                abstract[start:end],
                ent.label_,
                ent.kb_id_ or tidy_name(ent.text),
                sentence_of(start),
            )
        )
    # Tokens a corpus acronym may still claim: free ones and one-token names typed from context.
    covered = {token.i for ent in doc.ents if ent.id_ != "pattern" or len(ent) > 1 for token in ent}
    defined = doc._.acronyms or {}
    bare = []
    for token in doc:
        if (
            token.i not in covered
            and _BARE_ACRONYM.match(token.text)
            and singular_short_form(token.text) not in defined
        ):
            start = squeezed.start(token.idx)
            end = squeezed.end(token.idx + len(token))
            bare.append((start, end, token.text, sentence_of(start)))
    evidence = CorpusEvidence(
        definitions=tuple(
            (short, entity_type, canonical)
            for short, (entity_type, canonical) in sorted(defined.items())
        ),
        bare=tuple(bare),
        names=evidence_names(split_entity_id(m.entity_id) for m in mentions),
    )
    return _PaperPass(paper_id, mentions, sentences, evidence)


def _title_mentions(
    doc: Doc, abstract: list[Mention], squeezed: Squeezed, title: str
) -> list[Mention]:
    """Mentions of a processed title (offsets of ``title``; the doc holds its ``squeezed``
    text); a name the abstract also has takes its entity there."""
    named = {normal_key(m.text): m for m in abstract}
    found = []
    for ent in doc.ents:
        same = named.get(normal_key(ent.text))
        entity_type: str
        if same is not None:
            entity_type, canonical, identity = same.type, same.canonical, same.entity_id
        else:
            entity_type, canonical = ent.label_, ent.kb_id_ or tidy_name(ent.text)
            identity = entity_id(entity_type, canonical)
        start, end = squeezed.start(ent.start_char), squeezed.end(ent.end_char)
        found.append(
            Mention(
                start=start,
                end=end,
                text=title[start:end],
                type=entity_type,  # type: ignore[arg-type]
                canonical=canonical,
                entity_id=identity,
                sentence=TITLE_SENTENCE,
                field="title",
            )
        )
    return found
