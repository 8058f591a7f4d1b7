"""A text mostly not in English is named, with the layers that cannot read it: in the documents
table, the CLI, the notebooks' summary and the report."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import readouts
from readouts.analyses import corpus_overview as overview
from readouts.read.language import language_warning, text_language, unread_layers

CHINESE = (" date 2025-10-31 习近平会见日本首相高市早苗\n\n新华社庆州10月31日电 国家主席习近平31日在庆州会见日本首相高市早苗。"
           "习近平指出，中日两国是近邻，双方应恪守四个政治文件确立的原则，推进战略互惠关系。\n")
FRENCH = ("Le président de la République a rencontré le premier ministre du Japon. Les deux dirigeants "
          "ont discuté de la coopération économique et des relations bilatérales entre leurs pays.\n")


@pytest.mark.parametrize("text, language", [
    ("Xi Jinping met Japanese Prime Minister Sanae Takaichi on Friday in Gyeongju.", "en"),
    (CHINESE, "zh"), (FRENCH, "latin"), ("Президент России встретился с председателем КНР.", "ru"),
    ("日本の首相は中国の国家主席と会談した。", "ja"), ("", "und"),
])
def test_text_language(text, language):
    assert text_language(text) == language


def test_a_chinese_quote_in_an_english_readout_stays_english(seed_path):
    text = seed_path.read_text(encoding="utf-8") + "\n“四个政治文件”\n"
    assert text_language(text) == "en"


def test_the_documents_table_and_the_summary_name_the_chinese_text(tmp_path, seed_path):
    (tmp_path / "2025-10-31_xinhua_zh.txt").write_text(CHINESE, encoding="utf-8")
    (tmp_path / seed_path.name).write_text(seed_path.read_text(encoding="utf-8"), encoding="utf-8")
    docs = readouts.load_corpus(tmp_path).documents_table()
    assert dict(zip(docs.doc_id, docs.language)) == {"2025-10-31_xinhua_zh": "zh", seed_path.stem: "en"}
    warning = ("1 document is mostly not English: 2025-10-31_xinhua_zh (Chinese). Speakers and verbs, "
               "tone, numbered points, quotations and actors cannot read it (they read English); policy areas and "
               "formulations read its Chinese terms only.")
    # in Markdown the doc_id's marks are escaped (it comes from the data); as plain text, as written
    assert "**Warning:** " + warning.replace("_", "\\_") in overview.summary(docs)
    assert "Warning: " + warning in overview.summary(docs, markdown=False)
    assert unread_layers("en") == [] and "policy areas" in unread_layers("latin")


def test_annotate_warns_in_one_line(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "fr.txt").write_text(FRENCH, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "readouts", "annotate", str(tmp_path / "in"), "--out",
                           str(tmp_path / "s.csv"), "--no-cache"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [
        "readouts: warning: 1 document is mostly not English: fr (a language in Latin script other than English). "
        "Speakers and verbs, tone, policy areas, formulations, numbered points, quotations and actors cannot read "
        "it (they read English)."]


def test_no_warning_for_english():
    assert language_warning(pd.DataFrame({"doc_id": ["a"], "language": ["en"]})) == ""
