"""Canonical names and stable entity ids.

Two surface forms name the same entity when their *keys* agree: ``normal_key`` folds case,
hyphen/space variants ("pre-training" / "pretraining", "auto-regressive" / "autoregressive",
"GPT2" / "GPT-2"), words broken across a line ("trans- lation"), British spellings and
plurals ("ResNets" / "ResNet"). Spellings that differ only in where spaces fall ("ai2 thor" /
"ai2thor") are folded corpus-wide by ``extract.corpus``. ``entity_id`` is ``"<type>:<key>"``,
the id the graph layer merges on.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extract.records import EntityType

# Prefixes whose hyphen is optional in the field's spelling: "pre-training" == "pretraining".
_JOINED_PREFIXES = (
    "pre", "fine", "multi", "self", "co", "non", "re", "semi", "cross", "bi", "sub",
    "auto", "inter", "intra", "meta", "hyper", "post", "over", "under", "anti",
)  # fmt: skip
_PREFIX_HYPHEN = re.compile(r"\b(" + "|".join(_JOINED_PREFIXES) + r")[-\s](?=[a-z])")
_LETTER_DIGIT_HYPHEN = re.compile(r"(?<=[a-z])[-\s](?=\d)")
_SPACES = re.compile(r"[\s_]+")
_LINE_BREAK_HYPHEN = re.compile(r"(?<=[a-z])- +(?=[a-z])")  # "trans- lation": one word
_CAMEL_PLURAL = re.compile(r"^([A-Z][A-Za-z0-9]*[a-z][A-Z][a-z]*[a-rt-z])s$")  # ResNets
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_BRITISH = (
    ("modelling", "modeling"),
    ("labelling", "labeling"),
    ("optimisation", "optimization"),
    ("normalisation", "normalization"),
    ("generalisation", "generalization"),
    ("behaviour", "behavior"),
    ("tokenisation", "tokenization"),
)
_INVARIANT = ("ss", "us", "is", "ics", "ous", "sis")


def singular(word: str) -> str:
    """Singular of a lower-case English noun, by the few rules that matter for entity heads."""
    if len(word) <= 3 or not word.isalpha() or word.endswith(_INVARIANT):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def singular_name(name: str) -> str:
    """Drop a plural ending from the last word: "CNNs" -> "CNN", "autoencoders" -> "autoencoder"."""
    head, _, last = name.rpartition(" ")
    if re.fullmatch(r"[A-Z][A-Za-z0-9\-]*[A-Z0-9]s", last):  # acronym plural: CNNs, LLMs, SAEs
        last = last[:-1]
    elif _CAMEL_PLURAL.match(last):  # CamelCase plural: ResNets, ConvNets
        last = last[:-1]
    elif last.islower():
        prefix, _, tail = last.rpartition("-")
        last = f"{prefix}-{singular(tail)}" if prefix else singular(last)
    return f"{head} {last}" if head else last


def normal_key(name: str) -> str:
    """The comparison key of a name: lower-case, variants folded, last word singular."""
    key = _LINE_BREAK_HYPHEN.sub("", _DASHES.sub("-", name).strip()).lower()
    key = _SPACES.sub(" ", key)
    for british, american in _BRITISH:
        key = key.replace(british, american)
    key = _PREFIX_HYPHEN.sub(r"\1", key)
    key = _LETTER_DIGIT_HYPHEN.sub("", key)
    key = key.replace("-", " ")
    head, _, last = key.rpartition(" ")
    last = singular(last)
    return f"{head} {last}" if head else last


def entity_id(entity_type: EntityType | str, name: str) -> str:
    """Stable id of a canonical entity, e.g. ``entity_id("METHOD", "Masked image modelling")``
    gives ``"method:masked image modeling"``. Names the curated lexicon lists as aliases share
    their entity's id: ``entity_id("METHOD", "LoRA")`` is
    ``entity_id("METHOD", "low-rank adaptation")``.
    """
    key = normal_key(name)
    return f"{entity_type.lower()}:{alias_table().get((str(entity_type), key), key)}"


@lru_cache(maxsize=1)
def alias_table() -> dict[tuple[str, str], str]:
    """(type, alias key) -> canonical key, from the lexicon bundled with the project."""
    from extract.lexicon import load_entries  # the lexicon module itself uses normal_key

    return {
        (entry.type, normal_key(entry.text)): normal_key(entry.canonical)
        for entry in load_entries()
        if normal_key(entry.text) != normal_key(entry.canonical)
    }


def tidy_name(text: str) -> str:
    """A canonical name from a surface form: whitespace collapsed, line-break hyphens joined,
    plural dropped."""
    return singular_name(_SPACES.sub(" ", _LINE_BREAK_HYPHEN.sub("", text.strip())))
