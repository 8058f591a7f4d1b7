"""Speakers and reporting verbs: whose words each sentence carries, and how strongly.

For every sentence: ``speaker`` (a canonical actor name; empty for the narrator),
``speaker_role`` (``narrator``, ``person``, ``institution`` for a country or body speaking,
``joint`` for "the two sides" / "the leaders", ``questioner``), ``speaker_mention`` (the words
that named the speaker), ``verb`` (the reporting verb's lemma), ``verb_tier`` (its strength,
from ``data/reporting_verbs.csv``), ``verb_negated`` and ``verb_hedged``.

How a document is read depends on its form:

- **transcript** (two or more paragraphs open with a speaker label such as ``Q:``, ``A:``,
  ``Mao Ning:``): the label decides until the next label;
- **first person** (a speech or press conference: "I urged", "we confirmed"): every body
  sentence is the speaker's, who is named by a ``speaker`` metadata column, the headline, or
  the file name's country;
- **reported** (a news readout): a sentence's speaker is the subject of its reporting verb
  ("Xi urged", "..., he said"); a pronoun is the current speaker; a sentence without a verb of
  its own continues the statement before it, unless it describes the meeting (who met whom,
  where), which is the narrator's, as are captions.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ..lexicons import file_key, read_data_file, split_list
from ..matcher import PhraseMatcher
from ..read.segment import SENTENCE_OPENERS
from .actors import ACTORS_FILE, actor_matcher
from .base import Layer
from .quotes import inside_quote, quote_regions

VERBS_FILE = "reporting_verbs.csv"
NARRATOR, PERSON, INSTITUTION, JOINT, QUESTIONER = "narrator", "person", "institution", "joint", "questioner"
JOINT_SPEAKER = "both sides"


@dataclass(frozen=True)
class Verb:
    lemma: str
    tier: int
    tier_name: str


def verb_matcher(path: str = VERBS_FILE) -> PhraseMatcher:
    """Every form in the verbs file, case-insensitive, mapped to its :class:`Verb`.

    >>> [(m.text, m.value.lemma, m.value.tier) for m in verb_matcher().find("He called them to focus")]
    [('called them to', 'call on', 3)]
    """
    return _verb_matcher(*file_key(path))


@lru_cache(maxsize=4)
def _verb_matcher(path, mtime) -> PhraseMatcher:
    data = read_data_file(path, required=("verb", "tier", "forms", "source"))
    phrases = {}
    for row in data.rows:
        verb = Verb(row["verb"], int(row["tier"]), row.get("tier_name", ""))
        for form in split_list(row["forms"]):
            phrases.setdefault(form, verb)
    return PhraseMatcher(phrases, case_sensitive=False)


# -- words around a reporting verb ------------------------------------------------------------
# between a subject and its verb: "Xi also said", "he did not rule out", "she has repeatedly urged"
BETWEEN = frozenset("""also further then again repeatedly firmly strongly once particularly specifically
    especially clearly explicitly publicly recently earlier later jointly together fully sincerely warmly
    solemnly sternly seriously reportedly apparently allegedly both all each has have had did does do will
    would could may might should shall can not never no longer didn doesn don hasn haven won wouldn couldn
    t ' ’ was were is are been being""".split())
# a "verb" followed by these is a noun: "press conference", "note verbale", "call centre"
NOUN_AFTER = frozenset("conference conferences release releases briefing briefings verbale freedom office corps".split())
NEGATIONS = frozenset("not never didn doesn don hasn haven won wouldn couldn no".split())
HEDGES = frozenset("may might could would reportedly apparently allegedly perhaps possibly likely".split())
PRONOUNS = {"he": PERSON, "she": PERSON, "i": PERSON, "we": PERSON, "they": JOINT}
JOINT_SUBJECTS = PhraseMatcher({p: JOINT for p in (
    "the two sides", "both sides", "the leaders", "both leaders", "the two leaders", "the two heads of state",
    "the two presidents", "the two countries", "both countries", "the two nations", "both parties",
    "the two parties", "the two ministers", "both ministers", "the two foreign ministers", "the two governments",
    "both governments", "the sides")}, case_sensitive=False)
# people and bodies named by office rather than name: "the spokesperson said", "the ministry urged"
OFFICE_SUBJECTS = PhraseMatcher({**{p: PERSON for p in (
    "the spokesperson", "a spokesperson", "the spokesman", "a spokesman", "the spokeswoman", "a spokeswoman",
    "the ambassador", "the minister", "the foreign minister", "the president", "the premier",
    "the prime minister", "the envoy")}, **{p: INSTITUTION for p in (
    "the ministry", "the foreign ministry", "the statement", "the communique", "the joint statement",
    "the readout", "the embassy", "the government", "the white house", "the state department",
    "the chinese side", "the japanese side")}}, case_sensitive=False)
TITLE_WORDS = frozenset("""President Prime Minister Premier Foreign Secretary General Spokesperson Spokesman
    Spokeswoman Ambassador Chancellor Chairman Chairwoman Vice Deputy State Councilor Councillor Mr Mrs Ms Dr
    King Queen Senator Governor Director Chief Envoy Special Representative Assistant Defense Defence Finance
    Trade Commerce Cabinet Chief Executive Mayor Speaker Leader Sir Lord""".split())
# sentences that describe the meeting itself: the narrator's, not a continued statement
NARRATION = re.compile(
    r"\b(?:meets|met|meeting with|held talks|hold talks|holds talks|talked with|talks with|arrived|attended|"
    r"visited|hosted|received|presided|chaired|took place|was held|were held|sidelines|"
    r"at the invitation|paid a|is on a|was on a)\b", re.I)
LABEL = re.compile(r"^(?P<label>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,4})[ \t]*[:：][ \t]*(?=\S)")
NOT_LABELS = frozenset("""Note Notes Source Sources Date Photo Photos Editor Update Updated Related Read More
    Tags Keywords Caption Credit Copyright Subject Title Summary Background Attachment Location""".split())
QUESTION_LABELS = frozenset({"Q", "Question", "Reporter", "Journalist"})
# MFA transcripts label questions by outlet: "AFP:", "CCTV:"
NEWS_OUTLETS = frozenset("""AFP AP Reuters Bloomberg CCTV CGTN Xinhua Kyodo NHK Yonhap TASS Sputnik EFE ANSA
    Anadolu BBC CNN NPR Jiji Asahi Yomiuri Nikkei Mainichi Dragon Phoenix Shenzhen Hubei Beijing Global China
    Prensa Al Bernama Antara PTI IANS Lusa DPA""".split())
ANSWER_LABELS = frozenset({"A", "Answer"})
DETERMINERS = frozenset("the a an its their his her our this that these those".split())
FIRST_PERSON = frozenset({"i", "we", "my", "our", "us", "me"})


@dataclass
class Attribution:
    speaker: str
    role: str
    mention: str


def speakers_layer(state) -> None:
    n = len(state.sentences)
    col = {name: state.column(name, default) for name, default in (
        ("speaker", ""), ("speaker_role", NARRATOR), ("speaker_mention", ""), ("verb", ""),
        ("verb_tier", None), ("verb_negated", False), ("verb_hedged", False))}
    verbs = [_attributed_verb(state, i) for i in range(n)]
    quoted_by = _quote_attributions(state, verbs)
    mode, doc_speaker = _mode(state)
    current: Attribution | None = None      # the statement going on
    protagonist = _protagonist(state)
    for i, s in enumerate(state.sentences):
        found = verbs[i]
        attr: Attribution | None = None
        if s.section == "caption":
            attr = None
        elif mode == "transcript" and s.section == "body":
            attr = _label(state, i, doc_speaker) or current
        elif mode == "first person" and s.section == "body":
            tokens = {t.lower() for t, _, _ in state.tokens[i]}
            mention = next((t for t, _, _ in state.tokens[i] if t.lower() in ("i", "we")), "")
            attr = Attribution(doc_speaker, PERSON, mention)
            if not tokens & FIRST_PERSON and found and found[1].role != PERSON:
                attr = found[1]
        elif found or i in quoted_by:
            attr = found[1] if found else quoted_by[i]
            if attr.speaker == "" and attr.role == PERSON:          # he / she: the statement's speaker
                base = current if current and current.role == PERSON else protagonist
                attr = Attribution(base.speaker if base else "", PERSON, attr.mention)
        elif s.section == "body" and current and not NARRATION.search(state.text(i)):
            attr = Attribution(current.speaker, current.role, "")   # goes on without a verb of its own
        if attr is not None and attr.role != NARRATOR:
            col["speaker"][i], col["speaker_role"][i], col["speaker_mention"][i] = attr.speaker, attr.role, attr.mention
        if found:
            match, _, negated, hedged = found
            col["verb"][i], col["verb_tier"][i] = match.value.lemma, match.value.tier
            col["verb_negated"][i], col["verb_hedged"][i] = negated, hedged
            state.add_span(i, "verb", match.value.lemma, match.start, match.end)
        if s.section == "body":
            current = attr if attr is not None and attr.role != NARRATOR else None


def _quote_attributions(state, verbs) -> dict[int, Attribution]:
    """Sentences inside a quotation that runs on to an attribution ('"We need peace. We need
    dialogue," Xi said.') take that attribution."""
    starts = [s.start for s in state.sentences]
    out: dict[int, Attribution] = {}
    for qs, qe in quote_regions(state):
        first, last = max(0, bisect_right(starts, qs) - 1), max(0, bisect_right(starts, qe) - 1)
        inside = list(range(first, last + 1))
        if len(inside) < 2 or verbs[inside[-1]] is None:
            continue
        for k in inside[:-1]:
            if verbs[k] is None:
                out[k] = verbs[inside[-1]][1]
    return out


# -- one sentence -----------------------------------------------------------------------------
def _attributed_verb(state, i: int):
    """The first reporting verb in sentence ``i`` with a subject: ``(match, attribution, negated, hedged)``."""
    tokens = state.tokens[i]
    text = state.doc.text
    actors = state.notes["actor_matches"][i]
    actor_tokens = {k for a in actors for k in range(a.first_token, a.last_token + 1)}
    for m in verb_matcher().find(text, tokens=tokens):
        if m.first_token in actor_tokens or inside_quote(state, m.start, m.end):
            continue
        if m.last_token + 1 < len(tokens) and tokens[m.last_token + 1][0].lower() in NOUN_AFTER:
            continue                                    # "press conference", "note verbale"
        j = m.first_token - 1
        between = []
        while j >= 0 and tokens[j][0].lower() in BETWEEN:
            between.append(tokens[j][0].lower())
            j -= 1
        subject = _subject_ending_at(state, i, j) if j >= 0 else None
        if subject is None and j >= 0 and tokens[j][0] == ",":
            subject = _subject_before_aside(state, i, j)      # "Xi, also general secretary of ..., said"
        if subject is None and (m.first_token == 0 or tokens[m.first_token - 1][0] in ',"”'):
            subject = _subject_starting_at(state, i, m.last_token + 1)       # '"...," said Xi.'
        if subject is not None:
            return m, subject, bool(NEGATIONS & set(between)), bool(HEDGES & set(between))
    return None


def _subject_ending_at(state, i: int, j: int) -> Attribution | None:
    tokens = state.tokens[i]
    text = state.doc.text
    for a in state.notes["actor_matches"][i]:
        if a.last_token == j:
            return Attribution(a.value.name, PERSON if a.value.kind == "person" else INSTITUTION, a.text)
    word = tokens[j][0]
    if word.lower() in PRONOUNS and (j == 0 or tokens[j - 1][0] in ',;:"”(' or tokens[j - 1][0].lower() in
                                     ("and", "but", "that", "as", "while", "when")):
        role = PRONOUNS[word.lower()]
        return Attribution(JOINT_SPEAKER if role == JOINT else "", role, word)
    for matcher in (JOINT_SUBJECTS, OFFICE_SUBJECTS):
        for m in matcher.find(text, tokens=tokens[max(0, j - 5):j + 1]):
            if m.end == tokens[j][2]:
                return Attribution(JOINT_SPEAKER if m.value == JOINT else m.text, m.value, m.text)
    return _unknown_name_ending_at(tokens, j, text)


def _unknown_name_ending_at(tokens, j: int, text: str) -> Attribution | None:
    """A run of capitalised words before the verb ("Foreign Minister John Smith said")."""
    k = j
    while k >= 0 and (tokens[k][0][:1].isupper() or (tokens[k][0] in ".-'’" and k > 0 and k < j)):
        k -= 1
    run = tokens[k + 1:j + 1]
    before = [t.lower() for t, _, _ in tokens[max(0, k - 1):k + 1]]
    titled = any(t in TITLE_WORDS for t, _, _ in run)
    if before and before[-1] in DETERMINERS:
        return None                     # "the Regular ...": a noun phrase, not a name
    if before[-2:] in (["'", "s"], ["’", "s"]):
        if not titled or k < 2:
            return None                 # "Mao Ning's Regular Press ...": a noun phrase
        mention = text[tokens[k - 2][1]:run[-1][2]]          # "Japan's Prime Minister"
        return Attribution(mention, PERSON, mention)
    words = [t for t, _, _ in run if t[:1].isalpha()]
    if not words or (k + 1 == 0 and len(words) == 1 and words[0] in SENTENCE_OPENERS):
        return None
    if all(w in SENTENCE_OPENERS for w in words):
        return None
    # the name follows the last title word: "Japanese Foreign Minister Jane Doe" -> "Jane Doe"
    titled_at = [k for k, (t, _, _) in enumerate(run) if t in TITLE_WORDS]
    name_tokens = run[titled_at[-1] + 1:] if titled_at else run
    mention = text[run[0][1]:run[-1][2]]
    if not any(t[:1].isalpha() for t, _, _ in name_tokens):
        return Attribution(mention, PERSON, mention)
    return Attribution(text[name_tokens[0][1]:run[-1][2]], PERSON, mention)


def _subject_before_aside(state, i: int, j: int) -> Attribution | None:
    """The subject before an aside set off by commas, the comma closing it at ``j``."""
    tokens = state.tokens[i]
    k = j - 1
    while k > 0 and tokens[k][0] not in ",;:\"“”":
        k -= 1
    if k <= 0 or tokens[k][0] != "," or j - k < 3:
        return None
    return _subject_ending_at(state, i, k - 1)


def _subject_starting_at(state, i: int, j: int) -> Attribution | None:
    """'"...," said Xi.': a subject right after the verb, closing the clause."""
    tokens = state.tokens[i]
    if j >= len(tokens):
        return None

    def closes(k: int) -> bool:                 # the subject ends the sentence or the clause
        return k >= len(tokens) or tokens[k][0] in ",.;:!?"

    for a in state.notes["actor_matches"][i]:
        if a.first_token == j and closes(a.last_token + 1):
            return Attribution(a.value.name, PERSON if a.value.kind == "person" else INSTITUTION, a.text)
    if tokens[j][0].lower() in ("he", "she") and closes(j + 1):
        return Attribution("", PERSON, tokens[j][0])
    return None


# -- the document -----------------------------------------------------------------------------
def _label(state, i: int, doc_speaker: str) -> Attribution | None:
    s = state.sentences[i]
    first_in_para = i == 0 or state.sentences[i - 1].para != s.para
    m = LABEL.match(state.text(i)) if first_in_para else None
    if not m or m.group("label").split()[0] in NOT_LABELS:
        return None
    label = m.group("label")
    if label in QUESTION_LABELS:
        return Attribution("", QUESTIONER, label)
    if label.split()[0] in NEWS_OUTLETS:
        return Attribution(label, QUESTIONER, label)
    if label in ANSWER_LABELS:
        return Attribution(doc_speaker, PERSON, label)
    actors = actor_matcher().find(label)
    if actors and actors[0].end == len(label):
        a = actors[0].value
        return Attribution(a.name, PERSON if a.kind == "person" else INSTITUTION, label)
    return Attribution(label, PERSON, label)


def _mode(state) -> tuple[str, str]:
    """``("transcript" | "first person" | "reported", the document's own speaker)``."""
    doc = state.doc
    body = [i for i, s in enumerate(state.sentences) if s.section == "body"]
    labels = 0
    for i in body:
        if i == 0 or state.sentences[i - 1].para != state.sentences[i].para:
            m = LABEL.match(state.text(i))
            labels += bool(m and m.group("label").split()[0] not in NOT_LABELS)
    doc_speaker = _document_speaker(state)
    if labels >= 2:
        return "transcript", doc_speaker or "spokesperson"
    first = sum(1 for i in body if _first_person_outside_quotes(state, i))
    if body and first / len(body) >= 0.3:
        return "first person", doc_speaker or "the speaker"
    return "reported", doc_speaker


def _first_person_outside_quotes(state, i: int) -> bool:
    return any(t.lower() in ("i", "we", "my", "our") and not inside_quote(state, s, e)
               for t, s, e in state.tokens[i] if t in ("I", "We", "we", "My", "my", "Our", "our"))


def _document_speaker(state) -> str:
    """Who gives a speech or press conference: metadata, then the headline's person, then the country."""
    doc = state.doc
    if doc.meta.get("speaker"):
        return doc.meta["speaker"]
    if doc.headline:
        people = [m.value.name for m in actor_matcher().find(doc.headline) if m.value.kind == "person"]
        if people:
            return people[0]
    return doc.meta.get("country", "")


def _protagonist(state) -> Attribution | None:
    """The first person the text names: who "he" is before anyone has spoken."""
    for matches in state.notes["actor_matches"]:
        for m in matches:
            if m.value.kind == "person":
                return Attribution(m.value.name, PERSON, m.text)
    return None


LAYER = Layer("speakers", speakers_layer, group="anatomy", data_files=(ACTORS_FILE, VERBS_FILE),
              columns={"speaker": "str", "speaker_role": "str", "speaker_mention": "str", "verb": "str",
                       "verb_tier": "Int64", "verb_negated": "boolean", "verb_hedged": "boolean"},
              spans=("verb",), needs=("actors",))
