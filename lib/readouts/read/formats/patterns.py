"""Every regular expression the loader uses, named and kept together.

Change a source's quirks here, not in ``if`` branches spread through the loader.
"""
from __future__ import annotations

import re

# -- the seed format ----------------------------------------------------------------
# First line: " date 2025-10-31 Xi says China ready to work with Japan ..."
SEED_HEADER = re.compile(r"^[ \t]*date[ \t]+(?P<date>\S+)(?:[ \t]+(?P<headline>\S.*?))?[ \t]*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# A photo caption ends in a credit: "... Oct. 31, 2025. (Xinhua/Ding Lin)"
PHOTO_CREDIT = re.compile(
    r"\s*\((?P<credit>(?P<outlet>[A-Z][\w&.' -]{0,40}?)\s*/\s*(?P<photographer>[^()/]{1,80}))\)\s*$"
)

# News dateline opening the first body paragraph:
#   "GYEONGJU, South Korea, Oct. 31 (Xinhua) -- "   "BEIJING, Nov. 1 (Reuters) - "
#   "WASHINGTON (AP) -- "                           "TOKYO, Oct. 31 -- "
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATELINE = re.compile(
    r"^(?P<dateline>"
    r"(?P<place>[A-Z][A-Z.'’ -]+[A-Z.](?:,[ \t]+[A-Z][\w.'’ -]*?)*?)"   # CITY[, Region]
    r"(?:,[ \t]+(?P<day>" + _MONTH + r"[ \t]+\d{1,2}(?:,[ \t]+\d{4})?))?"  # , Oct. 31
    r"[ \t]*(?:\((?P<outlet>[^()]{1,40})\))?"                               # (Xinhua)
    r"[ \t]+(?:--|—|–|-)[ \t]+)"                                          # --
)

# -- file names ---------------------------------------------------------------------
# Built-in file-name patterns (name -> regex on the file name); named groups become
# metadata columns. A user can pass more to load_corpus(name_patterns=...).
FILENAME_PATTERNS: dict[str, re.Pattern[str]] = {
    # UN General Debate corpus: ISO3_NN_YYYY.txt (a few codes are not countries, e.g. EU)
    "un_general_debate": re.compile(r"^(?P<country>[A-Z]{2,3})_(?P<session>\d{2})_(?P<year>\d{4})$"),
    # Our own seed naming: YYYY-MM-DD_outlet_subject.txt
    "dated_outlet_subject": re.compile(
        r"^(?P<date>\d{4}-\d{2}-\d{2})_(?P<outlet>[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)_(?P<subject>[\w-]+)$"
    ),
}

# -- paragraphs ---------------------------------------------------------------------
# A line that opens a list item: "1. ", "(2) ", "a) ", "• ", "- ", "* "
LIST_ITEM = re.compile(r"^[ \t]*(?:\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|[•·▪●◦‣*–-])[ \t]+\S")
BULLET = re.compile(r"^[•·▪●◦‣*–-][ \t]+")
# A line that ends a sentence (for telling hard wraps from paragraph ends)
LINE_ENDS_SENTENCE = re.compile(r"[.!?:;。！？…][\"'”’»)\]」』）]*$")

# -- words --------------------------------------------------------------------------
