"""The scale-out engine: local and Dask engines agree, the cache recomputes exactly what changed,
tables stream to disk chunk by chunk, and the progress line says what a user expects."""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

import readouts
from readouts import engine
from readouts.engine import assemble, executors, keys
from readouts.engine.cache import Cache
from readouts.errors import ReadoutsError, ReadoutsWarning
from readouts.paths import DATA_DIR
from readouts.engine.progress import Progress
from readouts.tables import TableWriter, write_table

# Short readouts in the register of the seed; none of them makes Readouts warn.
TEXTS = {
    "2025-11-02_xinhua_apec-talks.txt":
        "Xi Jinping urged Japan to honor its commitments. The two sides agreed to deepen cooperation on trade.\n",
    "JPN_80_2025.txt":
        "Japan called on all parties to exercise restraint in the region. "
        "The delegation reaffirmed its support for the Charter of the United Nations.\n",
    "2025-11-03_mfa_wang-yi-blinken.txt":
        "Wang Yi said China is ready to work with the United States on climate change. "
        "Both sides stressed the importance of mutual respect.\n",
    "2025-11-04_xinhua_li-qiang-visit.txt":
        "Li Qiang told the Prime Minister that China opposes protectionism. "
        "He said the two countries should expand investment and energy cooperation.\n\n"
        "The leaders also discussed public health and education exchanges.\n",
    "FRA_80_2025.txt":
        "France expressed deep concern over the humanitarian situation. "
        "The minister stressed that dialogue remains the only path to lasting peace.\n",
    "statement.txt":
        "The spokesperson noted that both countries agreed to strengthen coordination on security. "
        "China firmly opposes any interference in its internal affairs.\n",
}
NEW_SENTENCE = "Xi Jinping welcomed the agreement on a new fisheries dialogue."


def run_cli(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "readouts", *map(str, args)], capture_output=True, text=True,
                          timeout=120, env=env)


def make_corpus(folder: Path, seed_path: Path, extra: int = 0) -> Path:
    """The seed and the six short texts, and ``extra`` generated readouts (for several CLI chunks)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(seed_path, folder / seed_path.name)
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    speakers = ["Xi Jinping", "Wang Yi", "Li Qiang", "The spokesperson", "The minister"]
    verbs = ["said", "urged", "stressed", "noted"]
    topics = ["trade", "climate change", "public health", "energy", "security", "education"]
    for i in range(extra):
        text = (f"{speakers[i % 5]} {verbs[i % 4]} that the two sides should deepen cooperation on "
                f"{topics[i % 6]}. The talks were held in round {i + 1}.\n")
        (folder / f"gen_{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def assert_tables_equal(a: readouts.Tables, b: readouts.Tables) -> None:
    for name in ("documents", "sentences", "spans"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True, obj=name)


def run_chunks(folder: Path, **kwargs) -> readouts.Tables:
    return assemble.concat(engine.iter_annotated(readouts.load_corpus(folder).documents, **kwargs))


@pytest.fixture
def corpus_dir(tmp_path, seed_path) -> Path:
    return make_corpus(tmp_path / "corpus", seed_path)


@pytest.fixture
def computed(monkeypatch) -> list[tuple[str, tuple[str, ...]]]:
    """Every (doc_id, groups) the engine computes in this process, in order."""
    calls: list[tuple[str, tuple[str, ...]]] = []
    real = executors.work

    def counting(batch):
        calls.extend((doc.doc_id, tuple(groups)) for doc, groups in batch)
        return real(batch)
    monkeypatch.setattr(executors, "work", counting)
    return calls


ALL_GROUPS = ("anatomy", "policy", "formulations", "tone")
SEVEN_EACH = {"segment": 7, "anatomy": 7, "policy": 7, "formulations": 7, "tone": 7}     # what the cache holds


# -- the local engine ---------------------------------------------------------------------
def test_chunks_are_in_corpus_order_and_sized_as_asked(corpus_dir):
    docs = readouts.load_corpus(corpus_dir).documents
    chunks = list(engine.iter_annotated(docs, chunk=3))
    assert [len(c.documents) for c in chunks] == [3, 3, 1]
    assert [d for c in chunks for d in c.documents.doc_id] == [d.doc_id for d in docs]
    # each chunk's spans and sentences belong to that chunk's documents
    for c in chunks:
        assert set(c.sentences.doc_id) == set(c.documents.doc_id)
        assert set(c.spans.doc_id) <= set(c.documents.doc_id)


def test_chunked_run_equals_one_chunk(corpus_dir, tmp_path):
    chunked, whole = run_chunks(corpus_dir, chunk=2), run_chunks(corpus_dir, chunk=64)
    pd.testing.assert_frame_equal(chunked.sentences, whole.sentences, check_exact=True)
    pd.testing.assert_frame_equal(chunked.spans, whole.spans, check_exact=True)
    # the documents table as a user reads it: same columns, in the same order, same cells
    write_table(chunked.documents, tmp_path / "chunked.csv")
    write_table(whole.documents, tmp_path / "whole.csv")
    assert list(chunked.documents.columns) == list(whole.documents.columns)
    assert (tmp_path / "chunked.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()


def test_two_processes_equal_one(corpus_dir):
    one = run_chunks(corpus_dir, processes=1, chunk=2)
    two = run_chunks(corpus_dir, processes=2, chunk=2)
    assert len(one.documents) == 7 and len(one.sentences) == 21 + 13
    assert_tables_equal(one, two)


def test_unknown_engine_is_a_readouts_error(corpus_dir):
    with pytest.raises(ReadoutsError, match="unknown engine 'spark'"):
        readouts.annotate(readouts.load_corpus(corpus_dir), engine="spark")


# -- the cache ----------------------------------------------------------------------------
def test_warm_cache_computes_nothing_and_gives_the_same_tables(corpus_dir, tmp_path, computed):
    folder = tmp_path / "cache"
    cold = run_chunks(corpus_dir, cache=Cache(folder), chunk=3)
    assert len(computed) == 7 and all(groups == ALL_GROUPS for _, groups in computed)
    computed.clear()
    warm = run_chunks(corpus_dir, cache=Cache(folder), chunk=3)
    assert computed == []
    assert_tables_equal(cold, warm)
    assert_tables_equal(cold, run_chunks(corpus_dir, chunk=3))      # and equal to no cache at all
    info = Cache(folder).info()
    assert info["documents"] == SEVEN_EACH
    assert info["files"] == 5 * 3          # one shard per group and the sentences: sentences, spans, index
    assert sorted(p.relative_to(folder).parts[0] for p in folder.rglob("*.index.parquet")) == sorted(SEVEN_EACH)


def test_annotate_cache_argument_reads_its_folder(corpus_dir, tmp_path, computed):
    folder = tmp_path / "cache"
    cold = readouts.annotate(readouts.load_corpus(corpus_dir), cache=folder)
    n_cold = len(computed)
    warm = readouts.annotate(readouts.load_corpus(corpus_dir), cache=str(folder))
    assert n_cold == 7 and len(computed) == 7
    assert_tables_equal(cold, warm)


def test_cache_true_uses_readouts_cache_env(corpus_dir, tmp_path, monkeypatch, computed):
    folder = tmp_path / "env-cache"
    monkeypatch.setenv("READOUTS_CACHE", str(folder))
    readouts.annotate(readouts.load_corpus(corpus_dir), cache=True)
    assert Cache(folder).info()["documents"] == SEVEN_EACH
    readouts.annotate(readouts.load_corpus(corpus_dir), cache=True)
    assert len(computed) == 7


def test_changed_document_recomputes_only_that_document(corpus_dir, tmp_path, computed):
    folder = tmp_path / "cache"
    run_chunks(corpus_dir, cache=Cache(folder), chunk=3)
    changed = corpus_dir / "2025-11-04_xinhua_li-qiang-visit.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n" + NEW_SENTENCE + "\n", encoding="utf-8")
    computed.clear()
    warm = run_chunks(corpus_dir, cache=Cache(folder), chunk=3)
    assert computed == [("2025-11-04_xinhua_li-qiang-visit", ALL_GROUPS)]
    rows = warm.sentences[warm.sentences.text == NEW_SENTENCE]
    assert rows.doc_id.tolist() == ["2025-11-04_xinhua_li-qiang-visit"]
    assert rows.speaker.tolist() == ["Xi Jinping"]
    assert_tables_equal(warm, run_chunks(corpus_dir, chunk=3))


def test_changed_lexicon_recomputes_only_its_group(corpus_dir, tmp_path, monkeypatch, computed):
    lexicons = tmp_path / "data"
    lexicons.mkdir()
    policy_copy = lexicons / "policy_areas.yaml"
    shutil.copyfile(DATA_DIR / "policy_areas.yaml", policy_copy)
    real_data_path = keys.data_path
    monkeypatch.setattr(keys, "data_path",
                        lambda name: policy_copy if str(name) == "policy_areas.yaml" else real_data_path(name))
    before = {g: keys.group_version(g) for g in ALL_GROUPS}
    folder = tmp_path / "cache"
    cold = run_chunks(corpus_dir, cache=Cache(folder), chunk=3)
    assert len(computed) == 7

    mtime = policy_copy.stat().st_mtime_ns
    with open(policy_copy, "a", encoding="utf-8") as f:
        f.write("\n# a researcher's note: nothing else changed\n")
    os.utime(policy_copy, ns=(mtime + 10**9, mtime + 10**9))      # saved a second later
    after = {g: keys.group_version(g) for g in ALL_GROUPS}
    assert after["policy"] != before["policy"]
    assert {g: after[g] for g in ("anatomy", "formulations", "tone")} == \
        {g: before[g] for g in ("anatomy", "formulations", "tone")}

    computed.clear()
    warm = run_chunks(corpus_dir, cache=Cache(folder), chunk=3)
    assert len(computed) == 7
    assert {groups for _, groups in computed} == {("policy",)}
    assert_tables_equal(cold, warm)       # only a comment changed: the same policy areas
    assert Cache(folder).info()["documents"] == {**SEVEN_EACH, "policy": 14}


def test_a_damaged_shard_is_computed_again_with_one_warning(corpus_dir, tmp_path):
    folder = tmp_path / "cache"
    fresh = run_chunks(corpus_dir, cache=Cache(folder))
    [shard] = (folder / "tone").glob("*.sentences.parquet")
    shard.write_bytes(shard.read_bytes()[:100])                  # truncated
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always", ReadoutsWarning)
        again = run_chunks(corpus_dir, cache=Cache(folder))
    assert_tables_equal(fresh, again)                            # the damaged results were not used
    messages = {str(w.message) for w in said if issubclass(w.category, ReadoutsWarning)}
    assert len(messages) == 1 and "tone/" in messages.pop()
    # and stored again: the next run reads them without a warning
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always", ReadoutsWarning)
        assert_tables_equal(fresh, run_chunks(corpus_dir, cache=Cache(folder)))
    assert [w for w in said if issubclass(w.category, ReadoutsWarning)] == []


def test_a_shard_swapped_for_another_is_computed_again(corpus_dir, tmp_path):
    folder = tmp_path / "cache"
    fresh = run_chunks(corpus_dir, cache=Cache(folder))
    [tone] = (folder / "tone").glob("*.sentences.parquet")
    [policy] = (folder / "policy").glob("*.sentences.parquet")
    tone.write_bytes(policy.read_bytes())                        # a valid Parquet file, of another group
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always", ReadoutsWarning)
        assert_tables_equal(fresh, run_chunks(corpus_dir, cache=Cache(folder)))
    assert any("digest differs" in str(w.message) for w in said)


def test_damaged_index_is_a_miss_and_recomputed(corpus_dir, tmp_path, computed):
    folder = tmp_path / "cache"
    cold = run_chunks(corpus_dir, cache=Cache(folder))
    [index] = (folder / "policy").glob("*.index.parquet")
    index.write_bytes(b"not parquet")
    computed.clear()
    warm = run_chunks(corpus_dir, cache=Cache(folder))
    assert len(computed) == 7 and {groups for _, groups in computed} == {("policy",)}
    assert_tables_equal(cold, warm)


def test_identical_documents_read_back_from_the_cache(tmp_path, computed):
    # two files with the same text (a readout saved twice) share one cache key
    text = TEXTS["2025-11-02_xinhua_apec-talks.txt"]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(text, encoding="utf-8")
    cold = run_chunks(tmp_path / "in", cache=Cache(tmp_path / "cache"))
    assert len(cold.sentences) == 4
    warm = run_chunks(tmp_path / "in", cache=Cache(tmp_path / "cache"))
    assert len(computed) == 2                   # the cold run computed both, the warm run neither
    assert warm.documents.n_sentences.tolist() == [2, 2]
    assert warm.sentences.text.tolist() == cold.sentences.text.tolist()
    assert_tables_equal(cold, warm)


# -- a corpus's whole tables (what a report's notebooks read) -----------------------------
def test_a_corpus_annotated_before_is_read_back_whole(corpus_dir, tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    cold = readouts.annotate(readouts.load_corpus(corpus_dir), cache=folder)
    assert len(list((folder / "corpora").glob("*/tables.json"))) == 1
    assert_tables_equal(cold, readouts.annotate(readouts.load_corpus(corpus_dir)))     # as with no cache

    def no_assembly(*args, **kwargs):
        raise AssertionError("the tables were put together again from each document's results")
    monkeypatch.setattr(engine.run, "iter_annotated", no_assembly)
    warm = readouts.annotate(readouts.load_corpus(corpus_dir), cache=folder)
    assert_tables_equal(cold, warm)


def test_a_renamed_file_or_a_changed_one_is_another_corpus(corpus_dir, tmp_path, computed):
    folder = tmp_path / "cache"
    readouts.annotate(readouts.load_corpus(corpus_dir), cache=folder)
    (corpus_dir / "statement.txt").rename(corpus_dir / "2025-11-05_mfa_statement.txt")   # same text: a new id, a date
    renamed = readouts.annotate(readouts.load_corpus(corpus_dir), cache=folder)
    assert len(computed) == 7                                  # every document's results were in the cache
    assert "2025-11-05_mfa_statement" in set(renamed.documents.doc_id)
    assert renamed.documents.set_index("doc_id").date["2025-11-05_mfa_statement"] == "2025-11-05"
    (corpus_dir / "FRA_80_2025.txt").write_text(NEW_SENTENCE + "\n", encoding="utf-8")
    changed = readouts.annotate(readouts.load_corpus(corpus_dir), cache=folder)
    assert computed[7:] == [("FRA_80_2025", ALL_GROUPS)]       # that one document, and only it
    assert NEW_SENTENCE in set(changed.sentences.text)
    assert len(list((folder / "corpora").glob("*/tables.json"))) == 3


@pytest.mark.parametrize("damage", ["truncated", "swapped"])
def test_damaged_corpus_tables_are_put_together_again_with_one_warning(corpus_dir, tmp_path, damage):
    folder = tmp_path / "cache"
    fresh = readouts.annotate(readouts.load_corpus(corpus_dir), cache=folder)
    stored = next((folder / "corpora").glob("*/"))
    sentences = stored / "sentences.parquet"
    if damage == "truncated":
        sentences.write_bytes(sentences.read_bytes()[:-300])
    else:                       # a valid table, but not the one written: the spans in the sentences' place
        shutil.copyfile(stored / "spans.parquet", sentences)
    with pytest.warns(ReadoutsWarning, match="the stored sentences table of this corpus is not the one written"):
        again = readouts.annotate(readouts.load_corpus(corpus_dir), cache=folder)
    assert_tables_equal(fresh, again)
    with warnings.catch_warnings():
        warnings.simplefilter("error")                          # stored again, whole: no second warning
        assert_tables_equal(fresh, readouts.annotate(readouts.load_corpus(corpus_dir), cache=folder))


# -- the cache on the command line --------------------------------------------------------
def test_cli_cache_info_and_clear(corpus_dir, tmp_path):
    folder = tmp_path / "cache"
    out = tmp_path / "sentences.csv"
    proc = run_cli("annotate", corpus_dir, "--out", out, "--jobs", "1", "--cache-dir", folder)
    assert proc.returncode == 0, proc.stderr
    assert (folder / ".readouts-folder").is_file()          # the cache is marked as Readouts' own
    files = [p for p in folder.rglob("*") if p.is_file() and p.name != ".readouts-folder"]
    assert len(files) == 17                  # 5 groups × 3 shard files, and the run: its table and summary
    size = sum(p.stat().st_size for p in files)

    info = run_cli("cache", "info", "--cache-dir", folder)
    assert info.returncode == 0, info.stderr
    assert info.stdout == (f"{folder}: 17 file(s), {size / 1e6:,.1f} MB; documents cached per layer group: "
                           "segment 7, anatomy 7, policy 7, formulations 7, tone 7; 1 whole run(s)\n")

    clear = run_cli("cache", "clear", "--cache-dir", folder)
    assert clear.returncode == 0, clear.stderr
    assert clear.stdout == f"removed 17 file(s) from {folder}\n"
    assert not folder.exists()
    again = run_cli("cache", "clear", "--cache-dir", folder)
    assert again.stdout == f"removed 0 file(s) from {folder}\n"
    empty = run_cli("cache", "info", "--cache-dir", folder)
    assert empty.stdout == (f"{folder}: 0 file(s), 0.0 MB; documents cached per layer group: "
                            "segment 0, anatomy 0, policy 0, formulations 0, tone 0; 0 whole run(s)\n")


def test_cli_cache_dir_defaults_to_readouts_cache_env(corpus_dir, tmp_path):
    folder = tmp_path / "env-cache"
    env = {**os.environ, "READOUTS_CACHE": str(folder)}
    proc = run_cli("annotate", corpus_dir, "--out", tmp_path / "s.csv", "--jobs", "1", env=env)
    assert proc.returncode == 0, proc.stderr
    info = run_cli("cache", "info", env=env)
    assert info.stdout.startswith(f"{folder}: 17 file(s)")
    assert info.stdout.endswith("segment 7, anatomy 7, policy 7, formulations 7, tone 7; 1 whole run(s)\n")


def test_cli_damaged_cache_is_one_warning_and_the_right_tables(corpus_dir, tmp_path):
    folder = tmp_path / "cache"
    out = tmp_path / "sentences.csv"
    assert run_cli("annotate", corpus_dir, "--out", out, "--jobs", "1", "--cache-dir", folder).returncode == 0
    [shard] = (folder / "anatomy").glob("*.sentences.parquet")
    shard.write_bytes(shard.read_bytes()[: shard.stat().st_size // 2])
    # a changed text: the whole run is not reused, so the other documents are read from the shards
    (corpus_dir / "statement.txt").write_text("The spokesperson said nothing new.\n", encoding="utf-8")
    proc = run_cli("annotate", corpus_dir, "--out", out, "--jobs", "1", "--cache-dir", folder)
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("readouts: warning: the cache: anatomy/"), proc.stderr
    assert "Traceback" not in proc.stderr
    fresh = tmp_path / "fresh.csv"
    assert run_cli("annotate", corpus_dir, "--out", fresh, "--jobs", "1", "--no-cache").returncode == 0
    assert out.read_bytes() == fresh.read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# -- the command line: jobs, streaming, quiet ---------------------------------------------
@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory, seed_path) -> Path:
    """150 documents: three chunks of the command line's 64."""
    return make_corpus(tmp_path_factory.mktemp("big") / "corpus", seed_path, extra=143)


@pytest.fixture(scope="module")
def cli_reference(big_corpus, tmp_path_factory) -> dict[str, bytes]:
    """The three CSV tables of `--jobs 1 --no-cache` on the big corpus."""
    out = tmp_path_factory.mktemp("reference")
    proc = run_cli("annotate", big_corpus, "--out", out / "s.csv", "--spans", out / "p.csv",
                   "--documents", out / "d.csv", "--jobs", "1", "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("150 documents, ")
    return {name: (out / name).read_bytes() for name in ("s.csv", "p.csv", "d.csv")}


def test_cli_reference_equals_the_api(big_corpus, cli_reference, tmp_path):
    tables = readouts.annotate(readouts.load_corpus(big_corpus))
    for table, name in ((tables.sentences, "s.csv"), (tables.spans, "p.csv"), (tables.documents, "d.csv")):
        write_table(table, tmp_path / name)
        assert (tmp_path / name).read_bytes() == cli_reference[name], name


def test_cli_two_jobs_write_the_same_bytes_and_no_progress_when_piped(big_corpus, cli_reference, tmp_path):
    proc = run_cli("annotate", big_corpus, "--out", tmp_path / "s.csv", "--spans", tmp_path / "p.csv",
                   "--documents", tmp_path / "d.csv", "--jobs", "2", "--cache-dir", tmp_path / "cache")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""                # no "\r", no "words/s": nobody watches a pipe
    for name, data in cli_reference.items():
        assert (tmp_path / name).read_bytes() == data, name
    n_sentences = len(pd.read_csv(io.BytesIO(cli_reference["s.csv"])))
    assert proc.stdout.startswith(f"150 documents, {n_sentences} sentences -> {tmp_path / 's.csv'}")
    # and again, every result from the cache
    warm = run_cli("annotate", big_corpus, "--out", tmp_path / "s.csv", "--spans", tmp_path / "p.csv",
                   "--documents", tmp_path / "d.csv", "--jobs", "2", "--cache-dir", tmp_path / "cache")
    assert warm.returncode == 0 and warm.stderr == ""
    for name, data in cli_reference.items():
        assert (tmp_path / name).read_bytes() == data, name


def test_cli_parquet_output_streams_the_same_table(big_corpus, cli_reference, tmp_path):
    proc = run_cli("annotate", big_corpus, "--out", tmp_path / "s.parquet", "--jobs", "1", "--no-cache", "--quiet")
    assert proc.returncode == 0, proc.stderr
    write_table(pd.read_parquet(tmp_path / "s.parquet"), tmp_path / "s.csv")
    assert (tmp_path / "s.csv").read_bytes() == cli_reference["s.csv"]


def run_cli_in_terminal(*args) -> tuple[int, str]:
    """Run the command line with stderr on a pseudo-terminal, as in an interactive shell."""
    import pty
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "readouts", *map(str, args)], stdout=subprocess.DEVNULL,
                            stderr=slave)
    os.close(slave)
    data = b""
    while True:
        try:
            block = os.read(master, 65536)
        except OSError:            # the terminal is closed once the command has ended
            break
        if not block:
            break
        data += block
    os.close(master)
    return proc.wait(timeout=120), data.decode("utf-8")


def test_cli_progress_line_in_a_terminal_and_quiet(corpus_dir, tmp_path):
    status, err = run_cli_in_terminal("annotate", corpus_dir, "--out", tmp_path / "s.csv", "--jobs", "1",
                                      "--no-cache")
    assert status == 0, err
    assert re.fullmatch(r"\r\x1b\[K\[#{18}\] 7/7 documents · [\d,]+ words/s · 0 s left"
                        r"\r\x1b\[K7 documents, [\d,]+ words in \d+ s \([\d,]+ words/s\)\r\n", err), repr(err)
    words = int(pd.read_csv(tmp_path / "s.csv").n_words.sum())
    assert f"7 documents, {words:,} words in " in err
    status, err = run_cli_in_terminal("annotate", corpus_dir, "--out", tmp_path / "s.csv", "--jobs", "1",
                                      "--no-cache", "--quiet")
    assert (status, err) == (0, "")


# -- TableWriter --------------------------------------------------------------------------
@pytest.fixture
def chunks(corpus_dir) -> list[readouts.Tables]:
    parts = list(engine.iter_annotated(readouts.load_corpus(corpus_dir).documents, chunk=3))
    assert len(parts) == 3
    return parts


def _written_in_chunks(chunks, path: Path, name: str) -> tuple[TableWriter, pd.DataFrame]:
    """``name`` table of every chunk written by a TableWriter to ``path``, and the whole table."""
    writer = TableWriter(path)
    for part in chunks:
        writer.write(getattr(part, name))
    assert writer.close() == path
    return writer, pd.concat([getattr(p, name) for p in chunks], ignore_index=True)


@pytest.mark.parametrize("name", ["sentences", "spans"])
def test_table_writer_csv_is_byte_identical_to_write_table(chunks, tmp_path, name):
    writer, whole = _written_in_chunks(chunks, tmp_path / f"{name}.csv", name)
    assert writer.rows == len(whole)
    write_table(whole, tmp_path / f"{name}-whole.csv")
    assert (tmp_path / f"{name}.csv").read_bytes() == (tmp_path / f"{name}-whole.csv").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []


@pytest.mark.parametrize("name", ["sentences", "spans"])
def test_table_writer_parquet_reads_back_as_the_concatenation(chunks, tmp_path, name):
    _, whole = _written_in_chunks(chunks, tmp_path / f"{name}.parquet", name)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"{name}.parquet"), whole)


def test_table_writer_parquet_gathers_chunks_into_row_groups_of_50000_rows(tmp_path):
    # a row group per 64-document chunk left thousands of row groups, whose statistics the writer holds
    import pyarrow.parquet as pq

    from readouts.tables import PARQUET_ROW_GROUP

    writer = TableWriter(tmp_path / "t.parquet")
    for k in range(25):
        writer.write(pd.DataFrame({"doc_id": [f"d{k}"] * 5_000, "sent": range(5_000)}))
    writer.close()
    meta = pq.ParquetFile(tmp_path / "t.parquet").metadata
    sizes = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    assert PARQUET_ROW_GROUP == 50_000 and sizes == [50_000, 50_000, 25_000]
    assert pd.read_parquet(tmp_path / "t.parquet").doc_id.value_counts().tolist() == [5_000] * 25


def test_table_writer_abort_leaves_the_old_table(chunks, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    for suffix in (".csv", ".parquet"):
        path = tmp_path / f"sentences{suffix}"
        path.write_bytes(b"the previous table")
        writer = TableWriter(path)
        writer.write(chunks[0].sentences)
        writer.write(chunks[1].sentences)
        writer.abort()
        assert path.read_bytes() == b"the previous table"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sentences.csv", "sentences.parquet"]


def test_table_writer_refuses_unknown_format_and_different_columns(chunks, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    with pytest.raises(ReadoutsError, match=r"unknown table format '\.xlsx'; use \.csv or \.parquet"):
        TableWriter(tmp_path / "sentences.xlsx")
    writer = TableWriter(tmp_path / "t.csv")
    writer.write(chunks[0].sentences)
    with pytest.raises(ReadoutsError, match="a chunk's columns differ from the first chunk's"):
        writer.write(chunks[1].spans)
    writer.abort()
    with pytest.raises(ReadoutsError, match="nothing was written"):
        TableWriter(tmp_path / "empty.csv").close()
    assert list(tmp_path.iterdir()) == []


# -- the progress line --------------------------------------------------------------------
def test_progress_line_for_known_states():
    line = Progress(total_documents=10, total_chars=1000, write=None)
    assert line.update(documents=5, words=100, chars=500, elapsed=2.0) == \
        "[#########.........] 5/10 documents · 50 words/s · 2 s left"
    big = Progress(total_documents=2000, total_chars=1000, write=None)
    assert big.update(documents=1500, words=1_234_567, chars=750, elapsed=3000.0) == \
        "[##############....] 1,500/2,000 documents · 412 words/s · 16 min 40 s left"
    assert big.update(documents=0, words=0, chars=0, elapsed=0.0) == \
        "[..................] 0/2,000 documents · 0 words/s · 0 s left"
    assert big.update(documents=20, words=20, chars=10, elapsed=100.0) == \
        "[..................] 20/2,000 documents · 0 words/s · 2 h 45 min left"
    assert big.update(documents=2000, words=5000, chars=1000, elapsed=10.0) == \
        "[##################] 2,000/2,000 documents · 500 words/s · 0 s left"


def test_progress_writes_each_chunk_and_a_final_line():
    lines: list[tuple[str, bool]] = []
    progress = Progress(total_documents=3, total_chars=300, write=lambda line, final: lines.append((line, final)),
                        chars_of=lambda a, b: 100 * (b - a), every=0)
    progress(2, 1200)
    progress(1, 800)
    progress.close()
    assert [final for _, final in lines] == [False, False, True]
    assert re.fullmatch(r"\[############\.\.\.\.\.\.\] 2/3 documents · [\d,]+ words/s · \d+ s left", lines[0][0])
    assert re.fullmatch(r"\[##################\] 3/3 documents · [\d,]+ words/s · 0 s left", lines[1][0])
    assert re.fullmatch(r"3 documents, 2,000 words in \d+ s \([\d,]+ words/s\)", lines[2][0])


def test_progress_last_chunk_is_always_shown():
    lines = []
    progress = Progress(total_documents=4, total_chars=4, write=lambda line, final: lines.append(line),
                        chars_of=lambda a, b: b - a, every=3600)
    progress._shown = time.perf_counter()          # a line was just drawn: the next hour is quiet...
    for _ in range(4):
        progress(1, 10)
    assert len(lines) == 1                          # ...but for the last chunk
    assert lines[0].startswith("[##################] 4/4 documents · ")


def test_progress_true_draws_on_stderr(corpus_dir, capsys):
    readouts.annotate(readouts.load_corpus(corpus_dir), progress=True)
    err = capsys.readouterr().err
    assert err.startswith("\r\x1b[K[##################] 7/7 documents · ")
    assert re.search(r"\r\x1b\[K7 documents, [\d,]+ words in \d+ s \([\d,]+ words/s\)\n$", err)


def test_progress_false_and_quiet_env_say_nothing(corpus_dir, capsys, monkeypatch):
    readouts.annotate(readouts.load_corpus(corpus_dir), progress=False)
    monkeypatch.setenv("READOUTS_QUIET", "1")
    readouts.annotate(readouts.load_corpus(corpus_dir))
    assert capsys.readouterr().err == ""


def test_progress_callable_gets_documents_and_words_per_chunk(corpus_dir):
    seen = []
    tables = readouts.annotate(readouts.load_corpus(corpus_dir), progress=lambda docs, words: seen.append((docs, words)))
    assert seen == [(7, int(tables.documents.n_words.sum()))]


# -- the Dask engine (last: its cluster's threads should not meet the forked pool above) ----
@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            yield cluster, client


def test_dask_engine_equals_local_engine(corpus_dir, cluster):
    _, client = cluster
    local = run_chunks(corpus_dir, chunk=2)
    dask = run_chunks(corpus_dir, engine="dask", scheduler=client, chunk=2)
    assert len(dask.documents) == 7
    assert_tables_equal(local, dask)
    assert client.status == "running"          # a client the caller passed stays open


def test_dask_by_address_through_annotate(corpus_dir, cluster, tmp_path):
    cluster_, _ = cluster
    local = readouts.annotate(readouts.load_corpus(corpus_dir))
    folder = tmp_path / "cache"
    cold = readouts.annotate(readouts.load_corpus(corpus_dir), engine="dask",
                             scheduler=cluster_.scheduler_address, cache=folder)
    assert_tables_equal(local, cold)
    assert Cache(folder).info()["documents"] == SEVEN_EACH
    shards = sorted(p.name for p in folder.rglob("*.parquet"))
    warm = readouts.annotate(readouts.load_corpus(corpus_dir), engine="dask",
                             scheduler=cluster_.scheduler_address, cache=folder)
    assert_tables_equal(local, warm)
    assert sorted(p.name for p in folder.rglob("*.parquet")) == shards      # nothing new computed


@pytest.mark.parametrize("address", ["localhost", "http://127.0.0.1:8786"])
def test_cli_malformed_scheduler_address_exits_2_with_one_line(corpus_dir, tmp_path, address):
    proc = run_cli("annotate", corpus_dir, "--out", tmp_path / "s.csv", "--no-cache", "--scheduler", address)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("readouts: error: ") and address in lines[0], proc.stderr
    assert not (tmp_path / "s.csv").exists()


def test_cli_scheduler_writes_the_same_bytes(big_corpus, cli_reference, cluster, tmp_path):
    cluster_, _ = cluster
    proc = run_cli("annotate", big_corpus, "--out", tmp_path / "s.csv", "--spans", tmp_path / "p.csv",
                   "--documents", tmp_path / "d.csv", "--scheduler", cluster_.scheduler_address, "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    for name, data in cli_reference.items():
        assert (tmp_path / name).read_bytes() == data, name


def test_cli_rerun_of_unchanged_files_copies_the_last_tables_and_says_the_same(corpus_dir, tmp_path):
    (corpus_dir / "scan.txt").write_bytes(b"%PDF-1.7")
    (corpus_dir / "pasted.txt").write_text("Xi met Ja\u200bpan's leaders. They talked.\n", encoding="utf-8")
    folder, out = tmp_path / "cache", tmp_path / "out"
    args = ("annotate", corpus_dir, "--out", out / "s.csv", "--spans", out / "spans.parquet", "--documents",
            out / "d.csv", "--skip-bad", "--jobs", "1", "--cache-dir", folder)
    first = run_cli(*args)
    assert first.returncode == 0, first.stderr
    written = {p.name: p.read_bytes() for p in out.iterdir()}
    shutil.rmtree(out)
    for group in ("segment", *ALL_GROUPS):       # the per-document results are not needed again
        shutil.rmtree(folder / group)
    again = run_cli(*args)
    assert again.returncode == 0, again.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == written
    assert again.stdout == first.stdout
    assert first.stdout.startswith("8 documents, ") and first.stdout.endswith("; skipped 1 file(s)\n")
    assert again.stderr == first.stderr
    assert "pasted.txt: removed 1 control or invisible character(s)" in again.stderr
    assert f"readouts: skipped {corpus_dir / 'scan.txt'}: a PDF file" in again.stderr

    (corpus_dir / "statement.txt").write_text(NEW_SENTENCE + "\n", encoding="utf-8")
    changed = run_cli(*args)
    assert changed.returncode == 0, changed.stderr
    assert NEW_SENTENCE in (out / "s.csv").read_text(encoding="utf-8")


def test_layers_given_by_hand_go_through_the_same_assembly(corpus_dir):
    from readouts.layers import registered
    from readouts.layers.policy import policy_layer

    corpus = readouts.load_corpus(corpus_dir)
    assert_tables_equal(readouts.annotate(corpus, registered()), readouts.annotate(corpus))
    only_policy = readouts.annotate(corpus, [policy_layer])
    assert list(only_policy.sentences.columns[8:]) == ["policy_areas", "policy_cap"]
    assert set(only_policy.spans.layer) == {"policy"}


def test_a_truncated_whole_run_table_is_not_the_result(corpus_dir, tmp_path):
    """A stored run's table carries its digest: a truncated copy is never copied to the output."""
    folder = tmp_path / "cache"
    out = tmp_path / "sentences.csv"
    assert run_cli("annotate", corpus_dir, "--out", out, "--jobs", "1", "--cache-dir", folder).returncode == 0
    before = out.read_bytes()
    [stored] = (folder / "runs").glob("*/sentences.csv")
    stored.write_bytes(stored.read_bytes()[: len(before) // 2])
    proc = run_cli("annotate", corpus_dir, "--out", out, "--jobs", "1", "--cache-dir", folder)
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "stored sentences table of this run is not the one written" in lines[0]
    assert out.read_bytes() == before                            # computed again, whole


def test_a_run_stored_as_csv_and_as_parquet_keeps_both_digests(corpus_dir, tmp_path):
    folder = tmp_path / "cache"
    for suffix in (".csv", ".parquet", ".csv", ".parquet"):
        proc = run_cli("annotate", corpus_dir, "--out", tmp_path / f"s{suffix}", "--jobs", "1", "--cache-dir", folder)
        assert proc.returncode == 0 and "warning" not in proc.stderr, proc.stderr
    assert sorted(p.name for p in (folder / "runs").glob("*/sentences.*")) == ["sentences.csv", "sentences.parquet"]
