"""Each layer's figures on a coded set, beside its baselines, with the errors by kind.

Every scorer takes the aligned gold (:func:`readouts.analyses.validation.gold.align`) and the annotated
sentence table, and returns ``(figures, errors)``: ``figures`` one row per measure and reader
(``readouts``, a baseline, ``human``), ``errors`` one row per sentence Readouts got wrong, with its kind.

Figure columns: ``layer``, ``measure``, ``reader``, ``n``, ``value``, ``subset`` (``all`` or a genre).
Error columns: ``layer``, ``kind``, ``doc_id``, ``sent``, ``gold``, ``readouts``, ``text``.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ...lexicons import read_data_file, split_list
from ...tables import speaker_label
from . import baselines
from .gold import normalize_label, split_codes
from .measures import accuracy, kappa, per_label_prf, prf, recall_of

FIGURE_COLUMNS = ["layer", "measure", "reader", "n", "value", "subset"]
ERROR_COLUMNS = ["layer", "kind", "doc_id", "sent", "gold", "readouts", "text"]
LABELS = ("cordial", "neutral", "firm")


def figure(layer: str, measure: str, reader: str, n: int, value, subset: str = "all") -> dict:
    return {"layer": layer, "measure": measure, "reader": reader, "n": n, "value": value, "subset": subset}


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Every actor alias (lower case) -> its canonical name (lower case)."""
    out = {}
    for row in read_data_file("actors.csv").rows:
        for alias in split_list(row.get("aliases")) + [row["name"]]:
            out.setdefault(alias.lower(), row["name"].lower())
    return out


def canonical_speaker(value) -> str:
    """A speaker as compared: lower case, an actor's alias replaced by its canonical name."""
    label = normalize_label(value)
    return _aliases().get(label, label)


def joined(gold: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The aligned gold rows with the Readouts sentence each one is (rows that did not align dropped)."""
    ok = gold[gold.sent >= 0]
    return ok.merge(sentences, on=["doc_id", "sent"], how="left", suffixes=("_gold", ""))


def _by_genre(frame: pd.DataFrame, genres: dict[str, str] | None):
    yield "all", frame
    if genres:
        for genre, part in frame.groupby(frame.doc_id.map(genres).fillna("other"), sort=True):
            yield genre, part


# -- who said it ----------------------------------------------------------------------------
def score_anatomy(gold: pd.DataFrame, sentences: pd.DataFrame, genres=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Speaker accuracy, verb accuracy and point accuracy; baseline: the say/tell regex."""
    rows, errors = [], []
    data = joined(gold, sentences)
    data = data[data.speaker_gold.fillna("").astype(str) != ""] if "speaker_gold" in data else data.iloc[0:0]
    if data.empty:
        return pd.DataFrame(columns=FIGURE_COLUMNS), pd.DataFrame(columns=ERROR_COLUMNS)
    data = data.assign(
        g_speaker=data.speaker_gold.map(canonical_speaker),
        r_speaker=speaker_label(data.rename(columns={"speaker": "speaker"})).map(canonical_speaker)
        .where(data.speaker_role != "questioner", "questioner"),
        g_verb=data.verb_gold.map(normalize_label), r_verb=data.verb.map(normalize_label))
    regex = data.text.map(baselines.regex_attribution)
    data["b_verb"] = regex.map(lambda x: x[0])
    data["b_speaker"] = regex.map(lambda x: canonical_speaker(x[1]) if x[0] else "narrator")
    for subset, part in _by_genre(data, genres):
        n = len(part)
        rows += [figure("anatomy", "speaker accuracy", "readouts", n, accuracy(list(part.g_speaker), list(part.r_speaker)), subset),
                 figure("anatomy", "speaker accuracy", "regex say/tell/according to", n,
                        accuracy(list(part.g_speaker), list(part.b_speaker)), subset),
                 figure("anatomy", "verb accuracy", "readouts", n, accuracy(list(part.g_verb), list(part.r_verb)), subset),
                 figure("anatomy", "verb accuracy", "regex say/tell/according to", n,
                        accuracy(list(part.g_verb), list(part.b_verb)), subset)]
    if "point_gold" in data:
        g_point = data.point_gold.map(lambda v: str(v).strip() or "0")
        r_point = data.point.map(lambda v: "0" if pd.isna(v) else str(int(v)))
        rows.append(figure("anatomy", "point accuracy", "readouts", len(data), accuracy(list(g_point), list(r_point))))
    for r in data.itertuples():
        if r.g_speaker != r.r_speaker:
            kind = ("narrator read as a speaker" if r.g_speaker == "narrator" else
                    "speaker missed (read as narrator)" if r.r_speaker == "narrator" else "wrong speaker")
            errors.append(("anatomy", kind, r.doc_id, r.sent, r.g_speaker, r.r_speaker, r.text))
        if r.g_verb != r.r_verb:
            kind = "verb missed" if not r.r_verb else "spurious verb" if not r.g_verb else "wrong verb"
            errors.append(("anatomy", kind, r.doc_id, r.sent, r.g_verb, r.r_verb, r.text))
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS), pd.DataFrame(errors, columns=ERROR_COLUMNS)


# -- policy areas -----------------------------------------------------------------------------
def score_policy(gold: pd.DataFrame, sentences: pd.DataFrame, codes: list[str], genres=None):
    """Micro and per-area precision, recall and F1; baseline: the keyword coder."""
    data = joined(gold, sentences)
    rows, errors = [], []
    g = [split_codes(v) for v in data.areas]
    r = [split_codes(v) for v in data.policy_areas]
    b = [baselines.keyword_areas(t) for t in data.text]
    data = data.assign(gold_set=g, ours_set=r, base_set=b)
    for subset, part in _by_genre(data, genres):
        for reader, column in (("readouts", "ours_set"), ("keyword coder (area names)", "base_set")):
            scores = prf(list(part.gold_set), list(part[column]))
            for measure in ("precision", "recall", "f1"):
                rows.append(figure("policy", f"micro {measure}", reader, len(part), scores[measure], subset))
    for code, s in per_label_prf(g, r, codes).items():
        rows.append(figure("policy", f"F1 {code}", "readouts", s["support"], s["f1"]))
    for x in data.itertuples():
        for code in sorted(x.gold_set - x.ours_set):
            errors.append(("policy", f"area missed: {code}", x.doc_id, x.sent, code, ";".join(sorted(x.ours_set)), x.text))
        for code in sorted(x.ours_set - x.gold_set):
            errors.append(("policy", f"area not in gold: {code}", x.doc_id, x.sent, ";".join(sorted(x.gold_set)), code, x.text))
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS), pd.DataFrame(errors, columns=ERROR_COLUMNS)


# -- tone -------------------------------------------------------------------------------------
def register_label(warmth: float, firmness: float) -> str:
    from ...layers.tone import tone_label
    return tone_label(warmth, firmness)


def score_tone(gold: pd.DataFrame, sentences: pd.DataFrame, genres=None):
    """Kappa, accuracy and firm-class recall of the register; baselines TextBlob and VADER."""
    data = joined(gold, sentences)
    data = data[data.tone.isin(LABELS)]
    readers = {"readouts": data.tone_label if "tone_label" in data else
               pd.Series([register_label(w, f) for w, f in zip(data.warmth, data.firmness)], index=data.index),
               "TextBlob polarity": data.polarity.map(baselines.polarity_label),
               "VADER compound": data.vader.map(baselines.polarity_label)}
    rows, errors = [], []
    for subset, part in _by_genre(data, genres):
        g = list(part.tone)
        for reader, labels in readers.items():
            p = list(labels.loc[part.index])
            rows += [figure("tone", "kappa", reader, len(g), kappa(g, p), subset),
                     figure("tone", "accuracy", reader, len(g), accuracy(g, p), subset),
                     figure("tone", "firm recall", reader, sum(x == "firm" for x in g), recall_of(g, p, "firm"), subset)]
    for x, label in zip(data.itertuples(), readers["readouts"]):
        if x.tone != label:
            errors.append(("tone", f"{x.tone} read as {label}", x.doc_id, x.sent, x.tone, label, x.text))
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS), pd.DataFrame(errors, columns=ERROR_COLUMNS)


# -- formulations -----------------------------------------------------------------------------
def score_formulations(gold: pd.DataFrame, sentences: pd.DataFrame, genres=None, coded_ids: set[str] | None = None):
    """Precision and recall of registered formulations per sentence; baseline: exact registry matching.
    ``coded_ids``: the registry entries the coders could mark; matches of entries added after the coding
    are left out of the scores (the coders could not mark them) and counted apart."""
    data = joined(gold, sentences)
    g = [split_codes(v) for v in data.formulations_gold]
    r = [split_codes(v) for v in data.formulations]
    b = [baselines.exact_formulations(t) for t in data.text]
    later = 0
    if coded_ids is not None:
        later = sum(len(x - coded_ids) for x in r)
        r = [x & coded_ids for x in r]
        b = [x & coded_ids for x in b]
    data = data.assign(gold_set=g, ours_set=r, base_set=b)
    rows, errors = [], []
    if coded_ids is not None:
        rows.append(figure("formulations", "matches of entries added after the coding", "readouts", len(data), later))
    for subset, part in _by_genre(data, genres):
        for reader, column in (("readouts", "ours_set"), ("exact registry matching", "base_set")):
            scores = prf(list(part.gold_set), list(part[column]))
            for measure in ("precision", "recall", "f1"):
                rows.append(figure("formulations", measure, reader, int(scores["tp"] + scores["fn"]),
                                   scores[measure], subset))
    new = sum(len(split_codes(v)) for v in data.get("new_formulations", []))
    rows.append(figure("formulations", "unregistered formulations marked", "human", len(data), new))
    for x in data.itertuples():
        for fid in sorted(x.gold_set - x.ours_set):
            errors.append(("formulations", "formulation missed", x.doc_id, x.sent, fid, ";".join(sorted(x.ours_set)), x.text))
        for fid in sorted(x.ours_set - x.gold_set):
            errors.append(("formulations", "formulation not in gold", x.doc_id, x.sent, ";".join(sorted(x.gold_set)), fid, x.text))
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS), pd.DataFrame(errors, columns=ERROR_COLUMNS)
