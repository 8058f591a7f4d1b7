"""Who said what, and how strongly: the analyses behind ``01_readout_anatomy.ipynb``.

Each function takes the tables of :func:`readouts.annotate` and returns a DataFrame, a
``(figure, data)`` pair or HTML; nothing here annotates text itself.
"""
from __future__ import annotations

from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from . import plots
from ..lexicons import read_data_file
from ..tables import speaker_label


def who_speaks(sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per document and speaker: ``speaker``, ``speaker_role``, ``n_sentences``,
    ``n_words``, ``share_words`` (of the document's words), largest first."""
    body = sentences.assign(speaker=speaker_label(sentences))
    table = (body.groupby(["doc_id", "speaker", "speaker_role"], sort=False)
             .agg(n_sentences=("sent", "size"), n_words=("n_words", "sum")).reset_index())
    table["share_words"] = (table.n_words / table.groupby("doc_id").n_words.transform("sum")).round(4)
    return table.sort_values(["doc_id", "n_words", "speaker"], ascending=[True, False, True]).reset_index(drop=True)


def who_speaks_chart(table: pd.DataFrame):
    """Words by speaker, summed over the corpus; returns ``(fig, data)``."""
    data = (table.groupby(["speaker", "speaker_role"], sort=False)[["n_sentences", "n_words"]].sum()
            .reset_index().sort_values("n_words", ascending=False).reset_index(drop=True))
    data["share_words"] = (data.n_words / data.n_words.sum()).round(4)
    top = data.iloc[0]
    title = f"{top.speaker} carries {top.share_words:.0%} of the words"
    if len(data) > 1:
        second = data.iloc[1]
        title += f"; {second.speaker} {second.share_words:.0%}"
    shown = data.head(15)
    cut = f" The {len(shown)} of {len(data)} speakers with most words are shown (all in the CSV)." \
        if len(shown) < len(data) else ""
    fig, ax = plots.new_chart(title, "words", "", "Words of each sentence credited to its speaker: named by a "
                              "reporting verb, a pronoun, a transcript label, or continuing the statement before it."
                              + cut,
                              height=max(2.4, 1.3 + 0.35 * len(shown)))
    colors = [ROLE_COLORS.get(r, plots.PALETTE[0]) for r in shown.speaker_role]
    ax.barh(shown.speaker[::-1], shown.n_words[::-1], color=colors[::-1])
    ax.grid(axis="y", visible=False)
    for y, (v, s) in enumerate(zip(shown.n_words[::-1], shown.n_sentences[::-1])):
        ax.annotate(f"{v:,} words, {s} sentences", (v, y), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=9)
    ax.set_xlim(0, shown.n_words.max() * 1.35)
    return fig, data


ROLE_COLORS = {"person": plots.PALETTE[0], "institution": plots.PALETTE[2], "joint": plots.PALETTE[4],
               "questioner": plots.PALETTE[1], "narrator": "#999999"}


def tier_names(path: str = "reporting_verbs.csv") -> dict[int, str]:
    """Tier number -> its name, from the verbs file (``0: statement`` ... ``7: formal protest``)."""
    names: dict[int, str] = {}
    for row in read_data_file(path).rows:
        names.setdefault(int(row["tier"]), row.get("tier_name", ""))
    return dict(sorted(names.items()))


def verb_ladder(sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence with a reporting verb: ``doc_id``, ``sent``, ``point``, ``speaker``,
    ``verb``, ``verb_tier``, ``tier_name``, ``verb_negated``, ``verb_hedged``."""
    names = tier_names()
    rows = sentences[sentences.verb.fillna("") != ""].copy()
    rows["speaker"] = speaker_label(rows)
    rows["tier_name"] = rows.verb_tier.map(lambda t: names.get(int(t), "") if pd.notna(t) else "")
    return rows[["doc_id", "sent", "point", "speaker", "verb", "verb_tier", "tier_name",
                 "verb_negated", "verb_hedged"]].reset_index(drop=True)


def verb_tiers_chart(ladder: pd.DataFrame, documents: pd.DataFrame):
    """The corpus at a glance: each document's reporting verbs by strength tier, one bar per document
    (strongest on top, the number of verbs beside its name); ``(fig, data)``, or a
    :class:`~readouts.analyses.plots.NoChart` when no document has a reporting verb."""
    names = tier_names()
    ids = [str(d) for d in documents.doc_id]
    if ladder.empty:
        return plots.NoChart("No reporting verb is credited to a speaker in any document: no verb ladder to chart.")
    counts = (ladder.assign(tier=ladder.verb_tier.astype(int)).groupby(["doc_id", "tier"]).size()
              .unstack(fill_value=0).reindex(index=ids, columns=list(names), fill_value=0))
    data = counts.rename(columns=lambda t: f"{t} {names[t]}").rename_axis(columns=None).reset_index()
    data.insert(1, "n_verbs", counts.sum(axis=1).to_numpy())
    tiers = np.array(list(names))
    data.insert(2, "top_tier", np.where(counts.to_numpy() > 0, tiers, -1).max(axis=1, initial=-1))
    strong = counts[[t for t in names if t >= 3]].sum(axis=1) / counts.sum(axis=1).clip(lower=1)
    data.insert(3, "share_appeal_or_stronger", strong.round(4).to_numpy())
    data = data.sort_values(["top_tier", "share_appeal_or_stronger", "doc_id"], ascending=[False, False, True],
                            kind="stable").reset_index(drop=True)
    lead, n_strong = data.iloc[0], int((data.top_tier >= 3).sum())
    first = ladder[(ladder.doc_id == lead.doc_id) & (ladder.verb_tier.astype(int) == lead.top_tier)].iloc[0]
    title = (f"{n_strong:,} of {len(data):,} documents reach an appeal or stronger;\nthe strongest verb, "
             f"\u201c{first.verb}\u201d ({names[int(lead.top_tier)]}), is in {plots.shorten(lead.doc_id, 32)}"
             if len(data) > 1 else f"The strongest verb is \u201c{first.verb}\u201d ({names[int(lead.top_tier)]})")
    shown, cut = plots.first_bars(data, "the top")
    fig, ax = plots.new_chart(title, "share of the document's reporting verbs", "",
                              "Each bar is one document's reporting verbs, split by strength tier (reporting_verbs.csv: "
                              "0 statement ... 7 formal protest); documents with the strongest verbs on top, the "
                              "number of verbs after each name. The ladders of single documents follow." + cut,
                              height=max(2.8, 1.9 + 0.3 * len(shown)))
    shares = counts.loc[shown.doc_id].div(counts.loc[shown.doc_id].sum(axis=1).clip(lower=1), axis=0)
    colors = plt.get_cmap("YlOrRd")(np.linspace(0.1, 1.0, len(names)))
    y = np.arange(len(shown))[::-1]                     # positions: two shortened names never merge
    left = np.zeros(len(shown))
    for k, t in enumerate(names):
        if counts[t].sum():
            ax.barh(y, shares[t].to_numpy(), left=left, color=colors[k], edgecolor="white", linewidth=0.5,
                    label=f"{t} {names[t]}")
        left += shares[t].to_numpy()
    for yy, n in zip(y, shown.n_verbs):
        if not n:
            ax.annotate("no reporting verb", (0, yy), xytext=(3, 0), textcoords="offset points", va="center",
                        fontsize=8.5, color="#666666")
    short = plots.short_labels(shown.doc_id, 40)
    ax.set_yticks(y, [f"{short[d]} ({n})" for d, n in zip(shown.doc_id, shown.n_verbs)],
                  fontsize=9 if len(shown) > 12 else 10)
    ax.set_ylim(-0.6, len(shown) - 0.4)
    plots.percent_axis(ax, "x", top=1)
    ax.grid(axis="y", visible=False)
    ax.legend(fontsize=8.5, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=4)
    return fig, data


LABELLED_VERBS = 25     # a ladder with more verbs labels only the first verb of each tier


def verb_ladder_chart(ladder: pd.DataFrame, doc_id: str, documents: pd.DataFrame | None = None):
    """The reporting verbs of one document in reading order, by strength tier; returns ``(fig, data)``,
    or a :class:`~readouts.analyses.plots.NoChart` when the document has no reporting verb.
    ``documents``: the documents table, for the date and headline that name the document."""
    data = ladder[ladder.doc_id == doc_id].reset_index(drop=True)
    names = tier_names()
    if data.empty:
        return plots.NoChart(f"`{doc_id}`: no reporting verb is credited to a speaker, so it has no verb ladder.")
    tiers = data.verb_tier.astype(int)
    top = data.loc[tiers.idxmax()]
    where = f"point {top.point}" if top.point else f"sentence {top.sent}"
    title = (f"Verbs rise from {names[int(tiers.iloc[0])]} to {names[int(top.verb_tier)]}: "
             f"the first \u201c{top.verb}\u201d comes at {where}"
             if tiers.max() > tiers.iloc[0] else
             f"Every verb stays at {names[int(top.verb_tier)]} (\u201c{top.verb}\u201d and the like)")
    label = plots.doc_label(documents if documents is not None else pd.DataFrame({"doc_id": []}), doc_id)
    labelled = data.index if len(data) <= LABELLED_VERBS else tiers.drop_duplicates().index
    fig, ax = plots.new_chart(title, "sentence (reading order)", "verb strength tier",
                              f"{doc_id}: each dot is a sentence's reporting verb ({len(data)} in all), placed on the "
                              "tier ladder of reporting_verbs.csv; colours mark the numbered points (0 = before the first)"
                              + ("." if len(labelled) == len(data) else "; only the first verb of each tier is named."),
                              subtitle=label)
    for k, (point, group) in enumerate(data.groupby("point", sort=True)):
        ax.plot(group.sent, group.verb_tier.astype(int), "o", ms=9, color=plots.PALETTE[k % len(plots.PALETTE)],
                label=f"point {point}" if point else "before the points")
    for i in labelled:
        ax.annotate(data.verb[i], (data.sent[i], tiers[i]), xytext=(0, 8), textcoords="offset points", ha="left",
                    fontsize=8, rotation=45)
    top_tier = max(sorted(set(tiers)) + [3])
    ax.set_yticks(range(top_tier + 1), [f"{t} {names.get(t, '')}" for t in range(top_tier + 1)])
    ax.set_ylim(-0.5, top_tier + 1.2)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9)
    return fig, data


def quotations(spans: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per quotation: ``doc_id``, ``sent``, ``point``, ``speaker``, ``quote``."""
    quotes = spans[spans.layer == "quote"].rename(columns={"label": "speaker", "text": "quote"})
    points = sentences.set_index(["doc_id", "sent"]).point
    quotes = quotes.assign(point=[points.get((d, s), 0) for d, s in zip(quotes.doc_id, quotes.sent)])
    return quotes[["doc_id", "sent", "point", "speaker", "quote"]].reset_index(drop=True)


def mentioned_vs_speaking(sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per actor: sentences that mention them and sentences they speak."""
    mentions: Counter = Counter()
    for cell in sentences.actors.fillna(""):
        mentions.update(a.strip() for a in cell.split(";") if a.strip())
    speaking = Counter(sentences.speaker[sentences.speaker.fillna("") != ""])
    names = sorted(set(mentions) | set(speaking), key=lambda n: (-mentions[n] - speaking[n], n))
    return pd.DataFrame({"actor": names, "sentences_mentioning": [mentions[n] for n in names],
                         "sentences_speaking": [speaking[n] for n in names]})


def findings(tables, max_listed: int = plots.FINDINGS_LISTED) -> str:
    """What the anatomy found, per document (the first ``max_listed`` in corpus order, then one line for
    all the others), as a Markdown list computed from the tables."""
    s, out = tables.sentences, []
    speaks = who_speaks(s)
    ladder = verb_ladder(s)
    names = tier_names()
    listed = list(dict.fromkeys(s.doc_id))[:max(0, int(max_listed))]
    s_listed = s[s.doc_id.isin(set(listed))]
    # each document's rows of the two tables, split once (not the whole tables filtered per document)
    speaks_of = dict(tuple(speaks.groupby("doc_id", sort=False)))
    ladder_of = dict(tuple(ladder.groupby("doc_id", sort=False)))
    people = None
    for doc_id, group in s_listed.groupby("doc_id", sort=False):
        shares = speaks_of.get(doc_id, speaks.iloc[:0])
        lead = shares.iloc[0]
        line = (f"- `{doc_id}`: {lead.speaker} carries {lead.share_words:.0%} of the words "
                f"({lead.n_sentences} of {len(group)} sentences)")
        voices = [f"{r.speaker} {r.share_words:.0%}" for r in shares.iloc[1:].itertuples()]
        line += (f"; then {', '.join(voices)}." if voices else ".")
        verbs = ladder_of.get(doc_id, ladder.iloc[:0])
        if len(verbs):
            counts = verbs.groupby("verb_tier").verb.agg(lambda v: ", ".join(dict.fromkeys(v)))
            line += " Verbs by tier: " + "; ".join(f"{names[int(t)]}: {v}" for t, v in counts.items()) + "."
            flagged = verbs[verbs.verb_negated | verbs.verb_hedged]
            if len(flagged):
                line += f" {len(flagged)} verb(s) negated or hedged."
        n_points = int(group.point.max()) if len(group) else 0
        if n_points:
            line += f" {n_points} numbered points."
        mentioned = mentioned_vs_speaking(group)
        silent = mentioned[(mentioned.sentences_speaking == 0) & (mentioned.sentences_mentioning > 0)]
        if len(silent) and people is None:
            people = _people()                      # read once, not once per actor named
        named_only = [a for a in silent.actor if a in people] if len(silent) else []
        if named_only:
            line += f" Named but never speaking: {', '.join(named_only)}."
        out.append(line)
    n_rest = s.doc_id.nunique() - len(listed)
    if n_rest > 0:
        out.append(_rest_line(speaks[~speaks.doc_id.isin(set(listed))], ladder[~ladder.doc_id.isin(set(listed))],
                              n_rest, names))
    n_quotes = int((tables.spans.layer == "quote").sum())
    out.append(f"- {n_quotes} quotation(s) in all; every one is credited to the speaker of its sentence.")
    return "\n".join(out)


def _rest_line(speaks: pd.DataFrame, ladder: pd.DataFrame, n_rest: int, names: dict[int, str]) -> str:
    """One line for the documents past those listed: who leads most of them and how strong their verbs go."""
    leads = speaks.drop_duplicates("doc_id").speaker.value_counts()
    line = (f"- {n_rest:,} more documents (each in who_speaks_by_document.csv and verb_ladder.csv): "
            f"{leads.index[0]} carries most words in {leads.iloc[0]:,} of them")
    if len(ladder):
        top = ladder.groupby("doc_id").verb_tier.max().astype(int)
        strong = int((top >= 3).sum())
        line += (f"; {ladder.doc_id.nunique():,} have a reporting verb, {strong:,} reach an appeal or stronger "
                 f"(strongest: {names[int(top.max())]}).")
    else:
        line += "; none has a reporting verb."
    return line


def _people() -> set[str]:
    return {row["name"] for row in read_data_file("actors.csv").rows if row["kind"] == "person"}
