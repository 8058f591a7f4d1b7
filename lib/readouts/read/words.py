"""What a word is, once for the whole library.

A word is a run of letters and digits with inner hyphens and apostrophes ("China-Japan",
"aren't"), and a number written with a decimal point or thousands separators is one word
("2.5", "1,000"). Word counts (``n_words``), phrase tables, keyness and keyword-in-context
windows all use this one pattern, so a count in one table is the count in another.

>>> words("China-Japan relations aren't 2.5 times better.")
['China-Japan', 'relations', "aren't", '2.5', 'times', 'better']
"""
from __future__ import annotations

import re

WORD = re.compile(r"\d+(?:[.,]\d+)+|\w+(?:[-'’]\w+)*")


def words(text: str) -> list[str]:
    """The words of ``text``, as written."""
    return WORD.findall(text)


def count_words(text: str) -> int:
    """How many words ``text`` holds.

    >>> count_words("China-Japan relations aren't 2.5 times better.")
    6
    """
    return len(WORD.findall(text))
