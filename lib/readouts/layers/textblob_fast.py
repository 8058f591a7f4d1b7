"""TextBlob's sentiment, exactly, at the speed of a dictionary lookup.

``TextBlob(text).sentiment`` (the ``PatternAnalyzer``) is a tokenizer, a lexicon lookup and a short
state machine for negations, intensifiers and exclamation marks (``textblob/_text.py``:
``find_tokens`` and ``Sentiment.assessments``). :class:`FastPattern` re-implements the three with
TextBlob's own data, read from the installed package (its lexicon, negations, modifiers, punctuation,
abbreviations and emoticons), so an upgrade of TextBlob is picked up. What makes it fast: every
whitespace-separated chunk is split into tokens and looked up once and remembered; a sentence that
could hold an emoticon or a sarcasm mark (a cheap regular expression on the raw text says so) is
tokenized by TextBlob's own ``find_tokens``, since only there do tokens across chunks merge.

A document's score, TextBlob on its sentences joined by spaces, is derived from the sentences' own
assessments without a second pass: the state machine carries a modifier or a negation across a
sentence boundary only rarely, and then that sentence alone is run again from the carried state.

>>> from textblob import TextBlob
>>> fast = FastPattern()
>>> fast.sentiment("Xi is not very happy.")
(-0.3076923076923077, 0.7692307692307692)
>>> fast.sentiment("Xi is not very happy.") == TextBlob("Xi is not very happy.").sentiment
True
>>> fast.assessments("A really good, not bad result!")
[(['really', 'good'], 0.7, 0.6000000000000001, None), (['not', 'bad', '!'], 0.4374999999999999, 0.6666666666666666, None)]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain
from functools import lru_cache

EOS = "END-OF-SENTENCE"
MAX_CACHED_CHUNKS = 500_000        # the chunk cache starts afresh beyond this many distinct chunks


class _Chunks(dict):
    """Chunk -> its state-machine items, each computed on first sight."""

    def __init__(self, compute):
        super().__init__()
        self.compute = compute

    def __missing__(self, chunk):
        if len(self) >= MAX_CACHED_CHUNKS:        # a stream of new words (ids, numbers) cannot grow it forever
            self.clear()
        items = self[chunk] = self.compute(chunk)
        return items


@dataclass(slots=True)
class Scored:
    """One sentence as TextBlob reads it: its tokens as state-machine items, its raw assessments (lists of
    ``[words, polarity, subjectivity, intensity, negated, label]``, the state machine's own records)
    and the state it ends in (the pending modifier and negation), and whether an exclamation mark
    came before its first assessment (which would boost the previous sentence's last one)."""
    items: list
    raw: list
    end: tuple
    bang_first: bool

    def final(self) -> list[tuple]:
        return _final(self.raw)

    def score(self) -> tuple[float, float]:
        return _score(self.raw)


def _final(raw) -> list[tuple]:
    # "not good" = slightly bad, "not bad" = slightly good (TextBlob's last step)
    return [(r[0], r[1] * -0.5 if r[4] < 0 else r[1], r[2], r[5]) for r in raw]


def _score(raw) -> tuple[float, float]:
    # TextBlob's avg(): a running sum from 0 in order, divided by the count (or 1)
    p_sum = s_sum = 0
    for r in raw:
        p_sum += r[1] * -0.5 if r[4] < 0 else r[1]
        s_sum += r[2]
    n = float(len(raw) or 1)
    return p_sum / n, s_sum / n


class FastPattern:
    """TextBlob's ``PatternAnalyzer`` re-implemented on its own lexicon; see the module docstring."""

    def __init__(self):
        from textblob import _text
        from textblob.en import sentiment as lexicon

        len(lexicon)                                   # the lazy dictionary loads its XML here
        modifiers = tuple(lexicon.modifiers)
        self._lexicon = lexicon
        # word -> (polarity, subjectivity, intensity, can modify the next word, label): pos is None
        # for plain strings, so TextBlob reads lexicon[w][None] and a modifier is any sense tagged RB
        self.entries = {w: (*senses[None], any(p in senses for p in modifiers), lexicon.labeler.get(w))
                        for w, senses in dict.items(lexicon) if None in senses}
        self.negations = frozenset(lexicon.negations)
        self.modifier = lexicon.modifier               # "really not good": an -ly word before a negation
        self.punctuation = _text.PUNCTUATION
        self.emoticons: dict[str, float] = {}
        for (_, polarity), faces in _text.EMOTICONS.items():
            for face in faces:
                self.emoticons.setdefault(face.lower(), polarity)
        self.irony, self.mood = _text.IRONY, _text.MOOD
        self._find_tokens = lexicon.tokenizer
        self._text = _text
        self._lead = tuple(_text.PUNCTUATION.replace(".", ""))
        self._trail = self._lead + (".",)
        self._replace = _text.replacements
        # a sentence whose raw text holds an emoticon's or the sarcasm mark's characters in order
        # (spaces between allowed) goes to TextBlob's own tokenizer: only there do chunks merge
        faces = sorted({f for fs in _text.EMOTICONS.values() for f in fs}, key=len, reverse=True)
        self._merging = re.compile("|".join(r"\s*".join(map(re.escape, f)) for f in faces) + r"|\(\s*!\s*\)")
        # TextBlob splits "n't" off (its other contractions only add a space before a quote that
        # is padded anyway) and pads every quote with spaces
        self._quotes = str.maketrans({q: f" {q} " for q in "“”‘’'\""})
        self._chunks = _Chunks(self._chunk_items)
        self.tokenized_by_textblob = 0                 # sentences sent to TextBlob's tokenizer
        self.documents_by_textblob = 0                 # documents scored by TextBlob itself

    # -- tokens ------------------------------------------------------------------------------
    def _split_chunk(self, t: str) -> tuple:
        """``find_tokens``'s loop over one chunk: leading and trailing punctuation off, an ellipsis
        kept whole, a final period kept on an abbreviation; then lower-cased, the end mark dropped."""
        text, lead, trail, replace = self._text, self._lead, self._trail, self._replace
        tokens, tail = [], []
        while t.startswith(lead) and t not in replace:
            tokens.append(t[0])
            t = t[1:]
        while t.endswith(trail) and t not in replace:
            if t.endswith(lead):
                tail.append(t[-1])
                t = t[:-1]
            if t.endswith("..."):
                tail.append("...")
                t = t[:-3].rstrip(".")
            if t.endswith("."):
                if (t in text.ABBREVIATIONS or text.RE_ABBR1.match(t) is not None
                        or text.RE_ABBR2.match(t) is not None or text.RE_ABBR3.match(t) is not None):
                    break
                tail.append(t[-1])
                t = t[:-1]
        if t != "":
            tokens.append(t)
        tokens.extend(reversed(tail))
        return tuple(w.lower() for w in tokens if w != EOS)

    def tokens(self, text: str) -> list[str]:
        """The lower-cased words TextBlob assesses in ``text``.

        >>> FastPattern().tokens("He didn't say: “great”...")
        ['he', 'did', 'n', "'", 't', 'say', ':', '“', 'great', '”', '...']
        """
        if self._merging.search(text):
            return [w.lower() for w in " ".join(self._find_tokens(text)).split()]
        out = []
        for chunk in text.replace("n't", " n't").translate(self._quotes).split():
            out += self._split_chunk(chunk)
        return out

    def _item(self, w: str):
        """What the state machine needs of a token: a known word's entry (a tuple), ``None`` for a
        word that only ends a pending modifier and negation (unknown, not a negation, an
        exclamation or an emoticon, and too long to be skipped over), else the token itself."""
        e = self.entries.get(w)
        if e is not None:
            return (w, *e)
        if (w in self.negations or len(w) <= 2 or len(w.strip("'")) <= 1 or w in ("!", "(!)")
                or w in self.emoticons):
            return w
        return None

    def _stream(self, text: str) -> list:
        """The sentence's tokens as state-machine items (see :meth:`_item`), runs of ``None`` as one."""
        if self._merging.search(text):
            self.tokenized_by_textblob += 1
            items = [self._item(w.lower()) for w in " ".join(self._find_tokens(text)).split()]
            return [x for k, x in enumerate(items) if x is not None or k == 0 or items[k - 1] is not None]
        parts = text.replace("n't", " n't").translate(self._quotes).split()
        return list(chain.from_iterable(map(self._chunks.__getitem__, parts)))

    def _chunk_items(self, chunk: str) -> tuple:
        """A chunk's items, computed once (``_Chunks.__missing__``); a run of ``None`` kept as one."""
        items = [self._item(w) for w in self._split_chunk(chunk)]
        return tuple(x for k, x in enumerate(items) if x is not None or k == 0 or items[k - 1] is not None)

    def _run(self, items, raw: list, m, n) -> tuple:
        """``Sentiment.assessments`` over a stream of items (:meth:`_stream`), appending to ``raw``
        from state ``(m, n)``; returns the end state and whether a "!" came while ``raw`` was empty."""
        negations, punctuation = self.negations, self.punctuation
        bang_first = False
        for item in items:
            if item is None:                           # a plain word ends any modifier and negation
                m = n = None
                continue
            if item.__class__ is tuple:
                w, p, s, i, modifies, label = item
                if m is None:                          # a known word: "good"
                    raw.append([[w], p, s, i, 1, label])
                else:                                  # after a modifier: "really good"
                    last = raw[-1]
                    last[0].append(w)
                    last[1] = max(-1.0, min(p * last[3], +1.0))
                    last[2] = max(-1.0, min(s * last[3], +1.0))
                    last[3] = i
                    last[5] = label
                if n is not None:                      # after a negation: "not really good"
                    last = raw[-1]
                    last[0].insert(0, n)
                    last[3] = 1.0 / last[3]
                    last[4] = -1
                m = w if modifies else None
                n = w if w in negations else None
                continue
            w = item
            if w in negations:                         # an unknown negation: "not good"
                n = w
            elif n and len(w.strip("'")) > 1:          # a negation reaches across small words only
                n = None
            if n is not None and m is not None and self.modifier(m):
                raw[-1][0].append(n)                   # "really not good"
                raw[-1][4] = -1
                n = None
            elif m and len(w) > 2:                     # a modifier reaches across small words only
                m = None
            if w == "!":
                if raw:                                # an exclamation mark boosts the word before it
                    raw[-1][0].append("!")
                    raw[-1][1] = max(-1.0, min(raw[-1][1] * 1.25, +1.0))
                else:
                    bang_first = True
            if w == "(!)":
                raw.append([[w], 0.0, 1.0, 1.0, 1, self.irony])
            if w.isalpha() is False and len(w) <= 5 and w not in punctuation:
                p = self.emoticons.get(w)
                if p is not None:
                    raw.append([[w], p, 1.0, 1.0, 1, self.mood])
        return (m, n), bang_first

    # -- public ------------------------------------------------------------------------------
    def scored(self, text: str) -> Scored:
        """One sentence's tokens, assessments and end state (see :class:`Scored`)."""
        items = self._stream(text)
        raw: list = []
        end, bang_first = self._run(items, raw, None, None)
        return Scored(items, raw, end, bang_first)

    def sentiment(self, text: str) -> tuple[float, float]:
        """``(polarity, subjectivity)``, as ``TextBlob(text).sentiment``."""
        return self.scored(text).score()

    def assessments(self, text: str) -> list[tuple]:
        """``TextBlob(text).sentiment_assessments.assessments``: ``(words, polarity, subjectivity, label)``."""
        return self.scored(text).final()

    def document(self, texts: list[str], scored: list[Scored]) -> tuple[float, float]:
        """TextBlob on ``" ".join(texts)``, from each text's :class:`Scored` without tokenizing again.

        A sentence that starts in a clean state reuses its own assessments; one that inherits a
        pending modifier or negation (or whose early "!" would boost the previous sentence's last
        word) is run again from that state. Where an emoticon could span two sentences, TextBlob
        itself scores the joined text (counted in ``documents_by_textblob``).
        """
        for a, b in zip(texts, texts[1:]):
            tail, head = a[-8:], b[:8]
            m = self._merging.search(f"{tail} {head}")
            if m and m.start() < len(tail) < m.end():
                self.documents_by_textblob += 1
                from textblob.en.sentiments import pattern_sentiment
                return tuple(pattern_sentiment(" ".join(texts)))
        raw: list = []
        state = (None, None)
        for sc in scored:
            if state == (None, None) and not (raw and sc.bang_first):
                raw += sc.raw
                state = sc.end
            else:
                if raw:                                # the rerun may change it: keep the sentence's own
                    raw[-1] = [list(raw[-1][0]), *raw[-1][1:]]
                state, _ = self._run(sc.items, raw, *state)
        return _score(raw)


@lru_cache(maxsize=1)
def fast_pattern() -> FastPattern:
    """The shared :class:`FastPattern` (its chunk memory grows with the vocabulary read)."""
    return FastPattern()
