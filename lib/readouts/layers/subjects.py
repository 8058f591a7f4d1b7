"""Who a reporting verb's subject is, in one sentence: the words around the verb.

The subject may stand before the verb ("Xi urged", "officials said", "Chinese experts say", "the
two sides agreed"), before an aside ("Chapin, 18, said", "Wang, also a member of the Political
Bureau, said"), after it ('..., said Rep. Jerry Nadler', "said the ministry", "according to the
ministry"), or be a pronoun. What is not a subject: a sentence opener ("People may ask", "By 2030"),
a heading, a number.
"""
from __future__ import annotations

from bisect import bisect_left

from ..matcher import PhraseMatcher, Tokens
from ..read.segment import SENTENCE_OPENERS
from .noun_phrases import (DETERMINERS, DOCUMENT_NOUNS, FUNCTION_WORDS, OBJECT_WORDS, TITLE_WORDS,  # noqa: F401
                           common_noun_ending_at, coordinated_names, unknown_name_ending_at)
from .quotes import inside_quote
from .roles import (INSTITUTION, JOINT, JOINT_SPEAKER, NARRATOR, PERSON, QUESTIONER,  # noqa: F401
                    Attribution, Verb)

# between a subject and its verb: "Xi also said", "he did not rule out", "she has repeatedly urged"
BETWEEN = frozenset("""also further then again first repeatedly firmly strongly once particularly specifically
    especially clearly explicitly publicly recently earlier later jointly together fully sincerely warmly
    solemnly sternly seriously reportedly apparently allegedly both all each has have had did does do will
    would could may might should shall can not never no longer didn doesn don hasn haven won wouldn couldn isn aren
    wasn weren
    t ' ’ was were is are been being always often usually already still just even recently""".split())
# a "verb" followed by these is a noun: "press conference", "note verbale", "call centre"
NOUN_AFTER = frozenset("conference conferences release releases briefing briefings verbale freedom office corps".split())
NEGATIONS = frozenset("not never didn doesn don hasn haven won wouldn couldn no".split())
HEDGES = frozenset("may might could would reportedly apparently allegedly perhaps possibly likely".split())
QUANTIFIED = frozenset({"some", "others", "many", "few", "most", "critics", "supporters", "opponents"})
PRONOUNS = {"he": PERSON, "she": PERSON, "i": PERSON, "we": PERSON, "they": JOINT}
JOINT_SUBJECTS = PhraseMatcher({p: JOINT for p in (
    "the two sides", "both sides", "the leaders", "both leaders", "the two leaders", "the two heads of state",
    "the two presidents", "the two countries", "both countries", "the two nations", "both parties",
    "the two parties", "the two ministers", "both ministers", "the two foreign ministers", "the two governments",
    "both governments", "the sides", "the three leaders", "the three countries", "the leaders of the two countries",
    "the two delegations", "both delegations", "the two heads of government", "both heads of state",
    "the * and * leaders", "the * and * sides", "the * and * ministers", "the * and * presidents",
    "our two countries", "our two leaders", "our leaders", "our two presidents", "our two sides", "our two governments")},
    case_sensitive=False)
# verbs two parties do together: "they discussed", "they agreed" is both sides
JOINT_VERBS = frozenset({"discuss", "agree", "exchange views", "concur", "share views", "take stock", "review"})
# people and bodies named by office rather than name: "the spokesperson said", "the ministry urged"
OFFICE_SUBJECTS = PhraseMatcher({**{p: PERSON for p in (
    "the spokesperson", "a spokesperson", "the spokesman", "a spokesman", "the spokeswoman", "a spokeswoman",
    "the ambassador", "the minister", "the foreign minister", "the president", "the premier",
    "the prime minister", "the envoy", "the secretary", "the chancellor", "the vice president")}, **{p: INSTITUTION for p in (
    "the ministry", "the foreign ministry", "the embassy", "the government", "the white house",
    "the state department", "the chinese side", "the japanese side", "the pentagon", "the kremlin")}},
    case_sensitive=False)
TIME_WORDS = frozenset("""Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
    July August September October November December week month year""".split())
def attributed_verb(state, i: int, verbs, people=None, first_person: bool = False, news: bool = False):
    """The first reporting verb in sentence ``i`` with a subject: ``(match, attribution, negated, hedged)``.
    ``news``: read the cues of news attribution too (a person's belief, intent or view: "Trump seemed to")."""
    tokens = state.tokens[i]
    text = state.doc.text
    actors = state.notes["actor_matches"][i]
    actor_tokens = {k for a in actors for k in range(a.first_token, a.last_token + 1)}
    candidates = []
    for m in verbs.find(text, tokens=tokens):
        if m.value.scope == "news" and not news:
            continue
        found = _verb_with_subject(state, i, m, people, first_person, actor_tokens)
        if found is not None:
            candidates.append(found)
    if not candidates:
        return None
    # "Xi agreed to ..., Biden said at a news conference": the closing attribution is the sentence's source
    # not ", noting that"; not a news cue deep in the sentence ("..., that he views Xi as ...")
    closing = [c for c in candidates[1:] if not _participle(c[0]) and c[0].value.scope != "news"]
    if closing and closing[-1][0].first_token > 2 and _after_comma(tokens, closing[-1]):
        return closing[-1]
    return candidates[0]


def _finite(m) -> bool:
    """Is the verb written in a finite form ("reaffirmed", "says", "told")? A bare form after ", and" ends a
    list of infinitives ("to prevent ..., detect ..., and respond"), not a second verb of the subject."""
    word = m.text.lower().split()[0]
    return word.endswith(("ed", "s")) or word in ("said", "told", "thought", "made", "gave", "took", "wrote", "held", "had")


def _participle(m) -> bool:
    """Is the verb a participle ("noting", "calling on"), which takes its subject from the clause before?"""
    return m.value.lemma != "according to" and m.text.lower().split()[0].endswith("ing")


# what people other than a speech's speaker are reported to say: "economists were predicting", "some say"
SAYING = frozenset({"say", "predict", "argue", "claim", "warn", "suggest", "insist", "contend", "assert", "tell"})
PEOPLE_NOUNS = frozenset("""economists experts analysts critics observers scholars commentators skeptics sceptics
    pundits historians scientists people officials diplomats journalists reporters""".split())


def others_say(subject: Attribution, m) -> bool:
    """In a speech, do people the speaker names by a plural ("economists", "some", "critics") say it?"""
    head = subject.mention.lower().split()[-1] if subject.mention else ""
    return m.value.lemma in SAYING and (head in QUANTIFIED or head in PEOPLE_NOUNS)


def _opening_bracket(tokens, j: int) -> int | None:
    """The "(" that the ")" at ``j`` closes, within eight tokens, or None."""
    for k in range(j - 1, max(-1, j - 9), -1):
        if tokens[k][0] == "(":
            return k
    return None


def _after_comma(tokens, found) -> bool:
    """Does the attribution close the sentence after a comma or a quote ('..., Biden said', '..., said X')?"""
    m = found[0]
    k = m.first_token - 1
    while k >= 0 and tokens[k][0][:1].isalpha() and m.first_token - k <= 5:
        k -= 1
    return k >= 0 and tokens[k][0] in ',"”\'’' or (m.first_token > 0 and tokens[m.first_token - 1][0] in ',"”\'’')


def _verb_with_subject(state, i: int, m, people, first_person: bool, actor_tokens):
    """``(match, attribution, negated, hedged)`` when reporting verb ``m`` of sentence ``i`` has a subject."""
    tokens = state.tokens[i]
    if m.first_token in actor_tokens or inside_quote(state, m.start, m.end):
        return None
    if m.last_token + 1 < len(tokens) and tokens[m.last_token + 1][0].lower() in NOUN_AFTER:
        return None                                 # "press conference", "note verbale"
    if m.value.lemma == "welcome" and _welcomes_a_guest(tokens, m.last_token + 1):
        return None                                 # "Biden welcomed Prime Minister Kishida to ...": a host's act
    if m.value.lemma == "according to":
        subject = subject_starting_at(state, i, m.last_token + 1, people, closing=False)
        if subject is not None:
            return m, subject, False, False
        return None
    j = m.first_token - 1
    between = []
    while j >= 0:
        if tokens[j][0].lower() in BETWEEN or (tokens[j][0].islower() and tokens[j][0].endswith("ly") and len(tokens[j][0]) > 4):
            between.append(tokens[j][0].lower())
            j -= 1
        elif j >= 1 and tokens[j][0] in TIME_WORDS and tokens[j - 1][0].lower() in ("on", "last", "this", "in"):
            j -= 2                          # "Xi on Wednesday urged"
        elif j >= 2 and tokens[j][0].isdigit() and tokens[j - 1][0] in TIME_WORDS and tokens[j - 2][0].lower() == "on":
            j -= 3                          # "Cho Tae-yul on May 13 stressed"
        elif tokens[j][0] == ")" and (opening := _opening_bracket(tokens, j)) is not None and opening > 0:
            j = opening - 1                 # "Sen. John Cornyn (R-Texas) told"
        else:
            break
    if j >= 1 and tokens[j][0].lower() == "who":
        j -= 2 if tokens[j - 1][0] == "," else 1     # "Bernie Sanders, who cites them": the name before "who"
    subject = subject_ending_at(state, i, j, people) if j >= 0 else None
    if subject is None and j >= 0 and ((tokens[j][0].lower() in ("and", "but") and (
            _finite(m) or tokens[j][0].lower() == "but" or j == 0 or tokens[j - 1][0] != ",")) or
                                       (tokens[j][0] == "," and _participle(m))):
        subject = sentence_subject(state, i, j, people)  # "X refused ... but said", "X ..., saying"
    elif subject is not None and subject.speaker[:1].islower() and _participle(m):
        subject = None                              # "a notice to industry warning companies": a participle
    if subject is None and j >= 0 and tokens[j][0] == ",":
        subject = subject_before_aside(state, i, j, people)      # "Xi, also general secretary of ..., said"
    if subject is None and (m.first_token == 0 or tokens[m.first_token - 1][0] in ',"”\'’'):
        subject = subject_starting_at(state, i, m.last_token + 1, people)       # '"...," said Xi.'
    if subject is None and first_person and _performative(tokens, m.first_token):
        subject = Attribution("", PERSON, "I")     # "Thank you", "Let me stress": the speaker's own act
    if subject is None:
        return None
    first_word = m.text.lower().split()[0]
    if {"was", "were", "been", "being", "is", "are", "be"} & set(between) and m.value.lemma == "welcome":
        return None                                 # "Xi was warmly welcomed by officials": a host's act
    if {"was", "were", "been", "being", "is", "are", "be"} & set(between) and (
            first_word.endswith("ed") or first_word in ("told", "said", "thought", "shown", "written")):
        # a passive: its agent, if any, is the source ("was first reported by MSNBC")
        k = m.last_token + 1
        if k < len(tokens) and tokens[k][0].lower() == "by":
            agent = subject_starting_at(state, i, k + 1, people)
            if agent is not None:
                return m, agent, False, False
        return None                                 # "Xi was warmly welcomed by officials at the airport"
    if first_person and subject.mention.lower() in ("i", "we") and (
            m.value.lemma in ("believe", "think", "want") or NEGATIONS & set(between)):
        return None                                 # "I think", "we haven't always agreed": not the speaker's act
    if first_person and subject.role == PERSON and subject.speaker[:1].islower() and subject.mention[:1].islower() \
            and not others_say(subject, m):
        return None                                 # "the world expects", in a speech: the speaker's own statement
    if m.value.scope == "news" and (subject.role not in (PERSON, NARRATOR, JOINT) or subject.mention.lower() in ("i", "we")
                                    or (subject.mention.islower() and subject.mention.lower() not in PRONOUNS
                                        and not subject.mention.endswith("s"))):
        return None         # "China supports ...": a country's stance; "military support": a noun, not a source
    return m, subject, bool(NEGATIONS & set(between)), bool(HEDGES & set(between))


def _welcomes_a_guest(tokens, k: int) -> bool:
    """Is what follows "welcomed" a person or delegation by title or name (not "Japan's revision")?"""
    run = []
    while k < len(tokens) and (tokens[k][0][:1].isupper() or tokens[k][0] in ".-"):
        run.append(tokens[k][0])
        k += 1
    if not run or (k < len(tokens) and tokens[k][0] in "'’"):
        return False
    return any(w in TITLE_WORDS for w in run) or (k < len(tokens) and tokens[k][0].lower() in ("to", "and", "at"))


def subject_ending_at(state, i: int, j: int, people=None) -> Attribution | None:
    tokens = state.tokens[i]
    text = state.doc.text
    matches = state.notes["actor_matches"][i]
    joined = coordinated_names(tokens, j)
    if joined is not None:          # "Mr. Sullivan and Director Wang recognized": both speak together
        return Attribution(JOINT_SPEAKER, JOINT, text[tokens[joined][1]:tokens[j][2]])
    for a in matches:
        if a.last_token == j:
            of = a.first_token - 1 - (a.first_token >= 2 and tokens[a.first_token - 1][0].lower() == "the")
            if a.value.kind != "person" and of >= 1 and tokens[of][0].lower() == "of":
                head = subject_ending_at(state, i, of - 1, people)
                if head is not None and head.role in (PERSON, JOINT) and head.mention[:1].isupper():
                    return head         # "President Xi Jinping of the People's Republic of China announced"
            # "President Biden and President Xi announced": two actors joined by "and" speak together
            first = a.first_token - 1
            if first >= 1 and tokens[first][0] == "and" and any(b.last_token in (first - 1, first - 2) for b in matches
                                                                  if b is not a and b.value.kind == a.value.kind):
                return Attribution(JOINT_SPEAKER, JOINT, text[tokens[first - 1][1]:a.end])
            return Attribution(a.value.name, PERSON if a.value.kind == "person" else INSTITUTION, a.text)
    word = tokens[j][0]
    if word.lower() in PRONOUNS and (j == 0 or tokens[j - 1][0] in ',;:"”(\'’' or tokens[j - 1][0].lower() in
                                     ("and", "but", "that", "as", "while", "when", "which", "what", "so", "because",
                                      "where", "if", "after", "before", "who")):
        role = PRONOUNS[word.lower()]
        return Attribution(JOINT_SPEAKER if role == JOINT else "", role, word)
    if word.lower() in QUANTIFIED and (j == 0 or tokens[j - 1][0] in ',;:"”(' or tokens[j - 1][0].lower() in ("and", "but")):
        return Attribution(word.lower(), PERSON, word)      # "Some have suggested", "Others say": people unnamed
    for matcher in (JOINT_SUBJECTS, OFFICE_SUBJECTS):
        for m in matcher.find(text, tokens=tokens[max(0, j - 6):j + 1]):
            if m.end == tokens[j][2]:
                if m.value == JOINT:
                    return Attribution(JOINT_SPEAKER, JOINT, m.text)
                named = people.resolve(m.text) if people is not None else None
                return Attribution(named or m.text, m.value, m.text)
    found = unknown_name_ending_at(tokens, j, text, people) or common_noun_ending_at(tokens, j, text)
    if found is not None and found.speaker[:1].islower() and people is not None:
        named = people.resolve(found.mention)              # "the Chinese leader", "the German chancellor"
        if named:
            return Attribution(named, PERSON, found.mention)
    return found


def subject_before_aside(state, i: int, j: int, people=None) -> Attribution | None:
    """The subject before an aside set off by commas, the comma closing it at ``j`` ("Chapin, 18, said";
    "Vian, the editor in chief of the Vatican's newspaper, L'Osservatore Romano, said")."""
    tokens = state.tokens[i]
    k, tries = j - 1, 0
    while k > 0 and tries < 3:
        while k > 0 and tokens[k][0] not in ",;:\"“”()":
            k -= 1
        if k <= 0 or tokens[k][0] != "," or j - k < 2:
            return None
        found = subject_ending_at(state, i, k - 1, people)
        if found is not None and found.role != NARRATOR and (found.speaker[:1].isupper() or found.role == JOINT
                                                             or found.mention.lower() in PRONOUNS):
            return found
        k, tries = k - 1, tries + 1
    return None


def sentence_subject(state, i: int, j: int, people=None) -> Attribution | None:
    """The subject that opens the sentence, for a verb coordinated with its first one ("but said")."""
    tokens = state.tokens[i]
    for m in JOINT_SUBJECTS.find(state.doc.text, tokens=tokens[:6]):
        if m.first_token == 0:                      # "The Leaders jointly inaugurated ... and reaffirmed"
            return Attribution(JOINT_SPEAKER, JOINT, m.text)
    for a in state.notes["actor_matches"][i]:
        if a.first_token <= 2 and a.last_token < j:
            return Attribution(a.value.name, PERSON if a.value.kind == "person" else INSTITUTION, a.text)
    if tokens and tokens[0][0].lower() in ("he", "she"):
        return Attribution("", PERSON, tokens[0][0])
    e = 0
    while e < min(j, 8) and (tokens[e][0][:1].isupper() or tokens[e][0] in ".-'’") and tokens[e][0] not in SENTENCE_OPENERS:
        e += 1
    if e and e < j and tokens[e][0][:1].islower():
        return unknown_name_ending_at(tokens, e - 1, state.doc.text, people)
    return None


def subject_starting_at(state, i: int, j: int, people=None, closing: bool = True) -> Attribution | None:
    """'"...," said Xi.', "said Rep. Jerry Nadler", "according to the ministry": a subject after the verb."""
    tokens = state.tokens[i]
    text = state.doc.text
    if j >= len(tokens):
        return None

    def closes(k: int) -> bool:                 # the subject ends the sentence or the clause
        return not closing or k >= len(tokens) or tokens[k][0] in ",.;:!?" or tokens[k][0].lower() in ("in", "on", "at", "who", "during", "after", "when")

    for a in state.notes["actor_matches"][i]:
        if a.first_token == j and closes(a.last_token + 1):
            return Attribution(a.value.name, PERSON if a.value.kind == "person" else INSTITUTION, a.text)
    if tokens[j][0].lower() in ("he", "she") and closes(j + 1):
        return Attribution("", PERSON, tokens[j][0])
    k = j
    while k < len(tokens) and tokens[k][0].lower() in DETERMINERS:
        k += 1
    e = k
    while e < len(tokens) and (tokens[e][0][:1].isalpha() or tokens[e][0] in "-'’" or (
            tokens[e][0] == "." and e + 1 < len(tokens) and tokens[e + 1][0][:1].isupper())) \
            and tokens[e][0].lower() not in FUNCTION_WORDS | {"said", "says"}:
        e += 1
    if e == k or e - k > 6 or not closes(e):
        return None
    mention = text[tokens[j][1]:tokens[e - 1][2]]
    if tokens[k][0][:1].isupper():
        named = people.resolve(mention) if people is not None else None
        words = [t for t, _, _ in tokens[k:e] if t[:1].isalpha()]
        titled_at = [n for n, w in enumerate(words) if w.rstrip(".") in TITLE_WORDS]
        name = " ".join(words[titled_at[-1] + 1:]) if titled_at and titled_at[-1] + 1 < len(words) else " ".join(words)
        return Attribution(named or name, PERSON, mention)
    head = tokens[e - 1][0].lower()
    if head in DOCUMENT_NOUNS:
        return Attribution("", NARRATOR, mention)
    named = people.resolve(mention) if people is not None else None
    if named:
        return Attribution(named, PERSON, mention)
    return Attribution(" ".join(w for w in mention.lower().split() if w not in DETERMINERS), PERSON, mention)


# the words that may lead a first-person speaker's own act: "I also want to thank", "I am pleased to announce",
# "let me stress", "May I congratulate", "I do join in calling for"
PERFORMATIVE_LEAD = frozenset("""i we also especially want wish would should like to let me allow may am are pleased
    happy glad it is my our pleasure honor honour and so first finally again do join in now once here today
    say hey well folks everyone all""".split())


def _performative(tokens, k: int) -> bool:
    """A verb opening the sentence ("Thank you"), or led only by words of a speaker's own act ("I want
    to thank", "I am pleased to announce"): a first-person speaker's act, with no subject of its own."""
    colons, leading, other = _lead_counts(tokens)
    c = bisect_left(colons, k)
    start = colons[c - 1] + 1 if c else 0               # "SECRETARY BLINKEN:  Thank you."
    # the lead: the lower-case words (and "I") between it and the verb; a name or "folks" addressed before the
    # verb is a vocative: "Senator, thank you", "And, folks, thanks"
    return k == start or (leading[k] - leading[start] <= 7 and other[k] == other[start])


def _lead_counts(tokens) -> tuple[list[int], list[int], list[int]]:
    """Once per sentence: where its colons are, and for each place, how many lead words come before it and how
    many of those are not words of a speaker's own act (so each verb's lead is counted by two subtractions,
    not by reading the sentence again: a long unpunctuated text has thousands of verbs)."""
    memo = getattr(tokens, "memo", None)
    if memo is not None and "lead" in memo:
        return memo["lead"]
    colons, leading, other = [], [0], [0]
    for n, (t, _, _) in enumerate(tokens):
        if t in ":：":
            colons.append(n)
        lead = t[:1].isalpha() and not (t[:1].isupper() and t != "I")
        leading.append(leading[-1] + lead)
        other.append(other[-1] + (lead and t.lower() not in PERFORMATIVE_LEAD))
    if isinstance(tokens, Tokens):
        tokens.memo = {**(memo or {}), "lead": (colons, leading, other)}
    return colons, leading, other
