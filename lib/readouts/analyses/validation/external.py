"""Scoring against corpora coded by other researchers: PolNeAR (attribution in news) and the Comparative
Agendas Project's State of the Union coding (one policy topic per quasi-sentence).

PolNeAR: the unit is PolNeAR's own sentence. A sentence carries an attribution in the gold when an
attribution's cue starts in it (the primary annotator's coding); Readouts finds one when a reporting-verb
span of its anatomy layer starts in it. Of the sentences both mark, the *source* agrees when the words
Readouts took for the speaker share a word with a gold source (or name the same actor), and the *verb*
agrees when Readouts' lemma is a gold cue's head lemma (or its first word: "point out" ~ "point").

CAP: each quasi-sentence is a document; its terms roll up to CAP major topics (the ``policy_cap`` column:
each area's first ``cap`` code, or a term's own in ``cap_terms``). Scored over the topics the scheme rolls up to; per topic beside the F1 of coding every row with it.
"""
from __future__ import annotations

import re
from bisect import bisect_left

import pandas as pd

from . import baselines
from .measures import per_label_prf, prf
from .scoring import ERROR_COLUMNS, FIGURE_COLUMNS, canonical_speaker, figure

_WORDS = re.compile(r"[a-z0-9]+")
_NOT_NAMES = {"the", "a", "an", "of", "and", "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "said"}


def _words(text: str) -> set[str]:
    return set(_WORDS.findall(str(text).lower())) - _NOT_NAMES


def same_source(readouts_mention: str, readouts_speaker: str, gold_sources: list[str]) -> bool:
    """Does Readouts' speaker name one of the gold sources? (a shared content word, or the same actor)"""
    ours = _words(readouts_mention) | _words(readouts_speaker)
    for source in gold_sources:
        if ours & _words(source) or (readouts_speaker and canonical_speaker(source) == canonical_speaker(readouts_speaker)):
            return True
    return False


def same_verb(lemma: str, heads: list[str]) -> bool:
    lemma = lemma.lower().strip()
    heads = [h.lower().strip() for h in heads if h]
    return lemma in heads or lemma.split(" ")[0] in heads


def realign(gold_sentences: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """Gold sentences with ``start``/``end`` moved onto the text Readouts read: PolNeAR's offsets are into the
    raw file, and the loader joins hard-wrapped lines and drops invisible characters, so offsets drift
    after the first change. Each sentence is found by its opening words, searching on from the last one."""
    out = gold_sentences.copy()
    starts, ends = [], []
    cursor: dict[str, int] = {}
    for row in out.itertuples():
        text = texts.get(row.doc_id)
        if text is None:
            starts.append(row.start)
            ends.append(row.end)
            continue
        words = str(row.text).split()[:8]
        start = _find_words(text, words, max(0, cursor.get(row.doc_id, 0) - 20)) if words else None
        if start is None:
            starts.append(row.start)
            ends.append(row.end)
            continue
        starts.append(start)
        ends.append(start + (row.end - row.start))
        cursor[row.doc_id] = start + 1
    out["start"], out["end"] = starts, ends
    return out


def _find_words(text: str, words: list[str], pos: int) -> int | None:
    """Where ``words`` (no whitespace in them) first stand in ``text`` from ``pos``, separated by whitespace
    only: what ``re.search(r"\\s+".join(map(re.escape, words)), text[pos:])`` finds, without compiling a
    pattern per sentence (tens of thousands of them)."""
    first, n = words[0], len(text)
    at = text.find(first, pos)
    while at >= 0:
        k = at + len(first)
        for word in words[1:]:
            j = k
            while j < n and text[j].isspace():
                j += 1
            if j == k or not text.startswith(word, j):
                break
            k = j + len(word)
        else:
            return at
        at = text.find(first, at + 1)
    return None


def _first_verbs(verbs: pd.DataFrame) -> dict:
    """doc_id -> (starts sorted, [(row order, sent, label)] in that order): the verbs of each document, to find
    the first one (in table order) starting in a range by bisection, not by filtering the table per sentence."""
    out = {}
    for doc, g in verbs.groupby("doc_id", sort=False):
        rows = sorted(zip(g.start.tolist(), range(len(g)), g.sent.tolist(), g.label.tolist()))
        out[doc] = ([r[0] for r in rows], [r[1:] for r in rows])
    return out


def score_polnear(gold_sentences: pd.DataFrame, tables, human: dict | None = None, texts: dict | None = None):
    """Attribution detection P/R/F1, source and verb agreement; baseline: the say/tell regex.
    ``texts``: each document's text as Readouts read it, to line the gold sentences up with it."""
    if texts:
        gold_sentences = realign(gold_sentences, texts)
    sents, spans = tables.sentences, tables.spans
    verbs = _first_verbs(spans[spans.layer == "verb"])
    # each sentence's speaker, the first row of a (doc_id, sent) as the table has it
    speaker_of: dict = {}
    for key in zip(sents.doc_id.tolist(), sents.sent.tolist(), sents.speaker_mention.tolist(), sents.speaker.tolist()):
        speaker_of.setdefault(key[:2], key[2:])
    found, lemmas, mentions, speakers = [], [], [], []
    for row in gold_sentences.itertuples():
        starts, rows = verbs.get(row.doc_id, ((), ()))
        hits = rows[bisect_left(starts, row.start):bisect_left(starts, row.end)]
        if hits:
            _, sent, label = min(hits)                  # the first in table order
            mention, speaker = speaker_of[(row.doc_id, sent)]
            found.append(True)
            lemmas.append(label)
            mentions.append(str(mention or ""))
            speakers.append(str(speaker or ""))
        else:
            found.append(False)
            lemmas.append("")
            mentions.append("")
            speakers.append("")
    data = gold_sentences.assign(found=found, lemma=lemmas, mention=mentions, speaker=speakers)
    regex = data.text.map(baselines.regex_attribution)
    data["b_found"] = regex.map(lambda x: bool(x[0]))
    data["b_lemma"] = regex.map(lambda x: x[0])
    data["b_mention"] = regex.map(lambda x: x[1])
    gold_has = data.has_cue.astype(int) == 1
    heads = data.cue_heads.fillna("").map(lambda s: [h.strip() for h in str(s).split("|")])
    sources = data.sources.fillna("").map(lambda s: [h.strip() for h in str(s).split("|") if h.strip()])
    rows, errors = [], []
    for reader, f, lem, men, spk in (("readouts", "found", "lemma", "mention", "speaker"),
                                     ("regex say/tell/according to", "b_found", "b_lemma", "b_mention", None)):
        scores = prf([{1} if g else set() for g in gold_has], [{1} if p else set() for p in data[f]])
        for measure in ("precision", "recall", "f1"):
            rows.append(figure("attribution", f"detection {measure}", reader, int(gold_has.sum()), scores[measure]))
        both = data[gold_has & data[f]]
        with_source = both[sources.loc[both.index].map(bool)]
        src_ok = [same_source(m, (s if spk else ""), src) for m, s, src in
                  zip(with_source[men], with_source[spk] if spk else [""] * len(with_source), sources.loc[with_source.index])]
        verb_ok = [same_verb(l, h) for l, h in zip(both[lem], heads.loc[both.index])]
        rows.append(figure("attribution", "source agreement", reader, len(src_ok),
                           round(sum(src_ok) / len(src_ok), 4) if src_ok else None))
        rows.append(figure("attribution", "verb agreement", reader, len(verb_ok),
                           round(sum(verb_ok) / len(verb_ok), 4) if verb_ok else None))
    if human:
        rows.append(figure("attribution", "detection f1", "human", human["n"], human["f1"]))
    for x in data[gold_has != data.found].itertuples():
        kind = "attribution missed" if x.has_cue else "attribution not in gold"
        errors.append(("attribution", kind, x.doc_id, x.sent, str(x.cue_texts or ""), x.lemma, x.text))
    for x, h in zip(data[gold_has & data.found].itertuples(), heads[gold_has & data.found]):
        if not same_verb(x.lemma, h):
            errors.append(("attribution", "wrong verb", x.doc_id, x.sent, "|".join(h), x.lemma, x.text))
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS), pd.DataFrame(errors, columns=ERROR_COLUMNS)


def polnear_human_agreement(cues: pd.DataFrame, gold_sentences: pd.DataFrame) -> dict:
    """Sentence-level detection F1 between PolNeAR's primary annotator and each other annotator of the
    articles several of them coded (pooled): how far two trained humans agree."""
    shared = cues.groupby("doc_id").annotator.nunique()
    shared = shared[shared > 1].index
    tp = fp = fn = n = 0
    for doc in shared:
        part = cues[cues.doc_id == doc]
        primary = set(part[part.primary == 1].sent)
        for annotator, other in part[part.primary == 0].groupby("annotator"):
            mine = set(other.sent)
            tp += len(primary & mine)
            fp += len(mine - primary)
            fn += len(primary - mine)
            n += 1
    return {"n": n, "f1": round(2 * tp / (2 * tp + fp + fn), 4) if tp + fp + fn else None, "articles": len(shared)}


def score_cap(rows: pd.DataFrame, sentences: pd.DataFrame, scheme, cap_scheme: bool = False):
    """The diplomatic scheme's roll-up (over the topics it rolls up to), or with ``cap_scheme`` the CAP
    scheme's own topics (over all major topics), against CAP's major topic per row."""
    rolled = {a.code: a.cap[0] for a in scheme.areas}
    topics = scheme.rollup_topics
    layer = "policy (CAP scheme)" if cap_scheme else "policy (CAP roll-up)"
    per_row = sentences.groupby("doc_id").policy_cap.agg(lambda cells: {int(c) for cell in cells for c in str(cell).split(";") if c})
    predicted = [per_row.get(i, set()) for i in rows.id]
    keyword = [{rolled[c] for c in baselines.keyword_areas(t, str(scheme.path))} for t in rows.text]
    gold = [{int(t)} & set(topics) for t in rows.cap_major]
    out, errors = [], []
    for reader, pred in (("readouts", predicted), ("keyword coder (area names)", keyword)):
        scores = prf(gold, pred)
        for measure in ("precision", "recall", "f1"):
            out.append(figure(layer, f"micro {measure}", reader, sum(map(len, gold)), scores[measure]))
    per_topic = per_label_prf(gold, predicted, topics)
    for topic, s in per_topic.items():
        prevalence = s["support"] / len(rows) if len(rows) else 0
        out.append(figure(layer, f"F1 topic {topic}", "readouts", s["support"], s["f1"]))
        out.append(figure(layer, f"F1 topic {topic}", "every row coded with it", s["support"],
                          round(2 * prevalence / (1 + prevalence), 4) if prevalence else 0.0))
    for r, g, p in zip(rows.itertuples(), gold, predicted):
        for t in sorted(g - p):
            errors.append((layer, f"topic missed: {t}", r.id, 0, str(t), ";".join(map(str, sorted(p))), r.text))
        for t in sorted(p - g):
            errors.append((layer, f"topic not in gold: {t}", r.id, 0, str(r.cap_major), str(t), r.text))
    return pd.DataFrame(out, columns=FIGURE_COLUMNS), pd.DataFrame(errors, columns=ERROR_COLUMNS)
