"""Link-prediction metrics: AUC/AP against sampled negatives, and OGB citation2-style ranking."""

from __future__ import annotations

import numpy as np
import torch
from sklearn.metrics import average_precision_score, roc_auc_score


def auc_ap(pos: np.ndarray, neg: np.ndarray) -> tuple[float, float]:
    """ROC-AUC and average precision of positive vs negative scores."""
    scores = np.concatenate([pos, neg])
    labels = np.concatenate([np.ones(len(pos)), np.zeros(len(neg))])
    return float(roc_auc_score(labels, scores)), float(average_precision_score(labels, scores))


def ranks(pos: np.ndarray, neg: np.ndarray) -> np.ndarray:
    """Rank of each positive among its own negatives (``neg``: positives × negatives).

    Ties count half, as OGB's evaluator does (mean of optimistic and pessimistic rank).
    """
    pos = np.asarray(pos).reshape(-1, 1)
    higher = (neg > pos).sum(axis=1)
    ties = (neg == pos).sum(axis=1)
    return 1.0 + higher + 0.5 * ties


def ranking_metrics(pos: np.ndarray, neg: np.ndarray) -> dict[str, float]:
    """MRR, Hits@10 and Hits@50 of each positive ranked against its negatives."""
    r = ranks(pos, neg)
    return {
        "mrr": float((1.0 / r).mean()),
        "hits@10": float((r <= 10).mean()),
        "hits@50": float((r <= 50).mean()),
    }


def all_metrics(pos: np.ndarray, neg: np.ndarray, rank_neg: np.ndarray) -> dict[str, float]:
    """AUC, AP (vs ``neg``) and ranking metrics (vs ``rank_neg``, one row per positive)."""
    auc, ap = auc_ap(pos, neg)
    return {"auc": auc, "ap": ap, **ranking_metrics(pos, rank_neg)}


def to_numpy(scores: torch.Tensor) -> np.ndarray:
    return scores.detach().float().cpu().numpy()
