"""Hand-coded sentences: reading them, and lining them up with the sentences Readouts cut.

The format (``validation/CODING_GUIDE.md``): one row per sentence, ``file`` (the text's file name; or
``doc_id``), ``sha256`` (optional: the file's SHA-256, checked when given), the sentence as ``start``/``end``
offsets into the document's text or as its ``text``, and any of the coded fields ``speaker``, ``verb``,
``point``, ``areas``, ``tone``, ``formulations``, ``new_formulations``. Several values are ``;``-separated.

>>> sorted(split_codes("A1;A2; A3"))
['A1', 'A2', 'A3']
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ...errors import ReadoutsError

FIELDS = ("speaker", "verb", "point", "areas", "tone", "formulations", "new_formulations")
SET_FIELDS = ("areas", "formulations", "new_formulations")


def split_codes(cell) -> set[str]:
    """A ``;``-separated cell as a set of codes (empty cell: empty set)."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return set()
    return {c.strip() for c in str(cell).split(";") if c.strip()}


def normalize_label(value) -> str:
    """A coded label compared loosely: lower case, single spaces, no surrounding punctuation."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return re.sub(r"\s+", " ", str(value)).strip().strip(".").lower()


def read_coding(path: str | Path) -> pd.DataFrame:
    """A coded file as a table with ``doc_id`` (the file stem), the sentence locator and the fields."""
    path = Path(path)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError, UnicodeDecodeError) as err:
        raise ReadoutsError(f"{path}: cannot be read as a coded CSV file ({err})") from None
    if "doc_id" not in table and "file" in table:
        table["doc_id"] = table["file"].map(lambda f: Path(f).stem)
    if "doc_id" not in table:
        raise ReadoutsError(f"{path}: a coded file needs a `file` or `doc_id` column")
    if not ({"start", "end"} <= set(table.columns) or "text" in table):
        raise ReadoutsError(f"{path}: a coded file needs `start` and `end` offsets or the sentence's `text`")
    if not set(FIELDS) & set(table.columns):
        raise ReadoutsError(f"{path}: no coded field (one of {', '.join(FIELDS)})")
    for column in ("start", "end"):
        if column in table:
            table[column] = pd.to_numeric(table[column], errors="coerce").astype("Int64")
    table.attrs["source"] = path.name
    return table


def align(coding: pd.DataFrame, sentences: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each coded row with the ``sent`` of the Readouts sentence it is (most overlap by offsets, else the
    same text); rows whose text is absent, or whose SHA-256 differs from the file read, get ``sent`` -1
    and a ``problem``.
    """
    out = coding.copy()
    out["sent"], out["problem"] = -1, ""
    by_doc = {d: g for d, g in sentences.groupby("doc_id", sort=False)}
    digests = dict(zip(documents.doc_id, documents.sha256)) if documents is not None else {}
    for i, row in out.iterrows():
        doc = by_doc.get(row.doc_id)
        if doc is None:
            out.at[i, "problem"] = "text not in the corpus"
            continue
        if row.get("sha256") and digests.get(row.doc_id) and row["sha256"] != digests[row.doc_id]:
            out.at[i, "problem"] = "the text differs from the one coded (SHA-256)"
            continue
        if "start" in out and pd.notna(row.get("start")) and pd.notna(row.get("end")):
            s, e = int(row["start"]), int(row["end"])
            overlap = (doc.end.clip(upper=e) - doc.start.clip(lower=s)).clip(lower=0)
            if overlap.max() > 0:
                out.at[i, "sent"] = int(doc.sent[overlap.idxmax()])
                continue
        text = normalize_label(row.get("text", ""))
        hits = doc.sent[doc.text.map(normalize_label) == text] if text else []
        if len(hits):
            out.at[i, "sent"] = int(hits.iloc[0])
        else:
            out.at[i, "problem"] = "no such sentence in the text"
    return out


def agreement(first: pd.DataFrame, second: pd.DataFrame, areas: list[str]) -> pd.DataFrame:
    """Two codings of the same sentences compared field by field: ``field``, ``n``, ``agreement``
    (exact), ``kappa`` (Cohen's; pooled over every label for the set fields) and ``f1`` (positive
    agreement, for the set fields)."""
    from .measures import accuracy, kappa, pooled_kappa, prf

    key = ["doc_id", "start", "end"] if {"start", "end"} <= set(first.columns) & set(second.columns) else ["doc_id", "text"]
    both = first.merge(second, on=key, suffixes=("_1", "_2"))
    rows = []
    for field in FIELDS:
        if f"{field}_1" not in both or f"{field}_2" not in both:
            continue
        if field in SET_FIELDS:
            a = [split_codes(v) for v in both[f"{field}_1"]]
            b = [split_codes(v) for v in both[f"{field}_2"]]
            labels = areas if field == "areas" else None
            rows.append({"field": field, "n": len(both), "agreement": accuracy([sorted(x) for x in a], [sorted(x) for x in b]),
                         "kappa": pooled_kappa(a, b, labels), "f1": prf(a, b)["f1"]})
        else:
            a = [normalize_label(v) for v in both[f"{field}_1"]]
            b = [normalize_label(v) for v in both[f"{field}_2"]]
            rows.append({"field": field, "n": len(both), "agreement": accuracy(a, b), "kappa": kappa(a, b), "f1": None})
    return pd.DataFrame(rows, columns=["field", "n", "agreement", "kappa", "f1"])
