"""Speakers and reporting verbs: whose words each sentence carries, and how strongly.

For every sentence: ``speaker`` (a canonical actor name; empty for the narrator),
``speaker_role`` (``narrator``, ``person``, ``institution`` for a country or body speaking,
``joint`` for "the two sides" / "the leaders", ``questioner``), ``speaker_mention`` (the words
that named the speaker), ``verb`` (the reporting verb's lemma), ``verb_tier`` (its strength,
from ``data/reporting_verbs.csv``), ``verb_negated`` and ``verb_hedged``; per document, ``form``
(decided in :mod:`.forms`; a ``form`` metadata column or ``--form`` overrides it).

How a document is read depends on its form:

- **transcript**: the label decides until the next label; an unlabelled answer after a question, and an
  announcement before the first question, are the spokesperson's; "he" in an answer is the person named;
- **joint**: every body sentence is ``both sides'``, unless one named side speaks ("The United States welcomes");
- **first person**: every body sentence is the speaker's; "I" and "we" are never a third party the text
  mentions; salutations ("Dear Colleagues,") are the speech's; "economists predicted" is theirs;
- **fact sheet**: a sentence speaks only through a verb of saying; no statement runs on into the next item;
- **reported** (news, readouts): a sentence's speaker is the subject of its reporting verb ("Xi urged",
  "officials said", "said Rep. Nadler", "according to the ministry", "王毅表示"); a pronoun, a family name or a
  title ("the Secretary") is the person named earlier; a sentence without a verb of its own continues the
  statement before it, unless it describes the meeting, which is the narrator's, as are captions and headings;
  a speech the text quotes whole ("Full text of ...") is its speaker's to the end; the cues of news attribution
  (a person's belief, intent or view, "scope" news in the verbs file) are read here only.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from ..lexicons import file_key, read_data_file, split_list
from ..matcher import PhraseMatcher
from .actors import ACTORS_FILE, COUNTRIES_FILE, actor_matcher, country_name, is_country
from .base import Layer
from .forms import (FIRST_PERSON, FORMS, document_people, first_person_word, introduced_speaker,  # noqa: F401
                    protagonist, read_form, title_paragraphs)
from .chinese import CHINESE_FILE, chinese_attribution, is_chinese, narrates
from .labels import (opens_with_label, soundbite, colon_source, not_a_statement, speech_heading, LABEL, label_text, new_paragraph,
                     paragraph_text, speaker_label, speaker_like, title_case_capitals)
from .people import DocumentPeople, introduce_from_text
from .quotes import inside_quote, quote_regions
from .subjects import (others_say, Verb, INSTITUTION, JOINT, JOINT_SPEAKER, JOINT_VERBS, NARRATOR, PERSON, QUESTIONER, TITLE_WORDS,
                       Attribution, attributed_verb)

VERBS_FILE = "reporting_verbs.csv"


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
# a questioner's paragraph that goes on asking: "I was wondering if you could ...", "Thank you."
STILL_ASKING = re.compile(r"\?|\b(?:I was wondering|I wonder|could you|can you|would you|if you could|my question)\b|"
                          r"^(?:thank you|thanks)[^.]{0,20}\.?$", re.I)
JOINT_INTRO = re.compile(r"\b(?:the following is|full text of|(?:was|were) (?:issued|released|adopted)|released the)\b", re.I)
# a speech's salutation line ("Dear Colleagues,", "Ladies and Gentlemen,", "Mr. President,"): the speaker's words
SALUTATION = re.compile(r"^(?:(?:my\s+)?dear\b|ladies\b|excellenc|your\s+(?:excellenc|majesty|highness)|distinguished\b|"
                        r"(?:dear\s+)?(?:colleagues|friends)\b|(?:mr|madam|madame)\.?\s+(?:president|chair|secretary|prime)|"
                        r"the\s+right\s+hono(?:u)?rable\b|honou?rable\b|good\s+(?:morning|afternoon|evening))|,\s*$", re.I)


def speakers_layer(state) -> None:
    n = len(state.sentences)
    col = {name: state.column(name, default) for name, default in (
        ("speaker", ""), ("speaker_role", NARRATOR), ("speaker_mention", ""), ("verb", ""),
        ("verb_tier", None), ("verb_negated", False), ("verb_hedged", False))}
    people = document_people(state)
    mode, doc_speaker = read_form(state, people)
    introduced_at = -1                      # a first-person text introduced by "X said:": the line before the words
    if mode == "first person" and not state.doc.meta.get("speaker"):
        introduced_at = introduced_speaker(state, range(len(state.sentences)), doc_speaker)[1]
    state.document["form"] = mode
    matcher = verb_matcher()                # once: the data file is checked for edits per call
    verbs = [_attributed(state, i, people, mode, matcher) for i in range(n)]
    # a full name the actor list does not know, met as a subject ("Karori Singh, ..., said"), resolves the
    # family name later ("Singh said"): introduce them, and read the sentences again
    new = [f[1].speaker for f in verbs if f and f[1].role == PERSON and _full_name(f[1].speaker)
           and f[1].speaker not in people.order]
    if new:
        for name in new:
            people.introduce(name)
        # only the sentences that name one of them again can read differently
        names = {w for name in new for w in name.split()}
        verbs = [_attributed(state, i, people, mode, matcher) if names.intersection(t for t, _, _ in state.tokens[i]) else verbs[i]
                 for i in range(n)]
    quoted_by = _quote_attributions(state, verbs)
    speaker_role = INSTITUTION if is_country(doc_speaker) else PERSON     # a first-person text's speaker
    current: Attribution | None = None      # the statement going on
    speech: Attribution | None = None       # the speaker of a speech the text quotes whole
    last_person = ""                        # the last person the text named: who "he" is in an answer
    first_named = protagonist(state)        # who "he" is before anyone has spoken
    opening = title_paragraphs(state)
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
        elif mode == "joint" and body and JOINT_INTRO.search(state.text(i)) and not first_person_word(state, i):
            attr = None                         # "The following is the full text of the joint statement": the outlet
        elif mode == "joint" and body:
            attr = Attribution(JOINT_SPEAKER, JOINT, first_person_word(state, i))
            if found and found[1].role in (PERSON, INSTITUTION) and found[1].mention[:1].isupper() \
                    and found[1].speaker[:1].isupper() and found[1].mention.lower() not in FIRST_PERSON:
                attr = found[1]                 # "President Biden reiterated ...", "The United States welcomes ..."
        elif mode == "first person" and body and i <= introduced_at:
            attr = None                         # "On June 4, Prime Minister Kishida attended ... said:" sets the scene
            found = None
        elif mode == "first person" and body:
            own = first_person_word(state, i)
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
                base = current if current and current.role == PERSON and current.speaker else first_named
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


def _attributed(state, i: int, people: DocumentPeople, mode: str, matcher: PhraseMatcher):
    """The reporting verb of sentence ``i`` and its source (a sentence in Chinese has its own reader)."""
    text = state.text(i)
    if is_chinese(text):
        return chinese_attribution(text, state.sentences[i].start)
    return attributed_verb(state, i, matcher, people, mode in ("first person", "transcript", "joint"),
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


LAYER = Layer("speakers", speakers_layer, group="anatomy", data_files=(ACTORS_FILE, VERBS_FILE, COUNTRIES_FILE, CHINESE_FILE),
              columns={"speaker": "str", "speaker_role": "str", "speaker_mention": "str", "verb": "str",
                       "verb_tier": "Int64", "verb_negated": "boolean", "verb_hedged": "boolean"},
              document_columns=("form",), spans=("verb",), needs=("actors",))
