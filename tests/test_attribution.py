"""Who said it, in every genre: first-person texts, joint statements, transcripts, news attribution,
titles and family names resolved, and what is not a speaker. Texts are written by the tests."""
from __future__ import annotations

import pytest

import readouts
from readouts.layers.people import DocumentPeople


def annotate_text(write, name: str, text: str) -> readouts.Tables:
    return readouts.annotate(readouts.load_corpus(write(f"docs/{name}", text)))


def speakers(tables: readouts.Tables) -> list[str]:
    s = tables.sentences
    return [sp or role for sp, role in zip(s.speaker.fillna(""), s.speaker_role)]


def verbs(tables: readouts.Tables) -> list[str]:
    return tables.sentences.verb.fillna("").tolist()


# -- first-person texts --------------------------------------------------------------------------
def test_a_un_speech_is_its_countrys_whatever_names_it_mentions(write):
    tables = annotate_text(write, "USA_74_2019.txt",
                           "I thank Secretary-General Antonio Guterres for his leadership.\n\n"
                           "People may ask why we care. We believe in the Charter. By 2030 we will do more.\n\n"
                           "12. History shows that I am right, as President Xi once said.\n")
    assert tables.documents.form.tolist() == ["first person"]
    assert set(speakers(tables)) == {"United States"}         # never Guterres, "People", "By" or ". History"
    assert set(tables.sentences.speaker_role) == {"institution"}


def test_a_speech_titled_by_its_speaker_is_his(write):
    tables = annotate_text(write, "speech.txt",
                           "Keynote Address by Prime Minister KISHIDA Fumio at the Dialogue\n\n"
                           "Distinguished guests,\n\n"
                           "It is my honour to speak. Japan will continue to uphold a free and open order.\n")
    s = tables.sentences
    assert tables.documents.form.tolist() == ["first person"]
    assert s.speaker.tolist()[-2:] == ["Fumio Kishida", "Fumio Kishida"]
    assert s.speaker_role.tolist()[0] == "narrator"          # the title line


def test_a_joint_statement_is_both_sides(write):
    tables = annotate_text(write, "joint.txt",
                           "Joint Statement of Japan and the United States\n\n"
                           "We, the leaders of Japan and the United States, met today. Our alliance is strong. "
                           "Japan and the United States are determined to work together.\n")
    assert tables.documents.form.tolist() == ["joint"]
    assert speakers(tables)[1:] == ["both sides"] * 3


def test_the_form_can_be_given(write, tmp_path):
    path = write("given.csv", "doc_id,form,text\na,first person,\"Japan supports free trade. The leaders met.\"\n")
    tables = readouts.annotate(readouts.load_corpus(path))
    assert tables.documents.form.tolist() == ["first person"]


# -- transcripts ---------------------------------------------------------------------------------
def test_a_transcript_with_labels_in_capitals_and_titles(write):
    tables = annotate_text(write, "remarks.txt",
                           "Remarks by President Biden and President Xi Jinping Before Bilateral Meeting\n\n"
                           "Woodside, California\n\n"
                           "PRESIDENT BIDEN:  Well, it is good to see you again.\n\n"
                           "We have spent many hours together.\n\n"
                           "PRESIDENT XI:  (As interpreted.)\n\n"
                           "Mr. President, it is a pleasure.\n\n"
                           "THE PRESIDENT:  Thank you all.\n")
    assert tables.documents.form.tolist() == ["transcript"]
    assert speakers(tables) == ["narrator", "narrator", "Joe Biden", "Joe Biden", "narrator", "Xi Jinping", "Joe Biden"]


def test_an_unlabelled_answer_after_a_question_is_the_spokespersons(write):
    tables = annotate_text(write, "presser.txt",
                           "Foreign Ministry Spokesperson Wang Wenbin's Regular Press Conference\n\n"
                           "AFP: Will the minister visit Tokyo?\n\n"
                           "We have no information to release at the moment.\n\n"
                           "Reuters: Can you say more?\n\n"
                           "Wang Wenbin: No.\n")
    assert speakers(tables) == ["narrator", "AFP", "Wang Wenbin", "Reuters", "Wang Wenbin"]


def test_headings_and_list_labels_are_not_speakers(write):
    tables = annotate_text(write, "factsheet.txt",
                           "FACT SHEET: A New Partnership\n\n"
                           "Tariff Adjustments: The two governments will lower tariffs on steel.\n\n"
                           "Courtesy Call on the Minister: The delegation met the minister on Monday.\n\n"
                           "HIGH-LEVEL CONSULTATIONS\n")
    assert tables.documents.form.tolist() == ["fact sheet"]
    assert "Tariff Adjustments" not in speakers(tables) and "Courtesy Call on the Minister" not in speakers(tables)
    assert speakers(tables)[-1] == "narrator"


def test_a_fact_sheet_states_its_items_in_its_own_voice(write):
    # the coding guide: a government stating what it does is the document's voice; only a verb of saying
    # makes a speaker, and a statement does not run on into the next item
    tables = annotate_text(write, "fs.txt",
                           "FACT SHEET: Summit Outcomes\n\n"
                           "President Biden welcomed Prime Minister Kishida to Camp David. The summit was the first "
                           "of its kind.\n\n"
                           "Maritime Cooperation: The United States, Japan, and the ROK decided to hold joint patrols. "
                           "The patrols will begin in May.\n\n"
                           "The Leaders jointly opened a new era and reaffirmed their alliance.\n")
    assert tables.documents.form.tolist() == ["fact sheet"]
    assert speakers(tables) == ["narrator", "narrator", "narrator", "both sides", "narrator", "both sides"]


def test_two_named_subjects_speak_together(write):
    tables = annotate_text(write, "r.txt", "Mr. Sullivan and Director Wang welcomed the progress. "
                           "Li and Kishida agreed to meet again.\n")
    assert speakers(tables) == ["both sides", "both sides"]


def test_the_secretary_is_the_secretary_of_state_not_the_general_secretary(write):
    tables = annotate_text(write, "r.txt", "Secretary of State Antony Blinken met President Xi Jinping, "
                           "General Secretary of the CPC Central Committee, in Beijing.\n\n"
                           "The Secretary stressed the need for progress.\n")
    assert speakers(tables)[-1] == "Antony Blinken"


def test_a_headline_that_opens_with_its_speaker(write):
    tables = annotate_text(write, "h.txt", "Xi urges joint efforts for peace\n\n"
                           "BEIJING, May 1 (Xinhua) -- Chinese President Xi Jinping met visitors on Monday.\n")
    assert speakers(tables)[0] == "Xi Jinping" and verbs(tables)[0] == "urge"


# -- news ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("sentence, speaker, verb", [
    ("Officials said the talks would resume.", "officials", "say"),
    ("Chinese experts say the summit was a success.", "chinese experts", "say"),
    ("\u201cWe will not back down,\u201d said Rep. Jerry Nadler.", "Jerry Nadler", "say"),
    ("The talks went well, according to the ministry.", "ministry", "according to"),
    ("Chapin, 18, said she would vote for the first time.", "Chapin", "say"),
    ("A source said that the vote was close.", "source", "say"),
    ("Cameron's spokesman said the prime minister stood by his comments.", "cameron's spokesman", "say"),
    ("The two leaders discussed trade and agreed to meet again.", "both sides", "discuss"),
])
def test_reported_speech_the_way_news_writes_it(write, sentence, speaker, verb):
    tables = annotate_text(write, "news.txt", sentence + "\n")
    row = tables.sentences.iloc[0]
    assert (row.speaker, row.verb) == (speaker, verb)


def test_titles_and_family_names_stand_for_the_person_named_earlier(write):
    tables = annotate_text(write, "readout.txt",
                           "Vice President Kamala Harris met Chinese President Xi Jinping on Monday.\n\n"
                           "The Vice President stressed the need for open lines of communication.\n\n"
                           "The Chinese president said the two countries should be partners.\n\n"
                           "Harris added that the meeting was constructive.\n")
    assert tables.sentences.speaker.tolist()[1:] == ["Kamala Harris", "Xi Jinping", "Kamala Harris"]


def test_a_passive_is_not_its_subjects_statement(write):
    # a passive's agent is the source; a guest welcomed at the airport is a host's act, no one's statement
    tables = annotate_text(write, "arrival.txt", "The plan was first reported by MSNBC on Monday.\n\n"
                           "Xi Jinping was warmly welcomed by officials at the airport.\n")
    assert speakers(tables) == ["MSNBC", "narrator"]


def test_a_sentence_opening_with_another_actor_does_not_continue_a_statement(write):
    tables = annotate_text(write, "news2.txt",
                           "Scholz said the war must end. It damages the whole order. "
                           "Russia, a nuclear power, is not part of the talks.\n")
    assert speakers(tables) == ["Olaf Scholz", "Olaf Scholz", "narrator"]


def test_document_people_resolve_family_names_titles_and_nationalities():
    people = DocumentPeople()
    people.introduce("Li Qiang", titles=("Premier",), family_first=True, country="China")
    people.introduce("Olaf Scholz", titles=("Chancellor",), country="Germany")
    assert people.resolve("Li") == "Li Qiang" and people.resolve("the Premier") == "Li Qiang"
    assert people.resolve("the German leader") == "Olaf Scholz"
    assert people.resolve("the French president") is None


# -- more genres: Chinese readouts, broadcast scripts, transcripts' openings, news cues ---------------
def test_a_chinese_readout_names_its_speakers(write):
    tables = annotate_text(write, "zh.txt",
                           "中美达成五点共识\n\n"
                           "2024年4月26日,外交部长王毅在北京同美国国务卿布林肯举行会谈。\n\n"
                           "王毅表示,中方愿同美方一道努力。中美关系要稳定发展。\n\n"
                           "第一,双方同意继续保持高层交往。\n\n"
                           "美方欢迎中方的建议。\n")
    assert speakers(tables) == ["narrator", "narrator", "Wang Yi", "Wang Yi", "both sides", "United States"]
    assert verbs(tables) == ["", "", "say", "", "agree", "welcome"]


def test_a_broadcast_soundbite_and_sign_off(write):
    tables = annotate_text(write, "kbs.txt",
                           "The two leaders met in Lima on Saturday.\n\n"
                           "[Xi Jinping/President of China: \"China will keep its word.\"]\n\n"
                           "Jang Deok-soo reports.\n")
    assert speakers(tables) == ["narrator", "Xi Jinping", "narrator"]


def test_a_spokespersons_announcement_before_the_first_question(write):
    tables = annotate_text(write, "pc.txt",
                           "Foreign Ministry Spokesperson Lin Jian's Regular Press Conference on April 16, 2024\n\n"
                           "From April 18 to 23, the minister will visit Indonesia.\n\n"
                           "CCTV: Can you share more?\n\n"
                           "Lin Jian: The visit will deepen ties.\n")
    assert speakers(tables) == ["narrator", "Lin Jian", "CCTV", "Lin Jian"]


def test_news_cues_are_read_in_news_only_and_only_with_a_person_as_source(write):
    news = annotate_text(write, "news.txt", "Sen. Marco Rubio called the statement \u201coffensive.\u201d "
                         "China supports the plan.\n")
    assert speakers(news) == ["Marco Rubio", "narrator"] and verbs(news)[0] == "call"
    speech = annotate_text(write, "JPN_74_2019.txt", "We support the plan. We see progress.\n")
    assert verbs(speech) == ["", ""]
