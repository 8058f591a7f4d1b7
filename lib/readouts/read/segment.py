"""Paragraphs and sentences, with character offsets, offline and fast.

A regular-expression splitter with rules for what news and diplomatic texts contain:
abbreviations (``Oct. 31``, ``U.S.``, ``Mr.``, ``No. 1``, ``e.g.``), initials, decimals,
a quotation closing a sentence (``...future," he said.``), numbered and bulleted items,
headings without a full stop, and CJK full-width punctuation. It needs no NLTK data and
runs at about the speed of a word-splitting regex (see BENCHMARKS in the README).

>>> sentence_spans('Xi met Takaichi on Oct. 31. He said: "We will." Then he left.')
[(0, 27), (28, 47), (48, 61)]
"""
from __future__ import annotations

import re
import statistics

from .formats.patterns import BULLET, LINE_ENDS_SENTENCE, LIST_ITEM

# -- abbreviations -----------------------------------------------------------------
# Words before a full stop that never end a sentence ("Mr. Abe").
TITLES = frozenset(
    "mr mrs ms dr prof st gen sen rep gov lt col capt sgt maj adm rev hon messrs mmes mt ft "
    "amb pres supt cmdr brig cpl pvt sec secy atty".split()
)
# Never a sentence end, whatever follows ("e.g. China").
INNER_ONLY = frozenset("e.g eg i.e ie cf vs viz approx ca resp".split())
# Not a sentence end when a number follows ("No. 1", "Oct. 31", "Art. 9", "p. 5").
BEFORE_NUMBER = frozenset(
    "no nos art arts para paras vol vols p pp fig figs sec ch op res "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# Abbreviations that may end a sentence: a sentence ends there only when the next word
# is one that typically opens a sentence ("... in the U.S. The talks ...").
MAY_END = frozenset("inc ltd co corp bros etc al a.m p.m jr sr".split())
SENTENCE_OPENERS = frozenset(
    """The A An This That These Those It Its He She His Her They Their Them We Our I
    In On At As But And Or So Yet For If When While After Before Since Although Though
    However Meanwhile Moreover Furthermore Also Both Such There Here What Who Why How
    Today Yesterday Earlier Later Then Now Some Many Most All No Not Each Every""".split()
)

_OPEN_QUOTES = "\"'“‘«([「『（"
_CLOSERS = "\"'”’»)]」』）"

# A candidate boundary: a run of terminal punctuation and closing quotes. One leading
# character class lets the regex engine scan fast; the rest is decided in Python.
_CANDIDATE = re.compile(r"[.!?…。！？][.!?…。！？]*[" + re.escape(_CLOSERS) + r"]*")
_CJK_TERMINALS = frozenset("。！？")
_CJK_QUOTE_CONTINUES = frozenset("とっ、，")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_HAS_DIGIT = re.compile(r"\d")
_NEXT_WORD = re.compile(r"\s*[" + re.escape(_OPEN_QUOTES) + r"]*(\S*?)[.,;:!?\"'”’)]*(?:\s|$)")
_PREV_TOKEN = re.compile(r"(\S+)$")
_ROMAN_ITEM = re.compile(r"^[ \t]*(?:[IVX]{1,4}|[ivx]{1,4})[.)][ \t]+\S")
_MARKER = re.compile(r"[ \t]*\(?[0-9A-Za-z]{1,4}[.)]")
_ROMAN_NUMBER = re.compile(r"(?:[IVXLC]{1,7})\b")


def _is_boundary(text: str, m: re.Match, end_limit: int) -> bool:
    """Decide whether a run of terminal punctuation ends a sentence."""
    punct = m.group()
    if punct[0] in _CJK_TERMINALS:
        # 「はい。」と彼は言った: a quotation closed inside a sentence goes on
        return not (punct[-1] in _CLOSERS and text[m.end():m.end() + 1] in _CJK_QUOTE_CONTINUES)
    after = m.end()
    if after < end_limit and not text[after].isspace():
        return False           # "3.5", "U.S.", "www.un.org"
    rest = text[after:after + 40].lstrip()
    if not rest or after >= end_limit:
        return True
    nxt = rest[0]
    if nxt.islower():          # "e.g. the", '"Why?" he asked'
        return False
    if punct.rstrip(_CLOSERS) != ".":   # "?", "!", "...": a sentence ends unless lowercase follows
        return True
    start = m.start()
    prev = _PREV_TOKEN.search(text, max(0, start - 30), start)
    if not prev:
        return True
    token = prev.group(1).lstrip(_OPEN_QUOTES)
    low = token.lower()
    if not _HAS_LETTER.search(token) or _HAS_DIGIT.search(token):
        return True            # "2019." or "No. 1." ends; decimals never reach here
    next_word_m = _NEXT_WORD.match(text, after, end_limit)
    next_word = next_word_m.group(1) if next_word_m else ""
    if low in TITLES or low in INNER_ONLY:
        return False
    if low in BEFORE_NUMBER and (nxt.isdigit() or _ROMAN_NUMBER.match(next_word)):
        return False                                # "No. 1", "resolution No. XII"
    if low in MAY_END:
        return next_word in SENTENCE_OPENERS
    if len(token) == 1 and token.isupper():          # an initial: "John F. Kennedy"
        return next_word in SENTENCE_OPENERS
    if "." in token and len(token) <= 12:           # "U.S", "U.N", "D.C"
        return next_word in SENTENCE_OPENERS
    return True


def _list_marker_end(text: str, start: int, end: int) -> int:
    """Where the text proper starts after a leading list marker (bullets are dropped)."""
    head = text[start:min(end, start + 12)]
    b = BULLET.match(head)
    if b:
        return start + b.end()
    return start


def _marker_span(text: str, start: int, end: int) -> int:
    """End of a leading numbered marker ("1. ", "IV. "), inside which no sentence ends."""
    head = text[start:min(end, start + 12)]
    if LIST_ITEM.match(head) or _ROMAN_ITEM.match(head):
        m = _MARKER.match(head)
        if m:
            return start + m.end()
    return start


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences; return ``(start, end)`` offsets into ``text``.

    Leading and trailing whitespace is left out of every span, so
    ``text[s:e]`` is the sentence as written.

    >>> t = 'The U.S. and China met on Oct. 31. "We agree," Xi said. 2.5% growth.'
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['The U.S. and China met on Oct. 31.', '"We agree," Xi said.', '2.5% growth.']
    """
    if end is None:
        end = len(text)
    start = _list_marker_end(text, start, end)
    marker_end = _marker_span(text, start, end)
    spans: list[tuple[int, int]] = []
    cur = start
    for m in _CANDIDATE.finditer(text, start, end):
        if m.end() <= marker_end:
            continue
        if _is_boundary(text, m, end):
            _append(spans, text, cur, m.end())
            cur = m.end()
            # "1. First item. 2. Second item.": no sentence ends inside the next marker either
            marker_end = _marker_span(text, _skip_space(text, cur, end), end)
    _append(spans, text, cur, end)
    return spans


def _skip_space(text: str, i: int, end: int) -> int:
    while i < end and text[i].isspace():
        i += 1
    return i


def _append(spans: list[tuple[int, int]], text: str, s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))


# -- paragraphs -----------------------------------------------------------------------
_HYPHEN_BREAK = re.compile(r"[A-Za-z]-$")
_ABBREV_END = re.compile(r"(?:^|\s)(?:[A-Z]|[A-Za-z]{1,4}\.[A-Za-z]{1,4}|Mr|Mrs|Ms|Dr|St|No)\.$")
# Han, kana and CJK punctuation (not Hangul: Korean puts spaces between words)
_CJK_CHAR = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uff60]")
_LINE_END_CHARS = frozenset(".!?:;。！？…\"'”’»)]」』）")


def _ends_sentence(line: str) -> bool:
    # the cheap test first: most wrapped lines end in a letter or a comma
    return (line[-1:] in _LINE_END_CHARS and bool(LINE_ENDS_SENTENCE.search(line))
            and not _ABBREV_END.search(line))


def split_paragraphs(text: str) -> list[str]:
    """Split plain text into paragraphs, joining hard-wrapped lines.

    Paragraphs are found whether they are separated by blank lines, by lines holding only
    spaces, or written one per line. Inside a block of lines, a line break is a wrap (joined
    with a space) when the line stops mid-sentence, and a paragraph end when the line ends a
    sentence and is shorter than the wrap width or the text is written one paragraph per
    line. A word hyphenated across lines keeps its hyphen ("fifty-" + "fourth"). A blank line
    inside a sentence (a page break in text taken from a PDF) does not end the paragraph when
    the text goes on in lowercase.

    >>> split_paragraphs("First line wraps\\nhere. Done.\\n   \\nOne per line.\\nTwo per line.")
    ['First line wraps here. Done.', 'One per line.', 'Two per line.']
    """
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:                      # blank, or only (any Unicode) whitespace
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    ends = [[_ends_sentence(line) for line in block] for block in blocks]
    width = _wrap_width(blocks, ends)
    paragraphs: list[str] = []
    for block, block_ends in zip(blocks, ends):
        found = _paragraphs_in_block(block, block_ends, width)
        # a page break inside a sentence (PDF-extracted text): the next block goes on in lowercase
        if paragraphs and found[0][:1].islower() and not _ends_sentence(paragraphs[-1]):
            paragraphs[-1] += " " + found.pop(0)
        paragraphs.extend(found)
    return paragraphs


def _wrap_width(blocks: list[list[str]], ends: list[list[bool]]) -> float:
    """Typical line width of hard-wrapped text: lines that stop mid-sentence are full."""
    lengths = [len(line) for block, e in zip(blocks, ends) for line, end in zip(block[:-1], e) if not end]
    if len(lengths) < 3:
        lengths = [len(line) for block in blocks for line in block]
    return statistics.median_high(lengths) if lengths else 0.0


def _paragraphs_in_block(lines: list[str], ends: list[bool], width: float) -> list[str]:
    if len(lines) == 1:
        return lines
    wrapped = ends[:-1].count(False) / (len(lines) - 1) >= 0.3
    # a heading stands alone whatever the line width: a short capitalised line after a
    # sentence end or at the top of a block (not in a text written all in capitals)
    shouting = sum(line.isupper() for line in lines) > len(lines) / 2
    heads = [not shouting and (i == 0 or ends[i - 1]) and _is_heading(line, ends[i])
             for i, line in enumerate(lines)]
    paragraphs: list[str] = []
    buf: list[str] = [lines[0]]
    for i in range(len(lines) - 1):
        cur, nxt = lines[i], lines[i + 1]
        if (heads[i] and nxt[:1].isupper()) or heads[i + 1] or _breaks_between(cur, ends[i], nxt, wrapped, width):
            paragraphs.append(" ".join(buf))
            buf = [nxt]
        elif cur[-1] == "-" and _HYPHEN_BREAK.search(cur) and nxt[:1].islower():
            buf[-1] += nxt                  # "fifty-" + "fourth": keep the hyphen, no space
        elif _CJK_CHAR.match(cur[-1]) and _CJK_CHAR.match(nxt[0]):
            buf[-1] += nxt                  # Chinese and Japanese put no space between lines
        else:
            buf.append(nxt)
    paragraphs.append(" ".join(buf))
    return paragraphs


def _is_heading(line: str, ends: bool) -> bool:
    """A heading: no full stop, short, and in capitals or Title Case ("TRADE AND INVESTMENT")."""
    if ends or len(line) > 80 or line[-1:] in ",;-–":
        return False
    letters = [w for w in line.split() if w[:1].isalpha()]
    if not letters:
        return False
    if line.isupper():
        return True
    major = [w for w in letters if len(w) > 3]
    return (len(letters) <= 10 and bool(major) and all(w[0].isupper() for w in major)
            and letters[-1][0].isupper())       # "United Nations Security Council and" goes on


def _breaks_between(cur: str, ends: bool, nxt: str, wrapped: bool, width: float) -> bool:
    if nxt[0] in _LIST_STARTS and LIST_ITEM.match(nxt):
        return True
    if not wrapped:
        # one paragraph per line; a line cut mid-sentence continues when lowercase follows
        return ends or not nxt[:1].islower()
    if ends:
        return len(cur) < 0.75 * width
    # a short line without a full stop, followed by a capital: a heading
    return len(cur) < 0.5 * width and nxt[:1].isupper() and not cur.endswith((",", "-", "–"))


_LIST_STARTS = frozenset("0123456789(abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ•·▪●◦‣*–-")
