"""Who said it in a Chinese readout: "王毅表示，……" (Wang Yi said), "双方同意……" (the two sides agreed).

Chinese is written without spaces, so the subject finder of :mod:`.subjects`, which reads words, cannot
see a subject before its verb. A sentence written in Chinese is read here instead, with the names, the
sides ("中方", "双方") and the reporting verbs of ``data/chinese.csv``: a speaker, then an optional
title ("主席"), a frame ("在会谈时", "就乌克兰问题") and adverbs ("还", "再次"), then the verb.

>>> found = chinese_attribution("王毅还就乌克兰问题回答了提问。")
>>> found[0].value.lemma, found[1].speaker
('answer', 'Wang Yi')
>>> chinese_attribution("第一，双方同意继续按照两国元首指引。")[1].speaker
'both sides'
>>> is_chinese("王毅表示，中方愿同各方一道。"), is_chinese("Wang Yi said.")
(True, False)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lexicons import file_key, read_data_file
from .subjects import INSTITUTION, JOINT, JOINT_SPEAKER, PERSON, Attribution, Verb

CHINESE_FILE = "chinese.csv"
VERBS_FILE = "reporting_verbs.csv"
CJK = re.compile(r"[\u3400-\u9fff]")
TITLES = "主席|总统|总理|首相|外长|部长|国务卿|大使|发言人|特使|先生|女士|总书记|委员|主任|防长"
ADVERBS = "还|也|再次|并|均|都|一致|同时|进一步|高度|积极|充分|坚决|郑重|多次|明确|则|亦"
# where and on what a speaker spoke: "在会谈时", "在记者会上", "就乌克兰问题", "对此"
FRAME = r"(?:(?:在|就|对|应)[^，,。；;：:“”]{0,30}?(?:时|中|上|后|问题|期间|表示)?)?"


@dataclass(frozen=True)
class ChineseMatch:
    """A Chinese reporting verb, shaped like a phrase match (``value``, offsets, text, token)."""
    value: Verb
    start: int
    end: int
    text: str
    first_token: int = 0
    last_token: int = 0


def is_chinese(text: str) -> bool:
    """Is at least a third of the text's visible characters Chinese?"""
    if not CJK.search(text):
        return False                        # most text has no Chinese character at all: no count needed
    visible = len(text) - sum(1 for c in text if c.isspace())
    return visible > 0 and len(CJK.findall(text)) * 3 >= visible


def chinese_attribution(text: str, offset: int = 0):
    """``(match, attribution, negated, hedged)`` for the first speaker-and-verb of a Chinese sentence,
    or None. ``offset``: where the sentence starts in its document (the match's offsets are the document's)."""
    grammar = _grammar(*file_key(CHINESE_FILE), *file_key(VERBS_FILE))
    m = grammar.pattern.search(text)
    if m is None:
        return None
    subject = m.group("subject")
    if subject in ("他", "她"):
        attr = Attribution("", PERSON, subject)
    elif subject in grammar.names:
        attr = Attribution(grammar.names[subject], PERSON, subject)
    else:
        side = grammar.sides[subject]
        role = JOINT if side == JOINT_SPEAKER else PERSON if side == "spokesperson" else INSTITUTION
        attr = Attribution(side, role, subject)
    verb = grammar.verbs[m.group("verb")]
    negated = m.group("adverbs") is not None and "不" in m.group("adverbs")
    match = ChineseMatch(verb, offset + m.start("verb"), offset + m.end("verb"), m.group("verb"))
    return match, attr, negated, False


def narrates(text: str) -> bool:
    """Does a Chinese sentence describe the meeting itself ("会见", "举行会谈", "抵达")?"""
    return bool(_grammar(*file_key(CHINESE_FILE), *file_key(VERBS_FILE)).narration.search(text))


@dataclass(frozen=True)
class _Grammar:
    pattern: re.Pattern
    narration: re.Pattern
    names: dict
    sides: dict
    verbs: dict


@lru_cache(maxsize=4)
def _grammar(path, mtime, verbs_path, verbs_mtime) -> _Grammar:
    data = read_data_file(path, required=("kind", "zh", "value", "source"))
    tiers = {row["verb"]: Verb(row["verb"], int(row["tier"]), row.get("tier_name", ""))
             for row in read_data_file(verbs_path, required=("verb", "tier")).rows}
    names, sides, verbs, narration = {}, {}, {}, []
    for row in data.rows:
        kind, zh, value = row["kind"], row["zh"], row["value"]
        if kind == "name":
            names[zh] = value
        elif kind == "side":
            sides[zh] = value
        elif kind == "verb":
            if value not in tiers:
                raise ValueError(f"{path}: verb {zh} names {value!r}, which {VERBS_FILE} does not hold")
            verbs[zh] = tiers[value]
        elif kind == "narration":
            narration.append(zh)

    def alternation(words):
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    subjects = alternation([*names, *sides, "他", "她"])
    pattern = re.compile(rf"(?P<subject>{subjects})(?:{TITLES})?(?:{ADVERBS})*{FRAME}(?P<adverbs>(?:{ADVERBS}|不)*)"
                         rf"(?P<verb>{alternation(verbs)})")
    return _Grammar(pattern, re.compile(alternation(narration) or r"(?!)"), names, sides, verbs)
