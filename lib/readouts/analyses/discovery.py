"""Discovery: candidate formulations found in a corpus itself, for a researcher to review and add to the
registry (``readouts phrases --discover``, the notebook ``03_recurring_phrases``).

A registry finds only what someone listed; the question is often which new formulation appeared. A
candidate is a word sequence that recurs across documents and sources, holds together more than chance
would make it, is not a name, a title or a sentence of reporting, and is not in the registry.
"""
from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from ..lexicons import general_english_counts
from ..read import words as word_pattern
from .recurring_phrases import stopwords

DISCOVERY_COLUMNS = ["candidate", "n", "count", "documents", "sources", "association", "general_rarity", "score",
                     "first_date", "last_date", "doc_ids", "example"]


def document_sources(documents: pd.DataFrame) -> dict[str, str]:
    """Who published each document: its ``outlet`` (or ``source``) metadata, else the outlet part of a
    ``date_outlet_slug`` file name, else the document id itself."""
    out = {}
    for row in documents.itertuples():
        named = next((str(getattr(row, c)) for c in ("outlet", "source") if str(getattr(row, c, "") or "") not in ("", "nan")), "")
        parts = str(row.doc_id).split("_")
        out[row.doc_id] = named or (parts[1] if len(parts) > 2 else str(row.doc_id))
    return out


def discover(sentences: pd.DataFrame, documents: pd.DataFrame, min_documents: int = 3, min_sources: int = 2,
             n: tuple[int, int] = (3, 6), top: int = 50) -> pd.DataFrame:
    """Candidate formulations found in the corpus itself: word sequences of ``n`` words (neither starting
    nor ending with a stopword) that recur in at least ``min_documents`` documents from at least
    ``min_sources`` sources, are not matched by the registry, and hold together (``association``: the mean
    pointwise mutual information of their adjacent words in this corpus, in bits) more than chance would
    make them. Ranked by ``score`` = association x log2(1 + documents) x (1 + general_rarity), where
    ``general_rarity`` is the mean rarity of the words in general English (0 common ... 1 unseen).
    Left out: a candidate inside a longer one found in as many documents; names and titles (every word but
    the stopwords capitalised in most of its uses: "President Xi Jinping", "Foreign Ministry Spokesperson"); a
    candidate holding a reporting verb ("Xi said, adding"); a part of a registered formulation.

    >>> import readouts
    >>> from readouts.paths import SEEDS_DIR
    >>> tables = readouts.annotate(readouts.load_corpus(SEEDS_DIR))
    >>> discover(tables.sentences, tables.documents).empty          # one document: nothing recurs across several
    True
    """
    from ..layers.formulations import find_formulations, stem
    from ..layers.speakers import verb_matcher

    stop = stopwords()
    body = sentences[sentences.section == "body"]
    sources = document_sources(documents)
    dates = dict(zip(documents.doc_id, documents.date.fillna("").astype(str))) if "date" in documents else {}
    # every body sentence's words once, as numbers: the words counted, and the word pairs found in fewer than
    # min_documents documents (a sequence holding one cannot recur in more), so that only the sequences
    # whose every pair recurs are gathered as strings, not every sequence of the corpus
    texts, doc_ids = body.text.tolist(), body.doc_id.tolist()
    vocab: dict[str, int] = {}
    ids: list[int] = []
    lengths = np.zeros(len(texts), dtype=np.int64)
    for k, text in enumerate(texts):
        ws = [w.replace("\u2019", "'").lower() for w in word_pattern.words(text)]
        lengths[k] = len(ws)
        ids.extend([vocab.setdefault(w, len(vocab)) for w in ws])
    words_of = list(vocab)
    word_counts = dict(zip(words_of, np.bincount(np.asarray(ids, dtype=np.int64), minlength=len(vocab)).tolist()))
    starts = _recurring_starts(np.asarray(ids, dtype=np.int64), lengths, doc_ids, min_documents, n,
                               np.array([w in stop for w in words_of], dtype=bool))
    grams: dict[str, dict] = {}
    for k, wanted in starts:
        text = texts[k]
        raw = [w.replace("\u2019", "'") for w in word_pattern.words(text)]
        ws = [w.lower() for w in raw]
        for i, size in wanted:
            gram = " ".join(ws[i:i + size])
            g = grams.get(gram)
            if g is None:
                g = grams[gram] = {"count": 0, "titled": 0, "docs": set(), "example": text}
            g["count"] += 1
            # written as a name or a title here: every word but the stopwords capitalised
            g["titled"] += all(w[:1].isupper() for w in raw[i:i + size] if w.lower() not in stop)
            g["docs"].add(doc_ids[k])
    total = sum(word_counts.values()) or 1
    general = general_english_counts()
    general_total = sum(general.values())
    verbs = verb_matcher()
    inside = _registered_stem_runs()
    rows = []
    for gram, g in grams.items():
        docs = g["docs"]
        if len(docs) < min_documents or len({sources[d] for d in docs}) < min_sources:
            continue
        ws = gram.split()
        content = [w for w in ws if w not in stop] or ws
        if g["titled"] >= 0.8 * g["count"]:
            continue                                     # a name or a title
        if verbs.find(gram) or " ".join(stem(w) for w in ws) in inside:
            continue
        p = [word_counts[w] / total for w in ws]
        links = [np.log2((g["count"] / total) ** (1 / (len(ws) - 1)) / np.sqrt(a * b)) for a, b in zip(p, p[1:])]
        association = float(np.mean(links))
        if association <= 0:
            continue
        rarity = float(np.mean([1 - min(1.0, np.log1p(general.get(w, 0)) / np.log1p(general_total / 1000))
                                for w in content]))
        ds = sorted(docs)
        when = sorted(dates.get(d, "") for d in ds if dates.get(d, ""))
        rows.append((gram, len(ws), g["count"], len(docs), len({sources[d] for d in docs}), round(association, 3),
                     round(rarity, 3), round(association * np.log2(1 + len(docs)) * (1 + rarity), 3),
                     when[0] if when else "", when[-1] if when else "", ";".join(ds), g["example"]))
    table = pd.DataFrame(rows, columns=DISCOVERY_COLUMNS)
    if table.empty:
        return table
    registered = [bool(find_formulations(c)) for c in table.candidate]
    table = table[[not r for r in registered]]
    # leave out a candidate held in a longer one found in as many documents
    by_docs = table.set_index("candidate").documents.to_dict()
    held: dict[str, int] = {}           # every run of words inside a candidate: the most documents of one holding it
    for o, docs in by_docs.items():
        ws = o.split(" ")
        for size in range(1, len(ws)):
            for i in range(len(ws) - size + 1):
                run = " ".join(ws[i:i + size])
                if held.get(run, -1) < docs:
                    held[run] = docs
    keep = [held.get(c, -1) < by_docs[c] for c in table.candidate]
    table = table[keep].sort_values(["score", "candidate"], ascending=[False, True])
    # one candidate per run of overlapping ones ("mutual non-aggression non-interference in each other's",
    # "non-aggression non-interference in each other's internal"): the best-scored stands for the run
    kept, runs = [], set()
    for c in table.candidate:
        ws = c.split()
        pairs = {" ".join(ws[i:i + 2]) for i in range(len(ws) - 1)}
        if not pairs & runs:
            kept.append(c)
        runs |= pairs
    return table[table.candidate.isin(kept)].head(top).reset_index(drop=True)


def _recurring_starts(ids: np.ndarray, lengths: np.ndarray, doc_ids: list, min_documents: int,
                      n: tuple[int, int], is_stop: np.ndarray) -> list[tuple[int, list[tuple[int, int]]]]:
    """Where the sequences worth gathering start: ``(sentence, [(first word, size), ...])`` for every
    sequence of ``n[0]`` to ``n[1]`` words of the sentences (their word ``ids`` end to end, ``lengths``
    words each) neither starting nor ending with a stopword, leaving out those holding a pair of adjacent
    words found in fewer than ``min_documents`` documents (the sequence cannot recur in more). In order:
    by sentence, then by size, then by first word."""
    if not len(ids):
        return []
    row = np.repeat(np.arange(len(lengths)), lengths)
    doc_codes = pd.factorize(pd.Series(doc_ids, dtype=object))[0]
    doc = doc_codes[row]
    # each pair of adjacent words of one sentence, as one number, and in how many documents it is
    inside = row[1:] == row[:-1]
    pair = ids[:-1] * (int(ids.max()) + 1) + ids[1:]
    at = np.flatnonzero(inside)
    frequent = np.zeros(len(ids), dtype=bool)            # the pair starting at each word recurs enough
    if len(at) and min_documents > 1:
        order = np.lexsort((doc[at], pair[at]))
        p, d = pair[at][order], doc[at][order]
        new = np.r_[True, (p[1:] != p[:-1]) | (d[1:] != d[:-1])]
        unique, counts = np.unique(p[new], return_counts=True)
        frequent[at] = np.isin(pair[at], unique[counts >= min_documents])
    elif len(at):
        frequent[at] = True
    # from each word, how many frequent pairs follow one another
    index = np.arange(len(ids))
    breaks = np.where(frequent, len(ids), index)
    run = np.minimum.accumulate(breaks[::-1])[::-1] - index
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    out: dict[int, list] = {}
    for size in range(n[0], n[1] + 1):
        last = index + size - 1
        ok = (run >= size - 1) & (last < len(ids))
        ok &= ~is_stop[ids]
        ok[ok] &= ~is_stop[ids[last[ok]]] & (row[last[ok]] == row[ok])
        for t in np.flatnonzero(ok).tolist():
            out.setdefault(int(row[t]), []).append((t - int(first[row[t]]), size))
    return sorted(out.items())


def as_registry_entries(candidates: pd.DataFrame, government: str = "", corpus: str = "the corpus") -> str:
    """Discovered candidates as registry entries (YAML) for a researcher to review and paste into
    ``data/formulations.yaml``: each needs a category, a government and a source before it is kept."""
    lines = ["# Candidate formulations discovered by `readouts phrases --discover`: review each one; give it a",
             "# category, a government and a source (and variants) before you move it into formulations.yaml.",
             "formulations:"]
    for r in candidates.itertuples():
        slug = re.sub(r"[^a-z0-9]+", "_", r.candidate.lower()).strip("_")[:45]
        lines += [f"  - id: {slug}", f"    canonical: {json.dumps(r.candidate, ensure_ascii=False)}",
                  "    category: relationship   # review",
                  f"    government: {government or 'china'}   # review", "    variants: []",
                  f"    first_use: \"{r.first_date}\"   # first in {corpus}",
                  "    source: " + json.dumps(f"discovered in {corpus}: {r.documents} documents, {r.sources} sources, "
                                         f"{r.first_date or '?'} to {r.last_date or '?'}", ensure_ascii=False)
                  + "   # replace with a source key [Sx]"]
    return "\n".join(lines) + "\n"


def _registered_stem_runs() -> frozenset[str]:
    """Every run of two words or more inside a registered formulation's wordings, as stems: a candidate
    that is only a part of a registered formulation ("common ground while shelving differences") is not new."""
    from ..layers.formulations import load_registry, stems

    runs = set()
    for f in load_registry().formulations:
        for form in f.forms:
            st = [s for s, _, _ in stems(form)]
            runs.update(" ".join(st[i:j]) for i in range(len(st)) for j in range(i + 2, len(st) + 1))
    return frozenset(runs)
