"""Tone: TextBlob, VADER and the diplomatic register side by side. The analyses behind
``02_tone.ipynb``, on the tables of :func:`readouts.annotate`.

Each measure becomes a label per sentence so it can be compared with hand labels: TextBlob
``polarity`` and VADER ``vader`` above +0.05 are ``cordial``, below -0.05 ``firm`` (VADER's own
thresholds), else ``neutral``; the register's label is the tone layer's ``tone_label`` (firm when
the firm words weigh at least 1 and at least the warm ones, cordial when the warm words weigh at
least 1 and more than the firm ones, else neutral).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import plots
from ..layers.tone import tone_label
from ..lexicons import read_data_file

LABELS = ("cordial", "neutral", "firm")
MEASURES = {"textblob": "polarity", "vader": "vader", "register": "register"}
THRESHOLD = 0.05


def _label(value: float) -> str:
    return "cordial" if value > THRESHOLD else "firm" if value < -THRESHOLD else "neutral"


def sentence_labels(sentences: pd.DataFrame) -> pd.DataFrame:
    """``doc_id``, ``sent``, the three scores, ``register_net`` (warmth - firmness) and a label per measure."""
    out = sentences[["doc_id", "sent", "section", "speaker", "speaker_role", "point", "polarity", "vader",
                     "warmth", "firmness", "text"]].copy()
    out["register_net"] = (out.warmth - out.firmness).round(3)
    out["textblob_label"] = out.polarity.map(_label)
    out["vader_label"] = out.vader.map(_label)
    out["register_label"] = (sentences.tone_label if "tone_label" in sentences else
                             [tone_label(w, f) for w, f in zip(out.warmth, out.firmness)])
    return out


def cohen_kappa(a, b) -> float:
    """Cohen's kappa of two label sequences.

    >>> cohen_kappa(["x", "y", "x", "y"], ["x", "y", "y", "y"])
    0.5
    """
    a, b = list(a), list(b)
    n = len(a)
    if n == 0:
        return float("nan")
    cats = sorted(set(a) | set(b))
    observed = sum(x == y for x, y in zip(a, b)) / n
    expected = sum((a.count(c) / n) * (b.count(c) / n) for c in cats)
    return round((observed - expected) / (1 - expected), 4) if expected < 1 else float("nan")


def read_labels(path: str | Path) -> pd.DataFrame:
    """A hand-labelled sample: ``doc_id``, ``sent``, ``label`` (cordial/neutral/firm), ``reason``, ``text``."""
    data = read_data_file(Path(path).resolve(), required=("doc_id", "sent", "label"))
    table = pd.DataFrame(data.rows).astype({"sent": int})
    bad = sorted(set(table.label) - set(LABELS))
    if bad:
        from ..errors import ReadoutsError
        raise ReadoutsError(f"{path}: labels must be {', '.join(LABELS)}; found {', '.join(bad)}")
    return table


def agreement(sentences: pd.DataFrame, hand: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Accuracy and Cohen's kappa of each measure against hand labels of sentences in the corpus.

    Returns ``(scores, compared)``: ``scores`` has ``measure``, ``n``, ``accuracy``, ``kappa``;
    ``compared`` has each hand-labelled sentence with every measure's label.
    """
    labels = sentence_labels(sentences)
    compared = hand[["doc_id", "sent", "label"]].merge(labels, on=["doc_id", "sent"], how="inner")
    rows = []
    for measure in MEASURES:
        got = compared[f"{measure}_label"]
        rows.append({"measure": measure, "n": len(compared),
                     "accuracy": round(float((got == compared.label).mean()), 4) if len(compared) else np.nan,
                     "kappa": cohen_kappa(compared.label, got)})
    return pd.DataFrame(rows), compared


def tone_arc_chart(sentences: pd.DataFrame, doc_id: str, documents: pd.DataFrame | None = None):
    """The tone through one document in reading order; returns ``(fig, data)``, or a
    :class:`~readouts.analyses.plots.NoChart` when it has no sentence. ``documents``: the documents
    table, for the date and headline that name the document."""
    data = sentence_labels(sentences[sentences.doc_id == doc_id])[
        ["doc_id", "sent", "point", "polarity", "vader", "warmth", "firmness", "register_net"]].reset_index(drop=True)
    if data.empty:
        return plots.NoChart(f"`{doc_id}`: no sentence to chart a tone arc of.")
    scale = max(1.0, float(data.register_net.abs().max() or 1.0))
    firmest = data.loc[data.register_net.idxmin()]
    if firmest.register_net < 0:
        where = f"point {firmest.point}" if firmest.point else f"sentence {firmest.sent}"
        title = f"The register is firmest at {where}, where TextBlob reads {firmest.polarity:+.2f}"
    else:
        title = "The register finds no firm sentence here"
    label = plots.doc_label(documents if documents is not None else pd.DataFrame({"doc_id": []}), doc_id)
    fig, ax = plots.new_chart(title, "sentence (reading order)", "score",
                              f"{doc_id}: TextBlob polarity and VADER compound (-1 to 1), and the register's warmth "
                              f"minus firmness divided by {scale:g} to share the axis; bars: the register.",
                              subtitle=label)
    ax.bar(data.sent, data.register_net / scale, color=[plots.PALETTE[2] if v > 0 else plots.PALETTE[3]
                                                         for v in data.register_net], alpha=0.55,
           label="register (warmth - firmness)")
    dots = len(data) <= 60                              # a long speech: lines only, or the dots hide them
    ax.plot(data.sent, data.polarity, "o-" if dots else "-", color=plots.PALETTE[0], label="TextBlob polarity", lw=1.2)
    ax.plot(data.sent, data.vader, "s--" if dots else "--", color=plots.PALETTE[1], label="VADER compound", lw=1.2)
    ax.axhline(0, color="#555", lw=0.8)
    ax.set_ylim(-1.05, 1.05)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    return fig, data


def tone_by(sentences: pd.DataFrame, by: str) -> pd.DataFrame:
    """Mean scores and sentence counts by ``speaker`` or ``point`` (body sentences)."""
    body = sentences[sentences.section == "body"].copy()
    if by == "speaker":
        body["speaker"] = body.speaker.where(body.speaker.fillna("") != "", body.speaker_role)
    body["firm"] = body.tone_label == "firm"
    body["cordial"] = body.tone_label == "cordial"
    return (body.groupby(["doc_id", by]).agg(sentences=("sent", "size"), polarity=("polarity", "mean"),
                                              vader=("vader", "mean"), warmth=("warmth", "mean"),
                                              firmness=("firmness", "mean"), share_cordial=("cordial", "mean"),
                                              share_firm=("firm", "mean"))
            .round(3).reset_index())


def disagreements(sentences: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """Sentences where the three readings disagree, with the words behind each score."""
    labels = sentence_labels(sentences)
    labels = labels[labels.section != "headline"]
    differ = labels[(labels.textblob_label != labels.register_label) | (labels.vader_label != labels.register_label)]
    tone = spans[spans.layer == "tone"]

    def words(prefix):
        # each sentence's spans gathered in one pass, then looked up: never the whole table per sentence
        rows = tone[tone.label.str.contains(prefix, na=False)]
        found: dict = {}
        for d, s, t, l in zip(rows.doc_id.tolist(), rows.sent.tolist(), rows.text.tolist(), rows.label.tolist()):
            found.setdefault((d, s), []).append(f"{t} ({l.split(' ')[-1]})" if l.startswith(("textblob", "vader"))
                                                else t)
        return ["; ".join(found.get((d, s), ())) for d, s in zip(differ.doc_id.tolist(), differ.sent.tolist())]

    out = differ.assign(textblob_words=words("textblob"), vader_words=words("vader"),
                        register_words=words("^(?:warmth|firmness|negated|appeal)"))
    return out[["doc_id", "sent", "textblob_label", "vader_label", "register_label", "polarity", "vader",
                "warmth", "firmness", "textblob_words", "vader_words", "register_words", "text"]].reset_index(drop=True)


def textblob_blind(spans: pd.DataFrame) -> pd.DataFrame:
    """Register terms found in the corpus that TextBlob scores 0 on their own (what it cannot see)."""
    from ..layers.textblob_fast import fast_pattern
    from ..layers.vader_fast import fast_vader

    # the tone layer's exact re-implementations of TextBlob and VADER (tested against the packages)
    pattern, vader = fast_pattern(), fast_vader()
    register = spans[(spans.layer == "tone") & spans.label.isin(["warmth", "firmness"])]
    counted = register.groupby([register.text.str.lower(), "label"]).size()
    rows = [(term, label, int(n), pattern.sentiment(term)[0], vader.compound(term))
            for (term, label), n in counted.items()]
    table = pd.DataFrame(rows, columns=["term", "dimension", "count", "textblob_polarity", "vader_compound"])
    table["textblob_blind"] = table.textblob_polarity == 0
    table["vader_blind"] = table.vader_compound == 0
    return table.sort_values(["textblob_blind", "count", "term"], ascending=[False, False, True]).reset_index(drop=True)


def findings(sentences: pd.DataFrame, scores: pd.DataFrame, blind: pd.DataFrame,
             development: pd.DataFrame | None = None) -> str:
    """What the tone readings found, as a Markdown list (``development``: :func:`development_agreement`)."""
    labels = sentence_labels(sentences[sentences.section == "body"])
    out = []
    for name, col in (("TextBlob", "textblob_label"), ("VADER", "vader_label"), ("The register", "register_label")):
        counts = labels[col].value_counts()
        out.append(f"- {name} reads {len(labels)} body sentences as "
                   + ", ".join(f"{int(counts.get(l, 0))} {l}" for l in LABELS) + ".")
    if len(blind):
        n = int(blind.textblob_blind.sum())
        out.append(f"- {n} of {len(blind)} register terms found here score 0 in TextBlob on their own "
                   f"(e.g. {', '.join(blind[blind.textblob_blind].term.head(5))}).")
    for r in scores.itertuples():
        out.append(f"- Against `{r.sample}`: {r.measure} accuracy {r.accuracy:.2f}, Cohen's kappa {r.kappa:.2f} "
                   f"(n = {r.n}).")
    if development is not None and len(development):
        k = development[development.genre == "all"].set_index("reader")
        reg = k.loc["register (tone_label)"]
        out.append(f"- On the development corpus ({int(reg.n)} sentences of 53 texts, in-sample): the register agrees with "
                   f"the hand labels at kappa {reg.kappa:.2f} and finds {reg.firm_recall:.0%} of the firm sentences; "
                   f"TextBlob {k.loc['TextBlob polarity', 'kappa']:.2f}, VADER {k.loc['VADER compound', 'kappa']:.2f}, "
                   f"two coders {k.loc['two coders (193 sentences)', 'kappa']:.2f}.")
    return "\n".join(out)


def label_shares_chart(documents: pd.DataFrame):
    """Each document's share of cordial, neutral and firm body sentences (``tone_label``), firmest on top;
    returns ``(fig, data)``. One bar per document, the figure growing with their number, so it reads the
    same at one document as at forty; beyond :data:`~readouts.analyses.plots.MAX_BARS` the firmest are drawn."""
    data = documents[["doc_id", "share_cordial", "share_neutral", "share_firm"]].copy()
    data = data.sort_values(["share_firm", "doc_id"], ascending=[False, True]).reset_index(drop=True)
    top = data.iloc[0]
    if len(data) > 1:
        title = f"{plots.shorten(top.doc_id, 48)} is the firmest: {top.share_firm:.0%} of its sentences firm"
    else:
        title = f"{top.share_firm:.0%} of the sentences are firm, {top.share_cordial:.0%} cordial"
    shown, cut = plots.first_bars(data, "the firmest")
    fig, ax = plots.new_chart(title, "share of body sentences", "",
                              "The register's label of each body sentence (tone_label): firm when its firm words weigh "
                              "at least 1 and at least its warm ones, cordial when its warm words weigh at least 1 and "
                              "more, else neutral. One bar per document, firmest on top." + cut,
                              height=max(2.6, 1.6 + 0.3 * len(shown)))
    y = np.arange(len(shown))[::-1]                     # positions: two shortened names never merge
    left = np.zeros(len(shown))
    for label, color in (("firm", plots.PALETTE[3]), ("neutral", "#bbbbbb"), ("cordial", plots.PALETTE[2])):
        values = shown[f"share_{label}"].fillna(0).to_numpy()
        ax.barh(y, values, left=left, color=color, label=label)
        left += values
    ax.set_yticks(y, list(plots.short_labels(shown.doc_id, 40).values()), fontsize=9 if len(shown) > 12 else 10)
    ax.set_ylim(-0.6, len(shown) - 0.4)
    plots.percent_axis(ax, "x", top=1)
    ax.grid(axis="y", visible=False)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    return fig, data
