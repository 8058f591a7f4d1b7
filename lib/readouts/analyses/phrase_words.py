"""What the phrase tools count: words, stopwords, and the words of many sentences as numbers.

A word is a run of letters and digits with inner hyphens and apostrophes (the library's one word pattern,
:mod:`readouts.read.words`), lower-cased, with ``’`` read as ``'``. :func:`tokenize` gives the words of
sentences chunk by chunk as numbers into their distinct words (:class:`Tokens`): what
:class:`~readouts.analyses.phrase_counts.PhraseCounts` stores. Callers import these names from
:mod:`readouts.analyses.recurring_phrases`.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np

from ..lexicons import file_key
from ..read import words as word_pattern


@lru_cache(maxsize=2)
def _stopwords(path, mtime) -> frozenset[str]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def stopwords(path: str = "stopwords.txt") -> frozenset[str]:
    """The function words of ``data/stopwords.txt``."""
    return _stopwords(*file_key(path))


def words(text: str) -> list[str]:
    """Lower-cased words of a text, as the phrase tools count them (the library's one word pattern,
    :mod:`readouts.read.words`: "2.5" is one word here as in ``n_words``).

    >>> words("China-Japan relations aren't Xi's 2.5")
    ['china-japan', 'relations', "aren't", "xi's", '2.5']
    """
    return [w.lower().replace("’", "'") for w in word_pattern.words(text)]


# -- words as numbers, chunk by chunk -------------------------------------------------------------
class _Ids(dict):
    """word -> its number, a new word getting the next one."""

    def __init__(self, first: int = 0):
        super().__init__()
        self.first = first

    def __missing__(self, word):
        self[word] = i = len(self) + self.first
        return i


@dataclass
class Tokens:
    """The words of some sentences, as numbers: ``ids`` index ``uniq`` (the distinct words, lower-cased),
    ``lengths`` gives each sentence's number of words, in order."""

    uniq: list[str]
    ids: np.ndarray
    lengths: np.ndarray


@lru_cache(maxsize=1)
def _changed_by_lowering():
    """A pattern finding the characters whose lower-casing is not one character of the same kind
    (``İ`` -> ``i̇``), or depends on the next characters (``Σ``: ``σ`` or final ``ς``). In a text
    without them, lower-casing the whole text gives the words lower-casing each word gives."""
    import re
    import sys

    word, digit = re.compile(r"\w"), re.compile(r"\d")
    odd = {"\u03a3"}
    for i in range(sys.maxunicode + 1):
        c = chr(i)
        low = c.lower()
        if low != c and (len(low) != 1 or bool(word.match(c)) != bool(word.match(low))
                         or bool(digit.match(c)) != bool(digit.match(low)) or low in "-'’.,"):
            odd.add(c)
    return re.compile("[" + "".join(re.escape(c) for c in sorted(odd)) + "]")


def tokenize(texts: Iterable[tuple[str, Iterable[tuple[int, int]]]]) -> Tokens:
    """The words of the sentences ``text[start:end]`` of each ``(text, [(start, end), ...])``, exactly
    as :func:`words` gives them.

    >>> t = tokenize([("We agree. We AGREE’s.", [(0, 9), (10, 21)])])
    >>> [t.uniq[i] for i in t.ids], t.lengths.tolist()
    (['we', 'agree', 'we', "agree's"], [2, 2])
    """
    findall = word_pattern.WORD.findall
    odd = _changed_by_lowering().search
    found: list[str] = []
    lengths = array("i")
    for text, bounds in texts:
        low = text.replace("’", "'")            # both are inner apostrophes to the word pattern
        if odd(low) is None:
            low = low.lower()                   # once for the text, not once per word
            for start, end in bounds:
                these = findall(low, start, end)
                found += these
                lengths.append(len(these))
        else:
            for start, end in bounds:
                these = [w.lower().replace("’", "'") for w in findall(text, start, end)]
                found += these
                lengths.append(len(these))
    local = _Ids()
    ids = np.fromiter(map(local.__getitem__, found), np.int32, len(found))
    return Tokens(list(local), ids, np.frombuffer(lengths, dtype=np.int32))
