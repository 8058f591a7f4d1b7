"""The policy coder that learns from hand coding: it learns, it is reproducible, it is judged on rows it never
saw, and it is saved with the hash of what it learned from."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from readouts.analyses import learned_policy as lp
from readouts.errors import ReadoutsError

TRADE = ["We will cut tariffs on steel.", "Tariffs and trade rules were discussed.", "Trade talks resume.",
         "Exports of cars rose.", "The trade deficit narrowed."]
TAIWAN = ["Taiwan is a red line.", "The Taiwan question is China's internal affair.", "Sovereignty over Taiwan.",
          "Reunification with Taiwan.", "No Taiwan independence."]
TEXTS = (TRADE + TAIWAN + ["The weather was fine.", "They met in Lima."]) * 2
LABELS = ([{"A5"}] * 5 + [{"A2"}] * 5 + [set(), set()]) * 2


def test_it_learns_the_areas_it_was_shown():
    coder = lp.fit(TEXTS, LABELS, seed=7)
    assert coder.codes == ["A2", "A5"]
    (areas, p), = coder.predict(["New tariffs on trade in steel."])
    assert areas == {"A5"} and 0.5 <= p <= 1


def test_cross_validation_is_reproducible_and_beside_the_dictionary():
    dictionary = [{"A5"} if "trade" in t.lower() else set() for t in TEXTS]
    first = lp.cross_validate(TEXTS, LABELS, ["A2", "A5"], dictionary=dictionary, folds=3, seed=7)
    again = lp.cross_validate(TEXTS, LABELS, ["A2", "A5"], dictionary=dictionary, folds=3, seed=7)
    pd.testing.assert_frame_equal(first, again)
    assert set(first.coder) == {"learned (cross-validated)", "dictionary"}
    micro = first[(first.area == "micro") & (first.coder == "dictionary")].iloc[0]
    assert micro.precision == 1.0 and micro.recall == 0.3     # "trade" alone finds 6 of the 20 coded areas


def test_a_model_is_saved_with_the_hash_of_its_data(tmp_path):
    coder = lp.fit(TEXTS, LABELS, seed=7)
    path = lp.save(coder, tmp_path / "policy.json")
    info = json.loads(path.read_text())
    assert info["data_hash"] == lp.data_hash(TEXTS, LABELS) and info["codes"] == ["A2", "A5"]
    assert lp.data_hash(TEXTS, LABELS) != lp.data_hash(TEXTS[::-1], LABELS[::-1])
    again = lp.load(path)
    sentences = pd.DataFrame({"text": ["Tariffs on trade.", "Taiwan independence."]})
    out = lp.apply(again, sentences)
    assert out.policy_areas_learned.tolist() == ["A5", "A2"]
    assert out.policy_learned_probability.dtype == "Float64"


def test_nothing_to_learn_and_a_file_that_is_not_a_model_are_clear_errors(tmp_path):
    with pytest.raises(ReadoutsError, match="nothing to learn"):
        lp.fit(["one", "two"], [{"A1"}, set()])
    with pytest.raises(ReadoutsError, match="no such model"):
        lp.load(tmp_path / "missing.json")


def test_disagreements_say_which_coder_the_hand_coding_sides_with():
    d = lp.disagreements(["a", "b", "c"], [{"A1"}, {"A2"}, set()], [{"A1"}, set(), set()], [set(), {"A2"}, set()])
    assert d.right.tolist() == ["dictionary", "learned"]


def test_learn_from_your_coding_and_add_its_column(tmp_path):
    from readouts.cli import main

    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "talks.txt").write_text(" ".join(TEXTS) + "\n", encoding="utf-8")
    coded = tmp_path / "coded.csv"
    pd.DataFrame({"file": "talks.txt", "text": TEXTS, "areas": [";".join(sorted(s)) for s in LABELS]}).to_csv(coded, index=False)
    model = tmp_path / "model" / "policy.json"
    assert main(["learn", "--coded", str(coded), "--texts", str(texts), "--out", str(model), "--folds", "3"]) == 0
    assert json.loads(model.read_text())["codes"] == ["A2", "A5"]
    out = tmp_path / "sentences.csv"
    assert main(["annotate", str(texts), "--out", str(out), "--policy-model", str(model), "--no-cache"]) == 0
    table = pd.read_csv(out)
    first = table[table.text == "We will cut tariffs on steel."].iloc[0]
    assert first.policy_areas_learned == "A5" and 0.5 <= first.policy_learned_probability <= 1
    assert (texts / "talks.txt").read_text(encoding="utf-8") == " ".join(TEXTS) + "\n"     # inputs never written


def test_a_saved_model_is_plain_json_and_reads_back_to_the_same_probabilities(tmp_path):
    coder = lp.fit(TEXTS, LABELS, seed=7)
    path = lp.save(coder, tmp_path / "policy.json")
    again = lp.load(path)
    pd.testing.assert_frame_equal(coder.probabilities(["Tariffs on trade.", "Taiwan."]).round(10),
                                  again.probabilities(["Tariffs on trade.", "Taiwan."]).round(10))
    (tmp_path / "other.json").write_text('{"a": 1}', encoding="utf-8")
    with pytest.raises(ReadoutsError, match="not a Readouts policy model"):
        lp.load(tmp_path / "other.json")
