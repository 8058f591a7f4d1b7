"""Labels and headings. Transcripts: a paragraph opening with a speaker label ("Q:", "Mao Ning:", "MR. SULLIVAN:", "PRESIDENT XI
JINPING, PRESIDENT OF ...:") gives the turn to that speaker; a heading ("Tariff Adjustments:") does not.

>>> LABEL.match("MR. SULLIVAN:  Thank you.").group("label")
'MR. SULLIVAN'
>>> title_case("PRESIDENT XI JINPING")
'President Xi Jinping'
"""
from __future__ import annotations

import re

from .actors import actor_matcher
from .people import DocumentPeople
from dataclasses import dataclass

from .subjects import INSTITUTION, PERSON, QUESTIONER, TITLE_WORDS, Attribution, Verb

# a speaker label opening a paragraph: "Q:", "Mao Ning:", "MR. SULLIVAN:", "PRESIDENT XI JINPING, PRESIDENT OF ...:"
LABEL = re.compile(r"^(?:(?P<label>[A-Z][\w.'’-]*(?:[ \t]+[A-Z\[][\w.'’\]-]*){0,4})(?:,[^:\n]{1,90})?[ \t]*[:：]"
                   r"|(?P<q>Q)(?=[ \t]{2,}|[ \t][A-Z]))[ \t]*(?=\S)")   # "Q    Thank you", "Q Hey, ...": White House
NOT_LABELS = frozenset("""Note Notes Source Sources Date Photo Photos Editor Update Updated Related Read More
    Tags Keywords Caption Credit Copyright Subject Title Summary Background Attachment Location FACT Fact""".split())
QUESTION_LABELS = frozenset({"Q", "Question", "Reporter", "Journalist", "QUESTION", "REPORTER"})
# MFA transcripts label questions by outlet: "AFP:", "CCTV:"
NEWS_OUTLETS = frozenset("""AFP AP Reuters Bloomberg CCTV CGTN Xinhua Kyodo NHK Yonhap TASS Sputnik EFE ANSA
    Anadolu BBC CNN NPR Jiji Asahi Yomiuri Nikkei Mainichi Dragon Phoenix Shenzhen Hubei Beijing Global China
    Prensa Al Bernama Antara PTI IANS Lusa DPA""".split())
# a label with one of these after its first word is an outlet asking: "People's Daily:", "Nikkei Asia:"
OUTLET_WORDS = frozenset("""Daily Times News Post Press Agency Television TV Radio Journal Herald Tribune Network
    Broadcasting Media Observer Telegraph Guardian Asia Review Weekly Magazine Channel""".split())
ANSWER_LABELS = frozenset({"A", "Answer", "ANSWER"})
ROLE_LABELS = frozenset("""moderator operator participant official spokesperson spokesman spokeswoman host
    interpreter chair chairman senior administration official audience member""".split())

def soundbite(state, i: int, people: DocumentPeople) -> Attribution | None:
    """The person a broadcast soundbite names ('[Xi Jinping/President of China: "..."]'), or None."""
    m = SOUNDBITE.match(state.text(i)) if new_paragraph(state, i) else None
    if not m:
        return None
    name = m.group("name").strip()
    actors = actor_matcher().find(name)
    if actors:
        a = actors[0].value
        return Attribution(a.name, PERSON if a.kind == "person" else INSTITUTION, name)
    return Attribution(people.resolve(name) or name, PERSON, name)


def opens_with_label(text: str) -> bool:
    """Does a line open with a label and go on to say something ("Mao Ning: No.", "Q:  Will ...")? A title
    that ends with its source ("... improving ties: Xi") does not."""
    m = LABEL.match(text)
    return bool(m) and (m.group("q") is not None or len(text[m.end():].split()) > 1 or text.rstrip()[-1:] in ".?!")


def paragraph_text(state, i: int) -> str:
    """The whole paragraph sentence ``i`` stands in (its sentences are neighbours: no scan of the text)."""
    sents, para = state.sentences, state.sentences[i].para
    first, last = i, i
    while first > 0 and sents[first - 1].para == para:
        first -= 1
    while last + 1 < len(sents) and sents[last + 1].para == para:
        last += 1
    return " ".join(state.text(k) for k in range(first, last + 1))


def new_paragraph(state, i: int) -> bool:
    return i == 0 or state.sentences[i - 1].para != state.sentences[i].para


def label_text(state, i: int) -> str | None:
    m = LABEL.match(state.text(i)) if new_paragraph(state, i) else None
    if not m:
        return None
    if m.group("q"):
        return "Q"
    return None if m.group("label").split()[0] in NOT_LABELS else m.group("label")


def speaker_like(label: str, people: DocumentPeople) -> bool:
    """Is a paragraph's "Xxx:" opening a speaker (not a heading such as "Tariff Adjustments:")?"""
    words = label.replace("[", "").replace("]", "").split()
    if label in QUESTION_LABELS or label in ANSWER_LABELS or outlet(label):
        return True
    if label.lower() in ROLE_LABELS or actor_matcher().find(title_case(label)) or people.resolve(label):
        return True
    if label.isupper() and len(words) <= 5:
        return True                                         # "MR. SULLIVAN", "THE PRESIDENT"
    if words[0].rstrip(".") in TITLE_WORDS and len(words) >= 2:
        return True                                         # "Ambassador Thomas-Greenfield"
    return False                                            # "Tariff Adjustments:", "Pill Press Equipment:": headings


def outlet(label: str) -> bool:
    """Is a label a news outlet ("AFP", "People's Daily", "Nikkei Asia"), whose journalist asks?"""
    words = label.replace("[", "").replace("]", "").split()
    return bool(words) and (words[0] in NEWS_OUTLETS or (
        any(w in OUTLET_WORDS for w in words[1:]) and not any(w.rstrip(".") in TITLE_WORDS for w in words)))


# words of headings, never of a person's name
HEADING_WORDS = frozenset("""the and of for in on to a an adjustments cooperation framework security economic trade
    statement remarks overview summary background introduction conclusion note section part annex appendix
    agenda outcomes outcome results fact sheet initiative initiatives commitments commitment partnership
    dialogue plan program programme policy issues issue update updates next steps key points highlights""".split())


def title_case(label: str) -> str:
    """An all-capitals label as a name is written: "PRESIDENT XI JINPING" -> "President Xi Jinping"."""
    return " ".join(w.capitalize() if w.isupper() and w not in ("US", "UK", "EU", "UN", "Q", "A") else w
                    for w in label.split())


def title_case_capitals(text: str) -> str:
    """Names in capitals title-cased: "Prime Minister KISHIDA Fumio" -> "Prime Minister Kishida Fumio"."""
    return re.sub(r"\b[A-Z]{3,}\b", lambda m: m.group(0).capitalize() if m.group(0) not in ("APEC", "IISS", "ASEAN", "NATO", "PRC", "USA", "ROK", "DPRK", "WTO") else m.group(0), text)


def speaker_label(state, i: int, doc_speaker: str, people: DocumentPeople) -> Attribution | None:
    label = label_text(state, i)
    if label is None or not speaker_like(label, people):
        return None
    if label in QUESTION_LABELS:
        return Attribution("", QUESTIONER, label)
    if outlet(label):
        return Attribution(label, QUESTIONER, label)
    if label in ANSWER_LABELS:
        return Attribution(doc_speaker, PERSON, label)
    titled = title_case(label)
    actors = actor_matcher().find(titled)
    if actors and actors[-1].end == len(titled):
        a = actors[-1].value
        return Attribution(a.name, PERSON if a.kind == "person" else INSTITUTION, label)
    named = people.resolve(label)
    if named:
        return Attribution(named, PERSON, label)
    if label.isupper() or label.lower() in ROLE_LABELS:
        return Attribution(label.lower().strip("[]"), PERSON, label)     # "MODERATOR" -> "moderator"
    return Attribution(label, PERSON, label)


# -- headings inside a text ---------------------------------------------------------------------
SPEECH_HEADING = re.compile(r"^(?:full text of|remarks by|speech by|address by|keynote (?:speech|address) by|statement by)\b", re.I)


def speech_heading(state, i: int) -> Attribution | None:
    """A short heading inside a news text that introduces a person's own words ("Full text of Chinese
    President Xi Jinping's remarks ...", "Remarks by H.E. Xi Jinping"): the person, for what follows."""
    text = state.text(i)
    if len(text.split()) > 25 or text.rstrip().endswith(".") or not SPEECH_HEADING.search(text):
        return None
    people = [m.value.name for m in state.notes["actor_matches"][i] if m.value.kind == "person"]
    return Attribution(people[0], PERSON, "(heading)") if people else None


STAGE_DIRECTION = re.compile(r"^\s*(?:[A-Z][\w.'’ -]{0,60}:\s*)?[(\[][^)\]]{1,80}[)\]]\.?\s*$")


# a broadcast script's reporter signing on or off: "Jang Deok-soo reports.", "KBS's Kim reporting."
SIGN_OFF = re.compile(r"^[A-Z][\w.'’ -]{2,40} (?:reports|reporting)\.?$")
# a broadcast script's soundbite: '[Xi Jinping/President of China: "No matter how ..."]'
SOUNDBITE = re.compile(r"^\[(?P<name>[A-Z][^/:\]\n]{2,40})/[^:\]\n]{0,80}:\s*[\"“]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def not_a_statement(state, i: int) -> bool:
    """A line that states nothing: a stage direction ("(Laughter.)", "[truncated]"), a time, a venue
    line or a heading (one short sentence, alone in its paragraph, without final punctuation)."""
    known = state.notes.setdefault("not_a_statement", {})
    if i not in known:
        known[i] = _not_a_statement(state, i)
    return known[i]


def _not_a_statement(state, i: int) -> bool:
    text = state.text(i).strip()
    if STAGE_DIRECTION.match(text) or (new_paragraph(state, i) and SIGN_OFF.match(text)):
        return True
    alone = new_paragraph(state, i) and (i + 1 >= len(state.sentences) or new_paragraph(state, i + 1))
    short = len(text) <= 30 if _CJK.search(text) else len(text.split()) <= 12      # Chinese has no spaces
    if alone and short and len(text.split()) <= 6 and all(w[:1].isupper() or w[:1].isdigit() for w in text.split()) \
            and not text.endswith(("?", "!", ":")) and not opens_with_label(text):
        return True                 # a place and a date: "Washington, D.C.", "Paris, May 6, 2024"
    return alone and short and not text.endswith((".", "?", "!", '"', "”", ":", "。", "？", "！", "：")) \
        and not opens_with_label(text)


HEADLINE_SOURCE = re.compile(r":\s*(?P<source>[A-Z][\w.'’ -]{1,40}?)\s*$")


def colon_source(state, i: int, people: DocumentPeople):
    """A headline that ends with its source after a colon ("... improving ties: Xi", "...: Experts"):
    ``(match, attribution, False, False)`` with the verb ``say``, or None."""
    m = HEADLINE_SOURCE.search(state.text(i).rstrip(".!"))
    if not m:
        return None
    source = m.group("source").strip()
    named = people.resolve(source)
    actors = actor_matcher().find(source)
    attr = (Attribution(named, PERSON, source) if named else
            Attribution(actors[0].value.name, PERSON if actors[0].value.kind == "person" else INSTITUTION, source)
            if actors else Attribution(source.lower(), PERSON, source)
            if source.lower().endswith("s") and len(source.split()) <= 2 else None)   # "Experts", not "... Affairs"
    if attr is None:
        return None
    colon = state.sentences[i].start + m.start()          # the colon is the verb's place in the text
    return _ColonMatch(Verb("say", 0, "statement"), colon, colon + 1, ":"), attr, False, False


@dataclass(frozen=True)
class _ColonMatch:
    """A headline's colon standing for "says": shaped like a verb match (a ``value``, offsets, text)."""
    value: Verb
    start: int
    end: int
    text: str
