"""The command line, run as a user runs it: ``python -m readouts annotate ...``."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from readouts.paths import SEEDS_DIR

DOCUMENT_COLUMNS = ["doc_id", "path", "date", "headline", "outlet", "place", "caption", "photo_credit",
                    "n_paragraphs", "n_sentences", "n_words", "sha256", "dateline", "source_format", "language"]
SENTENCE_COLUMNS = ["doc_id", "para", "sent", "section", "start", "end", "text", "n_words",
                    "actors", "speaker", "speaker_role", "speaker_mention", "verb", "verb_tier", "verb_negated",
                    "verb_hedged", "point", "point_title", "policy_areas", "policy_cap", "formulations", "polarity",
                    "subjectivity", "vader", "warmth", "firmness", "tone_label"]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "readouts", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=60)


def stderr_lines(proc: subprocess.CompletedProcess) -> list[str]:
    return [line for line in proc.stderr.splitlines() if line.strip()]


@pytest.fixture
def seeds_copy(tmp_path, seed_path) -> Path:
    """A folder holding a copy of the seed text."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(seed_path, folder / seed_path.name)
    return folder


def test_annotate_seeds_to_csv(tmp_path, seed_path):
    out, docs = tmp_path / "out" / "sentences.csv", tmp_path / "out" / "documents.csv"
    proc = run("annotate", SEEDS_DIR, "--out", out, "--documents", docs)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    sentences = pd.read_csv(out)
    assert list(sentences.columns) == SENTENCE_COLUMNS
    assert len(sentences) == 21
    assert sentences["section"].value_counts().to_dict() == {"body": 19, "headline": 1, "caption": 1}
    assert list(sentences["sent"]) == list(range(21))
    documents = pd.read_csv(docs, dtype=str)
    assert list(documents.columns[:len(DOCUMENT_COLUMNS)]) == DOCUMENT_COLUMNS
    assert len(documents) == 1
    row = documents.iloc[0]
    assert row["date"] == "2025-10-31"
    assert row["outlet"] == "Xinhua"
    assert row["place"] == "GYEONGJU, South Korea"
    assert row["n_sentences"] == "21"
    assert "21" in proc.stdout


def test_annotate_seeds_to_parquet(tmp_path, seed_path):
    import hashlib
    out, docs = tmp_path / "sentences.parquet", tmp_path / "documents.parquet"
    proc = run("annotate", seed_path, "--out", out, "--documents", docs)
    assert proc.returncode == 0, proc.stderr
    sentences = pd.read_parquet(out)
    assert list(sentences.columns) == SENTENCE_COLUMNS
    assert len(sentences) == 21
    assert sentences.iloc[0]["section"] == "headline"
    assert sentences.iloc[2]["text"].startswith("Chinese President Xi Jinping said Friday")
    documents = pd.read_parquet(docs)
    assert list(documents.columns[:len(DOCUMENT_COLUMNS)]) == DOCUMENT_COLUMNS
    assert documents.iloc[0]["n_sentences"] == 21
    assert documents.iloc[0]["photo_credit"] == "Xinhua/Ding Lin"
    assert documents.iloc[0]["sha256"] == hashlib.sha256(seed_path.read_bytes()).hexdigest()
    # written tables are readable by others, like any file the user makes (not private temp files)
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
    # no temporary files left beside the tables
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents.parquet", "sentences.parquet"]


@pytest.mark.parametrize("data", [PNG, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"], ids=["png", "pdf"])
def test_bad_file_exits_2_with_one_line_naming_it(tmp_path, seeds_copy, data):
    bad = seeds_copy / "scan.txt"
    bad.write_bytes(data)
    out = tmp_path / "sentences.csv"
    proc = run("annotate", seeds_copy, "--out", out)
    assert proc.returncode == 2
    lines = stderr_lines(proc)
    assert len(lines) == 1, proc.stderr
    assert str(bad) in lines[0]
    assert "Traceback" not in proc.stderr
    assert not out.exists()


def test_skip_bad_writes_the_rest_and_names_the_skipped_file(tmp_path, seeds_copy, seed_path):
    bad = seeds_copy / "scan.txt"
    bad.write_bytes(PNG)
    out = tmp_path / "sentences.csv"
    proc = run("annotate", seeds_copy, "--out", out, "--skip-bad")
    assert proc.returncode == 0, proc.stderr
    lines = stderr_lines(proc)
    assert len(lines) == 1, proc.stderr
    assert str(bad) in lines[0]
    sentences = pd.read_csv(out)
    assert len(sentences) == 21
    assert set(sentences["doc_id"]) == {seed_path.stem}


def test_refuses_to_write_out_inside_an_input_folder(seeds_copy):
    before = sorted(p.name for p in seeds_copy.iterdir())
    for out in (seeds_copy / "sentences.csv", seeds_copy / "sub" / "sentences.csv"):
        proc = run("annotate", seeds_copy, "--out", out)
        assert proc.returncode == 2
        lines = stderr_lines(proc)
        assert len(lines) == 1 and str(seeds_copy) in lines[0]
    assert sorted(p.name for p in seeds_copy.iterdir()) == before


def test_refuses_to_write_documents_inside_an_input_folder(tmp_path, seeds_copy):
    out = tmp_path / "sentences.csv"
    proc = run("annotate", seeds_copy, "--out", out, "--documents", seeds_copy / "documents.csv")
    assert proc.returncode == 2
    assert len(stderr_lines(proc)) == 1
    assert not out.exists()
    assert not (seeds_copy / "documents.csv").exists()


def test_relative_out_inside_input_folder_is_refused(seeds_copy):
    proc = run("annotate", "in", "--out", "in/sentences.csv", cwd=seeds_copy.parent)
    assert proc.returncode == 2
    assert not (seeds_copy / "sentences.csv").exists()


def test_unknown_table_format_exits_2(tmp_path, seed_path):
    out = tmp_path / "sentences.xlsx"
    proc = run("annotate", seed_path, "--out", out)
    assert proc.returncode == 2
    lines = stderr_lines(proc)
    assert len(lines) == 1 and str(out) in lines[0]
    assert not out.exists()


def test_ignored_files_are_named_in_one_warning_line(tmp_path, seeds_copy):
    (seeds_copy / "scan.pdf").write_bytes(b"%PDF-1.7\n")
    out = tmp_path / "sentences.csv"
    proc = run("annotate", seeds_copy, "--out", out)
    assert proc.returncode == 0, proc.stderr
    lines = stderr_lines(proc)
    assert len(lines) == 1 and "warning" in lines[0] and ".pdf" in lines[0]
    assert len(pd.read_csv(out)) == 21


@pytest.mark.parametrize("make_out", [lambda tmp: tmp / "folder.csv", lambda tmp: Path("/proc/no/x.csv")],
                         ids=["a-folder", "unwritable"])
def test_an_output_that_cannot_be_written_exits_2_with_one_line(tmp_path, seed_path, make_out):
    out = make_out(tmp_path)
    if out.suffix and out.name == "folder.csv":
        out.mkdir()
    proc = run("annotate", seed_path, "--out", out)
    assert proc.returncode == 2
    lines = stderr_lines(proc)
    assert len(lines) == 1 and str(out) in lines[0] and "Traceback" not in proc.stderr


def test_annotate_name_pattern_gives_metadata_columns(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "mfa_2025-11-03.txt").write_text("Q: Any comment? A: No comment.")
    out, docs = tmp_path / "s.csv", tmp_path / "d.csv"
    proc = run("annotate", tmp_path / "in", "--out", out, "--documents", docs,
               "--name-pattern", r"(?P<outlet>[a-z]+)_(?P<date>\d{4}-\d{2}-\d{2})")
    assert proc.returncode == 0, proc.stderr
    row = pd.read_csv(docs).iloc[0]
    assert (row.outlet, row.date) == ("mfa", "2025-11-03")


def test_report_refuses_to_build_inside_the_corpus(seeds_copy):
    proc = run("report", "--corpus", seeds_copy, "--build", seeds_copy / "build")
    assert proc.returncode == 2
    assert stderr_lines(proc) == [f"readouts: error: {seeds_copy / 'build'}: refusing to write into the "
                                  f"input folder {seeds_copy}"]
    assert sorted(p.name for p in seeds_copy.iterdir()) == [SEED_FILE]


SEED_FILE = "2025-10-31_xinhua_xi-jinping-meets-sanae-takaichi-apec-gyeongju.txt"


def test_report_param_changes_the_kwic_tables(tmp_path):
    build = tmp_path / "b"
    proc = run("report", "--build", build, "--notebook", "03_recurring_phrases",
               "--param", "kwic_terms=Taiwan; trade", "--param", "kwic_window=3")
    assert proc.returncode == 0, proc.stderr
    data = build / "data" / "03_recurring_phrases"
    assert sorted(p.name for p in data.glob("kwic_*.csv")) == ["kwic_taiwan.csv", "kwic_trade.csv"]
    taiwan = pd.read_csv(data / "kwic_taiwan.csv", keep_default_na=False)
    assert len(taiwan) == 1 and taiwan.match.tolist() == ["Taiwan"]
    assert all(len(left.split()) <= 3 for left in taiwan.left)        # kwic_window=3 reached the notebook too
    # the notebook page shows the new terms, and says the settings on stderr as it goes
    assert "kwic_terms = &quot;Taiwan; trade&quot;" in (build / "html" / "code" / "03_recurring_phrases.html").read_text(
        encoding="utf-8") or "Taiwan; trade" in (build / "html" / "code" / "03_recurring_phrases.html").read_text(encoding="utf-8")
    assert "[1/1] 03_recurring_phrases: running" in proc.stderr


@pytest.mark.parametrize("setting, message", [
    ("kwic_term=Taiwan", "readouts: error: --param kwic_term: no notebook has this parameter (known: "),
    ("top_n=ten", "readouts: error: --param top_n=ten: top_n is a whole number (default 20)"),
    ("corpus_path=elsewhere", "readouts: error: --param corpus_path: the report sets it itself; use --corpus"),
])
def test_report_refuses_an_unknown_or_mistyped_param_in_one_line(tmp_path, setting, message):
    proc = run("report", "--build", tmp_path / "b", "--param", setting)
    assert proc.returncode == 2
    assert len(stderr_lines(proc)) == 1 and stderr_lines(proc)[0].startswith(message)
    assert "kwic_terms" in proc.stderr or "known" not in message
    assert not (tmp_path / "b").exists()                      # refused before any work


def test_make_report_passes_params_to_the_notebooks(tmp_path):
    import json
    import sys

    record, fake = tmp_path / "args.json", tmp_path / "python"      # a stand-in Python records its arguments
    fake.write_text(f"#!{sys.executable}\nimport json, sys\njson.dump(sys.argv[1:], open({str(record)!r}, 'w'))\n")
    fake.chmod(0o755)
    proc = subprocess.run(["make", "--no-print-directory", "report", f"PYTHON={fake}", "ENV_STAMP=",
                           "PARAMS=kwic_terms='Taiwan; trade' top_n=5"], capture_output=True, text=True,
                          cwd=SEEDS_DIR.parent)
    assert proc.returncode == 0, proc.stderr
    args = json.loads(record.read_text())
    assert args[args.index("--params") + 1] == "kwic_terms='Taiwan; trade' top_n=5"
