"""Names and noun phrases that can be a reporting verb's subject, read backwards from the verb: a titled or
unknown name ("Foreign Minister John Smith", "Mr. Sullivan"), names joined by "and" ("Li and Kishida"), a
common noun ("officials", "Chinese experts", "Cameron's spokesman"); and what never is one (a sentence
opener, a document, a function word).
"""
from __future__ import annotations

from ..lexicons import general_english_counts
from ..read.segment import SENTENCE_OPENERS
from .roles import INSTITUTION, JOINT, JOINT_SPEAKER, NARRATOR, PERSON, Attribution  # noqa: F401

# documents say things in news, but are not speakers (the coding guide): the narrator's
DOCUMENT_NOUNS = frozenset("""statement statements communique communiqué readout readouts report reports release
    declaration document documents letter memo transcript fact sheet survey poll polls study studies""".split())
TITLE_WORDS = frozenset("""President Prime Minister Premier Foreign Secretary General Spokesperson Spokesman
    Spokeswoman Ambassador Chancellor Chairman Chairwoman Vice Deputy State Councilor Councillor Mr Mrs Ms Dr
    King Queen Senator Sen Rep Governor Gov Director Chief Envoy Special Representative Assistant Defense Defence
    Finance Trade Commerce Cabinet Executive Mayor Speaker Leader Sir Lord National Security Advisor Adviser""".split())
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


def _name_start(tokens, j: int) -> int | None:
    """The first token of a run of capitalised words ("Director Wang", "Mr. Sullivan", "the ROK") ending
    at ``j``, or None."""
    k = j
    while k >= 0 and (tokens[k][0][:1].isupper() or (tokens[k][0] == "." and k > 0 and tokens[k - 1][0][:1].isupper())):
        k -= 1
    if k == j or (k == j - 1 and tokens[j][0] == "I"):
        return None                 # "President Xi and I": the speaker's own act
    if k >= 0 and tokens[k][0].lower() == "the":
        k -= 1
    return k + 1


def coordinated_names(tokens, j: int) -> int | None:
    """Two or more names joined by "and" ending at ``j`` ("Li and Kishida", "The United States, Japan, and
    the ROK", "Mr. Sullivan and Director Wang"): the first token of the first name, or None."""
    start = _name_start(tokens, j)
    if start is None or start < 2:
        return None
    k = start - 1
    if tokens[k][0].lower() != "and":
        return None
    k -= 1
    if tokens[k][0] == ",":
        k -= 1
    first = None
    while k >= 0:
        begin = _name_start(tokens, k)
        if begin is None or any(tokens[n][0] in SENTENCE_OPENERS for n in (begin,) if begin == 0 and k == begin):
            break
        first = begin
        if begin >= 2 and tokens[begin - 1][0] == ",":
            k = begin - 2
            continue
        break
    if first is None or (first > 0 and tokens[first - 1][0][:1].isalpha() and tokens[first - 1][0].lower() not in ("and", "but")):
        return None                 # "... with Japan and Korea agreed": the names are an object, not the subject
    return first


# words that open a clause before its subject: "While Malaysia welcomes ...", "Since Thailand said ..."
SUBORDINATORS = frozenset("""While Since When Although Though If As Because After Before Unless Whereas Once Until
    And But So Yet Moreover However Furthermore Indeed Thus Hence""".split())


def unknown_name_ending_at(tokens, j: int, text: str, people=None) -> Attribution | None:
    """A run of capitalised words before the verb ("Foreign Minister John Smith said", "Mr. Sullivan said")."""
    k = j
    while k >= 0 and (tokens[k][0][:1].isupper() or (tokens[k][0] in ".-'’" and k > 0 and k < j)
                      or (k > 1 and tokens[k - 1][0] == "-" and tokens[k - 2][0][:1].isupper())):
        k -= 1                          # "Jang Deok-soo": a hyphenated given name's lower-case half
    while k + 1 <= j and not tokens[k + 1][0][:1].isalpha():
        k += 1                          # a run starts with a word: "12. History" is not ". History"
    while k + 1 < j and tokens[k + 1][0] in SUBORDINATORS:
        k += 1                          # "While Malaysia welcomes": the clause's subject is Malaysia
    run = tokens[k + 1:j + 1]
    if run and k >= 1 and tokens[k][0] in ("of", "for", "on") and tokens[k - 1][0][:1].isupper():
        joined = _name_with_of(tokens, k, j, text, people)
        if joined is not None:
            return joined
    if any(t == "I" for t, _, _ in run):
        return None                     # "May I say": the speaker's own voice
    # only numbers and quote marks before (read up to the first word, without copying the sentence's tokens)
    at_start = not any(tokens[x][0][:1].isalpha() for x in range(k + 1))
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
    while name_tokens and not name_tokens[0][0][:1].isalpha():
        name_tokens = name_tokens[1:]               # "Sen. Bernie Sanders": the name after the title's full stop
    if not any(t[:1].isalpha() for t, _, _ in name_tokens):
        return Attribution(mention, PERSON, mention)
    return Attribution(text[name_tokens[0][1]:run[-1][2]], PERSON, mention)


# the first word of a document's name: "the Agenda for Sustainable Development calls for" is the narrator's
DOCUMENT_NAMES = frozenset("""Agenda Strategy Charter Convention Declaration Resolution Report Programme Program Plan
    Implementation Treaty Statute Protocol Accord Accords Agreement Framework Communique Communiqué""".split())


def _name_with_of(tokens, k: int, j: int, text: str, people) -> Attribution | None:
    """A name that runs on over "of", "for" or "on" (``tokens[k]``): "Senator Bernie Sanders of Vermont" is
    Sanders; "the Organization of African Unity" a body; "the Agenda for Sustainable Development" a document."""
    lk = k - 1
    while lk - 1 >= 0 and (tokens[lk - 1][0][:1].isupper() or tokens[lk - 1][0] in ".-") :
        lk -= 1
    left = [t for t, _, _ in tokens[lk:k] if t[:1].isalpha()]
    if not left or all(w in SENTENCE_OPENERS for w in left):
        return None
    left_text = text[tokens[lk][1]:tokens[k - 1][2]]
    if any(w.rstrip(".") in TITLE_WORDS for w in left) or (people is not None and people.resolve(left_text)):
        return unknown_name_ending_at(tokens, k - 1, text, people)      # a person "of" a place
    head = next((w for w in left if w not in SENTENCE_OPENERS), "")
    mention = text[tokens[lk][1]:tokens[j][2]]
    if head in DOCUMENT_NAMES:
        return Attribution("", NARRATOR, mention)
    return Attribution(mention, INSTITUTION, mention)


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
    if low in ("leaders", "sides", "delegations"):
        return Attribution(JOINT_SPEAKER, JOINT, mention)       # "leaders exchanged views": both sides
    return Attribution(phrase, PERSON, mention)


def _common_word(word: str) -> bool:
    """A frequent English word (a sentence opener capitalised, not a name)."""
    return general_english_counts().get(word.lower(), 0) >= 40
