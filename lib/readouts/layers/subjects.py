"""Who a reporting verb's subject is, in one sentence: the words around the verb.

The subject may stand before the verb ("Xi urged", "officials said", "Chinese experts say", "the
two sides agreed"), before an aside ("Chapin, 18, said", "Wang, also a member of the Political
Bureau, said"), after it ('..., said Rep. Jerry Nadler', "said the ministry", "according to the
ministry"), or be a pronoun. What is not a subject: a sentence opener ("People may ask", "By 2030"),
a heading, a number.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..lexicons import general_english_counts
from ..matcher import PhraseMatcher
from ..read.segment import SENTENCE_OPENERS
from .quotes import inside_quote

NARRATOR, PERSON, INSTITUTION, JOINT, QUESTIONER = "narrator", "person", "institution", "joint", "questioner"
JOINT_SPEAKER = "both sides"


@dataclass(frozen=True)
class Verb:
    lemma: str
    tier: int
    tier_name: str


@dataclass
class Attribution:
    speaker: str
    role: str
    mention: str


# between a subject and its verb: "Xi also said", "he did not rule out", "she has repeatedly urged"
BETWEEN = frozenset("""also further then again repeatedly firmly strongly once particularly specifically
    especially clearly explicitly publicly recently earlier later jointly together fully sincerely warmly
    solemnly sternly seriously reportedly apparently allegedly both all each has have had did does do will
    would could may might should shall can not never no longer didn doesn don hasn haven won wouldn couldn
    t ' ’ was were is are been being always often usually already still just even recently""".split())
# a "verb" followed by these is a noun: "press conference", "note verbale", "call centre"
NOUN_AFTER = frozenset("conference conferences release releases briefing briefings verbale freedom office corps".split())
NEGATIONS = frozenset("not never didn doesn don hasn haven won wouldn couldn no".split())
HEDGES = frozenset("may might could would reportedly apparently allegedly perhaps possibly likely".split())
PRONOUNS = {"he": PERSON, "she": PERSON, "i": PERSON, "we": PERSON, "they": JOINT}
JOINT_SUBJECTS = PhraseMatcher({p: JOINT for p in (
    "the two sides", "both sides", "the leaders", "both leaders", "the two leaders", "the two heads of state",
    "the two presidents", "the two countries", "both countries", "the two nations", "both parties",
    "the two parties", "the two ministers", "both ministers", "the two foreign ministers", "the two governments",
    "both governments", "the sides", "the three leaders", "the three countries", "the leaders of the two countries",
    "the two delegations", "both delegations")}, case_sensitive=False)
# people and bodies named by office rather than name: "the spokesperson said", "the ministry urged"
OFFICE_SUBJECTS = PhraseMatcher({**{p: PERSON for p in (
    "the spokesperson", "a spokesperson", "the spokesman", "a spokesman", "the spokeswoman", "a spokeswoman",
    "the ambassador", "the minister", "the foreign minister", "the president", "the premier",
    "the prime minister", "the envoy", "the secretary", "the chancellor", "the vice president")}, **{p: INSTITUTION for p in (
    "the ministry", "the foreign ministry", "the embassy", "the government", "the white house",
    "the state department", "the chinese side", "the japanese side", "the pentagon", "the kremlin")}},
    case_sensitive=False)
# documents say things in news, but are not speakers (the coding guide): the narrator's
DOCUMENT_NOUNS = frozenset("""statement statements communique communiqué readout readouts report reports release
    declaration document documents letter memo transcript fact sheet survey poll polls study studies""".split())
TITLE_WORDS = frozenset("""President Prime Minister Premier Foreign Secretary General Spokesperson Spokesman
    Spokeswoman Ambassador Chancellor Chairman Chairwoman Vice Deputy State Councilor Councillor Mr Mrs Ms Dr
    King Queen Senator Sen Rep Governor Gov Director Chief Envoy Special Representative Assistant Defense Defence
    Finance Trade Commerce Cabinet Executive Mayor Speaker Leader Sir Lord National Security Advisor Adviser""".split())
TIME_WORDS = frozenset("""Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
    July August September October November December week month year""".split())
DETERMINERS = frozenset("the a an its their his her our this that these those".split())
# lower-case words that never head a subject noun phrase
FUNCTION_WORDS = frozenset("""the a an and or but of in on at to for with by from as that this these those it its
    which who whom whose what when where while if than then so not no there here is are was were be been being
    has have had do does did will would can could may might must shall should also just only even still yet
    very more most much many some any all both each every other such own same same up down out over about
    into after before during since until because although though however also""".split())
# pronouns, adverbs and the like that never head a common-noun subject ("at her request", "we therefore")
OBJECT_WORDS = frozenset("""remain remains remained stay stays seem seems appear appears become becomes
    her him them us me you your my mine yours hers his its our their it one ones everyone someone
    anyone nobody everybody somebody something nothing everything people we i they therefore thus hence now today
    indeed however moreover furthermore also again here there""".split()) | DETERMINERS


def attributed_verb(state, i: int, verbs, people=None, first_person: bool = False):
    """The first reporting verb in sentence ``i`` with a subject: ``(match, attribution, negated, hedged)``."""
    tokens = state.tokens[i]
    text = state.doc.text
    actors = state.notes["actor_matches"][i]
    actor_tokens = {k for a in actors for k in range(a.first_token, a.last_token + 1)}
    candidates = []
    for m in verbs.find(text, tokens=tokens):
        found = _verb_with_subject(state, i, m, people, first_person, actor_tokens)
        if found is not None:
            candidates.append(found)
    if not candidates:
        return None
    # "Xi agreed to ..., Biden said at a news conference": the closing attribution is the sentence's source
    closing = [c for c in candidates[1:] if not c[0].text.lower().endswith("ing")]   # not ", noting that"
    if closing and closing[-1][0].first_token > 2 and _after_comma(tokens, closing[-1]):
        return closing[-1]
    return candidates[0]


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
        else:
            break
    subject = subject_ending_at(state, i, j, people) if j >= 0 else None
    if subject is None and j >= 0 and (tokens[j][0].lower() in ("and", "but") or
                                       (tokens[j][0] == "," and m.text.lower().endswith("ing"))):
        subject = sentence_subject(state, i, j, people)  # "X refused ... but said", "X ..., saying"
    elif subject is not None and subject.speaker[:1].islower() and m.text.lower().endswith("ing"):
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
    if first_person and subject.role == PERSON and subject.speaker[:1].islower() and subject.mention[:1].islower():
        return None                                 # "the world expects", in a speech: the speaker's own statement
    return m, subject, bool(NEGATIONS & set(between)), bool(HEDGES & set(between))


def subject_ending_at(state, i: int, j: int, people=None) -> Attribution | None:
    tokens = state.tokens[i]
    text = state.doc.text
    matches = state.notes["actor_matches"][i]
    for a in matches:
        if a.last_token == j:
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


def unknown_name_ending_at(tokens, j: int, text: str, people=None) -> Attribution | None:
    """A run of capitalised words before the verb ("Foreign Minister John Smith said", "Mr. Sullivan said")."""
    k = j
    while k >= 0 and (tokens[k][0][:1].isupper() or (tokens[k][0] in ".-'’" and k > 0 and k < j)):
        k -= 1
    while k + 1 <= j and not tokens[k + 1][0][:1].isalpha():
        k += 1                          # a run starts with a word: "12. History" is not ". History"
    run = tokens[k + 1:j + 1]
    if any(t == "I" for t, _, _ in run):
        return None                     # "May I say": the speaker's own voice
    at_start = all(not t[:1].isalpha() for t, _, _ in tokens[:k + 1])   # only numbers and quote marks before
    before = [t.lower() for t, _, _ in tokens[max(0, k - 1):k + 1]]
    titled = any(t in TITLE_WORDS for t, _, _ in run)
    if not run:
        return None
    if before and before[-1] in DETERMINERS:
        if len(run) == 1 and (run[0][0].isupper() and len(run[0][0]) >= 2 and run[0][0].isalpha()):
            return Attribution(run[0][0], INSTITUTION, text[tokens[k][1]:run[0][2]])   # "the DNC said"
        return None                     # "the Regular ...": a noun phrase, not a name
    if before[-2:] in (["'", "s"], ["’", "s"]):
        if not titled or k < 2:
            return None                 # "Mao Ning's Regular Press ...": a noun phrase
        mention = text[tokens[k - 2][1]:run[-1][2]]          # "Japan's Prime Minister"
        return Attribution(mention, PERSON, mention)
    words = [t for t, _, _ in run if t[:1].isalpha()]
    if not words or all(w in SENTENCE_OPENERS for w in words):
        return None
    if at_start and len(words) == 1 and words[0].lower() in ("leaders", "sides"):
        return Attribution(JOINT_SPEAKER, JOINT, words[0])       # "Leaders agree to ..." (a headline)
    if at_start and len(words) == 1 and words[0].endswith("s") and general_english_counts().get(words[0].lower(), 0) >= 5 \
            and words[0].lower() not in OBJECT_WORDS:
        return Attribution(words[0].lower(), PERSON, words[0])   # "Officials said": a common noun
    if at_start and len(words) == 1 and (words[0] in SENTENCE_OPENERS or _common_word(words[0])):
        return None                     # "People may ask", "Nations must": a sentence opener, not a name
    mention = text[run[0][1]:run[-1][2]]
    named = people.resolve(mention) if people is not None else None
    if named:
        return Attribution(named, PERSON, mention)
    # the name follows the last title word: "Japanese Foreign Minister Jane Doe" -> "Jane Doe"
    titled_at = [k for k, (t, _, _) in enumerate(run) if t.rstrip(".") in TITLE_WORDS]
    name_tokens = run[titled_at[-1] + 1:] if titled_at else run
    if not any(t[:1].isalpha() for t, _, _ in name_tokens):
        return Attribution(mention, PERSON, mention)
    return Attribution(text[name_tokens[0][1]:run[-1][2]], PERSON, mention)


def common_noun_ending_at(tokens, j: int, text: str) -> Attribution | None:
    """A common-noun subject: "officials said", "Chinese experts say", "many analysts believe",
    "Cameron's spokesman said"."""
    head = tokens[j][0]
    low = head.lower()
    if not head.isalpha() or not head.islower() or len(head) < 3 or low in FUNCTION_WORDS or low in OBJECT_WORDS \
            or low.endswith(("ly", "ing", "ed")) or (j > 0 and tokens[j - 1][0] in "'’"):
        return None
    quantifiers = {"many", "some", "most", "other", "several", "both", "all", "two", "three"}
    k = j
    while k - 1 >= 0 and k > j - 4 and tokens[k - 1][0].isalpha() and len(tokens[k - 1][0]) > 1 \
            and tokens[k - 1][0].lower() not in FUNCTION_WORDS - quantifiers:
        k -= 1
    # "Cameron's spokesman", "the president's aides": a possessive before the noun
    if k >= 2 and tokens[k - 1][0] == "s" and tokens[k - 2][0] in "'’" and k >= 3 and tokens[k - 3][0].isalpha():
        k -= 3
        while k - 1 >= 0 and tokens[k - 1][0][:1].isupper() and tokens[k - 1][0].isalpha() and k > j - 8:
            k -= 1
    while k - 1 >= 0 and tokens[k - 1][0].lower() in DETERMINERS | quantifiers:
        k -= 1
    words_np = [t for t, _, _ in tokens[k:j + 1] if t.lower() not in DETERMINERS and t not in ("'", "’", "s")]
    if any(not t.isalpha() or len(t) < 2 or t.lower() in (OBJECT_WORDS - DETERMINERS) | {"i", "we", "my", "our"}
           for t in words_np):
        return None                     # "we therefore", "my delegation": the speaker's own voice
    mention = text[tokens[k][1]:tokens[j][2]]
    if low in DOCUMENT_NOUNS:
        return Attribution("", NARRATOR, mention)       # a document: its verb is kept, the voice is the narrator's
    phrase = " ".join(w for w in mention.lower().replace("’", "'").split() if w not in DETERMINERS)
    return Attribution(phrase, PERSON, mention)


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
        if found is not None and found.role != NARRATOR and (found.speaker[:1].isupper() or found.mention.lower() in PRONOUNS):
            return found
        k, tries = k - 1, tries + 1
    return None


def sentence_subject(state, i: int, j: int, people=None) -> Attribution | None:
    """The subject that opens the sentence, for a verb coordinated with its first one ("but said")."""
    tokens = state.tokens[i]
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
    happy glad it is my our pleasure honor honour and so first finally again do join in now once here today""".split())


def _performative(tokens, k: int) -> bool:
    """A verb opening the sentence ("Thank you"), or led only by words of a speaker's own act ("I want
    to thank", "I am pleased to announce"): a first-person speaker's act, with no subject of its own."""
    lead = [t.lower() for t, _, _ in tokens[:k] if t[:1].isalpha()]
    return k == 0 or (len(lead) <= 7 and all(w in PERFORMATIVE_LEAD for w in lead))


def _common_word(word: str) -> bool:
    """A frequent English word (a sentence opener capitalised, not a name)."""
    return general_english_counts().get(word.lower(), 0) >= 40
