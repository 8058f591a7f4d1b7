"""The simple coders every figure is shown beside, run on the same rows as Readouts.

- attribution: a regular expression for say / tell / according to, the source being the words just
  before the verb ("Xi said", "officials told") or just after it ("said Rep. Nadler");
- policy: a keyword coder that gives an area when a sentence holds a content word of the area's *name*
  (trade, investment, health, defence, ...) and nothing else of the scheme;
- tone: TextBlob's polarity and VADER's compound, above +0.05 cordial, below -0.05 firm (VADER's own cut);
- formulations: exact matching of the registry's canonical English and its variants, as written.

>>> regex_attribution("The two sides agreed, officials said.")
('say', 'officials')
>>> regex_attribution("According to the ministry, talks went well.")
('according to', 'the ministry')
>>> sorted(keyword_areas("Trade and health were discussed."))
['A5', 'A9']
"""
from __future__ import annotations

import re
from functools import lru_cache

_VERB = re.compile(r"\b(said|says|say|saying|told|tells|tell|telling|according to)\b", re.I)
_LEMMA = {"said": "say", "says": "say", "saying": "say", "told": "tell", "tells": "tell", "telling": "tell"}
_BEFORE = re.compile(r"((?:[A-Z][\w.'’-]*|he|she|they|we|i|officials?|the \w+)(?:\s+[A-Z][\w.'’-]*){0,3})\s*,?\s*$", re.I)
_AFTER = re.compile(r"^\s*,?\s*((?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}|he|she|they)", re.I)


def regex_attribution(text: str) -> tuple[str, str]:
    """``(verb lemma, source)`` of the first say/tell/according-to in ``text``; ``("", "")`` when none."""
    m = _VERB.search(text)
    if not m:
        return "", ""
    word = m.group(1).lower()
    lemma = _LEMMA.get(word, word)
    before = _BEFORE.search(text[:m.start()])
    after = _AFTER.match(text[m.end():])
    source = (after.group(1) if lemma == "according to" or not before else before.group(1)) if (before or after) else ""
    return lemma, source.strip().rstrip(".,;:")


_NAME_STOPWORDS = {"and", "the", "of", "&", "with", "for"}


@lru_cache(maxsize=4)
def _area_keywords(path: str) -> dict[str, tuple[str, ...]]:
    from ...layers.policy import load_scheme

    scheme = load_scheme(path)
    out = {}
    for area in scheme.areas:
        words = re.findall(r"[a-z]+(?:-[a-z]+)*", area.name.lower().replace("&", " "))
        out[area.code] = tuple(w for w in words if w not in _NAME_STOPWORDS and len(w) > 2)
    return out


def keyword_areas(text: str, scheme_path: str = "policy_areas.yaml") -> set[str]:
    """The areas whose name holds a word (or its plural) that ``text`` holds."""
    words = set(re.findall(r"[a-z]+(?:-[a-z]+)*", text.lower()))
    found = set()
    for code, keys in _area_keywords(scheme_path).items():
        if any(k in words or k + "s" in words for k in keys):
            found.add(code)
    return found


def polarity_label(value: float, threshold: float = 0.05) -> str:
    """A score as a tone label: cordial above ``threshold``, firm below minus it, else neutral."""
    return "cordial" if value > threshold else "firm" if value < -threshold else "neutral"


@lru_cache(maxsize=2)
def _registry_phrases(path: str) -> tuple[tuple[str, str], ...]:
    from ...layers.formulations import load_registry

    registry = load_registry(path)
    return tuple((f.id, phrase.lower()) for f in registry.formulations for phrase in (f.canonical, *f.variants))


def exact_formulations(text: str, registry_path: str = "formulations.yaml") -> set[str]:
    """The registry ids whose canonical English or a listed variant appears in ``text`` exactly (any case)."""
    low = " ".join(text.lower().split())
    return {fid for fid, phrase in _registry_phrases(registry_path) if phrase in low}
