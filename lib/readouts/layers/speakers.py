"""Speakers and reporting verbs: whose words each sentence carries, and how strongly.

For every sentence: ``speaker`` (a canonical actor name; empty for the narrator),
``speaker_role`` (``narrator``, ``person``, ``institution`` for a country or body speaking,
``joint`` for "the two sides" / "the leaders", ``questioner``), ``speaker_mention`` (the words
that named the speaker), ``verb`` (the reporting verb's lemma), ``verb_tier`` (its strength,
from ``data/reporting_verbs.csv``), ``verb_negated`` and ``verb_hedged``; per document, ``form``.

How a document is read depends on its form (the ``form`` column; a ``form`` metadata column or
``--form`` overrides what is detected):

- **transcript** (two or more paragraphs open with a speaker label such as ``Q:``, ``MR. SULLIVAN:``,
  ``Mao Ning:``): the label decides until the next label; an unlabelled answer after a question is the
  spokesperson's (the person the transcript's opening names);
- **joint** (a joint statement: "We, the leaders of ..."): every body sentence is ``both sides``';
- **first person** (a speech, remarks, a statement: "I urged", "we confirmed"): every body sentence
  is the speaker's: a ``speaker`` metadata column, the person the headline or the title line names, or
  the country of the file name's ISO3 code; "I" and "we" are never a third party the text mentions;
- **reported** (news, readouts): a sentence's speaker is the subject of its reporting verb
  ("Xi urged", "officials said", "said Rep. Nadler", "according to the ministry"); a pronoun, a
  family name or a title ("the Secretary") is the person named earlier; a sentence without a verb of
  its own continues the statement before it, unless it describes the meeting, which is the narrator's,
  as are captions and headings.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from ..lexicons import file_key, read_data_file, split_list
from ..matcher import PhraseMatcher
from .actors import ACTORS_FILE, COUNTRIES_FILE, actor_matcher, country_name, is_country
from .base import Layer
from .chinese import CHINESE_FILE, chinese_attribution, is_chinese, narrates
from .labels import (opens_with_label, soundbite, colon_source, not_a_statement, speech_heading, LABEL, label_text, new_paragraph,
                     paragraph_text, speaker_label, speaker_like, title_case_capitals)
from .people import DocumentPeople, introduce_from_text
from .quotes import inside_quote, quote_regions
from .subjects import (others_say, Verb, INSTITUTION, JOINT, JOINT_SPEAKER, JOINT_VERBS, NARRATOR, PERSON, QUESTIONER, TITLE_WORDS,
                       Attribution, attributed_verb)

VERBS_FILE = "reporting_verbs.csv"
FORMS = ("transcript", "joint", "first person", "fact sheet", "reported")


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
        verb = Verb(row["verb"], int(row["tier"]), row.get("tier_name", ""), (row.get("scope") or "").strip())
        for form in split_list(row["forms"]):
            phrases.setdefault(form, verb)
    return PhraseMatcher(phrases, case_sensitive=False)


# sentences that describe the meeting itself: the narrator's, not a continued statement
NARRATION = re.compile(
    r"\b(?:meets|met|meeting with|held talks|hold talks|holds talks|talked with|talks with|arrived|attended|"
    r"visited|hosted|received|presided|chaired|took place|was held|were held|sidelines|"
    r"at the invitation|paid a|is on a|was on a)\b", re.I)
FIRST_PERSON = frozenset({"i", "we", "my", "our", "us", "me"})
JOINT_TITLE = re.compile(r"\bjoint\s+(?:leaders['’]?\s+)?(?:statement|declaration|communiqu[eé]|press statement|"
                         r"outcomes? statement|vision statement)\b|^\s*We,\s+the\s+(?:leaders|heads|ministers)", re.I | re.M)
WE_THE_LEADERS = re.compile(r"^\W*We,\s+the\s+(?:leaders|heads|ministers|foreign ministers)\b", re.I | re.M)
# a questioner's paragraph that goes on asking: "I was wondering if you could ...", "Thank you."
STILL_ASKING = re.compile(r"\?|\b(?:I was wondering|I wonder|could you|can you|would you|if you could|my question)\b|"
                          r"^(?:thank you|thanks)[^.]{0,20}\.?$", re.I)
JOINT_INTRO = re.compile(r"\b(?:the following is|full text of|(?:was|were) (?:issued|released|adopted)|released the)\b", re.I)
FACT_SHEET_TITLE = re.compile(r"\bfact\s*sheet\b", re.I)
# a speech's salutation line ("Dear Colleagues,", "Ladies and Gentlemen,", "Mr. President,"): the speaker's words
SALUTATION = re.compile(r"^(?:(?:my\s+)?dear\b|ladies\b|excellenc|your\s+(?:excellenc|majesty|highness)|distinguished\b|"
                        r"(?:dear\s+)?(?:colleagues|friends)\b|(?:mr|madam|madame)\.?\s+(?:president|chair|secretary|prime)|"
                        r"the\s+right\s+hono(?:u)?rable\b|honou?rable\b|good\s+(?:morning|afternoon|evening))|,\s*$", re.I)
SPEECH_TITLE = re.compile(r"\b(?:remarks|speech|address|statement|keynote|lecture|toast|op-ed|remarks as prepared)\b"
                          r"[^.\n]{0,40}?\bby\b", re.I)


def speakers_layer(state) -> None:
    n = len(state.sentences)
    col = {name: state.column(name, default) for name, default in (
        ("speaker", ""), ("speaker_role", NARRATOR), ("speaker_mention", ""), ("verb", ""),
        ("verb_tier", None), ("verb_negated", False), ("verb_hedged", False))}
    people = _document_people(state)
    mode, doc_speaker = _mode(state, people)
    introduced_at = -1                      # a first-person text introduced by "X said:": the line before the words
    if mode == "first person" and not state.doc.meta.get("speaker"):
        introduced_at = _introduced_speaker(state, range(len(state.sentences)), doc_speaker)[1]
    state.document["form"] = mode
    verbs = [_attributed(state, i, people, mode) for i in range(n)]
    # a full name the actor list does not know, met as a subject ("Karori Singh, ..., said"), resolves the
    # family name later ("Singh said"): introduce them, and read the sentences again
    new = [f[1].speaker for f in verbs if f and f[1].role == PERSON and _full_name(f[1].speaker)
           and f[1].speaker not in people.order]
    if new:
        for name in new:
            people.introduce(name)
        verbs = [_attributed(state, i, people, mode) for i in range(n)]
    quoted_by = _quote_attributions(state, verbs)
    speaker_role = INSTITUTION if is_country(doc_speaker) else PERSON     # a first-person text's speaker
    current: Attribution | None = None      # the statement going on
    speech: Attribution | None = None       # the speaker of a speech the text quotes whole
    last_person = ""                        # the last person the text named: who "he" is in an answer
    protagonist = _protagonist(state)
    opening = _title_paragraphs(state)
    for i, s in enumerate(state.sentences):
        found = verbs[i]
        attr: Attribution | None = None
        body = s.section == "body" and s.para not in opening
        title_line = s.section == "headline" or (s.section == "body" and (not body or not_a_statement(state, i)))
        if title_line and not (mode == "transcript" and label_text(state, i)):
            # "Xi urges ...", "Austin Emphasizes ...": a title's verb counts when a named speaker opens it;
            # "Remarks by ..." is a title's words; "... improving ties: Xi" names its source last
            found = found if _opens_title(found, people) else colon_source(state, i, people)
        # a speech quoted whole in news ("Full text of ...", "Remarks by ..."): its speaker's, to the end
        in_speech = speech is not None and current is not None and current.speaker == speech.speaker
        if (mode == "first person" or in_speech) and s.section == "body" and SALUTATION.search(state.text(i).strip()) \
                and len(state.text(i).split()) <= 14 and (body or i > 0):
            attr = Attribution(current.speaker, current.role, "") if in_speech else \
                Attribution(doc_speaker, speaker_role, "")      # "Dear Colleagues,": the speech has begun
        elif mode == "reported" and body and (bite := soundbite(state, i, people)) is not None:
            attr = bite                         # '[Xi Jinping/President of China: "..."]': a broadcast soundbite
        elif mode in ("reported", "fact sheet") and body and (start := speech_heading(state, i)):
            attr, current, speech = None, start, start   # "Full text of ... Xi Jinping's remarks": his words follow
            found = None
        elif s.section == "caption" or (s.section == "body" and not_a_statement(state, i)):
            attr = found[1] if found and title_line and mode != "transcript" else None
            if attr is None:
                found = None                    # a heading, a venue line, "(Laughter.)", "[truncated]"
            if mode == "transcript" and body and (label := speaker_label(state, i, doc_speaker, people)) is not None:
                current = label                 # "PRESIDENT XI:  (As interpreted.)": his turn begins
        elif mode == "transcript" and body:
            label = speaker_label(state, i, doc_speaker, people)
            if label is None and current is not None and current.role == QUESTIONER and new_paragraph(state, i) \
                    and not STILL_ASKING.search(paragraph_text(state, i).rstrip()):
                label = Attribution(doc_speaker, PERSON, "")          # the unlabelled answer to a question
            elif label is None and current is None and doc_speaker[:1].isupper() and doc_speaker in people.order:
                label = Attribution(doc_speaker, PERSON, "")          # the spokesperson's announcement, before any label
            attr = turn = label or current
            if label is None and attr is not None and _reports_another(found, attr.speaker, people.order):
                attr = found[1]                 # "Mr. Sullivan underscored ..." inside the official's answer
            elif label is None and attr is not None and attr.role != QUESTIONER and found:
                other = found[1]
                if other.role == PERSON and other.mention.lower() in ("he", "she") and last_person \
                        and last_person != attr.speaker:
                    attr = Attribution(last_person, PERSON, other.mention)    # "He reiterated ...": the one named
                elif other.role == JOINT and found[0].value.lemma in JOINT_VERBS:
                    attr = other                # "They discussed cross-Strait issues": both sides
                elif others_say(other, found[0]):
                    attr = other                # "economists were predicting ...": theirs, not the speaker's
        elif mode == "joint" and body and JOINT_INTRO.search(state.text(i)) and not _first_person_word(state, i):
            attr = None                         # "The following is the full text of the joint statement": the outlet
        elif mode == "joint" and body:
            attr = Attribution(JOINT_SPEAKER, JOINT, _first_person_word(state, i))
            if found and found[1].role in (PERSON, INSTITUTION) and found[1].mention[:1].isupper() \
                    and found[1].speaker[:1].isupper() and found[1].mention.lower() not in FIRST_PERSON:
                attr = found[1]                 # "President Biden reiterated ...", "The United States welcomes ..."
        elif mode == "first person" and body and i <= introduced_at:
            attr = None                         # "On June 4, Prime Minister Kishida attended ... said:" sets the scene
            found = None
        elif mode == "first person" and body:
            own = _first_person_word(state, i)
            attr = Attribution(doc_speaker, speaker_role, own)
            if not own and (_reports_another(found, doc_speaker, people.order) or _third_person(found)
                            or (found and others_say(found[1], found[0]))):
                attr = found[1]                 # "the two sides agreed", "he added", "the judge said" inside remarks
                if attr.speaker == "" and attr.role == PERSON:
                    base = current if current and current.role == PERSON and current.speaker != doc_speaker else None
                    attr = Attribution(base.speaker if base else "", PERSON, attr.mention)
        elif found and found[1].role == NARRATOR:
            attr = current if body else None    # "according to an official statement": the statement reports
        elif found or i in quoted_by:
            attr = found[1] if found else quoted_by[i]
            if attr.speaker == "" and attr.role == PERSON:          # he / she: the statement's speaker
                base = current if current and current.role == PERSON and current.speaker else protagonist
                attr = Attribution(base.speaker if base else "", PERSON, attr.mention)
        elif s.section in ("body", "headline") and current and body \
                and (in_speech or not _narrates(state.text(i))) \
                and mode != "fact sheet" \
                and not _opens_with_another(state, i, current):
            attr = Attribution(current.speaker, current.role, "")   # goes on without a verb of its own
        if attr is not None and attr.role != NARRATOR:
            if attr.speaker[:4] in ("the ", "The "):         # "the White House" -> "White House"
                attr = Attribution(attr.speaker[4:], attr.role, attr.mention)
            col["speaker"][i], col["speaker_role"][i], col["speaker_mention"][i] = attr.speaker, attr.role, attr.mention
        if found:
            match, _, negated, hedged = found
            col["verb"][i], col["verb_tier"][i] = match.value.lemma, match.value.tier
            col["verb_negated"][i], col["verb_hedged"][i] = negated, hedged
            state.add_span(i, "verb", match.value.lemma, match.start, match.end)
        named = [a.value.name for a in state.notes["actor_matches"][i] if a.value.kind == "person"]
        last_person = named[-1] if named else last_person
        if s.section == "body" and not_a_statement(state, i):
            pass                                # a stage direction or a heading does not end a statement
        elif s.section == "body" and not (attr is None and current is not None and current.mention == "(heading)"):
            # a common-noun source ("officials said") speaks for its own sentence only
            current = attr if attr is not None and attr.role != NARRATOR and not _common_noun(attr) else None
            if mode == "transcript" and body:
                current = turn                  # the turn goes on, whoever one sentence of it reports


def _attributed(state, i: int, people: DocumentPeople, mode: str):
    """The reporting verb of sentence ``i`` and its source (a sentence in Chinese has its own reader)."""
    text = state.text(i)
    if is_chinese(text):
        return chinese_attribution(text, state.sentences[i].start)
    return attributed_verb(state, i, verb_matcher(), people, mode in ("first person", "transcript", "joint"),
                           news=mode == "reported")


def _narrates(text: str) -> bool:
    """Does the sentence describe the meeting itself (who met whom, where): the narrator's?"""
    return bool(NARRATION.search(text)) or (is_chinese(text) and narrates(text))


def _opens_title(found, people: DocumentPeople) -> bool:
    """Does a title line open with a named speaker and the verb ("Xi urges ...", "Leaders agree ...")?"""
    if not found or not hasattr(found[0], "first_token") or found[0].first_token > 5:
        return False
    attr = found[1]
    if found[0].text[:1].isupper() and not (attr.role == JOINT or attr.speaker in people.order
                                            or is_country(attr.speaker)):
        return False                            # "Remarks by ...", "Background Press Call on ...": title words
    if attr.role == JOINT:
        return attr.mention.lower() != "they"
    if attr.role == PERSON and attr.speaker[:1].islower() and found[0].first_token <= 2:
        return attr.mention[:1].isupper()       # "Experts expect little breakthrough"
    return attr.role in (PERSON, INSTITUTION) and attr.mention[:1].isupper() and (
        attr.speaker in people.order or is_country(attr.speaker) or attr.role == INSTITUTION)


def _full_name(name: str) -> bool:
    """Two or three capitalised words, not titles: "Karori Singh", "Shane Shook"."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and w.isalpha() and w not in TITLE_WORDS for w in words)


def _opens_with_another(state, i: int, current: Attribution) -> bool:
    """Does a sentence open with an actor who is neither the current speaker nor that speaker's country
    ("Russia has ...", "China, a nuclear power, ..." after Scholz spoke): a new subject, not his words."""
    from .actors import actor_country

    for a in state.notes["actor_matches"][i]:
        if a.first_token > 1:
            return False
        name = a.value.name
        return name != current.speaker and name != actor_country(current.speaker)
    return False


def _third_person(found) -> bool:
    """A first-person text's sentence that reports a third person by pronoun ("He added, ..."): that
    person's words, not the speaker's own. (A common noun there is too often the speaker's own: "my
    delegation believes", "my country supports".)"""
    if not found:
        return False
    match, other = found[0], found[1]
    return other.role == PERSON and other.mention.lower() in ("he", "she") \
        and match.value.lemma not in ("believe", "think", "want", "show", "predict")


def _common_noun(attr: Attribution) -> bool:
    """A source named by a common noun in the text ("officials said"), not a label ("MODERATOR:")."""
    return attr.role == PERSON and attr.speaker[:1].islower() and attr.mention[:1].islower()


def _reports_another(found, speaker: str, known=()) -> bool:
    """Does a first-person text's sentence report another person by name ("Mr. Sullivan underscored")
    or both sides ("the two sides agreed"), rather than its speaker's own view ("China believes ...")?"""
    if not found:
        return False
    match, other = found[0], found[1]
    if match.value.lemma in ("believe", "think", "want", "show", "predict"):
        return False
    if other.role == JOINT:
        return other.mention.lower() != "they"             # "the two sides agreed", not "they said"
    # a person the text names (an actor, or introduced with a title), not "My Government" or a country
    return other.role == PERSON and other.speaker != speaker and other.speaker in known \
        and other.mention[:1].isupper() and not other.mention.lower().startswith(("my ", "our "))


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


# -- the document -----------------------------------------------------------------------------
def _document_people(state) -> DocumentPeople:
    """Everyone the document names, in order (the headline first), for later mentions to resolve to."""
    people = DocumentPeople()
    matcher = actor_matcher()
    if state.doc.headline:
        introduce_from_text(people, state.doc.headline, matcher)
    for i, s in enumerate(state.sentences):
        # the actor layer's matches, not a second search; then titled names it does not know
        introduce_from_text(people, state.doc.text[s.start:s.end], matcher, known=state.notes["actor_matches"][i])
    return people


def _title_paragraphs(state) -> set[int]:
    """The opening paragraphs that are a title and its venue lines, not body text: in a text with no
    header, the first paragraph when it is one short line without a full stop, and the short lines
    right after it (a venue, a place, a time) before the first long paragraph."""
    doc = state.doc
    if doc.headline or not state.sentences:
        return set()
    paras: dict[int, list[int]] = {}
    for k, s in enumerate(state.sentences):
        paras.setdefault(s.para, []).append(k)
    out = set()
    for para, members in paras.items():
        text = " ".join(state.text(k) for k in members)
        words = len(text.split())
        if len(members) == 1 and words <= 30 and not text.rstrip().endswith((".", "?", "!", "”", '"', "。", "？", "！")) \
                and not opens_with_label(text):
            out.add(para)
            continue
        break
    return out


def _title_text(state) -> str:
    if state.doc.headline:
        return state.doc.headline
    paras = _title_paragraphs(state)
    return " ".join(state.text(k) for k, s in enumerate(state.sentences) if s.para in paras)


def _mode(state, people: DocumentPeople) -> tuple[str, str]:
    """``(form, the document's own speaker)``."""
    doc = state.doc
    body = [i for i, s in enumerate(state.sentences) if s.section == "body"]
    doc_speaker = _document_speaker(state, people)
    given = str(doc.meta.get("form", "")).strip().lower()
    if given in FORMS:
        return given, doc_speaker or _default_speaker(given)
    labels = sum(1 for i in body if (lab := label_text(state, i)) and speaker_like(lab, people))
    if labels >= 2:
        return "transcript", doc_speaker or "spokesperson"
    title = _title_text(state)
    opening = " ".join(state.text(i) for i in body[:2])
    first = sum(1 for i in body if _first_person_word(state, i))
    if first and (JOINT_TITLE.search(title) or WE_THE_LEADERS.search(opening)):
        return "joint", JOINT_SPEAKER
    if FACT_SHEET_TITLE.search(title or doc.text[:120]) or _list_items(state, body, people) >= 3:
        return "fact sheet", doc_speaker                    # a government's own account, item by item
    if doc.meta.get("country") and doc.meta.get("session") and body:
        return "first person", doc_speaker                 # a UN General Debate speech: one speaker
    if SPEECH_TITLE.search(title) and doc_speaker and first:
        return "first person", doc_speaker                  # "Keynote Speech by H.E. Wang Yi"
    threshold = 0.15 if doc.meta.get("country") else 0.3
    if body and first / len(body) >= threshold:
        return "first person", doc_speaker or _introduced_speaker(state, body)[0] or "the speaker"
    return "reported", doc_speaker


def _list_items(state, body, people) -> int:
    """How many paragraphs open with a list label that is not a speaker ("Tariff Adjustments: ...")."""
    return sum(1 for i in body if (lab := label_text(state, i)) and not speaker_like(lab, people)
               and len(lab.split()) >= 2 and len(state.text(i).split()) > len(lab.split()) + 3)


def _introduced_speaker(state, body, who: str = "") -> tuple[str, int]:
    """``(person, sentence)`` of a line that introduces a person's words ("Prime Minister Kishida said:"),
    or ``("", -1)``; with ``who``, only a line introducing that person."""
    for i in body:
        if state.sentences[i].section == "body" and state.text(i).rstrip().endswith((":", "：")) \
                and not label_text(state, i):
            people = [a.value.name for a in state.notes["actor_matches"][i] if a.value.kind == "person"]
            if people and (not who or people[0] == who):
                return people[0], i
    return "", -1


def _default_speaker(form: str) -> str:
    return {"joint": JOINT_SPEAKER, "transcript": "spokesperson"}.get(form, "the speaker")


def _first_person_word(state, i: int) -> str:
    """The first "I" or "we" (or "my", "our") of sentence ``i`` outside quotation marks, or ""."""
    found = state.notes.setdefault("first_person", {})
    if i not in found:
        found[i] = next((t for t, s, e in state.tokens[i]
                         if t.lower() in FIRST_PERSON and t != "US" and not inside_quote(state, s, e)), "")
    return found[i]



def _document_speaker(state, people: DocumentPeople) -> str:
    """Who gives a speech or a press conference: metadata, the person the headline or title line names
    ("Remarks by National Security Advisor Jake Sullivan"), else the country of the file name's code."""
    doc = state.doc
    if doc.meta.get("speaker"):
        return doc.meta["speaker"]
    title = title_case_capitals(_title_text(state))
    if title:
        found = [m.value.name for m in actor_matcher().find(title) if m.value.kind == "person"]
        if found:
            return found[0]
        for name in people.order:
            if name in title and any(w not in TITLE_WORDS for w in name.replace(".", " ").split()):
                return name
    country = doc.meta.get("country", "")
    return country_name(country) if country else ""



def _protagonist(state) -> Attribution | None:
    """The first person the text names: who "he" is before anyone has spoken."""
    for matches in state.notes["actor_matches"]:
        for m in matches:
            if m.value.kind == "person":
                return Attribution(m.value.name, PERSON, m.text)
    return None


LAYER = Layer("speakers", speakers_layer, group="anatomy", data_files=(ACTORS_FILE, VERBS_FILE, COUNTRIES_FILE, CHINESE_FILE),
              columns={"speaker": "str", "speaker_role": "str", "speaker_mention": "str", "verb": "str",
                       "verb_tier": "Int64", "verb_negated": "boolean", "verb_hedged": "boolean"},
              document_columns=("form",), spans=("verb",), needs=("actors",))
