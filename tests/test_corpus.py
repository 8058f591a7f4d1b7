"""Loading texts into documents and tables: the seed, plain text, CSV/JSONL, bad input."""
from __future__ import annotations

import codecs
import hashlib
import json
from pathlib import Path

import pytest

import readouts
from readouts import InputError, InputErrors, ReadoutsError, ReadoutsWarning, load_corpus

from conftest import assert_offsets_reproduce_text, one_line_error, sentence_texts

DOCUMENT_COLUMNS = ["doc_id", "path", "date", "headline", "outlet", "place", "caption", "photo_credit",
                    "n_paragraphs", "n_sentences", "n_words", "sha256", "dateline", "source_format", "language"]
SENTENCE_COLUMNS = ["doc_id", "para", "sent", "section", "start", "end", "text", "n_words"]

SEED_HEADLINE = "Xi says China ready to work with Japan to build constructive, stable bilateral relations"
SEED_CAPTION = ("Chinese President Xi Jinping meets with Japanese Prime Minister Sanae Takaichi on the "
                "sidelines of the 32nd Asia-Pacific Economic Cooperation (APEC) Economic Leaders' Meeting "
                "in Gyeongju, South Korea, Oct. 31, 2025.")
SEED_DATELINE = "GYEONGJU, South Korea, Oct. 31 (Xinhua) --"
SEED_BODY = [
    "Chinese President Xi Jinping said Friday that China is ready to work with Japan to build "
    "constructive and stable bilateral relations that meet the requirements of the new era.",
    "While meeting with Japanese Prime Minister Sanae Takaichi at her request on the sidelines of the "
    "32nd APEC Economic Leaders' Meeting in the South Korean city of Gyeongju, Xi pointed out that as "
    "China and Japan are close neighbors, promoting the long-term, healthy and stable development of "
    "China-Japan relations meets the common expectations of both peoples and the international community.",
    "China is willing to work with Japan to uphold the principles and directions set out in the four "
    "political documents between the two countries, maintain the political foundation of bilateral "
    "relations, advance the strategic, mutually beneficial relationship, Xi said.",
    "Xi emphasized that China-Japan relations are facing both opportunities and challenges.",
    "He hoped that Japan's new cabinet would establish a correct understanding of China, value the "
    "efforts of the older generation of statesmen and various sectors in both countries who have "
    "contributed to the development of China-Japan relations, and adhere to the broad direction of "
    "peace, friendship and cooperation between the two nations.",
    "First, Xi called for adherence to important consensus.",
    'He urged the two countries to implement the political consensus of "comprehensively advancing the '
    'strategic, mutually beneficial relationship," "being partners and not threats to each other," and '
    '"taking history as a mirror and opening up the future."',
    "Xi urged the two countries to adhere to and fulfill clear provisions on major issues such as "
    "history, Taiwan as outlined in four political documents between China and Japan, ensuring that "
    "the foundation of China-Japan relations is neither damaged nor shaken.",
    "The \"Murayama Statement,\" he added, which deeply reflected on Japan's history of aggression and "
    "apologized to the victimized countries, embodies a spirit that should be upheld.",
    "Second, Xi called for upholding cooperation and mutual benefit.",
    "The fourth plenary session of the 20th Communist Party of China Central Committee outlined the "
    "15th Five-Year Plan, the development blueprint for China, he said, noting that there is vast "
    "potential for China-Japan cooperation.",
    "He called on the two countries to strengthen cooperation in areas like high-end manufacturing, "
    "digital economy, green development, finance, healthcare, elderly care and third-party markets, and "
    "jointly uphold the multilateral trading system and ensure stable and smooth industrial and supply chains.",
    "Third, Xi called for efforts to promote people-to-people exchanges.",
    "He urged the two nations to continue communication between governments, political parties and "
    "legislative bodies, deepen and expand people-to-people and local exchanges, and improve mutual "
    "feelings between the peoples of both nations.",
    "Fourth, Xi called for closer multilateral cooperation.",
    "He advocated adherence to the principles of good neighborliness, friendship, equality, mutual "
    "benefit and non-interference in each other's internal affairs.",
    "The two countries should practice true multilateralism and promote the building of an "
    "Asia-Pacific community, he said.",
    "Fifth, Xi urged the two countries to properly manage differences.",
    "He called them to focus on the broader picture, seek common ground while reserving differences, "
    "focus on common ground while reducing differences, and avoid allowing conflicts and divergences to "
    "define the bilateral relations.",
]
# the body paragraph (0-based, among the 12 body paragraphs) of each body sentence
SEED_BODY_PARAS = [0, 1, 2, 3, 3, 4, 4, 5, 6, 7, 7, 8, 9, 9, 10, 10, 10, 11, 11]


# ====================================================================================
# the seed
# ====================================================================================
def test_seed_sentence_counts(seed_sentences):
    assert len(seed_sentences) == 21
    assert seed_sentences["section"].value_counts().to_dict() == {"body": 19, "headline": 1, "caption": 1}
    assert list(seed_sentences["section"]) == ["headline", "caption"] + ["body"] * 19


def test_seed_sentences_are_what_a_reader_marks(seed_sentences):
    assert list(seed_sentences["text"]) == [SEED_HEADLINE, SEED_CAPTION] + SEED_BODY


def test_seed_quotations_close_their_sentences(seed_sentences):
    texts = list(seed_sentences["text"])
    future = [t for t in texts if "opening up the future" in t]
    assert future == [SEED_BODY[6]]
    assert future[0].startswith("He urged the two countries to implement")
    assert future[0].endswith('opening up the future."')
    murayama = [t for t in texts if "Murayama" in t]
    assert murayama == [SEED_BODY[8]]
    assert murayama[0].startswith('The "Murayama Statement," he added,')
    assert murayama[0].endswith("should be upheld.")


def test_seed_document_metadata(seed_doc, seed_corpus, seed_path):
    assert seed_doc.date == "2025-10-31"
    assert seed_doc.outlet == "Xinhua"
    assert seed_doc.place == "GYEONGJU, South Korea"
    assert seed_doc.photo_credit == "Xinhua/Ding Lin"
    assert seed_doc.headline == SEED_HEADLINE
    assert seed_doc.caption == SEED_CAPTION
    assert seed_doc.dateline == SEED_DATELINE
    assert seed_doc.doc_id == seed_path.stem
    assert seed_doc.source_format == "text"
    assert seed_doc.sha256 == hashlib.sha256(seed_path.read_bytes()).hexdigest()


def test_seed_documents_table(seed_corpus, seed_path, seed_sentences):
    table = seed_corpus.documents_table()
    assert len(table) == 1
    assert list(table.columns[:len(DOCUMENT_COLUMNS)]) == DOCUMENT_COLUMNS
    row = table.iloc[0]
    assert row["date"] == "2025-10-31"
    assert row["outlet"] == "Xinhua"
    assert row["place"] == "GYEONGJU, South Korea"
    assert row["photo_credit"] == "Xinhua/Ding Lin"
    assert row["headline"] == SEED_HEADLINE
    assert row["caption"] == SEED_CAPTION
    assert row["dateline"] == SEED_DATELINE
    assert row["source_format"] == "text"
    assert row["sha256"] == hashlib.sha256(seed_path.read_bytes()).hexdigest()
    assert Path(row["path"]).resolve() == seed_path.resolve()
    assert row["n_sentences"] == 21
    assert row["n_paragraphs"] == seed_sentences["para"].nunique()   # headline, caption, 12 body paragraphs
    assert row["n_paragraphs"] == 14
    assert row["n_words"] == seed_sentences["n_words"].sum()


def test_seed_word_count(seed_corpus):
    # every token of the headline, caption (no credit) and body (no dateline) is a word
    words = len(SEED_HEADLINE.split()) + len(SEED_CAPTION.split()) + sum(len(s.split()) for s in SEED_BODY)
    assert seed_corpus.documents_table().iloc[0]["n_words"] == words


def test_seed_dateline_and_credit_are_in_no_sentence(seed_sentences):
    texts = list(seed_sentences["text"])
    assert not any("(Xinhua) --" in t or "GYEONGJU" in t for t in texts)
    assert not any("Ding Lin" in t for t in texts)
    body = seed_sentences[seed_sentences["section"] == "body"]
    assert body.iloc[0]["text"].startswith("Chinese President Xi Jinping said Friday")
    caption = seed_sentences[seed_sentences["section"] == "caption"]
    assert len(caption) == 1
    assert caption.iloc[0]["text"].endswith("Oct. 31, 2025.")


def test_seed_sentences_table_columns_and_numbering(seed_sentences):
    assert list(seed_sentences.columns) == SENTENCE_COLUMNS
    assert set(seed_sentences["doc_id"]) == {
        "2025-10-31_xinhua_xi-jinping-meets-sanae-takaichi-apec-gyeongju"}
    # sentences are numbered 0, 1, 2, ... through the document
    assert list(seed_sentences["sent"]) == list(range(21))
    # paragraphs: headline 0, caption 1, then the 12 body paragraphs
    assert list(seed_sentences["para"]) == [0, 1] + [p + 2 for p in SEED_BODY_PARAS]
    assert seed_sentences.set_index("sent")["n_words"].loc[0] == len(SEED_HEADLINE.split())


def test_seed_offsets_reproduce_text(seed_corpus, seed_doc, seed_sentences):
    assert_offsets_reproduce_text(seed_corpus)
    starts = list(seed_sentences["start"])
    assert starts == sorted(starts)
    for row in seed_sentences.itertuples():
        assert seed_doc.text[row.start:row.end] == row.text


def test_load_corpus_accepts_folder_file_and_list(seed_path):
    for given in (readouts.paths.SEEDS_DIR, str(seed_path), [seed_path]):
        corpus = load_corpus(given)
        assert [d.doc_id for d in corpus] == [seed_path.stem]
        assert len(corpus.sentences_table()) == 21


# ====================================================================================
# plain text
# ====================================================================================
WRAPPED = ("Mr. President, allow me to congratulate you on your election\n"
           "to the presidency of the fifty-fourth session of the General\n"
           "Assembly. We are confident that under your guidance this\n"
           "session will be a success.\n")
P1 = ("Mr. President, allow me to congratulate you on your election to the presidency of the "
      "fifty-fourth session of the General Assembly.")
P1B = "We are confident that under your guidance this session will be a success."


def test_plain_text_without_header(write):
    path = write("speech.txt", "The talks were held in Geneva. Both sides agreed.\n")
    corpus = load_corpus(path)
    doc = corpus.documents[0]
    assert doc.doc_id == "speech"
    assert doc.date is None and doc.headline is None and doc.outlet is None and doc.dateline is None
    assert sentence_texts(corpus) == ["The talks were held in Geneva.", "Both sides agreed."]
    assert [s.section for s in doc.sentences] == ["body", "body"]
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_un_general_debate_file_name(write):
    path = write("CHN_74_2019.txt", WRAPPED + "\nThank you.\n")
    corpus = load_corpus(path)
    doc = corpus.documents[0]
    assert doc.doc_id == "CHN_74_2019"
    assert doc.date == "2019"
    row = corpus.documents_table().iloc[0]
    assert (row["country"], row["session"], row["year"], row["date"]) == ("CHN", "74", "2019", "2019")
    assert sentence_texts(corpus) == [P1, P1B, "Thank you."]


def test_custom_name_patterns(write):
    path = write("wang-yi_2024-03-07.txt", "Press conference. Questions followed.\n")
    corpus = load_corpus(path, name_patterns={
        "speaker_date": r"^(?P<speaker>[a-z-]+)_(?P<date>\d{4}-\d{2}-\d{2})$"})
    row = corpus.documents_table().iloc[0]
    assert row["speaker"] == "wang-yi"
    assert row["date"] == "2024-03-07"


def test_hard_wrapped_text_with_blank_lines(write):
    corpus = load_corpus(write("a.txt", WRAPPED + "\n" + "Thank you.\n"))
    doc = corpus.documents[0]
    assert sentence_texts(corpus) == [P1, P1B, "Thank you."]
    assert doc.text == P1 + " " + P1B + "\n\nThank you."
    assert len(doc.paragraphs) == 2
    assert_offsets_reproduce_text(corpus)


def test_whitespace_only_lines_between_paragraphs(write):
    corpus = load_corpus(write("a.txt", WRAPPED + "   \n" + "Thank you.\n \t\nGoodbye.\n"))
    assert [p.section for p in corpus.documents[0].paragraphs] == ["body"] * 3
    assert sentence_texts(corpus) == [P1, P1B, "Thank you.", "Goodbye."]
    assert [s.para for s in corpus.documents[0].sentences] == [0, 0, 1, 2]


def test_one_paragraph_per_line_without_blank_lines(write):
    corpus = load_corpus(write("a.txt", P1 + " " + P1B + "\nThank you.\nGoodbye.\n"))
    doc = corpus.documents[0]
    assert len(doc.paragraphs) == 3
    assert sentence_texts(corpus) == [P1, P1B, "Thank you.", "Goodbye."]
    assert [s.para for s in doc.sentences] == [0, 0, 1, 2]


def test_hard_wrapped_without_blank_lines(write):
    text = WRAPPED + ("The world today faces many challenges, from climate change\n"
                      "to armed conflict, and no country can meet them alone.\n"
                      "Multilateralism is the only way.\n")
    corpus = load_corpus(write("a.txt", text))
    doc = corpus.documents[0]
    assert len(doc.paragraphs) == 2
    assert sentence_texts(corpus) == [
        P1, P1B,
        "The world today faces many challenges, from climate change to armed conflict, and no "
        "country can meet them alone.",
        "Multilateralism is the only way."]
    assert [s.para for s in doc.sentences] == [0, 0, 1, 1]


def test_word_hyphenated_across_line_break(write):
    corpus = load_corpus(write("a.txt", "The fifty-\nfourth session opened today in New York with a\n"
                                        "speech by the President.\n"))
    assert sentence_texts(corpus) == [
        "The fifty-fourth session opened today in New York with a speech by the President."]
    assert sentence_texts(corpus)[0].split()[1] == "fifty-fourth"


def test_heading_and_list_items_in_a_document(write):
    text = ("Priorities\n\nThe plan has three parts:\n1. First item.\n2. Second item.\n\n"
            "- a bullet point\n- another bullet point\n")
    corpus = load_corpus(write("a.txt", text))
    assert sentence_texts(corpus) == ["Priorities", "The plan has three parts:", "1. First item.",
                                      "2. Second item.", "a bullet point", "another bullet point"]
    assert_offsets_reproduce_text(corpus)


def test_seed_format_header(write):
    corpus = load_corpus(write("a.txt", " date 2025-01-02 Leaders meet in Lima\n\nThe leaders met. They agreed.\n"))
    doc = corpus.documents[0]
    assert doc.date == "2025-01-02"
    assert doc.headline == "Leaders meet in Lima"
    assert sentence_texts(corpus) == ["Leaders meet in Lima", "The leaders met.", "They agreed."]
    assert [s.section for s in doc.sentences] == ["headline", "body", "body"]
    assert [s.sent for s in doc.sentences] == [0, 1, 2]


def test_malformed_header_date_warns_and_leaves_date_empty(write):
    path = write("a.txt", " date 2025-13-45 Leaders meet in Lima\n\nThe leaders met. They agreed.\n")
    with pytest.warns(ReadoutsWarning, match="2025-13-45") as record:
        corpus = load_corpus(path)
    assert any(str(path) in str(w.message) for w in record)
    doc = corpus.documents[0]
    assert doc.date is None
    assert doc.headline == "Leaders meet in Lima"
    assert sentence_texts(corpus) == ["Leaders meet in Lima", "The leaders met.", "They agreed."]
    assert pd_isna(corpus.documents_table().iloc[0]["date"])


def pd_isna(value) -> bool:
    import pandas as pd
    return bool(pd.isna(value))


def test_crlf_line_endings(write):
    path = write("a.txt", " date 2025-01-02 A headline\r\n\r\nFirst para. Yes.\r\n\r\nSecond para.\r\n")
    corpus = load_corpus(path)
    doc = corpus.documents[0]
    assert "\r" not in doc.text
    assert doc.date == "2025-01-02" and doc.headline == "A headline"
    assert sentence_texts(corpus) == ["A headline", "First para.", "Yes.", "Second para."]
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_utf8_with_bom(write):
    path = write("a.txt", codecs.BOM_UTF8 + " date 2025-01-02 Héadline\n\nBody text. Café.\n".encode("utf-8"))
    corpus = load_corpus(path)
    doc = corpus.documents[0]
    assert "\ufeff" not in doc.text
    assert doc.date == "2025-01-02" and doc.headline == "Héadline"
    assert sentence_texts(corpus) == ["Héadline", "Body text.", "Café."]


def test_utf16_with_bom(write):
    path = write("a.txt", "First. Second \u201cquoted\u201d \u4e2d\u6587.\n".encode("utf-16"))
    assert path.read_bytes()[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    corpus = load_corpus(path)
    assert sentence_texts(corpus) == ["First.", "Second \u201cquoted\u201d \u4e2d\u6587."]
    assert corpus.documents[0].sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_cp1252_text_warns_and_decodes_curly_quotes(write):
    path = write("a.txt", "He said \u201cwe will\u201d \u2013 and left. It\u2019s done.\n".encode("cp1252"))
    with pytest.warns(ReadoutsWarning, match="cp1252|1252") as record:
        corpus = load_corpus(path)
    assert any(str(path) in str(w.message) for w in record)
    assert sentence_texts(corpus) == ["He said \u201cwe will\u201d \u2013 and left.", "It\u2019s done."]


def test_cjk_document(write):
    text = "中日关系\n\n中国愿同日本合作。双方同意加强交流！\n\n他说：“我们愿意合作。”是吗？\n"
    corpus = load_corpus(write("zh.txt", text))
    assert sentence_texts(corpus) == ["中日关系", "中国愿同日本合作。", "双方同意加强交流！",
                                      "他说：“我们愿意合作。”", "是吗？"]
    assert_offsets_reproduce_text(corpus)


# ====================================================================================
# CSV and JSONL
# ====================================================================================
def test_csv_with_doc_id_and_metadata(write):
    path = write("speeches.csv",
                 'doc_id,date,outlet,text,speaker\n'
                 'd1,2024-01-02,Reuters,"First doc. Two sentences.",Li\n'
                 'd2,2024-01-03,AP,"Second doc.",Wang\n')
    corpus = load_corpus(path)
    docs = corpus.documents_table()
    assert list(docs["doc_id"]) == ["d1", "d2"]
    assert list(docs["date"]) == ["2024-01-02", "2024-01-03"]
    assert list(docs["outlet"]) == ["Reuters", "AP"]
    assert list(docs["speaker"]) == ["Li", "Wang"]
    assert list(docs["source_format"]) == ["csv", "csv"]
    assert list(docs["n_sentences"]) == [2, 1]
    assert list(docs.columns[:len(DOCUMENT_COLUMNS)]) == DOCUMENT_COLUMNS
    assert "text" not in docs.columns
    sents = corpus.sentences_table()
    assert list(zip(sents["doc_id"], sents["text"])) == [
        ("d1", "First doc."), ("d1", "Two sentences."), ("d2", "Second doc.")]
    assert list(sents["sent"]) == [0, 1, 0]
    assert_offsets_reproduce_text(corpus)


def test_csv_without_doc_id_column_gets_unique_ids(write):
    path = write("rows.csv", 'date,text\n2024-01-02,"One. Two."\n2024-01-03,Three.\n2024-01-04,Four.\n')
    corpus = load_corpus(path)
    ids = [d.doc_id for d in corpus]
    assert len(ids) == 3 and len(set(ids)) == 3
    assert all(i.startswith("rows") for i in ids)
    assert sentence_texts(corpus) == ["One.", "Two.", "Three.", "Four."]


def test_csv_title_column_is_the_headline(write):
    path = write("t.csv", 'id,title,text\n1,Talks in Lima,"The leaders met. They agreed."\n')
    corpus = load_corpus(path)
    doc = corpus.documents[0]
    assert doc.doc_id == "1"
    assert doc.headline == "Talks in Lima"
    assert sentence_texts(corpus) == ["Talks in Lima", "The leaders met.", "They agreed."]
    assert [s.section for s in doc.sentences] == ["headline", "body", "body"]


def test_csv_with_bom_and_multiline_text(write):
    path = write("excel.csv", codecs.BOM_UTF8 + 'doc_id,text\r\nx,"First para. Still.\r\n\r\nSecond para."\r\n'.encode())
    corpus = load_corpus(path)
    assert [d.doc_id for d in corpus] == ["x"]
    assert sentence_texts(corpus) == ["First para.", "Still.", "Second para."]
    assert [s.para for s in corpus.documents[0].sentences] == [0, 0, 1]


def test_csv_duplicate_doc_ids_are_made_unique(write):
    corpus = load_corpus(write("dup.csv", "doc_id,text\nx,One.\nx,Two.\n"))
    ids = [d.doc_id for d in corpus]
    assert ids[0] == "x" and len(set(ids)) == 2


def test_csv_explicit_text_column(write):
    path = write("t.csv", "speech_text,year\nSome speech. Done.,2019\n")
    corpus = load_corpus(path, text_column="speech_text")
    assert sentence_texts(corpus) == ["Some speech.", "Done."]
    assert corpus.documents_table().iloc[0]["year"] == "2019"
    with pytest.raises(InputError) as err:
        load_corpus(path, text_column="nope")
    assert str(err.value).startswith(f"{path}: ")
    assert "nope" in str(err.value)


def test_csv_metadata_does_not_overwrite_computed_columns(write):
    # a column named like a computed one must not replace what the library computed
    path = write("m.csv", "text,n_words,n_sentences,path\nHello there. Bye.,99,7,/elsewhere/a.txt\n")
    row = load_corpus(path).documents_table().iloc[0]
    assert row["n_sentences"] == 2
    assert row["n_words"] == 3
    assert row["path"] == str(path)


def test_csv_without_text_column_names_the_file(write):
    path = write("notext.csv", "date,title\n2024-01-01,foo\n")
    msg = one_line_error(path)
    assert "text" in msg


def test_csv_row_with_wrong_field_count_names_the_file(write):
    path = write("bad.csv", "date,text\n2024-01-01,Fine.\n2024-01-02,Not fine,extra\n")
    msg = one_line_error(path)
    assert "3 fields" in msg


def test_jsonl_with_and_without_doc_id(write):
    path = write("docs.jsonl",
                 json.dumps({"id": "x1", "text": "Hello there. Bye.", "date": "2024-05-06", "lang": "en"}) + "\n"
                 + json.dumps({"text": "No id here.", "lang": "fr", "n": 3}) + "\n")
    corpus = load_corpus(path)
    docs = corpus.documents_table()
    ids = list(docs["doc_id"])
    assert ids[0] == "x1"
    assert ids[1] != "x1" and ids[1].startswith("docs")
    assert docs.iloc[0]["date"] == "2024-05-06"
    assert list(docs["lang"]) == ["en", "fr"]
    assert docs.iloc[1]["n"] == "3"
    assert list(docs["source_format"]) == ["jsonl", "jsonl"]
    assert sentence_texts(corpus) == ["Hello there.", "Bye.", "No id here."]
    assert_offsets_reproduce_text(corpus)


def test_jsonl_with_bad_line_names_file_and_line(write):
    path = write("bad.jsonl", '{"text": "ok."}\n{"text": broken\n')
    msg = one_line_error(path)
    assert "line 2" in msg


def test_jsonl_line_that_is_not_an_object(write):
    path = write("arr.jsonl", '{"text": "ok."}\n[1, 2]\n')
    with pytest.raises(InputError, match="line 2"):
        load_corpus(path)


# ====================================================================================
# folders
# ====================================================================================
def test_same_stem_in_different_folders_gets_unique_doc_ids(write, tmp_path):
    write("a/speech.txt", "First speech.\n")
    write("b/speech.txt", "Second speech.\n")
    write("a/speech-2.txt", "Third speech.\n")
    corpus = load_corpus(tmp_path)
    ids = [d.doc_id for d in corpus]
    assert len(ids) == 3 and len(set(ids)) == 3
    assert "speech" in ids and "speech-2" in ids
    by_text = {corpus[i].text: i for i in ids}
    assert by_text["Third speech."] == "speech-2"      # a real stem keeps its name


def test_other_file_types_are_ignored_with_a_warning(write, tmp_path):
    write("talk.txt", "A text. Two sentences.\n")
    write("scan.pdf", b"%PDF-1.4\n")
    write("photo.png", b"\x89PNG\r\n\x1a\n")
    write("notes.docx", b"PK\x03\x04")
    with pytest.warns(ReadoutsWarning, match="ignored 3") as record:
        corpus = load_corpus(tmp_path)
    message = " ".join(str(w.message) for w in record)
    for ext in (".pdf", ".png", ".docx"):
        assert ext in message
    assert [d.doc_id for d in corpus] == ["talk"]
    assert sorted(p.name for p in corpus.ignored) == ["notes.docx", "photo.png", "scan.pdf"]


def test_hidden_files_and_folders_are_skipped_silently(write, tmp_path):
    write("talk.txt", "A text.\n")
    write(".DS_Store", b"\x00\x00\x00\x01Bud1")
    write(".ipynb_checkpoints/talk-checkpoint.txt", "An old copy.\n")
    corpus = load_corpus(tmp_path)          # a ReadoutsWarning would fail this test
    assert [d.doc_id for d in corpus] == ["talk"]
    assert corpus.ignored == []


def test_folder_with_no_texts(tmp_path):
    with pytest.raises(ReadoutsError) as err:
        load_corpus(tmp_path)
    assert str(tmp_path) in str(err.value)


def test_folder_with_only_other_file_types(write, tmp_path):
    write("scan.pdf", b"%PDF-1.4\n")
    with pytest.warns(ReadoutsWarning, match=r"\.pdf"):
        with pytest.raises(ReadoutsError) as err:
            load_corpus(tmp_path)
    assert str(tmp_path) in str(err.value)


def test_missing_path(tmp_path):
    with pytest.raises(InputError) as err:
        load_corpus(tmp_path / "nope")
    assert str(err.value).startswith(f"{tmp_path / 'nope'}: ")


def test_unknown_extension_given_directly(write):
    path = write("scan.pdf", b"%PDF-1.4\n")
    with pytest.raises(InputError) as err:
        load_corpus(path)
    assert str(err.value).startswith(f"{path}: ")


# ====================================================================================
# bad files
# ====================================================================================
@pytest.mark.parametrize("name, data, words", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n \t \n", "whitespace"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "PNG"),
    ("paper.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    ("nul.txt", b"abc\x00\x01\x02def", "binary"),
    ("empty.csv", b"", "empty"),
    ("empty.jsonl", b"", "empty"),
])
def test_bad_file_raises_input_error_naming_it(write, name, data, words):
    path = write(name, data)
    msg = one_line_error(path)
    assert words.lower() in msg.lower()


def test_on_error_skip_keeps_the_good_files(write, tmp_path):
    write("good.txt", "Good text. Fine.\n")
    bad = write("bad.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    empty = write("empty.txt", b"")
    with pytest.raises(InputErrors) as raised:          # both named, not only the first
        load_corpus(tmp_path)
    assert str(raised.value).splitlines() == [
        "2 files cannot be read (leave them out with on_error='skip', or --skip-bad):",
        f"  {bad}: a PNG image, not text", f"  {empty}: empty file"]
    corpus = load_corpus(tmp_path, on_error="skip")
    assert [d.doc_id for d in corpus] == ["good"]
    assert sorted(e.path for e in corpus.skipped) == sorted([str(bad), str(empty)])
    assert sentence_texts(corpus) == ["Good text.", "Fine."]


def test_on_error_skip_with_nothing_readable(write, tmp_path):
    write("bad.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(ReadoutsError, match="bad.txt"):
        load_corpus(tmp_path, on_error="skip")


def test_on_error_must_be_raise_or_skip(seed_path):
    with pytest.raises(ValueError):
        load_corpus(seed_path, on_error="ignore")


# ====================================================================================
# documents table with several documents
# ====================================================================================
def test_documents_table_of_mixed_sources(write, tmp_path, seed_path):
    write("CHN_74_2019.txt", "Thank you. Goodbye.\n")
    write("rows.csv", "doc_id,text,speaker\nr1,Hello.,Li\n")
    corpus = load_corpus([tmp_path, seed_path])
    docs = corpus.documents_table()
    assert list(docs.columns[:len(DOCUMENT_COLUMNS)]) == DOCUMENT_COLUMNS
    assert {"country", "session", "year", "speaker"} <= set(docs.columns)
    assert sorted(docs["doc_id"]) == sorted(["CHN_74_2019", "r1", seed_path.stem])
    assert docs["n_sentences"].sum() == 2 + 1 + 21 == len(corpus.sentences_table())
    assert_offsets_reproduce_text(corpus)
    # sentence numbers restart at 0 in every document and run without gaps
    for doc_id, group in corpus.sentences_table().groupby("doc_id"):
        assert list(group["sent"]) == list(range(len(group))), doc_id


# ====================================================================================
# found in review
# ====================================================================================
def test_header_with_a_date_and_no_headline(write):
    doc = load_corpus(write("d.txt", " date 2025-10-31\n\nXi met Takaichi. They talked.\n"))[0]
    assert (doc.date, doc.headline) == ("2025-10-31", None)
    assert sentence_texts(doc) == ["Xi met Takaichi.", "They talked."]


def test_utf16_without_byte_order_mark_is_read_with_a_warning(write):
    path = write("u.txt", "“Partners, not threats.” Both sides agreed.".encode("utf-16-le"))
    with pytest.warns(ReadoutsWarning, match="UTF-16 without a byte-order mark"):
        doc = load_corpus(path)[0]
    assert sentence_texts(doc) == ["“Partners, not threats.”", "Both sides agreed."]


def test_csv_with_an_unterminated_quote_is_refused(write):
    path = write("q.csv", 'date,text\n2024-01-01,"Opened but never closed.\n')
    assert "CSV" in one_line_error(path)


def test_own_file_name_pattern_comes_before_the_built_in_ones(write):
    path = write("xinhua-20251031-xi-takaichi.txt", "Xi met Takaichi.")
    corpus = load_corpus(path, name_patterns={"mine": r"(?P<outlet>\w+)-(?P<d>\d{8})-(?P<subject>.+)"})
    row = corpus.documents_table().iloc[0]
    assert (row.outlet, row.d, row.subject) == ("xinhua", "20251031", "xi-takaichi")


@pytest.mark.parametrize("pattern, problem", [("(?P<date>", "not a valid regular expression"),
                                              (r"\d+_\w+", "no named groups")])
def test_bad_file_name_pattern_is_a_clear_error(write, pattern, problem):
    with pytest.raises(ReadoutsError, match=problem):
        load_corpus(write("a.txt", "Text."), name_patterns={"mine": pattern})


def test_document_and_corpus_from_path_and_dir(write, tmp_path):
    path = write("texts/a.txt", "One. Two.")
    write("texts/b.txt", "Three.")
    assert sentence_texts(readouts.Document.from_path(path)) == ["One.", "Two."]
    assert [d.doc_id for d in readouts.Corpus.from_dir(tmp_path / "texts")] == ["a", "b"]
    with pytest.raises(InputError, match="not a folder"):
        readouts.Corpus.from_dir(path)


def test_an_error_shows_as_one_line_in_a_notebook(write):
    with pytest.raises(InputError) as err:
        load_corpus(write("e.txt", b""))
    assert err.value._render_traceback_() == [f"\x1b[31mInputError\x1b[0m: {err.value}"]
