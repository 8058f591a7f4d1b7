"""Policy areas: which fields a text covers, how much, and why. The analyses behind
``04_policy_areas.ipynb``, on the tables of :func:`readouts.annotate`.

Shares are of a document's body sentences (headline and caption left out). A sentence can
code several areas, so area shares do not add up to 100%.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import plots
from ..errors import ReadoutsError
from ..layers.policy import code_text, load_scheme, scheme_file
from ..lexicons import read_data_file


_ACTIVE = {"scheme": "diplomatic"}          # the scheme the analyses read codes with


def use_scheme(name: str = "diplomatic") -> None:
    """Read the codes of the scheme ``name`` (``"diplomatic"`` or ``"cap"``) in the analyses that follow:
    names, order, CAP roll-up. A notebook calls it once, with its ``policy_scheme`` parameter."""
    scheme_file(name)                           # an unknown name is an error here
    _ACTIVE["scheme"] = name


def active_scheme():
    """The scheme the analyses read codes with (see :func:`use_scheme`)."""
    return load_scheme(scheme_file(_ACTIVE["scheme"]))


_scheme = active_scheme


def compare_learned(sentences: pd.DataFrame) -> pd.DataFrame:
    """Per area: body sentences the dictionary codes with it, those the learned coder does
    (``policy_areas_learned``), and those both do."""
    body = sentences[sentences.section == "body"]
    rows = []
    for a in _scheme().areas:
        dic = body.policy_areas.fillna("").map(lambda c: a.code in _codes(c))
        learned = body.policy_areas_learned.fillna("").map(lambda c: a.code in _codes(c))
        rows.append({"code": a.code, "name": a.name, "dictionary": int(dic.sum()), "learned": int(learned.sum()),
                     "both": int((dic & learned).sum())})
    return pd.DataFrame(rows, columns=["code", "name", "dictionary", "learned", "both"])


def _codes(cell) -> list[str]:
    return [c for c in str(cell or "").split(";") if c]


def _long(sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per (body sentence, area code)."""
    body = sentences[sentences.section == "body"]
    rows = body.assign(code=body.policy_areas.map(_codes)).explode("code")
    return rows[rows.code.notna()]


def area_labels() -> dict[str, str]:
    """``{"A1": "A1 Political relations & framework", ...}`` in scheme order."""
    return {a.code: f"{a.code} {a.name}" for a in _scheme().areas}


def document_shares(sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per document and area: ``n_sentences``, ``share_sentences``, ``n_words``, ``share_words``.

    Every area of the scheme has a row (zero when absent), so documents compare directly.
    """
    scheme = _scheme()
    body = sentences[sentences.section == "body"]
    totals = body.groupby("doc_id", sort=False).agg(total_sentences=("sent", "size"), total_words=("n_words", "sum"))
    long = _long(sentences)
    counts = long.groupby(["doc_id", "code"]).agg(n_sentences=("sent", "size"), n_words=("n_words", "sum"))
    index = pd.MultiIndex.from_product([totals.index, scheme.codes], names=["doc_id", "code"])
    table = counts.reindex(index, fill_value=0).reset_index().join(totals, on="doc_id")
    table["name"] = table.code.map({a.code: a.name for a in scheme.areas})
    table["share_sentences"] = (table.n_sentences / table.total_sentences).round(4)
    table["share_words"] = (table.n_words / table.total_words).round(4)
    return table[["doc_id", "code", "name", "n_sentences", "share_sentences", "n_words", "share_words"]]


def cap_rollup(sentences: pd.DataFrame) -> pd.DataFrame:
    """Per document and CAP major topic (the ``policy_cap`` column: each area's first CAP code, or a
    term's own in ``cap_terms``): sentences and words, each sentence counted once per topic; ``areas``
    lists the areas whose terms rolled up to the topic."""
    scheme = _scheme()
    body = sentences[sentences.section == "body"]
    long = body.assign(cap=body.policy_cap.map(lambda v: [int(c) for c in str(v).split(";") if c])).explode("cap")
    long = long[long.cap.notna()].astype({"cap": int})
    # the areas behind a topic: those of the sentence that can roll up to it (first code or a cap_terms code)
    reach = {a.code: {a.cap[0], *(t for _, t in a.term_caps)} for a in scheme.areas}
    long["areas"] = [[c for c in _codes(cell) if cap in reach.get(c, ())] for cell, cap in zip(long.policy_areas, long.cap)]
    codes = long.groupby(["doc_id", "cap"]).areas.agg(
        lambda cells: ";".join(sorted({c for cell in cells for c in cell}, key=scheme.codes.index)))
    totals = body.groupby("doc_id").agg(total_sentences=("sent", "size"), total_words=("n_words", "sum"))
    table = (long.groupby(["doc_id", "cap"]).agg(n_sentences=("sent", "size"), n_words=("n_words", "sum"))
             .join(codes).reset_index().join(totals, on="doc_id"))
    table["cap_topic"] = table.cap.map(scheme.cap_topics)
    table["share_sentences"] = (table.n_sentences / table.total_sentences).round(4)
    table["share_words"] = (table.n_words / table.total_words).round(4)
    return table[["doc_id", "cap", "cap_topic", "areas", "n_sentences", "share_sentences", "n_words", "share_words"]]


def share_chart(sentences: pd.DataFrame):
    """Share of the corpus's body sentences coding each area; returns ``(fig, data)``."""
    labels = area_labels()
    body = sentences[sentences.section == "body"]
    long = _long(sentences)
    counts = long.groupby("code").size().reindex(list(labels), fill_value=0)
    data = pd.DataFrame({"code": counts.index, "area": [labels[c] for c in counts.index],
                         "n_sentences": counts.values.astype(int)})
    data["share_sentences"] = (data.n_sentences / max(len(body), 1)).round(4)
    top = data.sort_values("n_sentences", ascending=False).iloc[0]
    absent = int((data.n_sentences == 0).sum())
    title = (f"{top.area} leads: {top.share_sentences:.0%} of body sentences"
             + (f"; {absent} of {len(data)} areas are absent" if absent else ""))
    fig, ax = plots.new_chart(title, "share of body sentences", "",
                              "Share of body sentences with at least one term of each area (policy_areas.yaml); "
                              "a sentence can code several areas.", height=5.2)
    ax.barh(data.area[::-1], data.share_sentences[::-1], color=plots.PALETTE[0])
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    for y, (v, n) in enumerate(zip(data.share_sentences[::-1], data.n_sentences[::-1])):
        if n:
            ax.annotate(f"{n}", (v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9)
    return fig, data


def heatmap(sentences: pd.DataFrame, by: str):
    """Body sentences per area (rows) and ``by`` (``"point"`` or ``"speaker"``, columns); ``(fig, data)``."""
    labels = area_labels()
    long = _long(sentences)
    if by == "speaker":
        long = long.assign(speaker=long.speaker.where(long.speaker.fillna("") != "", long.speaker_role))
    table = (long.groupby(["code", by]).size().unstack(fill_value=0)
             .reindex(list(labels), fill_value=0))
    if by == "point":
        table.columns = [f"point {c}" if c else "before the points" for c in table.columns]
    data = table.reset_index().rename(columns={"code": "area"})
    data.insert(1, "name", data.area.map(lambda c: labels[c][len(c) + 1:]))
    values = table.to_numpy()
    if values.size == 0:
        title = f"No body sentence codes an area, so there is nothing to show by {by}"
    else:
        r, c = np.unravel_index(values.argmax(), values.shape)
        where = table.columns[c] if by == "point" else f"in {table.columns[c]}'s words"
        title = f"Most coded: {labels[table.index[r]]}, {where} ({values[r, c]} sentences)"
    fig, ax = plots.new_chart(title, by, "", f"Body sentences coding each area, by {by}; "
                              "darker cells hold more sentences.", height=5.6)
    ax.grid(False)
    if values.size:
        im = ax.imshow(values, aspect="auto", cmap="Blues", vmin=0)     # 0 is white: an empty cell
        ax.set_xticks(range(values.shape[1]), [str(c) for c in table.columns], rotation=30, ha="right")
        ax.set_yticks(range(values.shape[0]), [labels[c] for c in table.index])
        for (i, j), v in np.ndenumerate(values):
            if v:
                ax.text(j, i, str(v), ha="center", va="center", fontsize=9,
                        color="white" if v > values.max() / 2 else "black")
        fig.colorbar(im, ax=ax, label="sentences", shrink=0.8)
    return fig, data


def terms_table(spans: pd.DataFrame) -> pd.DataFrame:
    """The terms behind each code: ``code``, ``name``, ``term`` (as found, lower-cased), ``n``, ``documents``."""
    labels = area_labels()
    policy = spans[spans.layer == "policy"].assign(term=lambda d: d.text.str.lower())
    table = (policy.groupby(["label", "term"]).agg(n=("sent", "size"), documents=("doc_id", "nunique"))
             .reset_index().rename(columns={"label": "code"}))
    table["name"] = table.code.map(lambda c: labels.get(c, c)[len(c) + 1:])
    table["order"] = table.code.map(list(labels).index)
    table = table.sort_values(["order", "n", "term"], ascending=[True, False, True])
    return table[["code", "name", "term", "n", "documents"]].reset_index(drop=True)


def uncoded(sentences: pd.DataFrame) -> pd.DataFrame:
    """Body sentences that no area codes, for review."""
    body = sentences[(sentences.section == "body") & (sentences.policy_areas.fillna("") == "")]
    return body[["doc_id", "sent", "point", "text"]].reset_index(drop=True)


def documents_by_areas(shares: pd.DataFrame) -> pd.DataFrame:
    """Documents (rows) by areas (columns): the share of each document's body sentences."""
    return shares.pivot(index="doc_id", columns="code", values="share_sentences")[_scheme().codes]


def areas_over_time(sentences: pd.DataFrame, documents: pd.DataFrame):
    """Share of body sentences per area by date (or year); ``(fig, data)``, or ``None`` when all
    documents share one date."""
    dates = documents.set_index("doc_id").date.dropna().astype(str)
    if dates.nunique() < 2:
        return None
    key = dates if dates.str.len().eq(10).all() else dates.str[:4]
    shares = document_shares(sentences).assign(period=lambda d: d.doc_id.map(key)).dropna(subset=["period"])
    body = sentences[sentences.section == "body"].assign(period=lambda d: d.doc_id.map(key))
    totals = body.groupby("period").size()
    data = shares.groupby(["period", "code"]).n_sentences.sum().unstack(fill_value=0)
    data = (data.div(totals, axis=0)).round(4)
    top = data.mean().sort_values(ascending=False).index[:5]
    labels = area_labels()
    fig, ax = plots.new_chart(f"{labels[top[0]]} is the most constant area over time",
                              "date", "share of body sentences",
                              "Share of each period's body sentences coding the five most frequent areas.")
    for k, code in enumerate(top):
        ax.plot(data.index, data[code], marker="o", color=plots.PALETTE[k], label=labels[code])
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    return fig, data.reset_index()


# -- validation -----------------------------------------------------------------------------
def read_coding(path: str | Path) -> pd.DataFrame:
    """A hand-coded sample: ``doc_id``, ``sent``, ``areas`` (``;``-joined), ``reason``, ``text``."""
    data = read_data_file(Path(path).resolve(), required=("doc_id", "sent", "areas"))
    return pd.DataFrame(data.rows).astype({"sent": int})


def validate(coding: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Precision, recall and F1 per area (and micro-averaged): the coder against hand-coded sentences.

    Each row's ``text`` is coded afresh, so a sample need not be in the corpus being read.
    Returns ``(scores, comparison)``: ``scores`` has ``area``, ``support``, ``tp``, ``fp``, ``fn``,
    ``precision``, ``recall``, ``f1``, with a last row ``micro``; ``comparison`` has each coded
    sentence with its ``hand`` and ``coder`` codes and the ``missed`` and ``extra`` ones.
    """
    order = _scheme().codes
    rows = []
    for r in coding.itertuples():
        if not str(getattr(r, "text", "")).strip():
            raise ReadoutsError(f"hand coding of {r.doc_id} sentence {r.sent} has no text to code")
        want, got = set(_codes(r.areas)), set(code_text(r.text))
        unknown = want - set(order)
        if unknown:
            raise ReadoutsError(f"hand coding of {r.doc_id} sentence {r.sent} uses codes the scheme does not "
                                f"have: {', '.join(sorted(unknown))}")
        rows.append({"doc_id": r.doc_id, "sent": r.sent, "hand": _join(want, order), "coder": _join(got, order),
                     "missed": _join(want - got, order), "extra": _join(got - want, order), "text": r.text})
    comparison = pd.DataFrame(rows, columns=["doc_id", "sent", "hand", "coder", "missed", "extra", "text"])
    scores = []
    for code in _scheme().codes:
        hand = comparison.hand.map(lambda c: code in _codes(c))
        got = comparison.coder.map(lambda c: code in _codes(c))
        scores.append(_prf(code, int((hand & got).sum()), int((~hand & got).sum()), int((hand & ~got).sum())))
    table = pd.DataFrame(scores)
    micro = _prf("micro", int(table.tp.sum()), int(table.fp.sum()), int(table.fn.sum()))
    return pd.concat([table, pd.DataFrame([micro])], ignore_index=True), comparison


def _join(codes: set[str], order: list[str]) -> str:
    return ";".join(sorted(codes, key=order.index))


def _prf(area: str, tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else np.nan
    recall = tp / (tp + fn) if tp + fn else np.nan
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else np.nan
    return {"area": area, "support": tp + fn, "tp": tp, "fp": fp, "fn": fn,
            "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def validation_summary(paths) -> pd.DataFrame:
    """Scores of every hand-coded sample (``*_policy_coding.csv``): one block of rows per ``sample``."""
    frames = []
    for path in paths:
        scores, _ = validate(read_coding(path))
        frames.append(scores.assign(sample=Path(path).name))
    if not frames:
        return pd.DataFrame(columns=["sample", "area", "support", "tp", "fp", "fn", "precision", "recall", "f1"])
    table = pd.concat(frames, ignore_index=True)
    return table[["sample", "area", "support", "tp", "fp", "fn", "precision", "recall", "f1"]]


def disagreements(paths) -> pd.DataFrame:
    """The hand-coded sentences where the coder missed a code or added one."""
    frames = [validate(read_coding(p))[1].assign(sample=Path(p).name) for p in paths]
    if not frames:
        return pd.DataFrame(columns=["sample", "doc_id", "sent", "hand", "coder", "missed", "extra", "text"])
    table = pd.concat(frames, ignore_index=True)
    table = table[(table.missed != "") | (table.extra != "")]
    return table[["sample", "doc_id", "sent", "hand", "coder", "missed", "extra", "text"]].reset_index(drop=True)


def validation_markdown(summary: pd.DataFrame) -> str:
    """One line per sample with its micro-averaged precision, recall and F1."""
    micro = summary[summary.area == "micro"]
    if micro.empty:
        return "*No hand-coded sample found in `validation_dir`.*"
    return "\n".join(f"- **{r.sample}**: micro-averaged F1 **{r.f1:.2f}** (precision {r.precision:.2f}, "
                     f"recall {r.recall:.2f}) over {r.support} hand-coded area labels"
                     for r in micro.itertuples())


def scheme_markdown(scheme) -> str:
    """The scheme as a Markdown table: code, area, CAP topics, definition, number of terms."""
    rows = ["| code | area | CAP major topic(s) | definition | terms |", "|---|---|---|---|---:|"]
    for a in scheme.areas:
        caps = "; ".join(f"{c} {scheme.cap_topics.get(c, '')}".strip() for c in a.cap)
        rows.append(f"| {a.code} | {a.name} | {caps} | {a.definition} | {len(a.terms)} |")
    return (f"Scheme version {scheme.version}, {len(scheme.exclusions)} excluded phrases.\n\n" + "\n".join(rows))


def findings(sentences: pd.DataFrame, validation: pd.DataFrame) -> str:
    """What the coding found, as a Markdown list computed from the tables."""
    labels = area_labels()
    shares = document_shares(sentences)
    out = []
    for doc_id, group in shares.groupby("doc_id", sort=False):
        present = group[group.n_sentences > 0].sort_values("n_sentences", ascending=False)
        if present.empty:
            out.append(f"- `{doc_id}`: no body sentence codes an area.")
            continue
        top = ", ".join(f"{labels[r.code]} ({r.share_sentences:.0%})" for r in present.head(3).itertuples())
        out.append(f"- `{doc_id}`: {len(present)} of {len(group)} areas appear; most: {top}.")
    unc = uncoded(sentences)
    body = int((sentences.section == "body").sum())
    out.append(f"- {len(unc)} of {body} body sentences code no area (listed above for review).")
    micro = validation[validation.area == "micro"]
    for r in micro.itertuples():
        out.append(f"- Against `{r.sample}`: micro-averaged F1 {r.f1:.2f} (precision {r.precision:.2f}, "
                   f"recall {r.recall:.2f}).")
    return "\n".join(out)
