"""The one annotated-document renderer: a text with what the layers found, as HTML.

Used by the anatomy notebook (speakers, verbs and quotations) and by the report's document pages
(every layer). Sentences carry a bar in their speaker's colour, numbered points a badge; spans are
marked by style, and hovering any stretch lists every label on it. All document text is escaped.
"""
from __future__ import annotations

import html

import pandas as pd

from ..tables import speaker_label
from . import plots

LAYER_STYLES = {
    "verb": ("verb", "font-weight:bold;text-decoration:underline"),
    "formulation": ("formulation", "background:#f9e6b3"),
    "policy": ("policy area", f"border-bottom:2px solid {plots.PALETTE[2]}"),
    "tone": ("tone word", f"color:{plots.PALETTE[3]}"),
    "actor": ("actor", "font-variant:small-caps"),
    "quote": ("quotation", "font-style:italic"),
}
POINT_BADGE = "background:#333;color:#fff;border-radius:3px;padding:0 .3em;margin-right:.3em"


def speaker_colours(labels) -> dict[str, str]:
    """A colour per speaker label in order of appearance; the narrator grey."""
    palette = [plots.PALETTE[i] for i in (0, 2, 4, 1, 5, 3, 6)]
    return {s: ("#999999" if s == "narrator" else palette[k % len(palette)])
            for k, s in enumerate(dict.fromkeys(labels))}


def annotated_html(doc, sentences: pd.DataFrame, spans: pd.DataFrame, *, layers=tuple(LAYER_STYLES),
                   heading: str = "h1") -> str:
    """The document's text with the spans of ``layers`` marked, speakers coloured, points numbered.

    >>> from readouts import annotate, load_corpus
    >>> from readouts.paths import SEEDS_DIR
    >>> corpus = load_corpus(SEEDS_DIR)
    >>> t = annotate(corpus)
    >>> "Xi Jinping" in annotated_html(corpus.documents[0], t.sentences, t.spans, layers=("verb",))
    True
    """
    e = html.escape
    rows = sentences[sentences.doc_id == doc.doc_id].set_index("sent")
    marks = spans[(spans.doc_id == doc.doc_id) & spans.layer.isin(list(layers))]
    speakers = speaker_label(rows)
    color = speaker_colours(speakers)
    legend = ("<p class='legend'>" + "".join(
        f"<span style='border-left:6px solid {c};padding-left:.3em'>{e(s)}</span>" for s, c in color.items())
        + "".join(f"<span><span style='{style}'>{e(name)}</span></span>"
                  for layer, (name, style) in LAYER_STYLES.items() if layer in layers)
        + (f"<span><span style='{POINT_BADGE}'>n</span> numbered point</span>" if "point" in rows else "")
        + "</p>")
    out = [f"<div class='readouts-document'><{heading}>{e(doc.headline or doc.doc_id)}</{heading}>",
           f"<p>{e(doc.doc_id)}" + (f" · {e(str(doc.date))}" if doc.date else "")
           + (f" · {e(doc.outlet)}" if doc.outlet else "") + "</p>", legend]
    last_point = 0
    for p in doc.paragraphs:
        parts = [e(doc.text[p.start:p.text_start])] if p.text_start > p.start else []
        for sent, row in rows[rows.para == p.para].iterrows():
            point = int(row.point) if "point" in row and pd.notna(row.point) else 0
            if point and point != last_point:
                parts.append(f"<span style='{POINT_BADGE}'>{point}</span>")
                last_point = point
            verb = row.get("verb")
            tip = f"sentence {sent} · {speakers[sent]}" + (
                f" · {verb} (tier {row.verb_tier})" if verb and pd.notna(row.get("verb_tier")) else "")
            parts.append(f"<span title='{e(tip)}' style='border-left:5px solid {color[speakers[sent]]};"
                         f"padding-left:.25em'>{_marked(doc.text, int(row.start), int(row.end), marks[marks.sent == sent])}</span>")
        if p.text_end < p.end:
            parts.append(f" <span style='color:#888'>{e(doc.text[p.text_end:p.end])}</span>")
        tag = "h2" if p.section == "headline" else "p"
        style = " style='font-style:italic;color:#555'" if p.section == "caption" else ""
        out.append(f"<{tag}{style}>{' '.join(parts)}</{tag}>")
    out.append("</div>")
    return "".join(out)


def _marked(text: str, start: int, end: int, marks: pd.DataFrame) -> str:
    """``text[start:end]`` cut at every span boundary; each piece styled by the spans over it."""
    e = html.escape
    spans = [(int(r.start), int(r.end), r.layer, str(r.label)) for r in marks.itertuples()
             if start <= r.start < r.end <= end and r.layer in LAYER_STYLES
             and not str(r.label).endswith(("+0.00", "-0.00", "+0.0", "-0.0"))]   # a word scored zero
    cuts = sorted({start, end, *(s for s, _, _, _ in spans), *(t for _, t, _, _ in spans)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        over = [(layer, label) for s, t, layer, label in spans if s <= a and b <= t]
        chunk = e(text[a:b])
        if over:
            style = ";".join(dict.fromkeys(LAYER_STYLES[layer][1] for layer, _ in over))
            tip = " · ".join(f"{LAYER_STYLES[layer][0]}: {label}" for layer, label in over)
            chunk = f"<span class='mark' style='{style}' title='{e(tip)}'>{chunk}</span>"
        pieces.append(chunk)
    return "".join(pieces)
