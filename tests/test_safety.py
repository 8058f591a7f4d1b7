"""Nothing lost, nothing run: outputs are written whole or not at all, document text never
becomes markup in the report, nothing from a user's files is unpickled or evaluated, and
``make lab`` keeps Jupyter's token authentication."""
from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from readouts import ReadoutsError
from readouts.analyses import plots
from readouts.analyses.documents import document_page_name
from readouts.report import build as report
from readouts.paths import PACKAGE_DIR, PROJ_ROOT, write_text_atomically
from readouts.tables import write_table

matplotlib.use("Agg")


# -- an interrupted write leaves the old output, and no half-written one ----------------
class Interrupted(KeyboardInterrupt):
    pass


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_an_interrupted_table_write_keeps_the_old_table(tmp_path, monkeypatch):
    path = write_table(pd.DataFrame({"a": [1, 2]}), tmp_path / "t.csv")

    def half_then_interrupt(self, target, **kwargs):
        Path(target).write_text("a\n1\n", encoding="utf-8")       # a part of the new table...
        raise Interrupted                                         # ...and then Ctrl-C

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_interrupt)
    with pytest.raises(Interrupted):
        write_table(pd.DataFrame({"a": [1, 2, 3]}), path)
    assert path.read_text(encoding="utf-8") == "a\n1\n2\n"
    assert _leftovers(tmp_path) == []


def test_an_interrupted_chart_keeps_the_old_chart(tmp_path, monkeypatch):
    fig, ax = plots.new_chart("A finding", "x", "y", "A caption.")
    ax.plot([1, 2], [3, 4])
    png, csv = plots.save_chart(fig, pd.DataFrame({"x": [1, 2]}), tmp_path, "chart")
    before = png.read_bytes()
    assert before.startswith(b"\x89PNG") and csv.exists()

    def half_then_interrupt(target, **kwargs):
        # the chart is drawn into memory and then written as a palette PNG: half a drawing, then Ctrl-C
        if hasattr(target, "write"):
            target.write(b"\x89PNG half")
        else:
            Path(target).write_bytes(b"\x89PNG half")
        raise Interrupted

    monkeypatch.setattr(fig, "savefig", half_then_interrupt)
    with pytest.raises(Interrupted):
        plots.save_chart(fig, pd.DataFrame({"x": [1, 2, 3]}), tmp_path, "chart")
    assert png.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_a_page_that_cannot_be_written_is_one_line_naming_it(tmp_path):
    (tmp_path / "page.html").mkdir()                      # a folder where the page should go
    with pytest.raises(ReadoutsError, match=r"page\.html: cannot write the page \(Is a directory\)$"):
        write_text_atomically(tmp_path / "page.html", "<p>text</p>")
    assert _leftovers(tmp_path) == []


# -- document text is text in the report, never markup --------------------------------
HOSTILE_NAME = "<img src=x onerror=alert(2)>.txt"
HOSTILE_TEXT = (" date 2025-11-01 Hostile <script>alert(1)</script> headline\n\n"
                "BEIJING, Nov. 1 (Xinhua) -- Xi said the text <img src=x onerror=alert(3)> must show as written. "
                "He urged calm on <b>differences</b> and <a href=javascript:alert(4)>history</a>.\n")
RAW_MARKUP = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "<img src=x onerror=alert(3)>",
              "<b>differences</b>", "<a href=javascript:alert(4)>"]
# a colleague's CSV and JSONL: payloads in column names, metadata keys and values (issue 21)
HOSTILE_COLUMN = "<img src=x onerror=alert(5)>"
HOSTILE_KEY = "<svg onload=alert(7)>"
HOSTILE_TABLE_MARKUP = [HOSTILE_COLUMN, HOSTILE_KEY, "<img src=x onerror=alert(8)>", "<i>x</i>"]


def _hostile_tables(corpus: Path) -> None:
    import json

    pd.DataFrame({"doc_id": ["csv_row"], "date": ["2025-11-02"], "outlet": ["[x](javascript:alert(6)) <i>x</i>"],
                  HOSTILE_COLUMN: ["' onmouseover='alert(9)"],
                  "text": ["The minister said the talks were useful. He urged calm."]}).to_csv(
        corpus / "rows.csv", index=False)
    (corpus / "rows.jsonl").write_text(json.dumps(
        {"doc_id": "jsonl_row", "outlet": "<img src=x onerror=alert(8)>", HOSTILE_KEY: "javascript:alert(10)",
         "text": "The spokesperson said both sides agreed. She welcomed the result."}) + "\n", encoding="utf-8")


def _urls(page: str) -> list[str]:
    """Every href and src attribute of a page's real tags (not text that looks like one)."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend(v or "" for k, v in attrs if k in ("href", "src", "action", "formaction"))

    Links().feed(page)
    return found


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("hostile")
    (corpus / HOSTILE_NAME).write_text(HOSTILE_TEXT, encoding="utf-8")
    _hostile_tables(corpus)
    build = tmp_path_factory.mktemp("build")
    result = report.build_report(corpus=corpus, build_dir=build)
    assert not result.failed, [(p.name, p.error) for p in result.failed]
    return build / "html"


def test_document_text_never_reaches_a_page_as_markup(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 13                # index, 5 reader and 5 code pages, documents index and page
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for raw in RAW_MARKUP:
            assert raw not in html, (page.relative_to(hostile_site), raw)
        for raw in HOSTILE_TABLE_MARKUP:                              # column names, keys and values
            assert raw not in html, (page.relative_to(hostile_site), raw)
        # no link from the data: a javascript: URL is never an href, and no Markdown link was made of one
        assert not [u for u in _urls(html) if u.strip().lower().startswith("javascript:")], page.relative_to(hostile_site)
        assert "harmful-link" not in html, page.relative_to(hostile_site)
    overview = (hostile_site / "00_corpus_overview.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(5)&gt;" in overview                 # the column name, shown as text
    index = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "&amp;lt;" not in index and "&lt;i&gt;x&lt;/i&gt;" in index     # escaped once, not twice
    document = (hostile_site / "documents" / document_page_name(Path(HOSTILE_NAME).stem)).read_text(encoding="utf-8")
    shown = re.sub(r"<[^>]+>", "", document)                          # the text a reader sees
    assert "the text &lt;img src=x onerror=alert(3)&gt; must show as written." in shown
    assert "Hostile &lt;script&gt;alert(1)&lt;/script&gt; headline" in document


# -- nothing from a user's files is executed -------------------------------------------
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "input"}
FORBIDDEN_ATTRIBUTES = {("pickle", "load"), ("pickle", "loads"), ("pd", "read_pickle"), ("yaml", "load"),
                        ("yaml", "unsafe_load"), ("yaml", "full_load"), ("marshal", "loads"), ("np", "load")}
FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "shelve", "marshal", "joblib"}


def _library_sources() -> list[Path]:
    return sorted(PACKAGE_DIR.rglob("*.py"))


@pytest.mark.parametrize("path", _library_sources(), ids=lambda p: str(p.relative_to(PACKAGE_DIR)))
def test_the_library_never_evaluates_or_unpickles(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in FORBIDDEN_CALLS:
                found.append(f.id)
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) \
                    and (f.value.id, f.attr) in FORBIDDEN_ATTRIBUTES:
                found.append(f"{f.value.id}.{f.attr}")
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in FORBIDDEN_MODULES]
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in FORBIDDEN_MODULES:
            found.append(node.module)
    assert found == []


def test_the_checker_would_see_a_forbidden_call(tmp_path):
    # the check above is only worth something if it can fail
    bad = tmp_path / "bad.py"
    bad.write_text("import pickle\nimport yaml\nx = yaml.load(s)\neval('1')\n", encoding="utf-8")
    with pytest.raises(AssertionError):
        test_the_library_never_evaluates_or_unpickles(bad)


def test_make_lab_keeps_token_authentication():
    dry = subprocess.run(["make", "-n", "lab"], cwd=PROJ_ROOT, capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0, dry.stderr
    command = [line for line in dry.stdout.splitlines() if "jupyterlab" in line]
    assert len(command) == 1, dry.stdout
    for weakening in ("token", "password", "disable_check_xsrf", "allow_origin", "allow_remote_access",
                      "--ip", "0.0.0.0"):
        assert weakening not in command[0], command[0]
    assert re.search(r"-m jupyterlab\b", command[0])


def test_make_lab_starts_as_root_with_the_flag_and_says_so(tmp_path):
    """As root JupyterLab refuses to start unless given --allow-root: `make lab` gives it then, and says so."""
    import os
    import sys

    record, fake = tmp_path / "args.txt", tmp_path / "python"
    fake.write_text(f"#!{sys.executable}\nimport sys\nopen({str(record)!r}, 'w').write(' '.join(sys.argv[1:]))\n")
    fake.chmod(0o755)
    proc = subprocess.run(["make", "--no-print-directory", "lab", f"PYTHON={fake}", "ENV_STAMP="], cwd=PROJ_ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    root = os.geteuid() == 0
    assert record.read_text().endswith("--allow-root") == root
    assert ("running as root" in proc.stdout) == root


# -- the Makefile passes its variables as data, never as shell (issue 21) ------------------
def _make_report_args(tmp_path, variables: dict[str, str], env: dict[str, str] | None = None) -> list[str]:
    """The arguments `make report` gives Python with ``variables`` on its command line (or in ``env``): a stand-in
    Python records them instead of building a report."""
    import json
    import os
    import sys

    record = tmp_path / "args.json"
    fake = tmp_path / "python"
    fake.write_text(f"#!{sys.executable}\nimport json, sys\njson.dump(sys.argv[1:], open({str(record)!r}, 'w'))\n")
    fake.chmod(0o755)
    subprocess.run(["make", "--no-print-directory", "report", f"PYTHON={fake}", "ENV_STAMP=",
                    *(f"{k}={v}" for k, v in variables.items())], cwd=PROJ_ROOT, check=True, timeout=60,
                   capture_output=True, env={**os.environ, **(env or {})})
    return json.loads(record.read_text())


def _value(args: list[str], flag: str) -> str:
    return args[args.index(flag) + 1]


def test_make_report_passes_quotes_backticks_dollars_and_spaces_as_data(tmp_path):
    canary = tmp_path / "ran"
    payloads = {"CORPUS": f'my texts"; touch {canary}; echo "',
                "BUILD": f"out `touch {canary}` $(touch {canary})",
                "NAME_PATTERN": f"(?P<outlet>[^']+)_$(shell touch {canary})$$HOME",
                "PARAMS": f"kwic_terms='Taiwan; history' top_n=3 $(shell touch {canary})"}
    args = _make_report_args(tmp_path, payloads)
    assert not canary.exists()
    assert args[:2] == ["-m", "readouts"] and args[2] == "report"
    assert _value(args, "--corpus") == payloads["CORPUS"]
    assert _value(args, "--build") == payloads["BUILD"]
    assert _value(args, "--name-pattern") == payloads["NAME_PATTERN"]
    assert _value(args, "--params") == payloads["PARAMS"]
    # from the environment as well, and without the optional ones no flag at all
    args = _make_report_args(tmp_path, {}, env={"CORPUS": f"a'b $(shell touch {canary})"})
    assert not canary.exists()
    assert args == ["-m", "readouts", "report", "--corpus", f"a'b $(shell touch {canary})", "--build", "build"]


# -- only regular files are read; links stay inside the corpus (issue 21) -------------------
def _annotate_in_subprocess(tmp_path, corpus, *flags):
    """`readouts annotate` in its own process, so that a hang fails the test (timeout) instead of blocking it."""
    import sys

    return subprocess.run([sys.executable, "-m", "readouts", "annotate", str(corpus), "--out",
                           str(tmp_path / "s.csv"), "--no-cache", "--quiet", *flags],
                          capture_output=True, text=True, timeout=60)


def test_a_fifo_and_a_link_to_a_device_are_skipped_with_one_warning_not_read(tmp_path):
    import os

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "speech.txt").write_text("The minister spoke. He welcomed the talks.\n", encoding="utf-8")
    os.mkfifo(corpus / "pipe.txt")                         # nothing ever writes to it: reading would block
    (corpus / "zeros.txt").symlink_to("/dev/zero")        # reading would never end
    proc = _annotate_in_subprocess(tmp_path, corpus)
    assert proc.returncode == 0, proc.stderr
    warning = [line for line in proc.stderr.splitlines() if "skipped 2 entries" in line]
    assert len(warning) == 1 and "pipe.txt" in warning[0] and "zeros.txt" in warning[0]
    assert "Traceback" not in proc.stderr
    assert pd.read_csv(tmp_path / "s.csv").doc_id.unique().tolist() == ["speech"]


def test_a_link_out_of_the_corpus_is_skipped_unless_asked_for_and_a_link_inside_is_read(tmp_path):
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text("A private note. Not for the report.\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "speech.txt").write_text("The minister spoke. He welcomed the talks.\n", encoding="utf-8")
    (corpus / "secret.txt").symlink_to(outside / "secret.txt")
    (corpus / "elsewhere").symlink_to(outside, target_is_directory=True)
    (corpus / "again.txt").symlink_to(corpus / "speech.txt")          # a link inside the corpus: read
    proc = _annotate_in_subprocess(tmp_path, corpus)
    assert proc.returncode == 0, proc.stderr
    assert sorted(pd.read_csv(tmp_path / "s.csv").doc_id.unique()) == ["again", "speech"]
    assert "skipped 2 entries" in proc.stderr and "--follow-links" in proc.stderr
    proc = _annotate_in_subprocess(tmp_path, corpus, "--follow-links")
    assert proc.returncode == 0, proc.stderr
    assert sorted(pd.read_csv(tmp_path / "s.csv").doc_id.unique()) == ["again", "secret", "secret-2", "speech"]
    assert "skipped" not in proc.stderr


def test_printed_names_carry_no_terminal_escape_sequences(tmp_path):
    from readouts.read.files import printable

    assert printable("a\x1b]0;owned\x07b\x9bc\nd") == "a?]0;owned?b?c\nd"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "speech.txt").write_text("The minister spoke.\n", encoding="utf-8")
    (corpus / "title\x1b]0;owned\x07.docx").write_bytes(b"not read")          # ignored, and named in a warning
    (corpus / "empty\x1b[2J.txt").write_text("", encoding="utf-8")              # refused, and named in the error
    proc = _annotate_in_subprocess(tmp_path, corpus)
    assert proc.returncode == 2
    assert "title?]0;owned?.docx" in proc.stderr and "empty?[2J.txt: empty file" in proc.stderr
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr


# -- Readouts deletes and overwrites only in folders it made (issue 21) ------------------------
def _cli(capsys, *argv) -> tuple[int, list[str]]:
    from readouts import cli

    code = cli.main([str(a) for a in argv])
    return code, [line for line in capsys.readouterr().err.splitlines() if line.strip()]


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "speech.txt").write_text("The minister spoke. He welcomed the talks.\n", encoding="utf-8")
    return corpus


def test_cache_clear_refuses_a_folder_readouts_did_not_make(tmp_path, capsys):
    folder = tmp_path / "thesis"
    folder.mkdir()
    (folder / "chapter1.docx").write_bytes(b"two years of work")
    code, err = _cli(capsys, "cache", "clear", "--cache-dir", folder)
    assert code == 2 and len(err) == 1
    assert "refusing to use it as the annotation cache" in err[0] and "chapter1.docx" in err[0]
    assert (folder / "chapter1.docx").read_bytes() == b"two years of work"


def test_a_cache_readouts_made_is_marked_and_cleared(tmp_path, capsys, small_corpus):
    cache = tmp_path / "cache"
    code, _ = _cli(capsys, "annotate", small_corpus, "--out", tmp_path / "s.csv", "--cache-dir", cache, "--quiet")
    assert code == 0 and (cache / ".readouts-folder").exists()
    code, _ = _cli(capsys, "cache", "clear", "--cache-dir", cache)
    assert code == 0 and not cache.exists()


def test_a_report_refuses_a_build_folder_holding_other_files(tmp_path, capsys, small_corpus):
    build = tmp_path / "Documents"
    build.mkdir()
    (build / "notes.txt").write_text("mine", encoding="utf-8")
    code, err = _cli(capsys, "report", "--corpus", small_corpus, "--build", build)
    assert code == 2 and len(err) == 1 and "refusing to use it as the report's build folder" in err[0]
    assert sorted(p.name for p in build.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize("where", ["corpus inside build", "build inside corpus"])
def test_a_report_refuses_a_corpus_and_a_build_folder_inside_one_another(tmp_path, capsys, where):
    outer = tmp_path / "outer"
    corpus, build = (outer / "texts", outer) if where == "corpus inside build" else (outer, outer / "build")
    corpus.mkdir(parents=True)
    (corpus / "speech.txt").write_text("The minister spoke.\n", encoding="utf-8")
    code, err = _cli(capsys, "report", "--corpus", corpus, "--build", build)
    assert code == 2 and len(err) == 1 and "refusing" in err[0]
    assert (corpus / "speech.txt").read_text(encoding="utf-8") == "The minister spoke.\n"
    assert set(tmp_path.rglob("*")) == {outer, corpus, corpus / "speech.txt"}      # nothing written, nothing gone


def test_a_cache_inside_the_corpus_is_refused(tmp_path, capsys, small_corpus):
    code, err = _cli(capsys, "annotate", small_corpus, "--out", tmp_path / "s.csv",
                     "--cache-dir", small_corpus / "cache", "--quiet")
    assert code == 2 and len(err) == 1 and "refusing to write into the input folder" in err[0]
    assert sorted(p.name for p in small_corpus.iterdir()) == ["speech.txt"]


# -- the small ones (issue 21) -------------------------------------------------------------------
def test_dollar_signs_in_a_chart_title_are_text_not_tex(tmp_path):
    plots.use_style()
    fig, ax = plots.new_chart("Speech of $5$ and $$ more", "x", "y", "File cost_$12$_{x}^2$.txt")
    ax.plot([1, 2], [3, 4])
    png, _ = plots.save_chart(fig, pd.DataFrame({"x": [1, 2]}), tmp_path, "dollars")
    assert png.read_bytes().startswith(b"\x89PNG")


def test_a_csv_cell_longer_than_pythons_default_limit_is_read_up_to_max_mb(tmp_path, capsys):
    import csv

    long_text = "The minister spoke about trade. " * 8_000            # 256,000 characters, one cell
    assert len(long_text) > csv.field_size_limit()
    path = tmp_path / "rows.csv"
    pd.DataFrame({"doc_id": ["a", "b"], "text": [long_text, "A short one."]}).to_csv(path, index=False)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path.rename(corpus / "rows.csv")
    from readouts import load_corpus
    assert [len(d.text) for d in load_corpus(corpus, max_mb=1)] == [len(long_text.strip()), len("A short one.")]


def test_safe_csv_prefixes_cells_a_spreadsheet_would_run_as_formulas(tmp_path, monkeypatch):
    import os

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pd.DataFrame({"doc_id": ["a"], "outlet": ['=HYPERLINK("http://x.example","click")'], "@note": ["+1 555"],
                  "text": ["-The minister spoke. He welcomed the talks."]}).to_csv(corpus / "rows.csv", index=False)
    monkeypatch.delenv("READOUTS_SAFE_CSV", raising=False)
    out = tmp_path / "plain"
    proc = _annotate_in_subprocess(tmp_path, corpus, "--documents", str(out.with_suffix(".csv")))
    assert proc.returncode == 0, proc.stderr
    plain = pd.read_csv(out.with_suffix(".csv"), dtype=str)
    assert plain.outlet.tolist() == ['=HYPERLINK("http://x.example","click")']            # by default, as written
    proc = _annotate_in_subprocess(tmp_path, corpus, "--documents", str(tmp_path / "safe.csv"), "--safe-csv")
    assert proc.returncode == 0, proc.stderr
    safe = pd.read_csv(tmp_path / "safe.csv", dtype=str)
    assert safe.outlet.tolist() == ['\'=HYPERLINK("http://x.example","click")']
    assert "'@note" in safe.columns and safe["'@note"].tolist() == ["'+1 555"]
    assert "READOUTS_SAFE_CSV" not in os.environ


def test_a_build_folder_an_older_readouts_wrote_is_accepted_and_marked(tmp_path):
    """`make validate` and an older report leave build/validation, build/cache, ... without the marker: still ours."""
    from readouts.analyses.validation.run import OUT_DIR
    from readouts.engine.cache import DEFAULT_CACHE_DIR
    from readouts.paths import BUILD_DIR, claim_folder

    written = {OUT_DIR.relative_to(BUILD_DIR).parts[0], DEFAULT_CACHE_DIR.relative_to(BUILD_DIR).parts[0],
               "html", "data", "notebooks"}
    assert written <= set(report.BUILD_WRITTEN)
    build = tmp_path / "build"
    for name in written:
        (build / name).mkdir(parents=True)
    claim_folder(build, "the report's build folder", legacy=report.BUILD_WRITTEN)
    assert (build / ".readouts-folder").is_file()


# -- a report is replaced whole (issue 21) --------------------------------------------------------
def _site(build: Path) -> dict[str, bytes]:
    return {str(p.relative_to(build)): p.read_bytes() for p in sorted(build.rglob("*"))
            if p.is_file() and p.relative_to(build).parts[0] in ("html", "data", "notebooks")}


def test_a_report_killed_midway_leaves_the_previous_report_whole(tmp_path, monkeypatch):
    build = tmp_path / "build"
    first = report.build_report(build_dir=build, notebooks=["00_corpus_overview"])
    assert not first.failed
    before = _site(build)
    assert "html/index.html" in before and any(k.startswith("data/00_corpus_overview/") for k in before)

    def killed(*args, **kwargs):
        raise Interrupted                                   # Ctrl-C while the notebook runs
    monkeypatch.setattr(report, "execute", killed)
    with pytest.raises(Interrupted):
        report.build_report(build_dir=build, notebooks=["00_corpus_overview"])
    assert _site(build) == before                           # the previous report, whole
    monkeypatch.undo()
    again = report.build_report(build_dir=build, notebooks=["00_corpus_overview"])
    assert not again.failed and again.index == build / "html" / "index.html" and again.index.exists()
    assert [p.name for p in build.iterdir() if p.name.startswith(".") and p.name != ".readouts-folder"] == []


def test_a_report_killed_between_its_two_moves_is_put_back_by_the_next_run(tmp_path, monkeypatch):
    import os

    build = tmp_path / "build"
    report.build_report(build_dir=build, notebooks=["00_corpus_overview"])
    before = _site(build)
    stage = report.staging_folder(build)
    (stage / "html").mkdir()
    (stage / "html" / "index.html").write_text("new", encoding="utf-8")
    moves = []

    def replace_then_die(src, dst):
        moves.append((src, dst))
        if len(moves) == 2:
            raise Interrupted                               # killed after the old site was moved aside
        os.rename(src, dst)
    monkeypatch.setattr(report.os, "replace", replace_then_die)
    with pytest.raises(Interrupted):
        report.publish(stage, build)
    monkeypatch.undo()
    assert not (build / "html").exists()                    # the moment of the kill: the old site is aside
    monkeypatch.setattr(report, "_alive", lambda path: False)   # that run is gone
    report.staging_folder(build)                            # what the next run does first
    assert _site(build) == before


def test_a_text_under_1100_nested_folders_is_read_without_a_traceback(tmp_path):
    import os

    corpus = deep = tmp_path / "corpus"
    corpus.mkdir()
    for _ in range(1100):                                   # Python 3.11's os.walk recursed once per level
        deep = deep / "d"
        os.mkdir(deep)                                      # (Path.mkdir(parents=True) recurses too)
    (deep / "speech.txt").write_text("The minister spoke. He welcomed the talks.\n", encoding="utf-8")
    try:
        proc = _annotate_in_subprocess(tmp_path, corpus)
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-500:]
        assert pd.read_csv(tmp_path / "s.csv").doc_id.unique().tolist() == ["speech"]
    finally:
        # removed level by level: pytest's own clean-up of old temporary folders (shutil.rmtree) recurses
        (deep / "speech.txt").unlink()
        while deep != corpus:
            deep.rmdir()
            deep = deep.parent


def test_a_killed_runs_temporaries_are_removed_by_the_next_run(tmp_path, small_corpus):
    import os
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()                  # a process that has ended
    out = tmp_path / "out"
    out.mkdir()
    stale = out / f".s.csv.{dead}.tmp"                               # what `kill -9` during a write leaves
    stale.write_text("doc_id,sent\nhalf", encoding="utf-8")
    running = out / f".s.csv.{os.getpid()}.tmp"                      # a run still going (this one): kept
    running.write_text("busy", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "readouts", "annotate", str(small_corpus), "--out",
                           str(out / "s.csv"), "--no-cache", "--quiet"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert not stale.exists() and running.exists()
