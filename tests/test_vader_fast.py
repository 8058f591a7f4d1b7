"""Readouts' VADER compound score is VADER's own (vaderSentiment), to the last bit: on hand-picked
traps for every rule, on every lexicon word, on random word sequences, and on real texts from
../shared (the validation data and a sample of UN General Debate speeches) when it is beside us."""
from __future__ import annotations

import csv
import re
import tarfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE, SPECIAL_CASES, SentimentIntensityAnalyzer

from readouts.layers.vader_fast import FastVader, compound

SHARED = Path(__file__).resolve().parents[2] / "shared"
VALIDATION = SHARED / "validation-data"
UN_ARCHIVE = SHARED / "corpora" / "ungdc-1946-2019.tar.xz"

ANALYZER = SentimentIntensityAnalyzer()
FAST = FastVader()


def vader(text: str) -> float:
    return ANALYZER.polarity_scores(text)["compound"]


def same(a: float, b: float) -> bool:
    """Bitwise equal (so 0.0 and -0.0 differ)."""
    return type(a) is type(b) is float and a.hex() == b.hex()


LONG = " ".join(["We welcome this very good initiative, but we are NOT happy with the slow progress!",
                 "There is no peace without justice.", "Terrorism is a threat to us all 😡.",
                 "It is kind of hopeful, at least."] * 60)

TRAPS = [
    # negations, 1 to 3 words before, contractions, and words VADER counts as negations
    "not good", "It isn't bad.", "isnt bad", "never so good", "never this good", "It was never good",
    "not a good idea", "not at all a good idea", "nothing good", "I don't like it", "doesn't work",
    "won't help", "cannot accept", "aint good", "uh-uh good", "Despite good reviews", "rarely good",
    "seldom bad", "I can't stand it", "Not bad at all", "Not bad at all!!!", "NOT BAD",
    # boosters and dampeners, near and far, and the booster bigrams
    "very good", "kind of good", "It was kind of good", "The plot was only kind of good", "sort of bad",
    "we had just enough good food", "extremely bad", "really very good", "the most good", "hardly good",
    "kinda sux", "barely acceptable results", "very", "kind of", "kind",
    # ALL CAPS emphasis, with mixed case (and all caps, which emphasizes nothing)
    "GOOD", "GOOD BAD", "Good BAD news", "I am VERY HAPPY today", "VERY good", "very GOOD indeed",
    "ALL CAPS GOOD NEWS", "I LOVE it", "VADER is VERY SMART, handsome, and FUNNY.",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", "Today SUX!", "NO good", "No GOOD idea",
    # "but": halves what comes before, and VADER's list.index quirk with equal valences
    "good but bad", "good, but bad", "Good and good but bad and bad", "but", "But it was good",
    "it was good but", "good but bad but great", "good good but good", "bad, BUT good", "nice but nice nice",
    "Our commitment, but fine", "Our commitment is fine, but late.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today only kinda sux! But I'll get by, lol",
    # "least", "without doubt", "so"/"this"
    "at least good", "the least good", "very least good", "least good", "Least, good", "one of the least compelling",
    "Roger Dodger is at least compelling as a variation on the theme.", "without doubt good",
    "Without a doubt, an excellent idea.", "without any doubt excellent", "so good", "this good",
    "It is this good", "We are in this good place", "We were so very good",
    # special cases and idioms
    "the bomb", "this movie is the bomb", "the shit", "it is the shit", "kiss of death",
    "a real kiss of death for it", "to die for", "food to die for here", "yeah right", "oh yeah right",
    "bus stop", "near the bus stop", "bad ass", "On the other hand, VADER is quite bad ass", "such a badass",
    "my beating heart", "he is in the red", "under the weather", "cut the mustard",
    # "no"
    "no good", "no", "No.", "no no good", "no problem", "no doubt good", "no good or bad",
    "there is no love nor hate", "no love or hate", "there was no real good", "no, good", "good no",
    # exclamation and question marks
    "good!", "good!!!", "good!!!!!", "good?", "good??", "good???", "good?????", "good?!?!", "bad!!!", "bad???",
    "!!!", "???", "Is it good?", "Is it good??? Yes!", "Why? Why not? Good?",
    # emoticons and emojis
    ":)", ":(", ":D", "<3", ":-)", "Make sure you :) or :D today!", "😁", "I 💘 you", "💘💋😁", "a😁b",
    "😁 😁", " 😁good", "🔛 good", "good 🔛", "Catch utf-8 emoji such as 💘 and 💋 and 😁", "©®", "💔!!",
    # punctuation around words
    "'good'", "(bad)", "good,", "--good--", "\"excellent\" and 'terrible'", "ok.", "o.O", "good...",
    # nothing to score
    "", " ", "\n\t ", ".", "...", "!?", "—", ",,,", "The delegation met on Tuesday.",
    # not English
    "Je suis très heureux de vous voir.", "我很惊讶地看到VADER是如此有用!", "Я удивлен увидеть, как полезно!",
    "Ich bin überrascht, wie nützlich VADER ist!", "أنا مندهش لرؤية فقط كيف مثير للدهشة", "İSTANBUL good",
    # very long
    LONG,
]


@pytest.mark.parametrize("text", TRAPS)
def test_traps_score_as_vader(text):
    assert same(FAST.compound(text), vader(text)), (text, FAST.compound(text), vader(text))


def test_module_function_and_no_fallbacks():
    fast = FastVader()
    for text in TRAPS:
        assert same(compound(text), vader(text)) and same(fast.compound(text), vader(text)), text
    assert fast.fallbacks == 0
    # a str subclass is handed to VADER itself, and counted
    assert same(fast.compound(type("S", (str,), {})("very good")), vader("very good")) and fast.fallbacks == 1


def test_scored_words_make_the_score():
    fast = FastVader()
    # VADER's "but" quirk: fine's 0.8 finds commitment's halved 1.6 and halves it again; fine keeps 0.8
    assert fast.scored_words("Our commitment, but fine") == [("commitment", 0.4), ("fine", 0.8)]
    assert fast.scored_words("The plot was good, but the characters are not great!") == [("good", 0.95),
                                                                                        ("great", -3.441)]
    assert fast.scored_words("The delegation met on Tuesday.") == []
    # without "!" and "?" (emojis' descriptions included: 🔛 is "ON! arrow"), the score is the words' sum normalized
    loud = {e for e, description in ANALYZER.emojis.items() if "!" in description or "?" in description}
    for text in TRAPS:
        if "!" not in text and "?" not in text and not loud.intersection(text):
            total = float(sum(v for _, v in fast.scored_words(text)))
            expected = round(total / (total * total + 15) ** 0.5, 4) if total else 0.0
            assert compound(text) == pytest.approx(expected, abs=1e-4), text


def test_every_lexicon_word_alone_negated_boosted_and_capitalized():
    mismatches = []
    for word in sorted(FAST.lexicon):
        for text in (word, f"not {word}", f"We are very {word.upper()} today", f"no {word} but {word}!"):
            if not same(FAST.compound(text), vader(text)):
                mismatches.append(text)
    assert not mismatches, mismatches[:20]


# -- random word sequences ---------------------------------------------------------------------
_RULE_WORDS = ["no", "least", "at", "very", "never", "so", "this", "without", "doubt", "but", "or", "nor",
               "kind", "of", "sort", "just", "enough", "the", "to", "for", "a", "and", "it", "is", "I",
               *(w for key in SPECIAL_CASES for w in key.split())]
_PUNCT = ["!", "?", "!!", "???", "?!", ",", ".", "...", ":)", ":(", ":D", "<3", "—", "'", '"', "(", ")"]
_EMOJIS = ["😁", "💘", "😡", "🔛", "©", "👍", "😢"]
_WORD = st.one_of(
    st.sampled_from(sorted(ANALYZER.lexicon)),
    st.sampled_from(sorted(BOOSTER_DICT)),
    st.sampled_from(NEGATE),
    st.sampled_from(_RULE_WORDS),
    st.sampled_from(_PUNCT),
    st.sampled_from(_EMOJIS),
)
_CASE = st.sampled_from([str, str, str.upper, str.title, str.lower])
_SEP = st.sampled_from([" ", " ", " ", "", "  ", "\n", "\t", ", ", "! ", "? "])
_SEQUENCE = st.lists(st.tuples(_WORD, _CASE, _SEP), max_size=25).map(
    lambda items: "".join(case(word) + sep for word, case, sep in items))


@settings(max_examples=3000, deadline=None)
@given(_SEQUENCE)
def test_random_sequences_score_as_vader(text):
    assert same(FAST.compound(text), vader(text)), (text, FAST.compound(text), vader(text))


# equal valences around "but", negations and "no": VADER's list.index quirk and the "no" rules
_SMALL = st.lists(st.sampled_from(["good", "good", "bad", "great", "nice", "but", "not", "very", "no", "or",
                                   "GOOD", "least", "so", "kind", "of", "the", "bomb", "!"]), max_size=12).map(" ".join)


@settings(max_examples=2000, deadline=None)
@given(_SMALL)
def test_small_vocabulary_sequences_score_as_vader(text):
    assert same(FAST.compound(text), vader(text)), (text, FAST.compound(text), vader(text))


# -- real text --------------------------------------------------------------------------------
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _sentences(text: str) -> list[str]:
    """A simple split after . ! ? (line breaks inside a sentence stay, as VADER may meet them)."""
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def _mismatches(fast: FastVader, texts) -> tuple[int, int]:
    n = bad = 0
    for text in texts:
        n += 1
        bad += not same(fast.compound(text), vader(text))
    return n, bad


def _validation_texts():
    """Every sentence (and paragraph) of the validation data's texts: the diplomatic texts, the CAP
    quasi-sentences, the PolNeAR articles (read from their archive)."""
    for path in sorted(VALIDATION.rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        yield from _sentences(text)
        yield from (p for p in re.split(r"\n\s*\n", text) if p.strip())
    for path in sorted(VALIDATION.rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("text"):
                    yield from _sentences(row["text"])
    for archive in sorted(VALIDATION.rglob("*.tar.xz")):
        with tarfile.open(archive, "r|xz") as tar:
            for member in tar:
                if member.isfile() and member.name.endswith(".txt"):
                    yield from _sentences(tar.extractfile(member).read().decode("utf-8", errors="replace"))


@pytest.mark.skipif(not VALIDATION.is_dir(), reason="../shared/validation-data is not beside the project")
def test_validation_data_sentences_score_as_vader():
    fast = FastVader()
    n, bad = _mismatches(fast, _validation_texts())
    print(f"validation data: {n:,} sentences and paragraphs, {bad} mismatches, {fast.fallbacks} fallbacks")
    assert n > 10_000 and bad == 0 and fast.fallbacks == 0


def _un_sentences(every: int = 20):
    """The sentences of every ``every``-th speech of the UN General Debate corpus, read from its
    archive in one pass (nothing extracted to disk)."""
    with tarfile.open(UN_ARCHIVE, "r|xz") as tar:
        k = 0
        for member in tar:
            if member.isfile() and member.name.endswith(".txt"):
                if k % every == 0:
                    yield from _sentences(tar.extractfile(member).read().decode("utf-8", errors="replace"))
                k += 1


@pytest.mark.skipif(not UN_ARCHIVE.exists(), reason="../shared/corpora (the UN General Debate corpus) is absent")
def test_un_speeches_sentences_score_as_vader():
    fast = FastVader()
    n, bad = _mismatches(fast, _un_sentences())
    print(f"UN General Debate sample: {n:,} sentences, {bad} mismatches, {fast.fallbacks} fallbacks")
    assert n >= 20_000 and bad == 0 and fast.fallbacks == 0


def _but_check_by_scanning(lows, scored):
    """VADER's own way: ``values.index`` scans the sentence for every sentiment (quadratic on long texts)."""
    if "but" not in lows or not scored:
        return scored
    bi = lows.index("but")
    places, values = [i for i, _ in scored], [v for _, v in scored]
    for _, sentiment in scored:
        si = values.index(sentiment)
        if places[si] < bi:
            values[si] = sentiment * 0.5
        elif places[si] > bi:
            values[si] = sentiment * 1.5
    return list(zip(places, values))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([0.8, 1.6, -0.8, 0.4, 1.2, 2.4, -1.6, 3.2]), min_size=1, max_size=40),
       st.integers(min_value=0, max_value=45))
def test_but_check_by_lookup_is_vaders_scan(values, but_at):
    """Repeated values, and values that become equal to later ones once weighted ("0.8 halved is 0.4"):
    the lookup finds the same place values.index would, every time."""
    from readouts.layers.vader_fast import _but_check

    lows = ["w"] * max(len(values) + 1, but_at + 1)
    lows[but_at] = "but"
    scored = [(k if k < but_at else k + 1, v) for k, v in enumerate(values)]
    assert _but_check(lows, scored) == _but_check_by_scanning(lows, scored)
