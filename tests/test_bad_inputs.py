"""The bad-input suite: what Readouts does with each kind of file researchers actually have.

Every case is a file (or folder) generated here, with its documented behaviour: **read**
(perhaps with a warning naming the file), or **refused** with one line naming the file and the
problem. The table "What Readouts does with bad input" in docs/input-formats.md lists the same cases by name;
a test checks the two agree. The last tests put every case in one folder and run the command
line on it, with and without ``--skip-bad``.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd
import pytest

import readouts
from readouts import InputError, InputErrors, ReadoutsError, ReadoutsWarning, load_corpus
from readouts.read.corpus import LONG_SENTENCE, MAX_DOCUMENT_MB
from readouts.paths import PROJ_ROOT, SEEDS_DIR

SEED_TEXT = next(SEEDS_DIR.glob("*.txt")).read_text(encoding="utf-8")
SEED_BODY = SEED_TEXT.split("\n", 1)[1]
TWO_SENTENCES = "Xi met Takaichi. They talked about history."


@dataclass
class Case:
    name: str                    # as the README's table names it
    files: dict[str, bytes]      # relative path -> content
    outcome: str                 # "read" or "refused"
    message: str | None = None   # a regex the warning (read) or the error (refused) must match
    check: Callable | None = None     # more checks on the corpus read


def _wrapped_lines(count: int) -> list[str]:
    """Prose hard-wrapped at 72 characters, cut to ``count`` lines (the last sentence unfinished)."""
    sentences = [f"In round {i} the talks went on about history, trade and the region, and the two sides "
                 f"agreed to meet again." for i in range(count)]
    return textwrap.wrap(" ".join(sentences), width=72)[:count]


def _check_text(expected: str):
    def check(corpus):
        assert corpus[0].text == expected
    return check


def _check_header(headline, date):
    def check(corpus):
        assert (corpus[0].headline, corpus[0].date) == (headline, date)
    return check


def _check_sentences(*expected: str):
    def check(corpus):
        doc = corpus[0]
        assert [doc.text[s.start:s.end] for s in doc.sentences] == list(expected)
    return check


def _check_big_paragraph(corpus):
    doc = corpus[0]
    joined = " ".join(_wrapped_lines(10_000))
    assert len(doc.paragraphs) == 1 and doc.text == joined      # the wrapped lines are one paragraph
    assert len(doc.sentences) == joined.count("again.") + 1     # every sentence, and the unfinished tail
    assert doc.text[doc.sentences[0].start:doc.sentences[0].end] == (
        "In round 0 the talks went on about history, trade and the region, and the two sides agreed to "
        "meet again.")


def _check_no_punctuation(corpus):
    doc = corpus[0]
    assert [(s.start, s.end) for s in doc.sentences] == [(0, 100_000)]
    assert doc.word_counts == [20_000]


def _check_unbalanced_quotes(corpus):
    doc = corpus[0]
    assert [doc.text[s.start:s.end] for s in doc.sentences] == [
        'Xi said "China will never accept it.', "He added that history matters.", "The next paragraph."]
    spans = readouts.annotate(corpus).spans
    quotes = spans[spans.layer == "quote"]
    # an opening quotation mark that never closes does not swallow the rest of the text
    assert all("\n" not in t and "next paragraph" not in t for t in quotes.text)


def _check_cjk(corpus):
    doc = corpus[0]
    assert [doc.text[s.start:s.end] for s in doc.sentences] == [
        "习近平会见高市早苗。", "双方表示，要推进战略互惠关系！", "“以史为鉴”？"]


def _check_mixed(corpus):
    doc = corpus[0]
    assert [doc.text[s.start:s.end] for s in doc.sentences] == [
        "Xi Jinping (习近平) met Такаити Санаэ and said مرحبا.", "Ελλάδα was not there."]
    assert doc.word_counts == [9, 4]


def _check_invisible(corpus):
    doc = corpus[0]
    assert doc.text == "Xi met Japan's leaders. They talked."
    tables = readouts.annotate(corpus)
    assert "Japan" in ";".join(tables.sentences.actors.fillna(""))   # the word is whole again


def _check_same_stem(corpus):
    assert [(d.doc_id, Path(d.path).parent.name) for d in corpus] == [("speech", "a"), ("speech-2", "b")]


def _check_symlink_loop(corpus):
    assert [d.doc_id for d in corpus] == ["speech"]          # read once, not once per turn of the loop


def _check_other_extensions(corpus):
    assert [d.doc_id for d in corpus] == ["speech"]
    assert sorted(p.name for p in corpus.ignored) == ["notes.docx", "scan.pdf", "table.xlsx"]


def _csv(*rows: list[str]) -> bytes:
    return "\n".join(",".join(r) for r in rows).encode() + b"\n"


CASES = [
    Case("empty file", {"empty.txt": b""}, "refused", r"empty\.txt: empty file$"),
    Case("whitespace only", {"blank.txt": b"  \n\t\n \xc2\xa0 \n"}, "refused",
         r"blank\.txt: no text \(only whitespace\)$"),
    Case("an image", {"photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))}, "refused",
         r"photo\.txt: a PNG image, not text$"),
    Case("a PDF", {"scan.txt": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"}, "refused",
         r"scan\.txt: a PDF file, not text; convert it to text first"),
    Case("cp1252 with curly quotes", {"word.txt": "Xi said “history” matters — café.".encode("cp1252")},
         "read", r"word\.txt: not UTF-8 \(byte 8\); read as Windows-1252",
         _check_text("Xi said “history” matters — café.")),
    Case("Latin-1", {"latin.txt": "Le président a dit: « paix ».".encode("latin-1")},
         "read", r"latin\.txt: not UTF-8 \(byte 5\); read as Windows-1252",
         _check_text("Le président a dit: « paix ».")),
    Case("UTF-16 with a byte-order mark", {"utf16.txt": TWO_SENTENCES.encode("utf-16")}, "read", None,
         _check_text(TWO_SENTENCES)),
    Case("UTF-8 with a byte-order mark", {"bom.txt": b"\xef\xbb\xbf" + TWO_SENTENCES.encode()}, "read", None,
         _check_text(TWO_SENTENCES)),
    Case("CRLF line endings", {"crlf.txt": b"Xi met Takaichi.\r\n\r\nThey talked.\r\n"}, "read", None,
         _check_text("Xi met Takaichi.\n\nThey talked.")),
    Case("bare CR line endings", {"cr.txt": b"Xi met Takaichi.\r\rThey talked.\r"}, "read", None,
         _check_text("Xi met Takaichi.\n\nThey talked.")),
    Case("no header", {"plain.txt": TWO_SENTENCES.encode()}, "read", None,
         _check_header(None, None)),
    Case("malformed header date", {"baddate.txt": b" date 2025-13-45 Xi meets Takaichi\n\n" + TWO_SENTENCES.encode()},
         "read", r"baddate\.txt: the header's date '2025-13-45' is not a real date \(YYYY-MM-DD\)",
         _check_header("Xi meets Takaichi", None)),
    Case("header and no body", {"headline.txt": b" date 2025-10-31 Xi meets Takaichi\n\n \n"},
         "read", r"headline\.txt: a header and no body; only the headline is analysed",
         _check_sentences("Xi meets Takaichi")),
    Case("50 MB file", {"dump.txt": (SEED_BODY * (50_000_000 // len(SEED_BODY.encode()) + 1)).encode()},
         "refused", r"dump\.txt: the file is 50\.\d MB, more than the 10 MB one document may have: many "
                    r"documents in one\? .*raise the limit \(max_mb=\.\.\., --max-mb\)$"),
    Case("10,000-line paragraph", {"wrapped.txt": "\n".join(_wrapped_lines(10_000)).encode()}, "read", None,
         _check_big_paragraph),
    Case("100,000-character sentence without punctuation", {"nopunct.txt": ("word " * 20_000).strip().encode()
                                                             + b" x"},
         "read", r"nopunct\.txt: 1 sentence\(s\) longer than 5,000 characters \(the longest 100,001, sentence 1\)",
         None),
    Case("unbalanced quotation marks",
         {"quotes.txt": b'Xi said "China will never accept it. He added that history matters.\n\nThe next paragraph.'},
         "read", None, _check_unbalanced_quotes),
    Case("CJK with full-width punctuation", {"cjk.txt": "习近平会见高市早苗。双方表示，要推进战略互惠关系！“以史为鉴”？".encode()},
         "read", None, _check_cjk),
    Case("mixed scripts", {"mixed.txt": "Xi Jinping (习近平) met Такаити Санаэ and said مرحبا. Ελλάδα was not there."
                           .encode()}, "read", None, _check_mixed),
    Case("zero-width and control characters",
         {"pasted.txt": "Xi\u200b met Ja\u200bpa\u00adn's\x07 leaders.\u2060 They\x01 talked.".encode()},
         "read", r"pasted\.txt: removed 6 control or invisible character\(s\)", _check_invisible),
    Case("same stem in two folders", {"a/speech.txt": b"First speech.", "b/speech.txt": b"Second speech."},
         "read", None, _check_same_stem),
    Case("other file types in the folder",
         {"speech.txt": b"A speech.", "notes.docx": b"PK\x03\x04", "scan.pdf": b"%PDF-1.4", "table.xlsx": b"PK"},
         "read", r"ignored 3 file\(s\) Readouts does not read \(\.docx ×1, \.pdf ×1, \.xlsx ×1: notes\.docx, "
                 r"scan\.pdf, table\.xlsx\)", _check_other_extensions),
    Case("CSV without the text column", {"meta.csv": _csv(["date", "title"], ["2024-01-01", "Talks"])}, "refused",
         r"meta\.csv: no text column \(looked for text, body, content, speech, transcript; found date, title\)$"),
    Case("CSV with a bad row", {"rows.csv": _csv(["date", "text"], ["2024-01-01", "Fine."],
                                                 ["2024-01-02", "Not fine", "extra"])}, "refused",
         r"rows\.csv: row 2 \(line 3\): 3 fields, the header has 2$"),
    Case("JSONL without the text column", {"meta.jsonl": b'{"date": "2024-01-01", "title": "Talks"}\n'}, "refused",
         r"meta\.jsonl: no text column"),
    Case("JSONL with a bad row", {"rows.jsonl": b'{"text": "Fine."}\n{"text": broken\n'}, "refused",
         r"rows\.jsonl: line 2 is not valid JSON"),
]
# cases that need more than a file's contents; tested one by one below
FOLDER_CASES = [
    ("folder with no texts", "refused: no texts found"),
    ("symbolic-link loop", "folder loop followed once; a file linked to itself skipped with a warning"),
    ("unreadable file", "refused: cannot be read (Permission denied)"),
]


def _materialise(case: Case, folder: Path) -> Path:
    for rel, data in case.files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_case(case, tmp_path):
    folder = _materialise(case, tmp_path / "in")
    target = folder if len(case.files) > 1 else folder / next(iter(case.files))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if case.outcome == "refused":
            with pytest.raises(InputError) as raised:
                load_corpus(target)
            message = str(raised.value)
            assert "\n" not in message and message.startswith(str(folder))   # one line, naming the file
            assert re.search(case.message, message), message
            return
        corpus = load_corpus(target)
        if corpus.documents:
            corpus[0].sentences                                  # segmenting may warn too
    said = [str(w.message) for w in caught if issubclass(w.category, ReadoutsWarning)]
    if case.message:
        assert len(said) == 1 and re.search(case.message, said[0]), said
        assert str(folder) in said[0]                             # the warning names where
    else:
        assert said == []                                         # read silently, as written
    if case.check:
        case.check(corpus)


def test_the_readme_lists_every_case():
    readme = (PROJ_ROOT / "docs" / "input-formats.md").read_text(encoding="utf-8")
    table = readme.split("### What Readouts does with bad input", 1)[1].split("\n#", 1)[0]
    listed = re.findall(r"^\| ([^|]+?) \|", table, flags=re.M)[1:]          # after the header row
    documented = [c.name for c in CASES] + [name for name, _ in FOLDER_CASES]
    assert sorted(listed) == sorted(documented)


# -- cases that need more than files with contents ------------------------------------
def test_a_folder_with_no_texts_is_refused(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadoutsWarning)
        with pytest.raises(ReadoutsError, match=rf"^{re.escape(str(tmp_path))}: no texts found \(Readouts reads "
                                                r"\.csv, \.jsonl, \.txt files\)$"):
            load_corpus(tmp_path)


def test_a_symbolic_link_loop_is_followed_once(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "speech.txt").write_text("A speech.", encoding="utf-8")
    (tmp_path / "sub" / "again").symlink_to(tmp_path)            # sub/again -> the folder holding sub
    _check_symlink_loop(load_corpus(tmp_path))


def test_a_file_link_to_itself_is_skipped_with_a_warning(tmp_path):
    (tmp_path / "speech.txt").write_text("A speech.", encoding="utf-8")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    with pytest.warns(ReadoutsWarning, match=r"skipped 1 entry that Readouts does not read .*loop\.txt"):
        assert [d.doc_id for d in load_corpus(tmp_path)] == ["speech"]


def _without_root_powers(argv: list[str]) -> list[str]:
    """``argv`` run so that file permissions apply: as root, without the capability to override them."""
    if os.geteuid() != 0:
        return argv
    if not shutil.which("setpriv"):
        pytest.fail("running as root without util-linux's setpriv: cannot make a file unreadable to test it")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *argv]


def _make_unreadable(path: Path) -> None:
    path.write_text("Secret talks.", encoding="utf-8")
    path.chmod(0)


def test_an_unreadable_file_is_refused_naming_it(tmp_path):
    (tmp_path / "speech.txt").write_text("A speech.", encoding="utf-8")
    _make_unreadable(tmp_path / "locked.txt")
    code = ("import readouts, sys\n"
            "try:\n    readouts.load_corpus(sys.argv[1])\nexcept readouts.InputError as e:\n    print(e)\n"
            "print(*[d.doc_id for d in readouts.load_corpus(sys.argv[1], on_error='skip')])")
    proc = subprocess.run(_without_root_powers([sys.executable, "-c", code, str(tmp_path)]),
                          capture_output=True, text=True, timeout=60)
    assert proc.stdout.splitlines() == [f"{tmp_path / 'locked.txt'}: cannot be read (Permission denied)", "speech"]
    assert proc.returncode == 0, proc.stderr


def test_a_big_file_is_read_when_the_limit_is_raised(tmp_path):
    path = tmp_path / "many.txt"
    path.write_text(SEED_BODY, encoding="utf-8")
    size_mb = path.stat().st_size / 1e6
    with pytest.raises(InputError, match=r"many\.txt: the file is 0\.0 MB, more than the 0\.001 MB"):
        load_corpus(path, max_mb=0.001)
    assert len(load_corpus(path, max_mb=size_mb + 0.001)[0].sentences) == 20     # caption and 19 body


def test_a_csv_row_over_the_limit_is_refused_naming_it(tmp_path):
    path = tmp_path / "docs.csv"
    pd.DataFrame({"doc_id": ["small", "huge"], "text": ["A speech.", "word " * 500]}).to_csv(path, index=False)
    with pytest.raises(InputError, match=r"docs\.csv: document 'huge' is 0\.0 MB, more than the 0\.002 MB"):
        load_corpus(path, max_mb=0.002)


def test_the_default_limit_is_what_the_readme_says():
    readme = (PROJ_ROOT / "docs" / "input-formats.md").read_text(encoding="utf-8")
    assert f"larger than {MAX_DOCUMENT_MB:g} MB" in readme
    assert f"longer than {LONG_SENTENCE:,} characters" in readme


# -- every case at once, on the command line ------------------------------------------
@pytest.fixture(scope="module")
def everything(tmp_path_factory) -> tuple[Path, list[Case]]:
    """One folder holding every single-file case, a same-stem pair, other file types, a link loop,
    and an unreadable file."""
    folder = tmp_path_factory.mktemp("everything") / "in"
    for case in CASES:
        _materialise(case, folder)
    (folder / "a" / "again").symlink_to(folder)
    _make_unreadable(folder / "locked.txt")
    return folder


def _refused_paths(folder: Path) -> list[str]:
    refused = [str(folder / next(iter(c.files))) for c in CASES if c.outcome == "refused"]
    return sorted(refused + [str(folder / "locked.txt")])


def _readouts(*args) -> subprocess.CompletedProcess:
    return subprocess.run(_without_root_powers([sys.executable, "-m", "readouts", *map(str, args)]),
                          capture_output=True, text=True, timeout=300)


def test_skip_bad_on_every_case_writes_the_good_and_lists_the_skipped(everything, tmp_path):
    out = tmp_path / "sentences.csv"
    proc = _readouts("annotate", everything, "--out", out, "--documents", tmp_path / "documents.csv", "--skip-bad")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    skipped = [line.removeprefix("readouts: skipped ") for line in proc.stderr.splitlines()
               if line.startswith("readouts: skipped ")]
    assert sorted(line.split(": ", 1)[0] for line in skipped) == _refused_paths(everything)
    reasons = {next(iter(c.files)): c.message for c in CASES if c.outcome == "refused"}
    reasons["locked.txt"] = r"locked\.txt: cannot be read \(Permission denied\)$"
    for line in skipped:                                                      # each with its reason
        assert re.search(reasons[Path(line.split(": ", 1)[0]).name], line), line
    read = sorted(Path(p).name for p in pd.read_csv(tmp_path / "documents.csv").path)
    expected = sorted(Path(rel).name for c in CASES if c.outcome == "read" for rel in c.files
                      if rel.endswith(".txt"))
    assert read == expected
    assert proc.stdout.startswith(f"{len(expected)} documents, ")
    assert f"skipped {len(skipped)} file(s)" in proc.stdout
    assert pd.read_csv(out).doc_id.nunique() == len(expected)


def test_without_skip_bad_every_bad_file_is_named_and_nothing_is_written(everything, tmp_path):
    out = tmp_path / "sentences.csv"
    proc = _readouts("annotate", everything, "--out", out)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    errors = proc.stderr.split("readouts: error: ", 1)[1].splitlines()
    assert errors[0] == (f"{len(_refused_paths(everything))} files cannot be read (leave them out with "
                         "on_error='skip', or --skip-bad):")
    assert sorted(line.strip().split(": ", 1)[0] for line in errors[1:]) == _refused_paths(everything)
    assert not out.exists()


def test_several_bad_files_show_in_a_notebook_as_one_line_each(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.4")
    with pytest.raises(InputErrors) as raised:
        load_corpus(tmp_path)
    rendered = raised.value._render_traceback_()
    assert [line.strip() for line in "\n".join(rendered).splitlines()[1:]] == [
        f"{tmp_path / 'empty.txt'}: empty file",
        f"{tmp_path / 'scan.txt'}: a PDF file, not text; convert it to text first (for example with pdftotext)"]


def test_max_mb_on_the_command_line_reads_a_bigger_document(tmp_path):
    path = tmp_path / "in" / "speech.txt"
    path.parent.mkdir()
    path.write_text(SEED_BODY, encoding="utf-8")
    refused = _readouts("annotate", path, "--out", tmp_path / "s.csv", "--max-mb", "0.001")
    assert refused.returncode == 2 and "more than the 0.001 MB one document may have" in refused.stderr
    read = _readouts("annotate", path, "--out", tmp_path / "s.csv", "--max-mb", "1")
    assert read.returncode == 0 and read.stdout.startswith("1 documents, 20 sentences")
