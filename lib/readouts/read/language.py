"""Which language a text is mostly in, by its script and its commonest words, and which layers can
read it.

Readouts' layers are written for English; a few also carry Chinese or Russian terms. A text that
is mostly in another language would otherwise come out as silent zeros, so it is named and the
layers that cannot read it are said, in the CLI, the notebooks and the report.

>>> text_language("Xi Jinping met Japanese Prime Minister Sanae Takaichi in Gyeongju.")
'en'
>>> text_language("习近平会见日本首相高市早苗。双方同意推进战略互惠关系。")
'zh'
>>> unread_layers("zh")
['speakers and verbs', 'tone', 'numbered points', 'quotations and actors']
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

# What each layer reads, by language code; a language not listed is read by none of them.
# Policy areas and formulations carry Chinese terms and originals; formulations Russian originals.
LAYERS = ("speakers and verbs", "tone", "policy areas", "formulations", "numbered points",
          "quotations and actors")
LAYERS_READING = {
    "en": set(LAYERS),
    "zh": {"policy areas", "formulations"},
    "ru": {"formulations"},
}
NAMES = {"en": "English", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "ru": "Russian (Cyrillic)",
         "ar": "Arabic", "latin": "a language in Latin script other than English", "und": "no readable text"}

# English function words: in English prose about one word in five is one of these.
_ENGLISH = frozenset("the of and to in a is that for on with as by at it be this are was from have has "
                     "will we our their its an which or not".split())
_WORD = re.compile(r"[^\W\d_]+")
_ASCII = re.compile(r"[\x00-\x7f]+")
_NOT_ASCII_LETTERS = re.compile(r"[^A-Za-z]+")
ENGLISH_SHARE = 0.08        # below this share of function words, a Latin-script text is not English


def _script(ch: str) -> str:
    code = ord(ch)
    if 0x3040 <= code <= 0x30FF:
        return "ja"                     # kana
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
        return "ko"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
        return "han"
    if 0x0400 <= code <= 0x04FF:
        return "ru"
    if 0x0600 <= code <= 0x06FF:
        return "ar"
    return "latin" if unicodedata.category(ch).startswith("L") and code < 0x0250 else "other"


def text_language(text: str) -> str:
    """``en``, ``zh``, ``ja``, ``ko``, ``ru``, ``ar``, ``latin`` (Latin script, not English) or ``und``."""
    sample = text[:20000]
    # ASCII letters are Latin: count them at C speed, and look at the other characters one by one
    letters = Counter(_script(ch) for ch in _ASCII.sub("", sample) if ch.isalpha())
    letters["latin"] += len(_NOT_ASCII_LETTERS.sub("", sample))
    letters = +letters
    total = sum(letters.values())
    if not total:
        return "und"
    # a CJK character carries about a word; count it three times against Latin letters
    weighted = {k: v * (3 if k in ("han", "ja", "ko") else 1) for k, v in letters.items()}
    script, _ = max(weighted.items(), key=lambda kv: kv[1])
    if script == "han":
        return "ja" if letters["ja"] > 0.1 * letters["han"] else "zh"
    if script in ("ja", "ko", "ru", "ar"):
        return script
    words = _WORD.findall(sample.lower())
    if words and sum(map(_ENGLISH.__contains__, words)) / len(words) < ENGLISH_SHARE:
        return "latin"
    return "en"


def unread_layers(language: str) -> list[str]:
    """The layers that cannot read a text in ``language`` (empty for English)."""
    reading = LAYERS_READING.get(language, set())
    return [layer for layer in LAYERS if layer not in reading]


def language_warning(documents, counts: dict[str, int] | None = None) -> str:
    """One sentence naming the documents that are mostly not English and what cannot be read in them;
    empty when every document is English. ``documents``: a documents table with ``doc_id`` and ``language``
    (or only the first few documents of each language, with ``counts``: how many there are of each).

    >>> import pandas as pd
    >>> language_warning(pd.DataFrame({"doc_id": ["a", "b"], "language": ["en", "zh"]}))
    '1 document is mostly not English: b (Chinese). Speakers and verbs, tone, numbered points, quotations and actors cannot read it (they read English); policy areas and formulations read its Chinese terms only.'
    """
    if "language" not in documents:
        return ""
    other = documents[~documents.language.isin(["en", "und"])]
    if other.empty:
        return ""
    parts = []
    for language, group in other.groupby("language", sort=True):
        ids = list(group.doc_id)
        total = counts[language] if counts else len(ids)
        shown = ", ".join(ids[:5]) + (f" and {total - 5} more" if total > 5 else "")
        unread = unread_layers(language)
        read = [layer for layer in LAYERS if layer not in unread]
        parts.append(f"{shown} ({NAMES.get(language, language)}). "
                     + f"{', '.join(unread).capitalize()} cannot read "
                     + ("it" if total == 1 else "them") + " (they read English)"
                     + (f"; {' and '.join(read)} read {'its' if total == 1 else 'their'} "
                        f"{NAMES[language].split(' ')[0]} terms only." if read else "."))
    n = sum(counts.values()) if counts else len(other)
    return (f"{n} document{'s are' if n > 1 else ' is'} mostly not English: " + " ".join(parts))
