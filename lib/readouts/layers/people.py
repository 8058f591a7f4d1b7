"""The people a document names, so that later mentions find them: "Mr. Sullivan", "Wang", "the
President", "the Secretary", "PRESIDENT BIDEN:" are the person the text introduced earlier.

A person is introduced by a name the actor list knows (with its titles), or by an unknown name after a
title ("National Security Advisor Jake Sullivan", "Rep. Jerry Nadler"). A later mention resolves to that
person when it is the full name, the family name (last word, or first for names written family name
first), or a title the person was introduced with, in any case; when two people share it, the one
introduced first wins (the headline's and the opening's people are the text's protagonists).

>>> people = DocumentPeople()
>>> people.introduce("Jake Sullivan", titles=("National Security Advisor",))
>>> people.introduce("Joe Biden", titles=("President", "U.S. President"))
>>> people.resolve("MR. SULLIVAN"), people.resolve("the President"), people.resolve("Sullivan")
('Jake Sullivan', 'Joe Biden', 'Jake Sullivan')
>>> people.resolve("the minister") is None
True
"""
from __future__ import annotations

import re

from ..matcher import PhraseMatcher

HONORIFICS = frozenset("mr mrs ms dr sir madam dame lord prof professor".split())
# words that make a title (lower case): a run of them before a capitalised name is the person's title
TITLE_WORDS = frozenset("""president prime minister premier foreign secretary general spokesperson spokesman
    spokeswoman ambassador chancellor chairman chairwoman chair vice deputy state councilor councillor king queen
    senator sen governor gov director chief envoy special representative rep assistant defense defence finance
    trade commerce cabinet executive mayor speaker leader leaders national security advisor adviser apnsa attorney
    commissioner counselor counsellor minister-counselor permanent under undersecretary administrator
    first lady press officer commander admiral gen general lt colonel col""".split())
# words that make a different office of the title after them ("Vice President", "General Secretary")
MODIFIERS = frozenset("vice deputy general prime foreign assistant under first chief special national state executive "
                      "permanent senior acting defense defence finance trade commerce press".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


class DocumentPeople:
    def __init__(self):
        self._full: dict[str, str] = {}         # full name (lower) -> name
        self._family: dict[str, str] = {}       # family name (lower) -> name
        self._titles: dict[str, str] = {}       # title (lower, words joined) -> name
        self._countries: dict[str, str] = {}    # name -> country, for "the Chinese leader"
        self.order: list[str] = []

    def introduce(self, name: str, titles=(), family_first: bool = False, country: str = "") -> None:
        """A person the text names (the first person to hold a family name or a title keeps it)."""
        words = _words(name)
        if not words:
            return
        # the first person introduced keeps a shared family name or title: the headline's and the opening's
        # people come first ("Remarks by President Biden" ... "THE PRESIDENT:")
        self._full.setdefault(" ".join(words), name)
        family = words[0] if family_first and len(words) > 1 else words[-1]
        self._family.setdefault(family, name)
        for title in titles:
            t = [w for w in _words(title) if w not in HONORIFICS]
            if "of" in t[1:]:                  # "Secretary of State" -> also "secretary"
                t = t + ["|"] + t[:t.index("of", 1)]
            for k in range(len(t)):            # "U.S. Secretary of State" -> also "secretary of state"
                key = " ".join(t[k:]).split(" | ")[0] if "|" in t[k:] else " ".join(t[k:])
                # every tail that opens with a title word, unless a modifier is dropped: "General Secretary"
                # is not "the Secretary", "Vice President" not "the President"
                if t[k] in TITLE_WORDS and not MODIFIERS & set(t[:k + (k > 0)]) and t[k] != "|":
                    self._titles.setdefault(key, name)
                if t[k] == "|" and k + 1 < len(t):
                    self._titles.setdefault(" ".join(t[k + 1:]), name)
        if country:
            self._countries.setdefault(name, country)
        if name not in self.order:
            self.order.append(name)

    def resolve(self, mention: str) -> str | None:
        """The person ``mention`` stands for, or None."""
        words = [w for w in _words(mention) if w not in ("the", "a", "his", "her", "their", "our")]
        words = [w for w in words if w not in HONORIFICS] or words
        if not words:
            return None
        key = " ".join(words)
        if key in self._full:
            return self._full[key]
        if len(words) == 1 and words[0] in self._family:
            return self._family[words[0]]
        # "President Biden": a title then a family name
        if len(words) >= 2 and words[-1] in self._family and all(w in TITLE_WORDS or w in ("of", "u.s", "us") for w in words[:-1]):
            return self._family[words[-1]]
        # "the Chinese leader", "the German chancellor": the first person of that country the text names
        if len(words) >= 2 and words[0] in NATIONALITIES and words[-1] in TITLE_WORDS:
            country = NATIONALITIES[words[0]]
            for person in self.order:
                if self._countries.get(person) == country:
                    return person
        # "the President", "the Secretary": a title the person was introduced with
        for k in range(len(words)):
            tail = " ".join(words[k:])
            if tail in self._titles and all(w in TITLE_WORDS for w in words[k:]):
                return self._titles[tail]
        return None


NATIONALITIES = {"chinese": "China", "japanese": "Japan", "american": "United States", "u.s": "United States",
                 "us": "United States", "german": "Germany", "french": "France", "british": "United Kingdom",
                 "russian": "Russia", "australian": "Australia", "korean": "South Korea", "south": "South Korea",
                 "indian": "India", "vietnamese": "Vietnam", "philippine": "Philippines", "filipino": "Philippines"}


def introduce_from_text(people: DocumentPeople, text: str, actors: PhraseMatcher, known=None) -> None:
    """Everyone a stretch of text names: known actors (with their titles) and titled unknown names.
    ``known``: the actor matches of the text when they are already at hand."""
    for m in (known if known is not None else actors.find(text)):
        actor = m.value
        if actor.kind == "person":
            people.introduce(actor.name, titles=actor_titles(actor.name, m.text), family_first=_family_first(actor.name),
                             country=actor.country)
    if not _ANY_TITLE.search(text):
        return
    for m in TITLED_NAME.finditer(text):
        title, name = m.group("title"), m.group("name")
        if actors.find(name):
            continue
        people.introduce(name, titles=(title,))


def actor_titles(name: str, mention: str) -> tuple[str, ...]:
    """The titles an actor is known by (from actors.csv), and the one written before the name."""
    from .actors import actor_titles_of

    before = mention[: max(0, mention.rfind(name.split()[-1]))].strip()
    return tuple(dict.fromkeys([*actor_titles_of(name), *([before] if before else [])]))


def _family_first(name: str) -> bool:
    from .actors import family_name_first

    return family_name_first(name)


_TITLE = (r"(?:(?:U\.S\.|US|Chinese|Japanese|Korean|Australian|German|French|British|Russian|Deputy|Vice|Acting|"
          r"Former|Senior|National|Foreign|Defense|Defence|State|Prime|Chief|Special|Permanent|Assistant|Under|"
          r"Secretary|Minister|President|Premier|Spokesperson|Spokesman|Spokeswoman|Ambassador|Chancellor|"
          r"Representative|Rep\.|Sen\.|Gov\.|Senator|Governor|Advisor|Adviser|Security|General|Director|Envoy|"
          r"Councilor|Commissioner|Mayor|Leader|Chairman|Chair|Gen\.|Adm\.|of|the)\s+)+")
TITLED_NAME = re.compile(r"(?P<title>" + _TITLE + r")(?P<name>[A-Z][a-z'’-]+(?:\s+(?:[A-Z]\.\s+)?[A-Z][a-z'’-]+){1,2})\b")
_ANY_TITLE = re.compile(r"\b(?:Secretary|Minister|President|Premier|Spokes\w+|Ambassador|Chancellor|Representative|"
                        r"Rep\.|Sen\.|Gov\.|Senator|Governor|Advis[eo]r|Director|Envoy|Councilor|Commissioner|Mayor|"
                        r"Leader|Chairman|Chair|Gen\.|Adm\.)\s")
