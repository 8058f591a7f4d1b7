"""The measures of agreement: accuracy and Cohen's kappa for one label per unit, precision, recall
and F1 for sets of labels per unit, and pooled kappa over every (unit, label) decision.

Plain lists in, numbers out; ``None`` where a measure is undefined (no units, one category).

>>> accuracy(["a", "b", "b"], ["a", "b", "a"])
0.6667
>>> kappa(["x", "y", "x", "y"], ["x", "y", "y", "y"])
0.5
>>> prf([{"A1"}, {"A2", "A3"}], [{"A1"}, {"A2"}])
{'tp': 2, 'fp': 0, 'fn': 1, 'precision': 1.0, 'recall': 0.6667, 'f1': 0.8}
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence


def _r(x: float) -> float:
    return round(x, 4)


def accuracy(gold: Sequence, predicted: Sequence) -> float | None:
    """The share of units where the two labels are equal."""
    if not gold:
        return None
    return _r(sum(g == p for g, p in zip(gold, predicted)) / len(gold))


def kappa(gold: Sequence, predicted: Sequence) -> float | None:
    """Cohen's kappa of two label sequences: agreement beyond what the labels' frequencies give by chance."""
    n = len(gold)
    if n == 0:
        return None
    observed = sum(g == p for g, p in zip(gold, predicted)) / n
    a, b = Counter(gold), Counter(predicted)
    expected = sum(a[c] * b[c] for c in set(a) | set(b)) / (n * n)
    if expected >= 1:
        return 1.0 if observed == 1 else None
    return _r((observed - expected) / (1 - expected))


def prf(gold: Iterable[set], predicted: Iterable[set]) -> dict:
    """Micro precision, recall and F1 of label sets, one set per unit (a label counts once per unit)."""
    tp = fp = fn = 0
    for g, p in zip(gold, predicted):
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None
    return {"tp": tp, "fp": fp, "fn": fn, "precision": None if precision is None else _r(precision),
            "recall": None if recall is None else _r(recall), "f1": None if f1 is None else _r(f1)}


def per_label_prf(gold: list[set], predicted: list[set], labels: Iterable[str] | None = None) -> dict[str, dict]:
    """:func:`prf` for each label on its own (with its ``support``: the units gold gives it)."""
    labels = sorted({l for s in (*gold, *predicted) for l in s}) if labels is None else list(labels)
    out = {}
    for label in labels:
        scores = prf([{label} & g for g in gold], [{label} & p for p in predicted])
        out[label] = {**scores, "support": sum(label in g for g in gold)}
    return out


def pooled_kappa(gold: list[set], predicted: list[set], labels: Iterable[str] | None = None) -> float | None:
    """Kappa over every (unit, label) yes/no decision: agreement on multi-label coding."""
    labels = sorted({l for s in (*gold, *predicted) for l in s}) if labels is None else list(labels)
    a = [label in g for g in gold for label in labels]
    b = [label in p for p in predicted for label in labels]
    return kappa(a, b)


def recall_of(gold: Sequence, predicted: Sequence, label: str) -> float | None:
    """Of the units gold labels ``label``, the share also predicted ``label`` (e.g. firm-class recall)."""
    pairs = [(g, p) for g, p in zip(gold, predicted) if g == label]
    return _r(sum(p == label for _, p in pairs) / len(pairs)) if pairs else None
