"""Policy areas: which fields a text covers, how much, and why. The analyses behind
``04_policy_areas.ipynb``, on the tables of :func:`readouts.annotate`.

Shares are of a document's body sentences (headline and caption left out). A sentence can
code several areas, so area shares do not add up to 100%.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from . import plots
from ..errors import ReadoutsError
from ..layers.policy import code_text
from ..lexicons import read_data_file
from .policy_scheme import _codes, active_scheme, area_labels, scheme_markdown, use_scheme  # noqa: F401 (re-exported)

_scheme = active_scheme


def compare_learned(sentences: pd.DataFrame) -> pd.DataFrame:
    """Per area: body sentences the dictionary codes with it, those the learned coder does
    (``policy_areas_learned``), and those both do."""
    body = sentences[sentences.section == "body"]
    # each sentence's two codings read once (not once per area)
    dic, learned, both = Counter(), Counter(), Counter()
    for d, l in zip(body.policy_areas.fillna(""), body.policy_areas_learned.fillna("")):
        d, l = set(_codes(d)), set(_codes(l))
        dic.update(d)
        learned.update(l)
        both.update(d & l)
    rows = []
    for a in _scheme().areas:
        rows.append({"code": a.code, "name": a.name, "dictionary": dic[a.code], "learned": learned[a.code],
                     "both": both[a.code]})
    return pd.DataFrame(rows, columns=["code", "name", "dictionary", "learned", "both"])


def _long(sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per (body sentence, area code)."""
    body = sentences[sentences.section == "body"]
    rows = body.assign(code=body.policy_areas.map(_codes)).explode("code")
    return rows[rows.code.notna()]


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
    plots.percent_axis(ax, "x", data_max=float(data.share_sentences.max()) * 1.1 or 0.1)
    for y, (v, n) in enumerate(zip(data.share_sentences[::-1], data.n_sentences[::-1])):
        if n:
            ax.annotate(f"{n}", (v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9)
    return fig, data


MAX_COLUMNS = 20        # a heat map with more columns keeps the largest and pools the rest as "other"


def heatmap(sentences: pd.DataFrame, by: str, max_columns: int = MAX_COLUMNS):
    """Body sentences per area (rows) and ``by`` (columns); ``(fig, data)``, or a
    :class:`~readouts.analyses.plots.NoChart` when there is nothing to show.

    ``by="speaker"``: one column per speaker (the narrator and questioners by role). ``by="point"``: one
    column per numbered point of each document that has them (points of different documents are never
    pooled; a document's sentences before its first point are its own column). More than ``max_columns``
    columns: the ``max_columns - 1`` with most coded sentences, and ``other`` for the rest; the caption
    says what is pooled."""
    labels, long, left_out = area_labels(), _long(sentences), ""
    if by == "speaker":
        long = long.assign(column=long.speaker.where(long.speaker.fillna("") != "", long.speaker_role))
        order = list(long.groupby("column").size().sort_values(ascending=False, kind="stable").index)
        what = "speakers"
    else:
        numbered = list(dict.fromkeys(sentences.doc_id[sentences.point.fillna(0).astype(int) > 0]))
        if not numbered:
            return plots.NoChart("No document has numbered points (First, ... Second, ...): "
                                 "no heat map of areas by point.")
        n_docs = sentences.doc_id.nunique()
        if n_docs > len(numbered):
            left_out = f" Only the {len(numbered)} of {n_docs} documents with numbered points are shown."
        long = long[long.doc_id.isin(numbered)]
        rank = {doc_id: k for k, doc_id in enumerate(numbered)}
        keys = sorted({(d, int(p or 0)) for d, p in zip(long.doc_id, long.point)}, key=lambda k: (rank[k[0]], k[1]))
        short, part = plots.short_labels(numbered, 24), (lambda p: f"point {p}" if p else "before the points")
        names = {k: part(k[1]) if len(numbered) == 1 else f"{short[k[0]]}: {part(k[1])}" for k in keys}
        long = long.assign(column=[names[(d, int(p or 0))] for d, p in zip(long.doc_id, long.point)])
        order, what = list(names.values()), "points" if len(numbered) == 1 else "document points"
    if long.empty:
        return plots.NoChart(f"No body sentence codes an area, so there is nothing to show by {by}.")
    table = (long.groupby(["code", "column"]).size().unstack(fill_value=0)
             .reindex(index=list(labels), columns=order, fill_value=0))
    table, pooled = plots.top_columns(table, max_columns)
    if pooled:
        left_out += (f" The {table.shape[1] - 1} of {len(order)} {what} with most coded sentences are shown; "
                     f"\u201cother\u201d pools the remaining {len(pooled)}.")
    data = table.reset_index().rename(columns={"code": "area"}).rename_axis(columns=None)
    data.insert(1, "name", data.area.map(lambda c: labels[c][len(c) + 1:]))
    values = table.to_numpy()
    r, c = np.unravel_index(values.argmax(), values.shape)
    column = table.columns[c]
    where = (column if by == "point" else f"in the words of {column}") if column != "other" else "among the others"
    title = f"Most coded: {labels[table.index[r]]}, {where} ({values[r, c]} sentences)"
    if by == "point" and len(numbered) == 1 and n_docs > 1:
        title += f" of {plots.shorten(numbered[0], 30)}"
    fig, ax = plots.new_chart(title, by if by == "speaker" else "numbered point", "",
                              f"Body sentences coding each area, by {by}; darker cells hold more sentences." + left_out,
                              height=5.8 + 0.06 * max(len(str(c)) for c in table.columns),
                              width=min(12.0, 6.5 + 0.3 * values.shape[1]))
    ax.grid(False)
    im = ax.imshow(values, aspect="auto", cmap="Blues", vmin=0)     # 0 is white: an empty cell
    ax.set_xticks(range(values.shape[1]), [str(c) for c in table.columns], rotation=35 if values.shape[1] > 4 else 0,
                  ha="right" if values.shape[1] > 4 else "center", fontsize=9 if values.shape[1] > 10 else 10)
    ax.set_yticks(range(values.shape[0]), [labels[c] for c in table.index])
    for (i, j), v in np.ndenumerate(values):
        if v:
            ax.text(j, i, str(v), ha="center", va="center", fontsize=8 if values.shape[1] > 12 else 9,
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


def areas_over_time(sentences: pd.DataFrame, documents: pd.DataFrame, top: int = 4):
    """Share of body sentences per area over time, on a real date axis; ``(fig, data)``, or a
    :class:`~readouts.analyses.plots.NoChart` when fewer than two dates are known.

    ``data``: one row per date (and ``group``: the documents' ``form``, when they have several), with
    ``period`` (the date as written), ``date``, ``n_documents``, ``n_sentences`` and each area's share.
    The chart draws the ``top`` most frequent areas: one line each, or, with several groups, one panel
    per area and a line per group (readouts and speeches do not mix into one mean)."""
    docs = documents.copy()
    parsed = [plots.as_date(d) for d in docs.date]
    docs["when"], docs["exact"] = [p[0] for p in parsed], [p[1] for p in parsed]
    undated = int(docs.when.isna().sum())
    docs = docs[docs.when.notna()]
    if docs.when.nunique() < 2:
        return plots.NoChart(f"All dated documents share one date ({docs.date.iloc[0]}): no trend to show." if len(docs)
                             else "No document has a date: no trend to show.")
    forms = docs.form.fillna("").astype(str).replace("", "other") if "form" in docs else docs.doc_id.map(str)
    # a line per form when a form has two dates or more; else each would be a dot: one line per area then
    docs["group"] = forms if forms.nunique() > 1 and (docs.groupby(forms).when.nunique() > 1).any() else ""
    body = sentences[(sentences.section == "body") & sentences.doc_id.isin(docs.doc_id)]
    info = docs.set_index("doc_id")[["date", "when", "exact", "group"]]
    counts = document_shares(body).join(info, on="doc_id").groupby(["when", "group", "code"]).n_sentences.sum()
    totals = body.join(info, on="doc_id").groupby(["when", "group"]).size()
    shares = counts.unstack("code", fill_value=0).div(totals, axis=0).round(4)[_scheme().codes]
    meta = docs.groupby(["when", "group"]).agg(period=("date", "first"), exact=("exact", "all"),
                                                n_documents=("doc_id", "size"))
    data = meta.join(totals.rename("n_sentences")).join(shares).reset_index()
    data.insert(0, "date", data.pop("when").dt.strftime("%Y-%m-%d"))
    data.insert(0, "period", data.pop("period").astype(str))
    labels, groups = area_labels(), list(dict.fromkeys(data.group))
    weights = data.n_sentences / data.n_sentences.sum()
    leading = data[_scheme().codes].mul(weights, axis=0).sum().sort_values(ascending=False, kind="stable")
    codes = list(leading.index[:top])
    if not leading.iloc[0]:
        return plots.NoChart("No dated body sentence codes an area: no trend to show.")
    caption = ("Share of body sentences coding the most frequent areas, per date"
               + (", one line per form of text (documents' form)" if len(groups) > 1 else "")
               + "; hollow markers: a date known only as a year (placed mid-year) or month."
               + (f" {undated} document(s) without a date are left out." if undated else ""))
    title = f"{plots.shorten(labels[codes[0]], 44)} leads: {leading.iloc[0]:.0%} of dated body sentences"
    panels = (2, 2) if len(groups) > 1 and len(codes) > 2 else (1, len(codes)) if len(groups) > 1 else (1, 1)
    fig, axes = plots.new_chart(title, "date", "share of body sentences", caption, panels=panels,
                                height=6.2 if panels == (2, 2) else None, width=9.0 if len(groups) > 1 else None)
    axes = list(np.ravel(axes))
    lines = [(code, g) for code in codes for g in groups]
    for code, group in lines:
        ax = axes[codes.index(code)] if len(groups) > 1 else axes[0]
        color = plots.PALETTE[(groups.index(group) if len(groups) > 1 else codes.index(code)) % len(plots.PALETTE)]
        rows = data[data.group == group].sort_values("date")
        when = pd.to_datetime(rows.date)
        ax.plot(when, rows[code], "-", color=color, lw=1.6,
                label=(group if len(groups) > 1 else labels[code]) if code == codes[0] or len(groups) == 1 else None)
        exact = rows.exact.astype(bool)
        for pick, face in ((exact, color), (~exact, "white")):     # an empty plot unclipped: no layout
            ax.plot(when[pick], rows[code][pick], "o", ms=5, color=color, mfc=face, clip_on=not pick.any())
        if len(groups) > 1:
            ax.set_title(plots.shorten(labels[code], 36), loc="left", fontsize=9.5)
    for ax in axes[:len(codes) if len(groups) > 1 else 1]:
        plots.percent_axis(ax, "y", data_max=float(data[codes].to_numpy().max()) or 0.1)
        plots.date_axis(ax)
    for ax in axes[len(codes) if len(groups) > 1 else 1:]:
        ax.set_visible(False)
    axes[panels[1] - 1].legend(*axes[0].get_legend_handles_labels(), fontsize=8.5, loc="upper left",
                               bbox_to_anchor=(1.02, 1.0))
    return fig, data


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


def findings(sentences: pd.DataFrame, validation: pd.DataFrame, max_listed: int = plots.FINDINGS_LISTED) -> str:
    """What the coding found, as a Markdown list computed from the tables: a line for each of the first
    ``max_listed`` documents, then one for the rest."""
    labels = area_labels()
    shares = document_shares(sentences)
    ids = list(dict.fromkeys(shares.doc_id))
    listed = set(ids[:max(0, int(max_listed))])
    out = []
    for doc_id, group in shares[shares.doc_id.isin(listed)].groupby("doc_id", sort=False):
        present = group[group.n_sentences > 0].sort_values("n_sentences", ascending=False)
        if present.empty:
            out.append(f"- `{doc_id}`: no body sentence codes an area.")
            continue
        top = ", ".join(f"{labels[r.code]} ({r.share_sentences:.0%})" for r in present.head(3).itertuples())
        out.append(f"- `{doc_id}`: {len(present)} of {len(group)} areas appear; most: {top}.")
    rest = shares[~shares.doc_id.isin(listed)]
    if len(rest):
        present = rest[rest.n_sentences > 0]
        leads = present.sort_values(["n_sentences", "code"], ascending=[False, True]).drop_duplicates("doc_id")
        top = leads.code.value_counts()
        out.append(f"- {len(ids) - len(listed):,} more documents (each in area_shares_by_document.csv): "
                   + (f"{present.doc_id.nunique():,} code an area; the most frequent leading area is "
                      f"{labels[top.index[0]]} (first in {top.iloc[0]:,} of them)." if len(top)
                      else "none codes an area."))
    unc = uncoded(sentences)
    body = int((sentences.section == "body").sum())
    out.append(f"- {len(unc)} of {body} body sentences code no area (listed above for review).")
    micro = validation[validation.area == "micro"]
    for r in micro.itertuples():
        out.append(f"- Against `{r.sample}`: micro-averaged F1 {r.f1:.2f} (precision {r.precision:.2f}, "
                   f"recall {r.recall:.2f}).")
    return "\n".join(out)
