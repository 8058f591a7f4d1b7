"""The annotated document: classes and switches per layer, human labels on hover, warm and firm
words apart, a speaker's colour stable everywhere, escaped text, and safe page names."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
import pytest

import readouts
from readouts.analyses import documents
from readouts.analyses.documents import (annotated_html, corpus_speaker_colours, document_css, document_page_name,
                                         speaker_colour, speaker_colours, unique_page_names)

SAFE_NAME = re.compile(r"[A-Za-z0-9._-]+\.html")


class _Marks(HTMLParser):
    """Every marked piece of the text: (classes, title, text), titles unescaped."""

    def __init__(self):
        super().__init__()
        self.marks, self.open, self.inputs, self.sentences = [], [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "input":
            self.inputs.append(a)
        if tag == "span" and "ro-sent" in classes and "title" in a:
            self.sentences.append((a["title"], a.get("style", "")))
        self.open.append((tag, classes, a.get("title")) if tag == "span" and "ro-mark" in classes and "title" in a
                         else None)
        if self.open[-1]:
            self.marks.append([set(classes), a["title"], ""])
            self.open[-1] = len(self.marks) - 1

    def handle_endtag(self, tag):
        if tag != "input" and self.open:
            self.open.pop()

    def handle_data(self, data):
        for k in self.open:
            if isinstance(k, int):
                self.marks[k][2] += data


def parse(html: str) -> _Marks:
    p = _Marks()
    p.feed(html)
    return p


@pytest.fixture(scope="module")
def seed():
    corpus = readouts.load_corpus(readouts.paths.SEEDS_DIR)
    return corpus.documents[0], readouts.annotate(corpus)


@pytest.fixture(scope="module")
def page(seed):
    doc, t = seed
    return annotated_html(doc, t.sentences, t.spans)


def _titles(page, cls):
    return [(text, title) for classes, title, text in parse(page).marks if cls in classes]


def test_a_policy_term_names_its_area(page):
    titles = dict(_titles(page, "ro-policy"))
    assert "policy area: A1 Political relations & framework" in titles["bilateral relations"]
    assert any("policy area: A2 Sovereignty, Taiwan & territory" in t for t in titles.values())
    assert "A1 Political relations &amp; framework" in page          # escaped in the attribute


def test_a_formulation_shows_its_english_and_chinese(page):
    titles = dict(_titles(page, "ro-formulation"))
    assert titles["Murayama Statement"].startswith("formulation: Murayama Statement · 村山谈话 (history) · ")
    consensus = "formulation: important common understandings · 重要共识 (relationship)"
    assert any(consensus in t for t in titles.values())
    four = [title for text, title in _titles(page, "ro-formulation") if text in ("four ", "political documents")]
    assert len(four) == 4
    assert all("formulation: four political documents · 四个政治文件 (principle)" in t for t in four)


def test_a_verb_shows_its_lemma_and_tier(page):
    titles = dict(_titles(page, "ro-verb"))
    assert "reporting verb: urge (tier 3, appeal)" in titles["urged"]
    assert "reporting verb: say (tier 0, statement)" in titles["says"]


def test_a_quotation_names_its_speaker(page):
    quotes = _titles(page, "ro-quote")
    assert quotes and all("quotation: Xi Jinping" in title for _, title in quotes)


def test_warm_and_firm_words_have_their_own_classes_and_weights(page):
    warm, firm = dict(_titles(page, "ro-warm")), dict(_titles(page, "ro-firm"))
    assert warm[" to work with"] == "warm word, weight 1.5 in the register"
    assert "close neighbors" in "".join(warm)
    assert firm["adhere to"] == "firm word, weight 1 in the register"
    assert "firm word, weight 1 in the register" in firm["urged"]
    assert not set(warm) & set(firm)
    css = document_css()
    colour = {k: re.search(rf"\.ro-{k}\{{color:(#[0-9A-Fa-f]+)", css).group(1) for k in ("warm", "firm")}
    assert colour["warm"] != colour["firm"]
    classes = {c for cs, _, _ in parse(page).marks for c in cs}
    assert {"ro-verb", "ro-formulation", "ro-policy", "ro-warm", "ro-firm", "ro-actor", "ro-quote"} <= classes


def test_a_word_scored_zero_is_not_marked(page):
    assert "textblob +0.00" not in page


def test_the_legend_has_a_switch_per_layer_shown_and_the_speakers(seed, page):
    doc, t = seed
    switches = [i["class"].split()[-1] for i in parse(page).inputs]
    assert switches == ["ro-switch-speaker", *(f"ro-switch-{k}" for k in documents.KINDS)]
    assert all("checked" in i and i["type"] == "checkbox" for i in parse(page).inputs)
    for k in documents.KINDS:                           # every switch has a rule hiding its marks
        assert f".ro-switch-{k}:not(:checked)~.ro-text .ro-{k}" in document_css()
    few = annotated_html(doc, t.sentences, t.spans, layers=("verb", "quote"), heading="h3")
    assert [i["class"].split()[-1] for i in parse(few).inputs] == ["ro-switch-speaker", "ro-switch-verb",
                                                                  "ro-switch-quote"]
    assert few.count("<h3>") == 1 and "ro-policy" not in few.split("<div class='ro-text'>")[1]
    assert f"style='border-left-color:{speaker_colour('Xi Jinping')}'>Xi Jinping</span>" in page
    assert "<script" not in page and not re.search(r"\son\w+\s*=", page)     # no script, no handlers


def test_the_css_is_class_rules_under_the_document_only():
    rules = [r for r in document_css().split("}") if r.strip()]
    assert rules and all(r.strip().startswith(".readouts-document") for r in rules)
    assert "<" not in document_css()


def test_the_page_renders_from_the_tables_read_back_from_csv(seed, page, tmp_path):
    doc, t = seed
    t.sentences.to_csv(tmp_path / "sentences.csv", index=False)
    t.spans.to_csv(tmp_path / "spans.csv", index=False)
    sentences = pd.read_csv(tmp_path / "sentences.csv", keep_default_na=False,
                            dtype={"doc_id": str, "speaker": str, "verb": str})
    spans = pd.read_csv(tmp_path / "spans.csv", keep_default_na=False, dtype={"doc_id": str, "label": str})
    again = annotated_html(doc, sentences, spans)
    assert [m[1] for m in parse(again).marks] == [m[1] for m in parse(page).marks]
    assert "ro-point" in again


HOSTILE = (" date 2025-11-01 Hostile <script>alert(1)</script> headline\n\n"
           "BEIJING, Nov. 1 (Xinhua) -- Xi Jinping said the text <img src=x onerror=alert(1)> must show as written. "
           "He urged calm on <b>differences</b> in 'bilateral relations'.\n")


def test_hostile_text_comes_out_escaped(tmp_path):
    (tmp_path / "<img src=x onerror=alert(1)>.txt").write_text(HOSTILE, encoding="utf-8")
    corpus = readouts.load_corpus(tmp_path)
    t = readouts.annotate(corpus)
    out = annotated_html(corpus.documents[0], t.sentences, t.spans)
    for raw in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b>differences</b>"):
        assert raw not in out
    assert "Hostile &lt;script&gt;alert(1)&lt;/script&gt; headline" in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in re.sub(r"<[^>]+>", "", out)
    assert "<script" not in out and not re.search(r"\son\w+\s*=", re.sub(r"&lt;.*?&gt;", "", out))
    assert re.search(r"title='[^']*<", out) is None       # nothing unescaped inside a title


def test_a_speaker_keeps_a_colour_across_calls_and_orders():
    one = speaker_colours(["narrator", "Xi Jinping", "Sanae Takaichi", "Wang Yi"])
    two = speaker_colours(["Wang Yi", "Sanae Takaichi", "questioner", "Xi Jinping", "narrator"])
    assert all(one[s] == two[s] for s in one)
    assert one["narrator"] == "#999999" and one["Xi Jinping"] == speaker_colour("Xi Jinping")
    assert set(one.values()) <= set(documents.SPEAKER_PALETTE) | {"#999999"}
    fixed = speaker_colours(["Xi Jinping", "Li"], {"Xi Jinping": "#123456", "Li": "red;background:url(x)"})
    assert fixed == {"Xi Jinping": "#123456", "Li": speaker_colour("Li")}   # a bad colour is never written


def test_a_corpus_mapping_gives_the_main_speakers_different_colours():
    names = [f"speaker {k}" for k in range(12)]
    table = pd.DataFrame({"speaker": [n for k, n in enumerate(names) for _ in range(20 - k)] + [""],
                          "speaker_role": ["person"] * sum(20 - k for k in range(12)) + ["narrator"]})
    colours = corpus_speaker_colours(table)
    assert colours == corpus_speaker_colours(table.iloc[::-1])
    top = [colours[n] for n in names[:len(documents.SPEAKER_PALETTE)]]
    assert len(set(top)) == len(top) and colours["narrator"] == "#999999"


def test_the_same_speaker_has_the_same_colour_on_every_page(seed):
    doc, t = seed
    flipped = t.sentences.iloc[::-1]                    # another order of the table: the same colours
    a = parse(annotated_html(doc, t.sentences, t.spans)).sentences
    b = parse(annotated_html(doc, flipped, t.spans)).sentences
    xi = {style for title, style in a + b if "speaker: Xi Jinping" in title}
    assert xi == {f"border-left-color:{speaker_colour('Xi Jinping')}"}


TRICKY_IDS = ["a", "A", "a b", "a-b", "a/b", "../x", "", "index", "INDEX", "x" * 300, "中文", "中文 2", "CON",
              "a.b", ".hidden", "a-b-" + "0" * 8, "2025-10-31_xinhua_xi-jinping-meets-sanae-takaichi-apec-gyeongju"]


def test_page_names_are_stable_safe_and_unique():
    assert document_page_name("2025-10-31_xinhua_xi-jinping-meets-sanae-takaichi-apec-gyeongju") == \
        "2025-10-31_xinhua_xi-jinping-meets-sanae-takaichi-apec-gyeongju.html"
    assert document_page_name("a b") == document_page_name("a b") != document_page_name("a-b") == "a-b.html"
    names = unique_page_names(TRICKY_IDS)
    assert set(names) == set(TRICKY_IDS)
    assert all(SAFE_NAME.fullmatch(n) and not n.startswith(".") and len(n) <= 110 for n in names.values())
    assert len({n.lower() for n in names.values()}) == len(TRICKY_IDS)      # unique, even ignoring case
    assert "index.html" not in {n.lower() for n in names.values()}          # the documents' index keeps its name
    assert unique_page_names(reversed(TRICKY_IDS)) == names == unique_page_names(TRICKY_IDS + ["a"])
    assert names[""].startswith("document-") and names["A"] == "A.html"
    assert names["a"].startswith("a-") and names["index"].startswith("index-")
