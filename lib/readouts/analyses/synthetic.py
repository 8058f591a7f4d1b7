"""A synthetic annotated corpus of any size, for the scale test and the helpers' benchmark.

:func:`synthetic_tables` builds the documents, sentences and spans tables that :func:`readouts.annotate`
returns (the same columns and types), with numpy and pandas and no annotation run: 100,000 sentences in
about 400 documents take a few seconds. Every sentence is made of slots: a subject (a person of
``actors.csv`` with a reporting verb of ``reporting_verbs.csv``, a questioner, or the narrator), words of
general English, terms of the policy scheme's areas, of the diplomatic register, a formulation of the
registry, a country and a sentiment word; each annotated slot carries the spans the layers would give it,
at its offsets, and the sentence's columns (speaker, verb, policy areas, formulations, scores, tone label)
follow from its slots. Two documents share each date, from outlets of two countries, naming the same two
principals (the sides of one meeting, for :func:`readouts.analyses.compare.same_event_pairs`); half the
documents have numbered points. :func:`synthetic_corpus` gives the matching documents (their text, paragraphs
and sentences), for the helpers that read a document itself (its page, keyword in context). The
notebooks' helpers run on them in :mod:`~readouts.analyses.synthetic_steps` (:func:`notebook_steps`,
:func:`run_steps`, importable from here).

The tables are for measuring and testing the analyses at scale, not for reading: the text is word salad.

>>> t = synthetic_tables(2_000, seed=1)
>>> len(t.sentences), t.documents.n_sentences.sum(), len(t.documents)
(2000, np.int64(2000), 8)
>>> docs = {d.doc_id: d for d in synthetic_corpus(t)}
>>> all(docs[r.doc_id].text[r.start:r.end] == r.text for r in t.sentences.itertuples())
True
>>> all(docs[r.doc_id].text[r.start:r.end] == r.text for r in t.spans.itertuples())
True
"""
from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np
import pandas as pd

from ..read.corpus import Corpus, Document, Paragraph, Sentence
from ..read.words import count_words
from ..tables import Tables
from .synthetic_steps import LEARNED_FROM, NOT_ON_TABLES, notebook_steps, run_steps  # noqa: F401 (re-exported)

SENTENCES_PER_DOCUMENT = 250
FILLERS = 3000                  # general English words the sentences are padded with
FIRST_DATE = np.datetime64("2020-01-01")

# tone pieces: (label of the sentiment spans, TextBlob polarity, VADER valence)
SENTIMENT = [("good", 0.7, 1.9), ("important", 0.4, 0.0), ("serious", -0.33, -0.1), ("hostile", 0.0, -2.3),
             ("peaceful", 0.25, 2.2), ("difficult", -0.5, -1.5), ("stable", 0.0, 0.0), ("great", 0.8, 3.1)]
_SEPARATORS = {0: "", 1: " ", 2: "\n\n"}      # before a document's first sentence, in a paragraph, between two


@lru_cache(maxsize=1)
def _lexicon():
    """What the slots are made of, read from the library's data files once."""
    from ..layers.formulations import load_registry
    from ..layers.policy import load_scheme
    from ..lexicons import general_english_counts, read_data_file

    actors = read_data_file("actors.csv").rows
    persons = [(r["name"], r["aliases"].split(";")[-1]) for r in actors if r["kind"] == "person"]
    countries = [r["name"] for r in actors if r["kind"] == "country"]
    verbs = {}
    for r in read_data_file("reporting_verbs.csv").rows:
        forms = [f for f in r.get("forms", "").split(";") if f]
        past = next((f for f in forms if f.endswith("ed") or f in ("said",)), forms[-1] if forms else r["verb"])
        verbs.setdefault(r["verb"], (past, int(r["tier"])))
    register = [(r["term"], r["dimension"], float(r["weight"])) for r in read_data_file("diplomatic_register.csv").rows
                if r["dimension"] in ("warmth", "firmness") and " " not in r["term"].strip()]
    scheme = load_scheme()
    policy = [(a.code, t, a.cap[0]) for a in scheme.areas for t in a.terms[:12] if t.isascii()]
    registry = [(f.id, f.canonical) for f in load_registry().formulations if f.canonical.isascii()][:60]
    general = general_english_counts()
    fillers = [w for w, _ in sorted(general.items(), key=lambda kv: (-kv[1], kv[0])) if w.isalpha()][:FILLERS]
    outlets = [(r["outlet"], r["country"]) for r in read_data_file("outlets.csv").rows]
    return dict(persons=persons, countries=countries, verbs=sorted(verbs.items()), register=register,
                policy=policy, codes=scheme.codes, registry=registry, fillers=fillers, outlets=outlets)


def synthetic_tables(n_sentences: int = 100_000, n_documents: int | None = None, seed: int = 7) -> Tables:
    """The documents, sentences and spans tables of a synthetic corpus of ``n_sentences`` sentences in
    ``n_documents`` documents (default: one per 250 sentences), the same for the same arguments."""
    lex = _lexicon()
    rng = np.random.default_rng(seed)
    n = int(n_sentences)
    n_docs = int(n_documents or max(1, round(n / SENTENCES_PER_DOCUMENT)))
    if n < 2 * n_docs:
        raise ValueError("every document needs two sentences at least")

    # -- documents: two a date, the two sides of a meeting (outlets of two countries, the same principals)
    cut = np.sort(rng.choice(np.arange(1, n), size=n_docs - 1, replace=False)) if n_docs > 1 else np.array([], int)
    bounds = np.concatenate([[0], cut, [n]])
    while (np.diff(bounds) < 2).any():                       # no document of fewer than two sentences
        bounds = np.concatenate([[0], np.linspace(0, n, n_docs + 1).astype(int)[1:-1], [n]])
    doc_of = np.repeat(np.arange(n_docs), np.diff(bounds))
    chinese = [o for o, c in lex["outlets"] if c == "CHN"]
    others = [(o, c) for o, c in lex["outlets"] if c != "CHN"]
    days = (np.arange(n_docs) // 2) * 3                      # a meeting every third day: no pair across meetings
    dates = np.datetime_as_string(FIRST_DATE + days.astype("timedelta64[D]"), unit="D")
    outlets = [chinese[k // 2 % len(chinese)] if k % 2 == 0 else others[k // 2 % len(others)][0]
               for k in range(n_docs)]
    doc_ids = np.array([f"{d}_{o}_synthetic-{k:05d}" for k, (d, o) in enumerate(zip(dates, outlets))], dtype=object)
    persons = lex["persons"]
    meeting = np.arange(n_docs) // 2
    principal_a = (meeting * 2) % len(persons)
    principal_b = (meeting * 2 + 1 + meeting // len(persons)) % len(persons)
    numbered_doc = (np.arange(n_docs) % 4) < 2               # half the documents have numbered points
    has_caption = np.arange(n_docs) % 4 == 1
    forms = np.array(["reported", "reported", "joint", "transcript"], dtype=object)[np.arange(n_docs) % 4]

    # -- sentence positions: headline, caption, body; paragraphs of one to four sentences
    pos = np.arange(n) - bounds[doc_of]
    size = np.diff(bounds)[doc_of]
    section = np.where(pos == 0, "headline", np.where((pos == 1) & has_caption[doc_of], "caption", "body"))
    body = section == "body"
    first_body = body & ((pos == 1) | ((pos == 2) & has_caption[doc_of]))
    new_para = (pos == 0) | (section == "caption") | first_body | (body & (rng.random(n) < 0.4))
    para = _per_document_cumsum(new_para.astype(np.int64), doc_of, bounds) - 1
    body_pos = np.maximum(pos - 1 - has_caption[doc_of], 0)
    n_points = 5
    point = np.where(numbered_doc[doc_of] & body,
                     np.minimum(n_points, body_pos * (n_points + 1) // np.maximum(size - 1, 1)), 0)
    point_start = (point > 0) & np.r_[True, point[1:] != point[:-1]]

    # -- the slots of each sentence (column k holds an index into the piece list of slot k)
    pieces, spans_of = _Pieces(), []
    filler = pieces.add_many(lex["fillers"])
    kind = rng.choice(4, size=n, p=[0.45, 0.05, 0.3, 0.2])     # person, questioner, narrator, institution
    kind[section == "headline"] = 2
    role = np.array(["person", "questioner", "narrator", "institution"], dtype=object)[kind]
    # a person speaking: mostly one of the document's two principals, now and then someone else
    who = np.where(rng.random(n) < 0.5, principal_a[doc_of], principal_b[doc_of])
    who = np.where(rng.random(n) < 0.1, rng.integers(0, len(persons), n), who)
    person_piece = pieces.add_many([alias for _, alias in persons],
                                   [[("actor", name)] for name, _ in persons])
    verbs = lex["verbs"]
    verb_piece = pieces.add_many([past for _, (past, _) in verbs], [[("verb", v)] for v, _ in verbs])
    verb_k = rng.integers(0, len(verbs), n)
    narrator_piece = pieces.add_many(["The two sides", "Both sides", "The meeting"])
    institution_piece = pieces.add_many(["The ministry", "The spokesperson's office"])
    question_piece = pieces.add("Asked whether")
    subject = np.select([kind == 0, kind == 1, kind == 2],
                        [person_piece[who], np.full(n, question_piece), narrator_piece[rng.integers(0, 3, n)]],
                        institution_piece[rng.integers(0, 2, n)])
    verb = np.where(kind == 0, verb_piece[verb_k], filler[rng.integers(0, 50, n)])

    policy = lex["policy"]
    policy_piece = pieces.add_many([t for _, t, _ in policy], [[("policy", c)] for c, _, _ in policy])
    register = lex["register"]
    register_piece = pieces.add_many([t for t, _, _ in register], [[("tone", d)] for _, d, _ in register])
    negated = pieces.add("not hostile", [("tone", "negated firmness")])
    appeal = pieces.add("work together", [("tone", "appeal to cooperate")])
    registry = lex["registry"]
    formulation_piece = pieces.add_many([c for _, c in registry], [[("formulation", f)] for f, _ in registry])
    country_piece = pieces.add_many(lex["countries"], [[("actor", c)] for c in lex["countries"]])
    sentiment_piece = pieces.add_many([w for w, _, _ in SENTIMENT],
                                      [[("tone", f"textblob {p:+.2f}"), ("tone", f"vader {v:+.1f}")]
                                       for w, p, v in SENTIMENT])

    def maybe(p, chosen):
        return np.where(rng.random(n) < p, chosen, filler[rng.integers(0, len(filler), n)])

    def fill():
        return filler[rng.integers(0, len(filler), n)]

    policy_1 = rng.integers(0, len(policy), n)
    policy_2 = rng.integers(0, len(policy), n)
    has_policy_1, has_policy_2 = rng.random(n) < 0.6, rng.random(n) < 0.15
    reg_k = rng.integers(0, len(register), n)
    reg_kind = rng.choice(4, size=n, p=[0.55, 0.35, 0.05, 0.05])   # register term, none, negated, appeal
    register_slot = np.select([reg_kind == 0, reg_kind == 2, reg_kind == 3],
                              [register_piece[reg_k], np.full(n, negated), np.full(n, appeal)], fill())
    form_k = rng.integers(0, len(registry), n)
    has_form = rng.random(n) < 0.08
    sent_k = rng.integers(0, len(SENTIMENT), n)
    has_sentiment = rng.random(n) < 0.5
    has_country = rng.random(n) < 0.5
    country_k = rng.integers(0, len(lex["countries"]), n)
    slots = np.column_stack([
        subject, verb, fill(), fill(),
        np.where(has_policy_1, policy_piece[policy_1], fill()), fill(), register_slot, fill(),
        np.where(has_country, country_piece[country_k], fill()), fill(),
        np.where(has_form, formulation_piece[form_k], fill()), fill(),
        np.where(has_sentiment, sentiment_piece[sent_k], fill()),
        np.where(has_policy_2, policy_piece[policy_2], fill()), fill(), fill()])
    # a quotation: the words after the verb of a person's sentence, now and then
    quoted = (kind == 0) & (rng.random(n) < 0.1)

    # -- texts and offsets
    text_of = np.array(pieces.texts, dtype=object)
    length_of = np.array([len(t) for t in pieces.texts], dtype=np.int64)
    words_of = np.array([count_words(t) for t in pieces.texts], dtype=np.int64)
    cell = text_of[slots]
    texts = np.array([" ".join(row) + "." for row in cell.tolist()], dtype=object)
    lengths = length_of[slots].sum(axis=1) + slots.shape[1]           # the spaces and the full stop
    n_words = words_of[slots].sum(axis=1)
    separator = np.where(pos == 0, 0, np.where(new_para, 2, 1))
    end_global = np.cumsum(separator + lengths)
    base = np.concatenate([[0], end_global[bounds[1:-1] - 1]])[doc_of]
    end = end_global - base
    start = end - lengths
    slot_start = start[:, None] + np.concatenate(
        [np.zeros((n, 1), np.int64), np.cumsum(length_of[slots] + 1, axis=1)[:, :-1]], axis=1)

    # -- spans: every annotated slot's spans, at its offsets
    span_piece, span_layer, span_label = [], [], []
    for k, found in enumerate(pieces.spans):
        for layer, label in found:
            span_piece.append(k)
            span_layer.append(layer)
            span_label.append(label)
    span_piece = np.array(span_piece)
    per_piece = np.bincount(span_piece, minlength=len(pieces.texts))
    first_span = np.concatenate([[0], np.cumsum(per_piece)[:-1]])
    flat = slots.ravel()
    counts = per_piece[flat]
    cell_of = np.repeat(np.arange(flat.size), counts)
    offset_in = np.arange(cell_of.size) - np.repeat(np.cumsum(counts) - counts, counts)
    which = first_span[flat[cell_of]] + offset_in
    row = cell_of // slots.shape[1]
    s_start = slot_start.ravel()[cell_of]
    s_end = s_start + length_of[flat[cell_of]]
    spans = pd.DataFrame({"row": row, "layer": np.array(span_layer, dtype=object)[which],
                          "label": np.array(span_label, dtype=object)[which], "start": s_start, "end": s_end,
                          "text": text_of[flat[cell_of]]})
    q = np.flatnonzero(quoted)
    quotes = pd.DataFrame({"row": q, "layer": "quote", "label": np.array([p for p, _ in persons], dtype=object)[who[q]],
                           "start": slot_start[q, 2], "end": end[q] - 1,
                           "text": [t[s - a:e - a] for t, s, e, a in zip(texts[q], slot_start[q, 2], end[q] - 1, start[q])]})
    spans = pd.concat([spans, quotes], ignore_index=True).sort_values(["row", "start", "layer"], kind="stable")
    spans.insert(0, "doc_id", doc_ids[doc_of[spans.row.to_numpy()]])
    spans.insert(1, "sent", pos[spans.row.to_numpy()])
    spans = spans.drop(columns="row").reset_index(drop=True)

    # -- the sentences' columns, from their slots
    speaker = np.where(kind == 0, np.array([p for p, _ in persons], dtype=object)[who], "")
    mention = np.where(kind == 0, np.array([a for _, a in persons], dtype=object)[who], "")
    verb_name = np.where(kind == 0, np.array([v for v, _ in verbs], dtype=object)[verb_k], "")
    verb_tier = pd.array(np.where(kind == 0, np.array([t for _, (_, t) in verbs])[verb_k], 0), dtype="Int64")
    verb_tier[kind != 0] = pd.NA
    codes = lex["codes"]
    order = {c: k for k, c in enumerate(codes)}
    code_1 = np.array([c for c, _, _ in policy], dtype=object)[policy_1]
    code_2 = np.array([c for c, _, _ in policy], dtype=object)[policy_2]
    cap = {c: str(k) for c, _, k in policy}
    areas, caps = [], []
    for a, b, ha, hb in zip(code_1.tolist(), code_2.tolist(), has_policy_1.tolist(), has_policy_2.tolist()):
        found = sorted({x for x, h in ((a, ha), (b, hb)) if h}, key=order.get)
        areas.append(";".join(found))
        caps.append(";".join(dict.fromkeys(cap[x] for x in found)))
    actor_names = np.array(lex["countries"], dtype=object)[country_k]
    actors = [";".join(x for x in (s, c if h else "") if x).replace(";", "; ")
              for s, c, h in zip(speaker.tolist(), actor_names.tolist(), has_country.tolist())]
    weight = np.array([w for _, _, w in register])
    dimension = np.array([d for _, d, _ in register], dtype=object)
    warmth = np.where((reg_kind == 0) & (dimension[reg_k] == "warmth"), weight[reg_k], 0.0)
    firmness = np.where((reg_kind == 0) & (dimension[reg_k] == "firmness"), weight[reg_k], 0.0)
    polarity = np.where(has_sentiment, np.array([p for _, p, _ in SENTIMENT])[sent_k], 0.0)
    vader = np.where(has_sentiment, np.round(np.tanh(np.array([v for _, _, v in SENTIMENT])[sent_k] / 2.5), 4), 0.0)
    tone_label = np.where((firmness >= 1) & (firmness >= warmth), "firm",
                          np.where((warmth >= 1) & (warmth > firmness), "cordial", "neutral"))
    point_title = np.where(point_start, "First", "")
    sentences = pd.DataFrame({
        "doc_id": doc_ids[doc_of], "para": para, "sent": pos, "section": section, "start": start, "end": end,
        "text": texts, "n_words": n_words, "actors": actors, "speaker": speaker,
        "speaker_role": np.where(kind == 1, "questioner", role), "speaker_mention": mention, "verb": verb_name,
        "verb_tier": verb_tier,
        "verb_negated": pd.array((kind == 0) & (rng.random(n) < 0.03), dtype="boolean"),
        "verb_hedged": pd.array((kind == 0) & (rng.random(n) < 0.03), dtype="boolean"),
        "point": pd.array(point, dtype="Int64"), "point_title": point_title,
        "policy_areas": areas, "policy_cap": caps,
        "formulations": np.where(has_form, np.array([f for f, _ in registry], dtype=object)[form_k], ""),
        "polarity": polarity, "subjectivity": np.abs(polarity), "vader": vader,
        "warmth": warmth, "firmness": firmness, "tone_label": tone_label})
    for col in ("doc_id", "section", "text", "actors", "speaker", "speaker_role", "speaker_mention", "verb",
                "point_title", "policy_areas", "policy_cap", "formulations", "tone_label"):
        sentences[col] = sentences[col].astype("str")
    for col in ("doc_id", "layer", "label", "text"):
        spans[col] = spans[col].astype("str")

    # -- the documents table
    grouped = sentences.groupby(doc_of, sort=True)
    body_rows = sentences[body]
    shares = (pd.crosstab(doc_of[body], body_rows.tone_label, normalize="index")
              .reindex(index=range(n_docs), columns=["cordial", "neutral", "firm"], fill_value=0.0))
    means = grouped[["polarity", "subjectivity", "vader", "warmth", "firmness"]].mean().round(4)
    headline = texts[bounds[:-1]]
    caption = np.where(has_caption, texts[np.minimum(bounds[:-1] + 1, n - 1)], None)
    documents = pd.DataFrame({
        "doc_id": doc_ids, "path": [f"synthetic/{d}.txt" for d in doc_ids], "date": dates, "headline": headline,
        "outlet": outlets, "place": None, "caption": caption, "photo_credit": None,
        "n_paragraphs": grouped.para.max().to_numpy() + 1, "n_sentences": np.diff(bounds),
        "n_words": grouped.n_words.sum().to_numpy(),
        "sha256": [hashlib.sha256(d.encode()).hexdigest() for d in doc_ids], "dateline": None,
        "source_format": "text", "language": "en", "subject": [d.split("_", 2)[2] for d in doc_ids],
        "form": forms})
    for col in ("polarity", "subjectivity", "vader", "warmth", "firmness"):
        documents[col] = pd.array(means[col].to_numpy(), dtype="Float64")
    for label in ("cordial", "neutral", "firm"):
        documents[f"share_{label}"] = pd.array(shares[label].round(4).to_numpy(), dtype="Float64")
    for col in ("doc_id", "path", "date", "headline", "outlet", "caption", "sha256", "source_format", "language",
                "subject", "form"):
        documents[col] = documents[col].astype("str") if documents[col].notna().all() else documents[col]
    return Tables(documents=documents, sentences=sentences, spans=spans)


def synthetic_corpus(tables: Tables) -> Corpus:
    """The documents behind :func:`synthetic_tables`: each one's text (its sentences, one space between the
    sentences of a paragraph, a blank line between paragraphs), paragraphs and sentences, as the reader
    gives them; ``text[start:end]`` of every sentence and span is its text."""
    s = tables.sentences
    docs = []
    info = tables.documents.set_index("doc_id")
    bounds = np.flatnonzero(np.r_[True, s.doc_id.to_numpy()[1:] != s.doc_id.to_numpy()[:-1], True])
    texts, starts, ends = s.text.tolist(), s.start.tolist(), s.end.tolist()
    paras, sents, sections = s.para.tolist(), s.sent.tolist(), s.section.tolist()
    for a, b in zip(bounds[:-1], bounds[1:]):
        doc_id = s.doc_id.iat[a]
        parts, last, paragraphs, sentences = [], 0, [], []
        for k in range(a, b):
            parts.append(_SEPARATORS[starts[k] - last])
            parts.append(texts[k])
            last = ends[k]
            sentences.append(Sentence(paras[k], sents[k], sections[k], starts[k], ends[k]))
        for p, group in _runs(sentences):
            paragraphs.append(Paragraph(p, group[0].section, group[0].start, group[-1].end,
                                        group[0].start, group[-1].end))
        row = info.loc[doc_id]
        doc = Document(doc_id=doc_id, path=row.path, text="".join(parts), paragraphs=paragraphs,
                       sha256=row.sha256, source_format=row.source_format, date=row.date, headline=row.headline,
                       outlet=row.outlet, caption=row.caption if isinstance(row.caption, str) else None,
                       meta={"subject": row.subject, "form": row.form})
        doc.__dict__["sentences"] = sentences          # the reader's segmentation, known here
        docs.append(doc)
    return Corpus(docs)


def _runs(sentences: list) -> list:
    """``(para, [sentences])`` for each run of sentences of one paragraph."""
    out: list = []
    for s in sentences:
        if out and out[-1][0] == s.para:
            out[-1][1].append(s)
        else:
            out.append((s.para, [s]))
    return out


def _per_document_cumsum(values: np.ndarray, doc_of: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """The running sum of ``values`` restarting at each document."""
    total = np.cumsum(values)
    before = np.concatenate([[0], total[bounds[1:-1] - 1]])
    return total - before[doc_of]


class _Pieces:
    """The strings slots are filled with, and the spans (layer, label) each carries."""

    def __init__(self):
        self.texts: list[str] = []
        self.spans: list[list[tuple[str, str]]] = []

    def add(self, text: str, spans=()) -> int:
        self.texts.append(text)
        self.spans.append(list(spans))
        return len(self.texts) - 1

    def add_many(self, texts, spans=None) -> np.ndarray:
        spans = spans if spans is not None else [()] * len(texts)
        return np.array([self.add(t, s) for t, s in zip(texts, spans)], dtype=np.int64)
