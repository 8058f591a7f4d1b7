"""A policy coder that learns from your own coding: TF-IDF of words and word pairs, and one logistic
regression per area (scikit-learn), judged by cross-validation beside the dictionary on the same rows.

The dictionary (``data/policy_areas.yaml``, or any scheme of that form) says why it coded a sentence;
a learned coder picks up the words your coders actually relied on. Give it sentences and the area
codes a person gave them (the validation format: one row per sentence, codes joined by ``;``), for
the diplomatic scheme or CAP's topics alike. Everything is reproducible: a fixed seed, and the model
saved with the hash of the data it learned from.

>>> texts = ["We will cut tariffs on steel.", "Tariffs and trade rules.", "Trade talks resume.",
...          "Taiwan is a red line.", "The Taiwan question.", "Sovereignty over Taiwan."] * 3
>>> labels = [{"A5"}, {"A5"}, {"A5"}, {"A2"}, {"A2"}, {"A2"}] * 3
>>> coder = fit(texts, labels, seed=7)
>>> coder.predict(["New tariffs on trade."])[0][0]
{'A5'}
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from ..errors import ReadoutsError
from .validation.measures import per_label_prf, prf

SEED = 7
FOLDS = 5
THRESHOLD = 0.5             # an area is given when its probability reaches this
MIN_EXAMPLES = 3            # an area with fewer hand-coded sentences is not learned (too few to learn from)


@dataclass
class LearnedCoder:
    codes: list[str]                        # the areas it learned, in the scheme's order
    vectorizer: object
    model: object
    seed: int = SEED
    threshold: float = THRESHOLD
    data_hash: str = ""                     # the SHA-256 of the texts and codes it learned from
    meta: dict = field(default_factory=dict)

    def probabilities(self, texts: Sequence[str]) -> pd.DataFrame:
        """One column per area: the probability that a person would give the sentence that area."""
        if not len(texts):
            return pd.DataFrame(columns=self.codes)
        matrix = self.model.predict_proba(self.vectorizer.transform(list(texts)))
        return pd.DataFrame(matrix, columns=self.codes)

    def predict(self, texts: Sequence[str]) -> list[tuple[set[str], float]]:
        """``(areas, probability)`` per text: the areas at or above the threshold, and the highest probability
        among them (or, when none reaches it, the highest probability of any area: how close it came)."""
        out = []
        for row in self.probabilities(texts).itertuples(index=False):
            values = dict(zip(self.codes, row))
            chosen = {c for c, p in values.items() if p >= self.threshold}
            best = max((values[c] for c in chosen), default=max(values.values(), default=0.0))
            out.append((chosen, round(float(best), 4)))
        return out


def data_hash(texts: Iterable[str], labels: Iterable[set[str]]) -> str:
    """The SHA-256 of the training rows, so a saved model says what it learned from."""
    h = hashlib.sha256()
    for text, codes in zip(texts, labels):
        h.update(text.encode("utf-8") + b"\t" + ";".join(sorted(codes)).encode() + b"\n")
    return h.hexdigest()


def fit(texts: Sequence[str], labels: Sequence[set[str]], codes: Sequence[str] | None = None,
        seed: int = SEED) -> LearnedCoder:
    """Learn the areas of ``codes`` (by default every area the coding uses at least :data:`MIN_EXAMPLES`
    times) from hand-coded ``texts``; ``labels`` holds each text's set of area codes (empty for none)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    if len(texts) != len(labels):
        raise ReadoutsError(f"{len(texts)} texts but {len(labels)} sets of codes")
    counts = pd.Series([c for s in labels for c in s]).value_counts() if any(labels) else pd.Series(dtype=int)
    wanted = list(codes) if codes is not None else sorted(counts.index)
    learnable = [c for c in wanted if counts.get(c, 0) >= MIN_EXAMPLES and counts.get(c, 0) < len(texts)]
    if not learnable:
        raise ReadoutsError(f"no area is coded at least {MIN_EXAMPLES} times: nothing to learn from")
    y = [[int(c in s) for c in learnable] for s in labels]
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, lowercase=True)
    x = vectorizer.fit_transform(list(texts))
    # liblinear: for a thousand short sentences, eight times faster than the default solver, the same fit
    model = OneVsRestClassifier(LogisticRegression(C=10.0, class_weight="balanced", solver="liblinear",
                                                   random_state=seed))
    model.fit(x, y)
    import sklearn

    return LearnedCoder(learnable, vectorizer, model, seed, THRESHOLD, data_hash(texts, labels),
                        {"rows": len(texts), "scikit-learn": sklearn.__version__,
                         "not learned": [c for c in wanted if c not in learnable]})


def cross_validate(texts: Sequence[str], labels: Sequence[set[str]], codes: Sequence[str] | None = None,
                   dictionary: Sequence[set[str]] | None = None, folds: int = FOLDS, seed: int = SEED) -> pd.DataFrame:
    """Per-area and micro precision, recall and F1 of the learned coder, each sentence predicted by a model
    that never saw it (``folds``-fold, shuffled with ``seed``), beside the dictionary's codes of the same rows.
    Columns: ``coder``, ``area`` (``micro`` for all), ``precision``, ``recall``, ``f1``, ``support``."""
    texts, labels = list(texts), [set(s) for s in labels]
    predicted = cross_validated_codes(texts, labels, codes, folds, seed)
    all_codes = list(codes) if codes is not None else sorted({c for s in labels for c in s})
    readers = [("learned (cross-validated)", predicted)] + ([("dictionary", [set(s) for s in dictionary])]
                                                           if dictionary is not None else [])
    rows = []
    for name, pred in readers:
        m = prf(labels, pred)
        rows.append({"coder": name, "area": "micro", "precision": m["precision"], "recall": m["recall"],
                     "f1": m["f1"], "support": sum(map(len, labels))})
        for code, s in per_label_prf(labels, pred, all_codes).items():
            rows.append({"coder": name, "area": code, "precision": s["precision"], "recall": s["recall"],
                         "f1": s["f1"], "support": s["support"]})
    return pd.DataFrame(rows, columns=["coder", "area", "precision", "recall", "f1", "support"])


def cross_validated_codes(texts: Sequence[str], labels: Sequence[set[str]], codes: Sequence[str] | None = None,
                          folds: int = FOLDS, seed: int = SEED) -> list[set[str]]:
    """Each text's areas as predicted by a coder fitted on the other folds (never on the text itself)."""
    from sklearn.model_selection import KFold

    texts, labels = list(texts), [set(s) for s in labels]
    predicted: list[set[str]] = [set() for _ in texts]
    for train, test in KFold(n_splits=folds, shuffle=True, random_state=seed).split(texts):
        coder = fit([texts[k] for k in train], [labels[k] for k in train], codes, seed)
        for k, (areas, _) in zip(test, coder.predict([texts[k] for k in test])):
            predicted[k] = areas
    return predicted


def disagreements(texts: Sequence[str], labels: Sequence[set[str]], dictionary: Sequence[set[str]],
                  learned: Sequence[set[str]]) -> pd.DataFrame:
    """The rows where the dictionary and the learned coder code differently, with the hand coding:
    ``text``, ``hand``, ``dictionary``, ``learned``, ``right`` (which of the two matches the hand coding)."""
    rows = []
    for text, g, d, l in zip(texts, labels, dictionary, learned):
        if set(d) != set(l):
            right = "dictionary" if set(d) == set(g) else "learned" if set(l) == set(g) else "neither"
            rows.append({"text": text, "hand": ";".join(sorted(g)), "dictionary": ";".join(sorted(d)),
                         "learned": ";".join(sorted(l)), "right": right})
    return pd.DataFrame(rows, columns=["text", "hand", "dictionary", "learned", "right"])


def apply(coder: LearnedCoder, sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentence table with two columns added: ``policy_areas_learned`` (codes joined by ``;``, in the
    coder's order) and ``policy_learned_probability``."""
    found = coder.predict(sentences["text"].fillna("").astype(str).tolist())
    order = {c: k for k, c in enumerate(coder.codes)}
    return sentences.assign(
        policy_areas_learned=pd.array([";".join(sorted(a, key=order.get)) for a, _ in found], dtype="string"),
        policy_learned_probability=pd.array([p for _, p in found], dtype="Float64"))


def save(coder: LearnedCoder, path: str | Path) -> Path:
    """Write the model as JSON: its codes, seed, threshold and data hash, the TF-IDF vocabulary and weights, and
    each area's coefficients. Plain data, never a pickle: reading a model runs no code."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    vec = coder.vectorizer
    estimators = coder.model.estimators_
    data = {"readouts_policy_model": 1, "codes": coder.codes, "seed": coder.seed, "threshold": coder.threshold,
            "data_hash": coder.data_hash, "meta": coder.meta,
            "ngram_range": list(vec.ngram_range), "sublinear_tf": vec.sublinear_tf,
            "vocabulary": {t: int(k) for t, k in vec.vocabulary_.items()}, "idf": [float(x) for x in vec.idf_],
            "coef": [[float(x) for x in e.coef_[0]] for e in estimators],
            "intercept": [float(e.intercept_[0]) for e in estimators]}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


class _LinearAreas:
    """The learned per-area logistic regressions, read back from JSON: probability = logistic(x . w + b)."""

    def __init__(self, coef, intercept):
        import numpy as np

        self.coef, self.intercept = np.asarray(coef, dtype=float), np.asarray(intercept, dtype=float)

    def predict_proba(self, x):
        import numpy as np

        return 1.0 / (1.0 + np.exp(-(x @ self.coef.T + self.intercept)))


def load(path: str | Path) -> LearnedCoder:
    """A model written by :func:`save`."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    path = Path(path)
    if not path.is_file():
        raise ReadoutsError(f"{path}: no such model file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("readouts_policy_model") != 1:
            raise ValueError
        vec = TfidfVectorizer(ngram_range=tuple(data["ngram_range"]), sublinear_tf=data["sublinear_tf"],
                              lowercase=True, vocabulary=data["vocabulary"])
        vec.idf_ = np.asarray(data["idf"], dtype=float)
        model = _LinearAreas(data["coef"], data["intercept"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise ReadoutsError(f"{path}: not a Readouts policy model") from None
    return LearnedCoder(list(data["codes"]), vec, model, int(data["seed"]), float(data["threshold"]),
                        str(data["data_hash"]), dict(data.get("meta") or {}))


def learn_from_coding(coded: str | Path, texts: str | Path, out: str | Path, scheme: str = "diplomatic",
                      folds: int = FOLDS, seed: int = SEED) -> tuple[pd.DataFrame, Path]:
    """Fit a coder on a coded file (``validation/CODING_GUIDE.md`` format: its ``areas`` column) of the texts
    at ``texts``: its cross-validated figures beside the dictionary's on the same rows, and the saved model."""
    from ..annotate import annotate
    from ..layers.policy import load_scheme, scheme_file
    from ..read.corpus import load_corpus
    from .validation.gold import align, read_coding, split_codes
    from .validation.scoring import joined

    tables = annotate(load_corpus(texts), scheme=scheme)
    rows = joined(align(read_coding(coded), tables.sentences, tables.documents), tables.sentences)
    if rows.empty:
        raise ReadoutsError(f"{coded}: no coded row matches a sentence of {texts}")
    hand = [split_codes(v) for v in rows.areas]
    dictionary = [split_codes(v) for v in rows.policy_areas]
    codes = load_scheme(scheme_file(scheme)).codes
    table = cross_validate(list(rows.text), hand, codes, dictionary=dictionary, folds=folds, seed=seed)
    path = save(fit(list(rows.text), hand, codes, seed), out)
    return table, path
