"""The sentence and paragraph splitter on its own: exact sentences a careful reader would mark."""
from __future__ import annotations

import textwrap

import pytest

from readouts import sentence_spans, split_paragraphs


def sents(text: str, *args) -> list[str]:
    spans = sentence_spans(text, *args)
    # every span is a slice of the text with no surrounding whitespace, in order, not overlapping
    for (s, e), nxt in zip(spans, spans[1:] + [(len(text), len(text))]):
        assert 0 <= s < e <= nxt[0]
        assert text[s:e] == text[s:e].strip()
    return [text[s:e] for s, e in spans]


# -- abbreviations --------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Xi met Takaichi on Oct. 31. They talked.",
     ["Xi met Takaichi on Oct. 31.", "They talked."]),
    ("The vote was on Jan. 5. It passed.",
     ["The vote was on Jan. 5.", "It passed."]),
    ("He visited the U.S. last week. He liked it.",
     ["He visited the U.S. last week.", "He liked it."]),
    ("He visited the U.S. The talks went well.",
     ["He visited the U.S.", "The talks went well."]),
    ("The U.S. and China met. They agreed.",
     ["The U.S. and China met.", "They agreed."]),
    ("He met U.S. President Trump. They agreed.",
     ["He met U.S. President Trump.", "They agreed."]),
    ("She spoke at the U.N. General Assembly. It was long.",
     ["She spoke at the U.N. General Assembly.", "It was long."]),
    ("He spoke at the U.N. The talks were long.",
     ["He spoke at the U.N.", "The talks were long."]),
    ("He spoke at the U.N. in New York.", ["He spoke at the U.N. in New York."]),
    ("Resolution No. 1 was adopted. It passed.",
     ["Resolution No. 1 was adopted.", "It passed."]),
    ("Mr. Abe met Dr. Smith on St. Patrick's Day. They talked.",
     ["Mr. Abe met Dr. Smith on St. Patrick's Day.", "They talked."]),
    ("Mr. Smith went to Washington. Mrs. Smith stayed.",
     ["Mr. Smith went to Washington.", "Mrs. Smith stayed."]),
    ("Some goods, i.e. rice, are taxed. Others are not.",
     ["Some goods, i.e. rice, are taxed.", "Others are not."]),
    ("Some goods, e.g. rice and wheat, are taxed. Others are not.",
     ["Some goods, e.g. rice and wheat, are taxed.", "Others are not."]),
    ("Some crops, e.g. Wheat, are taxed. Others are not.",
     ["Some crops, e.g. Wheat, are taxed.", "Others are not."]),
    ("Talks ended at 5 p.m. and dinner began.", ["Talks ended at 5 p.m. and dinner began."]),
    ("Talks ended at 5 p.m. The leaders left.", ["Talks ended at 5 p.m.", "The leaders left."]),
])
def test_abbreviations(text, expected):
    assert sents(text) == expected


def test_initials_do_not_end_a_sentence():
    assert sents("John F. Kennedy was president. He died in 1963.") == [
        "John F. Kennedy was president.", "He died in 1963."]


def test_decimals_do_not_end_a_sentence():
    assert sents("Growth was 2.5 percent in 2019. It rose to 3.14 later.") == [
        "Growth was 2.5 percent in 2019.", "It rose to 3.14 later."]


def test_web_address_is_not_a_boundary():
    assert sents("Visit www.un.org for more. Thanks.") == ["Visit www.un.org for more.", "Thanks."]


# -- quotations -----------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ('"We will work to open up the future," he said. Then he left.',
     ['"We will work to open up the future," he said.', "Then he left."]),
    ("\u201cWe will work to open up the future,\u201d he said. Then he left.",
     ["\u201cWe will work to open up the future,\u201d he said.", "Then he left."]),
    ('He said: "We will." Then he left.', ['He said: "We will."', "Then he left."]),
    ("He said: \u201cWe will.\u201d Then he left.", ["He said: \u201cWe will.\u201d", "Then he left."]),
    ('He urged "opening up the future." He left.', ['He urged "opening up the future."', "He left."]),
    ('"Why?" he asked. Nobody answered.', ['"Why?" he asked.', "Nobody answered."]),
    ('He asked, "Why?" Nobody answered.', ['He asked, "Why?"', "Nobody answered."]),
])
def test_quotations(text, expected):
    assert sents(text) == expected


# -- other endings --------------------------------------------------------------------
def test_question_and_exclamation_marks():
    assert sents("Did they agree? No! They did not. Really?!") == [
        "Did they agree?", "No!", "They did not.", "Really?!"]


def test_question_mark_followed_by_lowercase_continues():
    assert sents("It ends with a question? and continues.") == ["It ends with a question? and continues."]


def test_ellipsis():
    assert sents("They did not... They left.") == ["They did not...", "They left."]
    assert sents("He paused\u2026 Then he spoke.") == ["He paused\u2026", "Then he spoke."]
    assert sents("Wait... then he left.") == ["Wait... then he left."]


def test_last_sentence_without_full_stop():
    assert sents("He said it. The end") == ["He said it.", "The end"]


def test_no_sentences_in_whitespace():
    assert sentence_spans("") == []
    assert sentence_spans("   \n  ") == []


# -- list items -----------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("1. First item.", ["1. First item."]),
    ("1. First item. It is good.", ["1. First item.", "It is good."]),
    ("12. Twelfth item", ["12. Twelfth item"]),
    ("(1) First. Second.", ["(1) First.", "Second."]),
    ("IV. Fourth part. More.", ["IV. Fourth part.", "More."]),
])
def test_numbered_item_marker_is_not_a_sentence(text, expected):
    assert sents(text) == expected


def test_numbered_items_run_together_in_one_paragraph():
    # "2." opens the second item; it is not a sentence of its own
    assert sents("1. First item. 2. Second item.") == ["1. First item.", "2. Second item."]


@pytest.mark.parametrize("text, expected", [
    ("- Bulleted item. Second sentence.", ["Bulleted item.", "Second sentence."]),
    ("\u2022 Bullet point here.", ["Bullet point here."]),
    ("* Star item. Done.", ["Star item.", "Done."]),
])
def test_bullet_is_left_out_of_the_sentence(text, expected):
    assert sents(text) == expected


# -- CJK ------------------------------------------------------------------------------
def test_cjk_terminal_punctuation():
    assert sents("中国愿同日本合作。你好！是吗？") == ["中国愿同日本合作。", "你好！", "是吗？"]


def test_cjk_closing_quote_stays_with_its_sentence():
    assert sents("他说：“我们愿意合作。”双方同意。") == ["他说：“我们愿意合作。”", "双方同意。"]
    assert sents("他问：“你好吗？”她答：“很好！”") == ["他问：“你好吗？”", "她答：“很好！”"]


def test_cjk_mixed_with_latin():
    assert sents("APEC会议在庆州举行。Xi met Takaichi. 双方会谈。") == [
        "APEC会议在庆州举行。", "Xi met Takaichi.", "双方会谈。"]


# -- offsets --------------------------------------------------------------------------
def test_start_and_end_give_offsets_into_the_whole_text():
    text = "XXXX Hello there. Bye. YYYY"
    assert sentence_spans(text, 5, 22) == [(5, 17), (18, 22)]
    assert sents(text, 5, 22) == ["Hello there.", "Bye."]


def test_spans_exclude_surrounding_whitespace():
    text = "  First one.   Second one.  "
    assert sentence_spans(text) == [(2, 12), (15, 26)]


# -- paragraphs -----------------------------------------------------------------------
P1 = ("Mr. President, allow me to congratulate you on your election to the presidency of the "
      "fifty-fourth session of the General Assembly. We are confident that under your guidance "
      "this session will be a success.")
P2 = ("The world today faces many challenges, from climate change to armed conflict, and no "
      "country can meet them alone. Multilateralism is the only way.")
P3 = ("China stands ready to work with all Member States to build a community with a shared "
      "future for mankind. Thank you.")
PARAS = [P1, P2, P3]


def wrap(paragraph: str, width: int = 60) -> str:
    return "\n".join(textwrap.wrap(paragraph, width, break_on_hyphens=False))


def test_wrapped_paragraphs_with_blank_lines():
    text = "\n\n".join(wrap(p) for p in PARAS) + "\n"
    assert split_paragraphs(text) == PARAS


def test_wrapped_paragraphs_with_whitespace_only_lines():
    text = wrap(P1) + "\n   \n" + wrap(P2) + "\n \t \n" + wrap(P3) + "\n"
    assert split_paragraphs(text) == PARAS


def test_unicode_whitespace_only_lines_separate_paragraphs():
    text = "First para.\n\u00a0\u00a0\nSecond para.\n\u3000\nThird."
    assert split_paragraphs(text) == ["First para.", "Second para.", "Third."]


def test_one_paragraph_per_line():
    text = "\n".join(PARAS) + "\n"
    assert split_paragraphs(text) == PARAS


def test_short_paragraphs_one_per_line():
    text = "This is the first paragraph. It has two sentences.\nThis is the second.\nThird one! Yes.\n"
    assert split_paragraphs(text) == [
        "This is the first paragraph. It has two sentences.", "This is the second.", "Third one! Yes."]


def test_wrapped_paragraphs_without_blank_lines():
    # each paragraph's last line is clearly short: a reader sees where paragraphs end
    text = "\n".join(wrap(p) for p in PARAS) + "\n"
    lines = text.splitlines()
    assert lines[3] == "session will be a success." and lines[6] == "Multilateralism is the only way."  # the fixture
    assert split_paragraphs(text) == PARAS


def test_word_hyphenated_across_a_line_break():
    text = ("We congratulate you on your election to the presidency of the fifty-\n"
            "fourth session of the General Assembly. We wish you success in\n"
            "your work.")
    assert split_paragraphs(text) == [
        "We congratulate you on your election to the presidency of the fifty-fourth session "
        "of the General Assembly. We wish you success in your work."]


def test_headings_without_full_stop_are_their_own_paragraphs():
    text = ("Introduction\n"
            "The world today faces many challenges, from climate change to armed\n"
            "conflict, and no country can meet them alone. Multilateralism is the\n"
            "only way forward.\n"
            "Conclusion\n"
            "We must act together now, because time is short and the stakes are\n"
            "high for every nation.\n")
    assert split_paragraphs(text) == [
        "Introduction",
        "The world today faces many challenges, from climate change to armed conflict, and no "
        "country can meet them alone. Multilateralism is the only way forward.",
        "Conclusion",
        "We must act together now, because time is short and the stakes are high for every nation.",
    ]


def test_numbered_list_lines_are_separate_paragraphs():
    text = "The plan has three parts:\n1. First item.\n2. Second item.\n3. Third item.\n"
    assert split_paragraphs(text) == ["The plan has three parts:", "1. First item.", "2. Second item.",
                                      "3. Third item."]


def test_wrapped_numbered_list_item_is_joined():
    text = ("Our priorities are the following, in order of importance to the whole\n"
            "community of nations and to our own people:\n"
            "1. Peace and security for every country in the\n"
            "region and beyond it.\n"
            "2. Development.\n")
    assert split_paragraphs(text) == [
        "Our priorities are the following, in order of importance to the whole community of "
        "nations and to our own people:",
        "1. Peace and security for every country in the region and beyond it.",
        "2. Development.",
    ]


def test_bullet_lines_are_separate_paragraphs():
    assert split_paragraphs("- first bullet\n- second bullet\n\u2022 third\n") == [
        "- first bullet", "- second bullet", "\u2022 third"]


def test_abbreviation_at_line_end_is_a_wrap():
    text = ("The delegation, led by Mr.\n"
            "Wang, arrived on Monday and met officials from the Ministry of Foreign\n"
            "Affairs to discuss trade and investment.")
    assert split_paragraphs(text) == [
        "The delegation, led by Mr. Wang, arrived on Monday and met officials from the Ministry of "
        "Foreign Affairs to discuss trade and investment."]


def test_cjk_paragraphs():
    assert split_paragraphs("第一段。\n第二段！\n第三段？\n") == ["第一段。", "第二段！", "第三段？"]
    assert split_paragraphs("中国愿同日本合作。双方同意加强交流！\n\n这是第二段。是吗？\n") == [
        "中国愿同日本合作。双方同意加强交流！", "这是第二段。是吗？"]


def test_hard_wrapped_chinese_is_joined_without_a_space():
    # Chinese does not put spaces between words: a wrapped line joins directly
    text = "中国愿同日本合作，推动构建契合新时代要求的建设性、稳定的\n中日关系。\n"
    assert split_paragraphs(text) == ["中国愿同日本合作，推动构建契合新时代要求的建设性、稳定的中日关系。"]


def test_no_paragraphs_in_blank_text():
    assert split_paragraphs("") == []
    assert split_paragraphs("\n  \n\t\n") == []


def test_a_page_break_inside_a_sentence_does_not_end_the_paragraph():
    text = "We call on all States to lift the\n\nblockade without delay. It must end.\n\nA new paragraph."
    assert split_paragraphs(text) == [
        "We call on all States to lift the blockade without delay. It must end.", "A new paragraph."]


@pytest.mark.parametrize("text, expected", [
    ("He met Martin Luther King Jr. He then left.", ["He met Martin Luther King Jr.", "He then left."]),
    ("Pres. Biden spoke with Sec. Blinken. Then he left.", ["Pres. Biden spoke with Sec. Blinken.", "Then he left."]),
    ("It recalled resolution No. XII, adopted in 1950. It asked for more.",
     ["It recalled resolution No. XII, adopted in 1950.", "It asked for more."]),
])
def test_more_abbreviations(text, expected):
    assert sents(text) == expected


def test_headings_stand_alone_between_one_line_paragraphs():
    text = ("BACKGROUND\nThe talks started in 2019.\nTRADE AND INVESTMENT\n"
            "Both sides agreed to cut tariffs. They will meet again.\nNext Steps\nA summit in May.")
    assert split_paragraphs(text) == ["BACKGROUND", "The talks started in 2019.", "TRADE AND INVESTMENT",
                                      "Both sides agreed to cut tariffs. They will meet again.",
                                      "Next Steps", "A summit in May."]


def test_a_capitalised_wrapped_line_is_not_a_heading():
    text = ("We support the role of the\nUnited Nations Security Council and\n"
            "The General Assembly in this matter of\ngreat importance to us all today.")
    assert split_paragraphs(text) == [" ".join(text.split("\n"))]


def test_a_text_all_in_capitals_is_not_all_headings():
    text = "THE DELEGATION OF\nCHINA SUPPORTS THE\nDRAFT RESOLUTION.\n"
    assert split_paragraphs(text) == ["THE DELEGATION OF CHINA SUPPORTS THE DRAFT RESOLUTION."]
