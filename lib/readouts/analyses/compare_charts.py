"""The second half of ``06_compare.ipynb``'s analyses, on the sides of :mod:`readouts.analyses.compare`:
formulations and keyness side by side, the sentences only one side reports, the charts and the findings.

Each chart returns ``(fig, data)``, or ``None`` when there is nothing to draw (the notebook says why);
side A is drawn to the left and in blue, side B to the right and in orange.
"""
from __future__ import annotations

import html

import pandas as pd

from ..layers.formulations import load_registry
from ..tables import speaker_label
from . import plots
from .compare import SIDES, Comparison, _side_body, with_sources
from .policy_areas import _codes
from .recurring_phrases import keyness as _keyness

A_COLOUR, B_COLOUR = plots.PALETTE[0], plots.PALETTE[1]


def formulations(spans: pd.DataFrame, c: Comparison) -> pd.DataFrame:
    """Registered formulations side by side: ``id``, ``english``, ``original``, ``government``, ``category``,
    ``count_a``, ``count_b`` and ``found_in`` (``A only``, ``B only``, ``both``); one-sided ones first."""
    registry = load_registry()
    found = spans[spans.layer == "formulation"]
    # each side's count of each formulation, counted once (not the whole table per formulation)
    counts = [found.label[found.doc_id.isin(c.docs(s))].value_counts().to_dict() for s in SIDES]
    rows = []
    for fid in dict.fromkeys(found.label):
        f = registry.get(fid)
        n = [int(side.get(fid, 0)) for side in counts]
        if not any(n):
            continue
        rows.append((fid, f.canonical, f.chinese or (f.originals[0] if f.originals else ""), f.government,
                     f.category, n[0], n[1], "both" if all(n) else "A only" if n[0] else "B only"))
    table = pd.DataFrame(rows, columns=["id", "english", "original", "government", "category", "count_a", "count_b",
                                        "found_in"])
    order = table.found_in.map({"A only": 0, "B only": 1, "both": 2})
    return (table.assign(_o=order, _n=table.count_a + table.count_b).sort_values(["_o", "_n", "id"],
            ascending=[True, False, True]).drop(columns=["_o", "_n"]).reset_index(drop=True))


def keyness(sentences: pd.DataFrame, c: Comparison, min_count: int = 2, top_n: int | None = None) -> pd.DataFrame:
    """Words over-used on one side against the other, both directions (stopwords left out).

    ``key_for`` (the side that over-uses the word), ``word``, ``count_a``, ``count_b``, ``per_million_a``,
    ``per_million_b``, ``log_ratio`` (binary log of how many times more often on the ``key_for`` side, 0.5 for
    a zero count; 1 = twice as often), ``g2`` (log-likelihood; 3.84 is p < 0.05 for one word) and
    ``significant`` (``g2`` >= 3.84). Counted as :func:`readouts.analyses.recurring_phrases.keyness`
    counts, at least ``min_count`` times on the ``key_for`` side, numbers left out; the ``top_n`` by G² per side.
    """
    both = sentences[sentences.doc_id.isin(c.docs_a + c.docs_b)]
    frames = []
    for side, other in (("A", "B"), ("B", "A")):
        table = _keyness(both, target=list(c.docs(side)), reference="rest", min_count=min_count)
        table = table[table.word.str.contains(r"[^\W\d_]")]          # words, not numbers ("5", "2.5")
        table = table.head(top_n) if top_n else table
        mine, theirs = ("count", "count_reference") if side == "A" else ("count_reference", "count")
        pm_mine, pm_theirs = ("per_million", "per_million_reference") if side == "A" else \
            ("per_million_reference", "per_million")
        frames.append(pd.DataFrame({"key_for": side, "word": table.word, "count_a": table[mine],
                                    "count_b": table[theirs], "per_million_a": table[pm_mine],
                                    "per_million_b": table[pm_theirs], "log_ratio": table.log_ratio,
                                    "g2": table.g2}))
    out = pd.concat(frames, ignore_index=True)
    out["significant"] = out.g2 >= 3.84
    return out


def one_sided_sentences(sentences: pd.DataFrame, areas: pd.DataFrame, c: Comparison, n: int = 5) -> pd.DataFrame:
    """For each area one side raises alone (or mostly), up to ``n`` of that side's body sentences coding it:
    ``code``, ``area``, ``raised_by``, ``side``, ``doc_id``, ``sent``, ``speaker``, ``text``."""
    rows = []
    bodies: dict = {}                   # each side's body sentences and their codes, found once
    for r in areas[areas.raised_by.isin(["A only", "B only", "mostly A", "mostly B"])].itertuples():
        side = r.raised_by.replace("mostly ", "").replace(" only", "")
        if side not in bodies:
            body = _side_body(sentences, c, side)
            bodies[side] = body, body.policy_areas.map(_codes)
        body, codes = bodies[side]
        hits = body[codes.map(lambda found: r.code in found)].head(n)
        for s, who in zip(hits.itertuples(), speaker_label(hits)):
            rows.append((r.code, r.area, r.raised_by, side, s.doc_id, s.sent, who, s.text))
    return pd.DataFrame(rows, columns=["code", "area", "raised_by", "side", "doc_id", "sent", "speaker", "text"])


def _short(text: str, width: int = 28) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def sources_chart(documents: pd.DataFrame, pairs: pd.DataFrame):
    """The documents by date and source (country and outlet), the same-event pairs found joined by a line: what
    the corpus offers to compare. ``(fig, data)``, or ``None`` when no document has a full date."""
    docs = with_sources(documents)
    docs = docs.assign(day=pd.to_datetime(docs.date.where(docs.date.str.fullmatch(r"\d{4}-\d{2}-\d{2}")),
                                          errors="coerce"))
    undated = int(docs.day.isna().sum())
    docs = docs.dropna(subset=["day"])
    if docs.empty:
        return None
    docs["source"] = [f"{c} · {o}" if c else (o or "unknown") for c, o in zip(docs.country, docs.outlet)]
    rows = sorted(set(docs.source))
    y = {r: k for k, r in enumerate(rows)}
    countries = sorted(set(docs.country) - {""})
    found = pairs[pairs.n_shared_people > 0] if len(pairs) else pairs
    title = (f"{len(docs)} dated document{'' if len(docs) == 1 else 's'} from {len(countries)} "
             f"countr{'y' if len(countries) == 1 else 'ies'}: "
             + (f"{len(found)} same-event pair{'' if len(found) == 1 else 's'} found" if len(found)
                else "no same-event pair found"))
    fig, ax = plots.new_chart(title, "date", "", "Each dot a document, by its source (country of outlets.csv and "
                              "outlet); a line joins the two documents of a same-event pair (a person in common). "
                              + (f"{undated} document(s) without a full date are left out." if undated else ""),
                              height=max(2.4, 1.4 + 0.3 * len(rows)))
    ax.scatter(docs.day, docs.source.map(y), color=A_COLOUR, zorder=3)
    source_of = docs.set_index("doc_id").source             # once, not once per pair
    for p in found.itertuples():
        ax.plot(pd.to_datetime([p.date_a, p.date_b]), [y[s] for s in source_of[[p.doc_a, p.doc_b]]],
                color=B_COLOUR, lw=2, zorder=2)
    ax.set_yticks(range(len(rows)), rows)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    fig.autofmt_xdate()
    return fig, docs[["doc_id", "date", "country", "outlet", "source"]].reset_index(drop=True)


def areas_chart(areas: pd.DataFrame, c: Comparison):
    """A diverging bar per policy area raised by either side: A's share of body sentences to the left, B's to
    the right; ``(fig, data)``, or ``None`` when neither side raises any area."""
    data = areas[areas.raised_by != "neither"].reset_index(drop=True)
    if data.empty:
        return None
    a, b = _short(c.label_a), _short(c.label_b)
    only_a, only_b = data[data.raised_by == "A only"], data[data.raised_by == "B only"]
    if len(only_a) or len(only_b):
        parts = [f"{len(x)} area{'' if len(x) == 1 else 's'} only {who} raises" for x, who in ((only_a, a), (only_b, b))
                 if len(x)]
        title = "; ".join(parts)
        widest = data.loc[data.difference.abs().idxmax()]
        title += f" — widest gap: {widest.area.split(' ', 1)[0]} ({widest.share_a:.0%} vs {widest.share_b:.0%})"
    else:
        widest = data.loc[data.difference.abs().idxmax()]
        title = (f"Both raise the same {len(data)} areas; widest gap: {_short(widest.area, 36)} "
                 f"({widest.share_a:.0%} vs {widest.share_b:.0%})")
    fig, ax = plots.new_chart(title, f"share of body sentences  (◀ {a}  |  {b} ▶)", "",
                              f"Share of each side's body sentences coding each area (policy_areas.yaml); "
                              f"{a} to the left, {b} to the right; areas neither side raises are left out. "
                              "A sentence can code several areas.", height=max(2.6, 1.4 + 0.34 * len(data)))
    names = [_short(x, 48) for x in data.area][::-1]
    ax.barh(names, -data.share_a[::-1], color=A_COLOUR, label=a)
    ax.barh(names, data.share_b[::-1], color=B_COLOUR, label=b)
    ax.axvline(0, color="#555", lw=0.8)
    limit = max(float(data[["share_a", "share_b"]].max().max()), 0.05) * 1.25
    ax.set_xlim(-limit, limit)
    ax.xaxis.set_major_formatter(lambda v, _: f"{abs(v):.0%}")
    ax.grid(axis="y", visible=False)
    for y, (va, vb, na, nb) in enumerate(zip(data.share_a[::-1], data.share_b[::-1], data.n_a[::-1], data.n_b[::-1])):
        if na:
            ax.annotate(str(na), (-va, y), xytext=(-3, 0), textcoords="offset points", va="center", ha="right", fontsize=8)
        if nb:
            ax.annotate(str(nb), (vb, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    return fig, data


def tone_chart(tones: pd.DataFrame, c: Comparison):
    """Each side's share of cordial, neutral and firm body sentences; ``(fig, data)``, or ``None`` when a side
    has no body sentence."""
    data = tones.reset_index(drop=True)
    if (data.body_sentences == 0).any():
        return None
    a, b = data.iloc[0], data.iloc[1]
    if a.share_firm == b.share_firm:
        title = f"Both sides are firm in {a.share_firm:.0%} of their body sentences"
    else:
        firmer, other = (a, b) if a.share_firm > b.share_firm else (b, a)
        title = (f"{_short(firmer.label)} is the firmer: {firmer.share_firm:.0%} of its sentences firm, "
                 f"against {other.share_firm:.0%}")
    fig, ax = plots.new_chart(title, "share of body sentences", "",
                              "The register's label of each body sentence (tone_label): firm when its firm words weigh "
                              "at least 1 and at least its warm ones, cordial when its warm words weigh at least 1 "
                              "and more, else neutral.", height=2.6)
    names = [_short(x, 30) for x in data.label][::-1]
    left = pd.Series(0.0, index=range(len(data)))
    for label, colour in (("firm", plots.PALETTE[3]), ("neutral", "#bbbbbb"), ("cordial", plots.PALETTE[2])):
        values = data[f"share_{label}"][::-1].reset_index(drop=True)
        ax.barh(names, values, left=left, color=colour, label=label)
        left += values
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.grid(axis="y", visible=False)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1, 1))
    return fig, data


def keyness_chart(key: pd.DataFrame, c: Comparison, top: int = 10):
    """The ``top`` key words of each side by G², bars of their log ratio: A's to the left, B's to the right;
    ``(fig, data)``, or ``None`` when no word is key on either side."""
    data = pd.concat([key[key.key_for == s].sort_values("g2", ascending=False).head(top) for s in ("A", "B")],
                     ignore_index=True)
    if data.empty:
        return None
    a, b = _short(c.label_a), _short(c.label_b)
    lead = data.sort_values("g2", ascending=False).iloc[0]
    who = a if lead.key_for == "A" else b
    title = (f"\u201c{lead.word}\u201d sets {who} apart most: {lead.count_a if lead.key_for == 'A' else lead.count_b}"
             f" times against {lead.count_b if lead.key_for == 'A' else lead.count_a} (G\u00b2 {lead.g2:.1f})")
    fig, ax = plots.new_chart(title, f"log ratio  (◀ more in {a}  |  more in {b} ▶)", "",
                              f"Up to {top} words of each side with the highest log-likelihood (G\u00b2) against the "
                              "other; bar length: binary log of how many times more often (1 = twice as often); "
                              "stopwords left out.", height=max(2.6, 1.4 + 0.28 * len(data)))
    order = data.assign(signed=[-r if s == "A" else r for s, r in zip(data.key_for, data.log_ratio)])
    order = order.sort_values("signed")
    ax.barh(order.word, order.signed, color=[A_COLOUR if s == "A" else B_COLOUR for s in order.key_for])
    ax.axvline(0, color="#555", lw=0.8)
    limit = max(float(order.signed.abs().max()), 1.0) * 1.1
    ax.set_xlim(-limit, limit)
    ax.xaxis.set_major_formatter(lambda v, _: f"{abs(v):g}")
    ax.grid(axis="y", visible=False)
    return fig, data


def heading(c: Comparison) -> str:
    """A comparison's sub-heading in the notebook: side A against side B, with their documents.

    >>> print(heading(Comparison("k", "mofa-jp (JPN)", "xinhua (CHN)", ("j",), ("x", "y"))))
    #### A: mofa-jp (JPN) against B: xinhua (CHN)
    <BLANKLINE>
    *A: 1 document (`j`); B: 2 documents.*
    """
    e = (lambda text: html.escape(str(text), quote=False))
    docs = [f"{s}: {len(c.docs(s))} document{'' if len(c.docs(s)) == 1 else 's'}"
            + (f" (`{e(c.docs(s)[0])}`)" if len(c.docs(s)) == 1 else "") for s in SIDES]
    return f"#### A: {e(c.label_a)} against B: {e(c.label_b)}\n\n*{'; '.join(docs)}.*"


def nothing_to_compare(documents: pd.DataFrame, pairs: pd.DataFrame) -> str:
    """Why there is nothing to compare, and what to add or set, as Markdown."""
    docs = with_sources(documents)
    n = len(docs)
    lines = [f"**Nothing to compare.** The corpus holds {n} document{'' if n == 1 else 's'}"
             + (" and no two of them report one event from two sides" if n > 1 else "")
             + (f" ({len(pairs)} same-date pair(s) from different sources, but none names a person the other names)"
                if len(pairs) else "") + ", and no sides were given (`side_a`, `side_b`)."]
    if n == 1:
        d = docs.iloc[0]
        date = html.escape(d.date or "YYYY-MM-DD", quote=False)
        lines.append(f"To compare both sides of the meeting it reports, put the other side's readout in the corpus "
                     f"folder beside it, dated {date} (or a day apart) from another country's source, and run again: "
                     f"the pair is found by itself. For the seed (Xinhua on Xi meeting Takaichi), that is Japan's "
                     f"MOFA readout of the same meeting, saved as `{date}_mofa-jp_<subject>.txt`.")
    else:
        lines.append("To compare two sides' accounts of one meeting, put both in the corpus: dated the same day or a day "
                     "apart, from sources of two countries (`outlets.csv`), naming the same two principals.")
    countries = [html.escape(c, quote=False) for c in sorted(set(docs.country) - {""})]
    if len(countries) >= 2:
        lines.append(f"Or compare groups: e.g. `side_a = \"country={countries[0]}\"`, "
                     f"`side_b = \"country={countries[1]}\"` (countries here: {', '.join(countries)}).")
    else:
        lines.append("Or set `side_a` and `side_b` to doc_ids (`id1;id2`) or to `column=value` "
                     "(`outlet=xinhua`, `form=reported`, `year=2019-2021`, `country=CHN`).")
    return "\n\n".join(lines)


def findings(c: Comparison, areas: pd.DataFrame, tones: pd.DataFrame, forms: pd.DataFrame,
             key: pd.DataFrame, who: pd.DataFrame) -> str:
    """The main differences between the two sides, as a short Markdown paragraph with numbers."""
    e = (lambda text: html.escape(str(text), quote=False))     # document text is data, never markup
    a, b = f"**{e(c.label_a)}**", f"**{e(c.label_b)}**"
    out = []
    for side, name in (("A", a), ("B", b)):
        speaking = who[(who.side == side)]
        if len(speaking):
            top = speaking.iloc[0]
            verbs = [v.split(" ×")[0] for v in top.verbs.split("; ")][:3] if top.verbs else []
            verb = f"; verbs: *{e(', '.join(verbs))}*" if verbs else ""
            out.append(f"In {name} the main voice is {e(top.speaker)} ({top.n_sentences} of "
                       f"{int(speaking.n_sentences.sum())} body sentences{verb}).")
    for side, name in (("A", a), ("B", b)):
        only = areas[areas.raised_by == f"{side} only"].sort_values(f"n_{side.lower()}", ascending=False)
        if len(only):
            out.append(f"Only {name} raises " + ", ".join(
                f"{e(r.area)} ({getattr(r, f'n_{side.lower()}')} sentence(s))" for r in only.head(4).itertuples())
                + (f" and {len(only) - 4} more" if len(only) > 4 else "") + ".")
    mostly = areas[areas.raised_by.str.startswith("mostly")]
    for r in mostly.head(3).itertuples():
        out.append(f"{e(r.area)} takes {r.share_a:.0%} of {a}'s body sentences against {r.share_b:.0%} of {b}'s.")
    if not len(areas[areas.raised_by.isin(["A only", "B only"])]) and not len(mostly):
        out.append("Both sides raise the same policy areas in similar proportions.")
    ta, tb = tones.iloc[0], tones.iloc[1]
    if ta.body_sentences and tb.body_sentences:
        out.append(f"Tone: {a} is firm in {ta.share_firm:.0%} and cordial in {ta.share_cordial:.0%} of its body "
                   f"sentences, {b} in {tb.share_firm:.0%} and {tb.share_cordial:.0%} (mean firmness "
                   f"{ta.firmness:.2f} against {tb.firmness:.2f}).")
    for side, name in (("A", a), ("B", b)):
        only = forms[forms.found_in == f"{side} only"]
        if len(only):
            out.append(f"{len(only)} registered formulation(s) appear in {name} only, e.g. "
                       + ", ".join(f"\u201c{e(x)}\u201d" for x in only.english.head(3)) + ".")
    for side, name in (("A", a), ("B", b)):
        words = key[(key.key_for == side) & key.significant].sort_values("g2", ascending=False).head(5)
        if len(words):
            out.append(f"Words that set {name} apart (G\u00b2 \u2265 3.84): " + ", ".join(
                f"*{e(r.word)}* ({r.count_a}\u2009:\u2009{r.count_b})" for r in words.itertuples()) + ".")
    return " ".join(out)
