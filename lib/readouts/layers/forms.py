"""A document's form, and its own speaker: how the speakers layer reads the whole text before its sentences.

- **transcript**: two or more paragraphs open with a speaker label ("Q:", "MR. SULLIVAN:", "Mao Ning:");
- **joint**: a joint statement ("We, the leaders of ..." or "Joint Statement" in the title) in the first person;
- **fact sheet**: "FACT SHEET" in the title, or three or more items opening with a list label;
- **first person**: a speech, remarks, a statement by one speaker (a UN General Debate speech, a title naming a
  speech by someone, or enough "I"/"we");
- **reported**: the rest (news, readouts).

A ``form`` metadata column (or ``--form``) overrides what is detected. The document's own speaker is a ``speaker``
metadata column, the person the headline or the title line names, the person a line introduces ("Kishida said:"),
or the country of the file name's ISO3 code.
"""
from __future__ import annotations

import re

from .actors import actor_matcher, country_name
from .labels import LABEL, label_text, opens_with_label, speaker_like, title_case_capitals  # noqa: F401
from .people import DocumentPeople, introduce_from_text
from .quotes import inside_quote
from .subjects import JOINT_SPEAKER, PERSON, TITLE_WORDS, Attribution

FORMS = ("transcript", "joint", "first person", "fact sheet", "reported")
FIRST_PERSON = frozenset({"i", "we", "my", "our", "us", "me"})
JOINT_TITLE = re.compile(r"\bjoint\s+(?:leaders['’]?\s+)?(?:statement|declaration|communiqu[eé]|press statement|"
                         r"outcomes? statement|vision statement)\b|^\s*We,\s+the\s+(?:leaders|heads|ministers)", re.I | re.M)
WE_THE_LEADERS = re.compile(r"^\W*We,\s+the\s+(?:leaders|heads|ministers|foreign ministers)\b", re.I | re.M)
FACT_SHEET_TITLE = re.compile(r"\bfact\s*sheet\b", re.I)
SPEECH_TITLE = re.compile(r"\b(?:remarks|speech|address|statement|keynote|lecture|toast|op-ed|remarks as prepared)\b"
                          r"[^.\n]{0,40}?\bby\b", re.I)


def document_people(state) -> DocumentPeople:
    """Everyone the document names, in order (the headline first), for later mentions to resolve to."""
    people = DocumentPeople()
    matcher = actor_matcher()
    if state.doc.headline:
        introduce_from_text(people, state.doc.headline, matcher)
    for i, s in enumerate(state.sentences):
        # the actor layer's matches, not a second search; then titled names it does not know
        introduce_from_text(people, state.doc.text[s.start:s.end], matcher, known=state.notes["actor_matches"][i])
    return people


def title_paragraphs(state) -> set[int]:
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


def title_text(state) -> str:
    if state.doc.headline:
        return state.doc.headline
    paras = title_paragraphs(state)
    return " ".join(state.text(k) for k, s in enumerate(state.sentences) if s.para in paras)


def read_form(state, people: DocumentPeople) -> tuple[str, str]:
    """``(form, the document's own speaker)``."""
    doc = state.doc
    body = [i for i, s in enumerate(state.sentences) if s.section == "body"]
    doc_speaker = document_speaker(state, people)
    given = str(doc.meta.get("form", "")).strip().lower()
    if given in FORMS:
        return given, doc_speaker or _default_speaker(given)
    labels = sum(1 for i in body if (lab := label_text(state, i)) and speaker_like(lab, people))
    if labels >= 2:
        return "transcript", doc_speaker or "spokesperson"
    title = title_text(state)
    opening = " ".join(state.text(i) for i in body[:2])
    first = sum(1 for i in body if first_person_word(state, i))
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
        return "first person", doc_speaker or introduced_speaker(state, body)[0] or "the speaker"
    return "reported", doc_speaker


def _list_items(state, body, people) -> int:
    """How many paragraphs open with a list label that is not a speaker ("Tariff Adjustments: ...")."""
    return sum(1 for i in body if (lab := label_text(state, i)) and not speaker_like(lab, people)
               and len(lab.split()) >= 2 and len(state.text(i).split()) > len(lab.split()) + 3)


def introduced_speaker(state, body, who: str = "") -> tuple[str, int]:
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


def first_person_word(state, i: int) -> str:
    """The first "I" or "we" (or "my", "our") of sentence ``i`` outside quotation marks, or ""."""
    found = state.notes.setdefault("first_person", {})
    if i not in found:
        found[i] = next((t for t, s, e in state.tokens[i]
                         if t.lower() in FIRST_PERSON and t != "US" and not inside_quote(state, s, e)), "")
    return found[i]



def document_speaker(state, people: DocumentPeople) -> str:
    """Who gives a speech or a press conference: metadata, the person the headline or title line names
    ("Remarks by National Security Advisor Jake Sullivan"), else the country of the file name's code."""
    doc = state.doc
    if doc.meta.get("speaker"):
        return doc.meta["speaker"]
    title = title_case_capitals(title_text(state))
    if title:
        found = [m.value.name for m in actor_matcher().find(title) if m.value.kind == "person"]
        if found:
            return found[0]
        for name in people.order:
            if name in title and any(w not in TITLE_WORDS for w in name.replace(".", " ").split()):
                return name
    country = doc.meta.get("country", "")
    return country_name(country) if country else ""



def protagonist(state) -> Attribution | None:
    """The first person the text names: who "he" is before anyone has spoken."""
    for matches in state.notes["actor_matches"]:
        for m in matches:
            if m.value.kind == "person":
                return Attribution(m.value.name, PERSON, m.text)
    return None
