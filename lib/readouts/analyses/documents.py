"""The one annotated-document renderer: a text with what the layers found, as HTML.

Used by the anatomy notebook (speakers, verbs and quotations) and by the report's document pages
(every layer). Sentences carry a bar in their speaker's colour (the same colour for the same name on
every page and in every run), numbered points a badge; every kind of mark has a CSS class
(``ro-verb``, ``ro-formulation``, ``ro-policy``, ``ro-warm``, ``ro-firm``, ``ro-unscored``,
``ro-sentiment``, ``ro-actor``, ``ro-quote``) and a switch in the legend that hides it, with no
script: checkboxes and CSS (``report/templates/document.css``, put once into each rendering in a
``<style>`` block scoped under ``.readouts-document``). Hovering a mark names what it is in words:
the policy area's name, the formulation's English and original, the quotation's speaker, the
verb's tier, the tone word's weight. All document text and every label is escaped.
"""
from __future__ import annotations

import hashlib
import html
import itertools
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..errors import ReadoutsError
from ..tables import speaker_label
from . import plots

CSS_FILE = Path(__file__).resolve().parent.parent / "report" / "templates" / "document.css"
# every kind of mark: (the layer it belongs to, its name in the legend); each has a CSS class ro-<kind>
KINDS = {
    "verb": ("verb", "reporting verb"),
    "formulation": ("formulation", "formulation"),
    "policy": ("policy", "policy term"),
    "warm": ("tone", "warm word"),
    "firm": ("tone", "firm word"),
    "unscored": ("tone", "tone word not counted (negated, appeal to cooperate)"),
    "sentiment": ("tone", "sentiment word (TextBlob, VADER)"),
    "actor": ("actor", "actor"),
    "quote": ("quote", "quotation"),
}
LAYERS = tuple(dict.fromkeys(layer for layer, _ in KINDS.values()))
# speakers' colours: Okabe-Ito without the tone colours (green, vermilion) and yellow, then Paul Tol's muted
SPEAKER_PALETTE = (plots.PALETTE[0], plots.PALETTE[1], plots.PALETTE[4], plots.PALETTE[5],
                   "#332288", "#882255", "#44AA99", "#999933", "#AA4499")
ROLE_COLOURS = {"narrator": "#999999", "questioner": "#555555"}
_COLOUR = re.compile(r"#[0-9A-Fa-f]{3,8}")
_ZERO = ("+0.00", "-0.00", "+0.0", "-0.0")                # a word scored zero is not marked
_HEADINGS = {f"h{k}" for k in range(1, 7)}
_CALLS: dict[str, itertools.count] = {}


def document_css() -> str:
    """The CSS of the annotated document (class rules only, all under ``.readouts-document``)."""
    return _css()


@lru_cache(maxsize=1)
def _css() -> str:
    return CSS_FILE.read_text(encoding="utf-8")


def speaker_colour(label: str) -> str:
    """One speaker's default colour: by role for the narrator and the questioner, else a stable hash
    of the name into the palette, the same in every run.

    >>> speaker_colour("narrator"), speaker_colour("Xi Jinping") == speaker_colour("Xi Jinping")
    ('#999999', True)
    """
    if label in ROLE_COLOURS:
        return ROLE_COLOURS[label]
    digest = hashlib.sha256(str(label).encode("utf-8")).digest()
    return SPEAKER_PALETTE[int.from_bytes(digest[:4], "big") % len(SPEAKER_PALETTE)]


def speaker_colours(labels, fixed: dict[str, str] | None = None) -> dict[str, str]:
    """A colour per speaker label, in order of appearance: ``fixed[label]`` where given (a
    corpus-wide mapping, see :func:`corpus_speaker_colours`), else :func:`speaker_colour`.

    >>> speaker_colours(["narrator", "A", "B"]) == {"narrator": "#999999", **speaker_colours(["B", "A"])}
    True
    """
    fixed = fixed or {}
    out = {}
    for s in dict.fromkeys(labels):
        given = fixed.get(s)
        out[s] = given if isinstance(given, str) and _COLOUR.fullmatch(given) else speaker_colour(s)
    return out


def corpus_speaker_colours(sentences: pd.DataFrame) -> dict[str, str]:
    """One colour per speaker of the whole corpus, for every page: each speaker keeps its hashed
    colour unless a more frequent speaker took it, then takes the next free one (while any is free),
    so the main speakers of a corpus differ. Pass it as ``speaker_colors`` to :func:`annotated_html`."""
    if not len(sentences) or "speaker_role" not in sentences:
        return {}
    counts = speaker_label(sentences).value_counts()
    order = sorted(counts.index, key=lambda s: (-counts[s], str(s)))
    out, free = {}, list(SPEAKER_PALETTE)
    for s in order:
        colour = speaker_colour(s)
        if s not in ROLE_COLOURS and colour not in free and free:
            colour = free[(SPEAKER_PALETTE.index(colour)) % len(free)]
        if colour in free:
            free.remove(colour)
        out[s] = colour
    return out


def annotated_html(doc, sentences: pd.DataFrame, spans: pd.DataFrame, *, layers=LAYERS,
                   heading: str = "h1", speaker_colors: dict[str, str] | None = None) -> str:
    """The document's text with the spans of ``layers`` marked, speakers coloured, points numbered,
    a legend with a switch per kind of mark; ``speaker_colors`` a corpus-wide mapping, if any.

    >>> from readouts import annotate, load_corpus
    >>> from readouts.paths import SEEDS_DIR
    >>> corpus = load_corpus(SEEDS_DIR)
    >>> t = annotate(corpus)
    >>> "Xi Jinping" in annotated_html(corpus.documents[0], t.sentences, t.spans, layers=("verb",))
    True
    """
    e = html.escape
    layers = tuple(layers)
    heading = heading if heading in _HEADINGS else "h1"
    rows = sentences[sentences.doc_id == doc.doc_id].set_index("sent")
    marks = spans[(spans.doc_id == doc.doc_id) & spans.layer.isin(list(layers))]
    speakers = (speaker_label(rows) if "speaker_role" in rows else pd.Series("narrator", index=rows.index))
    color = speaker_colours(speakers, speaker_colors)
    prefix = _id_prefix(doc.doc_id)
    kinds = [k for k, (layer, _) in KINDS.items() if layer in layers]
    has_points = "point" in rows and any(_int(p) for p in rows["point"])
    out = [f"<div class='readouts-document'><style>{document_css()}</style>",
           f"<{heading}>{e(doc.headline or doc.doc_id)}</{heading}>",
           f"<p class='ro-meta'>{e(doc.doc_id)}" + (f" · {e(str(doc.date))}" if doc.date else "")
           + (f" · {e(str(doc.outlet))}" if doc.outlet else "") + "</p>",
           "<p class='ro-legend'><span class='ro-legend-title'>Speakers</span>" + "".join(
               f"<span class='ro-speaker-key' style='border-left-color:{c}'>{e(str(s))}</span>"
               for s, c in color.items())
           + ("<span class='ro-point'>n</span> numbered point" if has_points else "") + "</p>",
           "<span class='ro-legend-title'>Show</span>"]
    for k in ["speaker", *kinds]:
        name = "speaker's bar" if k == "speaker" else KINDS[k][1]
        key = "ro-sent" if k == "speaker" else f"ro-mark ro-{k}"
        out.append(f"<input type='checkbox' class='ro-switch ro-switch-{k}' id='{prefix}-{k}' checked>"
                   f"<label for='{prefix}-{k}'><span class='{key}'>{e(name)}</span></label>")
    out.append("<div class='ro-text'>")
    labels = _Labels()
    last_point = 0
    # each paragraph's sentences and each sentence's marks, gathered in one pass (in table order)
    by_para: dict = {}
    for sent, row, who in zip(rows.index, rows.to_dict("records"), speakers):
        by_para.setdefault(row["para"], []).append((sent, row, who))
    by_sent: dict = {}
    for r in zip(marks.sent, marks.layer, marks.label, marks.start, marks.end):
        by_sent.setdefault(r[0], []).append(r[1:])
    for p in doc.paragraphs:
        parts = [f"<span class='ro-residue'>{e(doc.text[p.start:p.text_start])}</span>"] \
            if p.text_start > p.start else []
        for sent, row, who in by_para.get(p.para, ()):
            point = _int(row.get("point"))
            if point and point != last_point:
                parts.append(f"<span class='ro-point'>{point}</span>")
                last_point = point
            tip = f"sentence {sent} · speaker: {who}"
            verb = row.get("verb")
            if isinstance(verb, str) and verb and _int(row.get("verb_tier"), None) is not None:
                tip += f" · reporting verb: {labels.verb(verb)}"
            body = _marked(doc.text, int(row["start"]), int(row["end"]), by_sent.get(sent, ()), labels, who)
            parts.append(f"<span class='ro-sent' title='{e(tip)}' style='border-left-color:{color[who]}'>"
                         f"{body}</span>")
        if p.text_end < p.end:
            parts.append(f" <span class='ro-residue'>{e(doc.text[p.text_end:p.end])}</span>")
        tag = "h2" if p.section == "headline" else "p"
        cls = " class='ro-caption'" if p.section == "caption" else ""
        out.append(f"<{tag}{cls}>{' '.join(parts)}</{tag}>")
    out.append("</div></div>")
    return "".join(out)


def _int(value, default=0):
    """An integer cell (from a table or a CSV read as text), ``default`` when empty."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _id_prefix(doc_id: str) -> str:
    """Ids unique within a page: a hash of the document and the count of earlier renderings of it."""
    n = next(_CALLS.setdefault(doc_id, itertools.count()))
    return f"ro{hashlib.sha256(doc_id.encode('utf-8')).hexdigest()[:8]}" + (f"-{n}" if n else "")


def mark_kind(layer: str, label: str) -> str | None:
    """The kind of mark of a span (a key of ``KINDS``), None for a span not shown.

    >>> [mark_kind("tone", x) for x in ("warmth", "firmness", "negated warmth", "vader +1.5", "textblob +0.00")]
    ['warm', 'firm', 'unscored', 'sentiment', None]
    """
    if layer != "tone":
        return layer if layer in KINDS else None
    if label.endswith(_ZERO):
        return None
    if label == "warmth":
        return "warm"
    if label == "firmness":
        return "firm"
    if label.startswith("negated") or label == "appeal to cooperate":
        return "unscored"
    return "sentiment"


class _Labels:
    """The words a hover shows for a span: read from the scheme, the registry and the lexicons once."""

    def __init__(self):
        self._cache: dict = {}

    def _get(self, name, load):
        if name not in self._cache:
            try:
                self._cache[name] = load()
            except (OSError, ValueError, KeyError, ReadoutsError):   # a bad data file: a plainer hover, not no page
                self._cache[name] = {}
        return self._cache[name]

    def area(self, code: str) -> str:
        def load():
            from ..layers.policy import SCHEMES, load_scheme
            from .policy_areas import area_labels
            names = {a.code: f"{a.code} {a.name}" for f in reversed(SCHEMES.values()) for a in load_scheme(f).areas}
            return {**names, **area_labels()}               # the active scheme's names first
        return self._get("areas", load).get(code, code)

    def formulation(self, fid: str) -> str:
        def load():
            from ..layers.formulations import load_registry
            return {f.id: f for f in load_registry().formulations}
        f = self._get("registry", load).get(fid)
        if f is None:
            return fid
        original = f.chinese or (f.originals[0] if f.originals else "")
        return f.canonical + (f" · {original}" if original else "") + f" ({f.category})"

    def verb(self, lemma: str) -> str:
        def load():
            from ..lexicons import read_data_file
            return {r["verb"]: (r["tier"], r.get("tier_name", "")) for r in
                    read_data_file("reporting_verbs.csv", required=("verb", "tier")).rows}
        tier, name = self._get("verbs", load).get(lemma, ("", ""))
        return lemma + (f" (tier {tier}{', ' + name if name else ''})" if tier != "" else "")

    def weight(self, text: str, dimension: str) -> str:
        def load():
            from ..layers.tone import TIER_FIRMNESS, register_matcher
            return register_matcher(), TIER_FIRMNESS
        matcher, _ = self._get("register", load) or (None, None)
        found = [m.value for m in matcher.find(text)] if matcher else []
        weights = [v.weight for v in found if v.dimension == dimension or
                   (dimension == "firmness" and v.dimension == "appeal")]
        return f", weight {weights[0]:g} in the register" if weights else ""

    def title(self, kind: str, label: str, text: str, speaker: str) -> str:
        if kind == "verb":
            return f"reporting verb: {self.verb(label)}"
        if kind == "formulation":
            return f"formulation: {self.formulation(label)}"
        if kind == "policy":
            return f"policy area: {self.area(label)}"
        if kind in ("warm", "firm"):
            return f"{kind} word{self.weight(text, label)}"
        if kind == "unscored":
            return f"{label}: not counted in the tone scores"
        if kind == "sentiment":
            engine, _, score = label.partition(" ")
            what = {"textblob": "TextBlob polarity", "vader": "VADER valence"}.get(engine, engine)
            return f"{what} {score}".strip()
        if kind == "quote":
            return f"quotation: {label or speaker}"
        return f"{KINDS[kind][1]}: {label}"


def _marked(text: str, start: int, end: int, marks, labels: _Labels, speaker: str = "") -> str:
    """``text[start:end]`` cut at every span boundary; each piece classed by the spans over it.
    ``marks``: the sentence's spans as ``(layer, label, start, end)``."""
    e = html.escape
    spans = []
    for layer, label, s, t in marks:
        label = "" if pd.isna(label) else str(label)
        kind = mark_kind(layer, label)
        if kind and start <= s < t <= end:
            spans.append((int(s), int(t), kind, label))
    cuts = sorted({start, end, *(s for s, _, _, _ in spans), *(t for _, t, _, _ in spans)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        over = [(s, t, kind, label) for s, t, kind, label in spans if s <= a and b <= t]
        chunk = e(text[a:b])
        if over:
            classes = " ".join(f"ro-{k}" for k in dict.fromkeys(kind for _, _, kind, _ in over))
            tip = " · ".join(dict.fromkeys(labels.title(kind, label, text[s:t], speaker)
                                           for s, t, kind, label in over))
            chunk = f"<span class='ro-mark {classes}' title='{e(tip)}'>{chunk}</span>"
        pieces.append(chunk)
    return "".join(pieces)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_RESERVED = {"index", "con", "prn", "aux", "nul", *(f"com{k}" for k in range(10)), *(f"lpt{k}" for k in range(10))}
MAX_NAME = 80


def _hash(doc_id: str, n: int = 8) -> str:
    return hashlib.sha256(str(doc_id).encode("utf-8")).hexdigest()[:n]


def document_page_name(doc_id: str) -> str:
    """A safe, readable file name for a document's page: the doc_id itself when it is safe, else a
    slug of it (only ``A-Za-z0-9._-``) with a short hash of the doc_id, so two ids never share one.

    >>> document_page_name("2025-10-31_xinhua_xi-meets-takaichi")
    '2025-10-31_xinhua_xi-meets-takaichi.html'
    >>> document_page_name("Xi & Takaichi / APEC")
    'Xi-Takaichi-APEC-14060087.html'
    >>> document_page_name("index"), document_page_name("../etc")
    ('index-1bc04b52.html', 'etc-f7f9121f.html')
    """
    doc_id = str(doc_id)
    slug = _UNSAFE.sub("-", doc_id).strip("-.")[:MAX_NAME].rstrip("-.")
    if slug and slug == doc_id and slug.lower() not in _RESERVED and slug.split(".")[0].lower() not in _RESERVED:
        return f"{slug}.html"
    return f"{slug + '-' if slug else 'document-'}{_hash(doc_id)}.html"


def unique_page_names(doc_ids) -> dict[str, str]:
    """``{doc_id: file name}`` by :func:`document_page_name`, no two the same even on a file system
    that ignores case (a clash gets a longer hash, then a number), in a stable order.

    >>> names = unique_page_names(["A", "a", "a b", "a-b"])
    >>> len(set(n.lower() for n in names.values())) == 4, names["a-b"]
    (True, 'a-b.html')
    """
    ids = sorted(dict.fromkeys(str(d) for d in doc_ids))
    names, taken = {}, set()
    for d in sorted(ids, key=lambda d: (document_page_name(d) != f"{d}.html", d)):   # unchanged ids first
        name = document_page_name(d)
        if name.lower() in taken:
            name = f"{name[:-5]}-{_hash(d, 16)}.html"
        base = name[:-5]
        for k in itertools.count(2):
            if name.lower() not in taken:
                break
            name = f"{base}-{k}.html"
        taken.add(name.lower())
        names[d] = name
    return {d: names[d] for d in ids}
