"""Stable paper ids.

The scheme, in order of preference:

- ``arxiv:<id>`` when the arXiv identifier is known, normalised: lower-case, no
  ``arXiv:`` prefix, no URL, no version suffix. New-style ids keep their dotted form
  (``arxiv:2301.00001``), old-style ids keep their archive (``arxiv:hep-th/9901001``).
- ``citeseer:<id>`` for papers of the CiteSeer corpus, the original key kept verbatim.
- ``doi:<doi>`` when the DOI is known (and no arXiv id), lower-case, no resolver prefix
  (``doi:10.1145/3383583.3398584``).
- ``title:<16 hex>`` otherwise: the first 16 hex digits of the SHA-1 of the normalised
  title (Unicode NFKC, case-folded, every run of non-alphanumerics collapsed to one space).
  So the same title yields the same id across files, formats, case and spacing.

Other prefixed ids a paper is known by (``pmid:``, ``openalex:W…``, ``s2:<paperId>``,
``corpus:<S2 corpus id>``) are its ``external_ids``; references use the same keys.

Strong ids (arXiv, CiteSeer, DOI) name one paper; title ids only name a title. When two
records of one title meet, the merged paper keeps the strong id (see ``is_title_id``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

ARXIV_PREFIX = "arxiv:"
CITESEER_PREFIX = "citeseer:"
DOI_PREFIX = "doi:"
TITLE_PREFIX = "title:"
NAME_PREFIX = "name:"  # author and venue ids made from a normalised name
TITLE_HASH_HEX = 16

# 0704.0001 .. 2301.00001 (4-digit yymm, 4-5 digit number), optional version
_NEW_ARXIV = re.compile(r"(\d{4}\.\d{4,5})(?:v\d+)?")
# hep-th/9901001, math.AG/0309136, cs/0101001v2
_OLD_ARXIV = re.compile(r"([a-z][a-z\-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?")
_ARXIV_URL = re.compile(r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/")
_NON_ALNUM = re.compile(r"[\W_]+")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIXES = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# preferred paper ids first; anything else (source ids) after, title ids last
_ID_RANK = (ARXIV_PREFIX, CITESEER_PREFIX, DOI_PREFIX)


def normalize_arxiv_id(raw: str) -> str | None:
    """The bare arXiv id in ``raw`` (URL, ``arXiv:`` prefix, version allowed), or None."""
    text = raw.strip().lower()
    text = _ARXIV_URL.sub("", text)
    text = text.removeprefix("arxiv:").removesuffix(".pdf").strip()
    for pattern in (_NEW_ARXIV, _OLD_ARXIV):
        match = pattern.fullmatch(text)
        if match:
            return match.group(1)
    return None


def normalize_title(title: str) -> str:
    """The title key: NFKC, case-folded, punctuation and whitespace runs made one space."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return _NON_ALNUM.sub(" ", folded).strip()


def title_id(title: str) -> str:
    """``title:`` + 16 hex digits of the SHA-1 of the normalised title."""
    digest = hashlib.sha1(normalize_title(title).encode("utf-8")).hexdigest()
    return TITLE_PREFIX + digest[:TITLE_HASH_HEX]


def arxiv_id(raw: str) -> str | None:
    """``arxiv:<normalised id>`` when ``raw`` is an arXiv id, else None."""
    bare = normalize_arxiv_id(raw)
    return ARXIV_PREFIX + bare if bare else None


def citeseer_id(raw: str) -> str:
    """``citeseer:<key>`` for a CiteSeer paper key (numeric or textual, kept as given)."""
    return CITESEER_PREFIX + raw.strip()


def normalize_doi(raw: str) -> str | None:
    """The DOI in ``raw`` (bare, ``doi:`` or ``https://doi.org/`` form), lower-cased, or None."""
    text = _DOI_PREFIXES.sub("", raw.strip())
    return text.lower() if _DOI.fullmatch(text) else None


def doi_id(raw: str) -> str | None:
    """``doi:<normalised doi>`` when ``raw`` is a DOI, else None."""
    bare = normalize_doi(raw)
    return DOI_PREFIX + bare if bare else None


def paper_id(title: str, arxiv: str | None = None, doi: str | None = None) -> str:
    """The stable id of a paper: its arXiv id, else its DOI, else a title id."""
    for raw, make in ((arxiv, arxiv_id), (doi, doi_id)):
        if raw:
            strong = make(raw)
            if strong:
                return strong
    return title_id(title)


def id_rank(pid: str) -> int:
    """How preferred ``pid`` is as a paper id: arXiv, CiteSeer, DOI, other sources, title."""
    for rank, prefix in enumerate(_ID_RANK):
        if pid.startswith(prefix):
            return rank
    return len(_ID_RANK) + (1 if is_title_id(pid) else 0)


def normalize_name(name: str) -> str:
    """A person or venue name as a key: accents dropped, case-folded, punctuation as spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NON_ALNUM.sub(" ", bare.casefold()).strip()


def name_id(name: str) -> str:
    """``name:`` + the normalised name: the id of an author or venue without a source id."""
    return NAME_PREFIX + normalize_name(name)


def is_title_id(pid: str) -> bool:
    """True for ids derived from the title only (weaker than arXiv or CiteSeer ids)."""
    return pid.startswith(TITLE_PREFIX)
