"""Phrases at full scale: the DuckDB n-grams, collocations and keyness give, row for row and value for
value, what the pure-Python implementation they replace gave (a copy of it is below), on the seed, on a
synthetic table, on a sample of the UN General Debate corpus (when ../shared holds it), and through
``readouts phrases`` (its files byte for byte)."""
from __future__ import annotations

import math
import random
import subprocess
import sys
import tarfile
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import readouts
from readouts.analyses import recurring_phrases as phrases
from readouts.errors import InputError, ReadoutsError
from readouts.paths import PROJ_ROOT, SEEDS_DIR
from readouts.tables import write_table

UN_ARCHIVE = PROJ_ROOT.parent / "shared" / "corpora" / "ungdc-1946-2019.tar.xz"
UN_SAMPLE = 70          # speeches: more than one chunk of documents, so `readouts phrases` uses its workers


# -- the implementation replaced, as it was --------------------------------------------------------
def old_sentence_words(sentences):
    for doc_id, text in zip(sentences.doc_id, sentences.text):
        yield doc_id, phrases.words(text)


def old_ngrams(sentences, n=(2, 5), min_count=2):
    stop = phrases.stopwords()
    counts: Counter = Counter()
    docs: dict = {}
    for doc_id, ws in old_sentence_words(sentences):
        for size in range(n[0], n[1] + 1):
            for i in range(len(ws) - size + 1):
                if ws[i] in stop or ws[i + size - 1] in stop:
                    continue
                gram = " ".join(ws[i:i + size])
                counts[gram] += 1
                docs.setdefault(gram, set()).add(doc_id)
    rows = [(g, g.count(" ") + 1, c, len(docs[g])) for g, c in counts.items() if c >= min_count]
    table = pd.DataFrame(rows, columns=["ngram", "n", "count", "documents"])
    return table.sort_values(["count", "n", "ngram"], ascending=[False, False, True]).reset_index(drop=True)


def old_collocations(sentences, min_count=2, skip_stopwords=True):
    stop = phrases.stopwords() if skip_stopwords else frozenset()
    pairs: Counter = Counter()
    for _, ws in old_sentence_words(sentences):
        pairs.update(zip(ws, ws[1:]))
    n_total = sum(pairs.values())
    first: Counter = Counter()
    second: Counter = Counter()
    for (a, b), c in pairs.items():
        first[a] += c
        second[b] += c
    rows = [(a, b, c) for (a, b), c in pairs.items() if c >= min_count and a not in stop and b not in stop]
    table = pd.DataFrame(rows, columns=["w1", "w2", "count"])
    if table.empty:
        return table.assign(count_w1=[], count_w2=[], expected=[], pmi=[], t_score=[], g2=[])
    o11 = table["count"].to_numpy(float)
    r1 = table.w1.map(first).to_numpy(float)
    c1 = table.w2.map(second).to_numpy(float)
    n = float(n_total)
    e11 = r1 * c1 / n
    o12, o21 = r1 - o11, c1 - o11
    o22 = n - r1 - c1 + o11
    e12, e21, e22 = r1 * (n - c1) / n, (n - r1) * c1 / n, (n - r1) * (n - c1) / n
    table["count_w1"], table["count_w2"] = r1.astype(int), c1.astype(int)
    table["expected"] = e11.round(4)
    table["pmi"] = np.log2(o11 / e11).round(4)
    table["t_score"] = ((o11 - e11) / np.sqrt(o11)).round(4)
    table["g2"] = (2 * sum(old_xlogx(o, e) for o, e in ((o11, e11), (o12, e12), (o21, e21), (o22, e22)))).round(4)
    return table.sort_values(["g2", "w1", "w2"], ascending=[False, True, True]).reset_index(drop=True)


def old_xlogx(o, e):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(o > 0, o * np.log(o / e), 0.0)


def old_keyness(sentences, target=None, reference="rest", min_count=2):
    targets = [target] if isinstance(target, str) else list(target or sentences.doc_id.unique())
    stop = phrases.stopwords()
    in_target = sentences.doc_id.isin(targets)
    t_counts = Counter(w for text in sentences.text[in_target] for w in phrases.words(text) if w not in stop)
    if reference == "general":
        r_counts, r_name = phrases.general_reference(), phrases.GENERAL_REFERENCE
    elif reference == "rest":
        r_counts = Counter(w for text in sentences.text[~in_target] for w in phrases.words(text) if w not in stop)
        r_name = "the rest of the corpus"
        if not r_counts:
            raise ReadoutsError("keyness against the rest of the corpus needs documents outside the target; "
                                "use reference='general' for a corpus of one document")
    else:
        raise ReadoutsError(f"keyness reference must be 'rest' or 'general', not {reference!r}")
    t_total, r_total = sum(t_counts.values()), sum(r_counts.values())
    rows = []
    for w, a in t_counts.items():
        if a < min_count:
            continue
        b = r_counts.get(w, 0)
        e1 = t_total * (a + b) / (t_total + r_total)
        e2 = r_total * (a + b) / (t_total + r_total)
        g2 = 2 * ((a * math.log(a / e1) if a else 0) + (b * math.log(b / e2) if b else 0))
        ratio = math.log2(((a or 0.5) / t_total) / ((b or 0.5) / r_total))
        rows.append((w, a, b, a / t_total * 1e6, b / r_total * 1e6, g2, ratio))
    table = pd.DataFrame(rows, columns=["word", "count", "count_reference", "per_million",
                                        "per_million_reference", "g2", "log_ratio"])
    table = table[table.log_ratio > 0].round({"per_million": 1, "per_million_reference": 1, "g2": 3,
                                              "log_ratio": 3})
    table["reference"] = r_name
    return table.sort_values(["g2", "word"], ascending=[False, True]).reset_index(drop=True)


def old_keyness_by_document(sentences, doc_ids, min_count=2):
    """What `readouts phrases` wrote as keyness_by_document.csv."""
    return pd.concat([old_keyness(sentences, target=d, reference="rest", min_count=min_count).assign(doc_id=d)
                      for d in doc_ids], ignore_index=True)


def same(new: pd.DataFrame, old: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(new, old, check_exact=True)


def compare_everything(sentences: pd.DataFrame, min_counts=(1, 2, 3)) -> None:
    """Every table of the new implementation equals the old one's on ``sentences``."""
    docs = list(dict.fromkeys(sentences.doc_id))
    for k in min_counts:
        same(phrases.ngrams(sentences, min_count=k), old_ngrams(sentences, min_count=k))
        same(phrases.ngrams(sentences, n=(1, 3), min_count=k), old_ngrams(sentences, n=(1, 3), min_count=k))
        for skip in (True, False):
            same(phrases.collocations(sentences, min_count=k, skip_stopwords=skip),
                 old_collocations(sentences, min_count=k, skip_stopwords=skip))
        same(phrases.keyness(sentences, reference="general", min_count=k),
             old_keyness(sentences, reference="general", min_count=k))
        if len(docs) > 1:
            same(phrases.keyness(sentences, target=docs[0], min_count=k), old_keyness(sentences, target=docs[0], min_count=k))
            same(phrases.keyness(sentences, target=docs[1:], min_count=k), old_keyness(sentences, target=docs[1:], min_count=k))
            with phrases.PhraseCounts.from_sentences(sentences, max_n=2) as counts:
                same(counts.keyness_by_document(min_count=k), old_keyness_by_document(sentences, docs, min_count=k))


# -- the seed and a synthetic table ----------------------------------------------------------------
def test_the_seed_gives_what_it_gave(seed_sentences):
    compare_everything(seed_sentences)


def synthetic_table(seed: int = 7, n_docs: int = 12, n_sentences: int = 600) -> pd.DataFrame:
    """Sentences drawn from a small vocabulary (so phrases recur): stopwords, capitals, curly and straight
    apostrophes, hyphens, numbers with separators, Greek (final sigma) and Turkish (dotted capital I)."""
    rng = random.Random(seed)
    vocab = ["peace", "Peace", "development", "the", "of", "and", "we", "Lasting", "security", "trust",
             "people-to-people", "each", "other’s", "other's", "1,000", "2.5", "tonnes", "ΟΔΟΣ", "ΟΔΟΣ.Α", "İstanbul",
             "Ωμέγα", "co-operation", "China-Japan", "mutual", "benefit", "in", "to", "win-win", "UN", "x_y"]
    weights = [8, 3, 6, 9, 7, 7, 3, 2, 4, 4, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 4, 4, 5, 5, 2, 2, 1]
    rows = []
    for i in range(n_sentences):
        words = rng.choices(vocab, weights, k=rng.randint(0, 14))
        text = " ".join(words) + rng.choice([".", "!", "", " — again."])
        rows.append((f"doc{rng.randrange(n_docs):02d}", i, text))
    table = pd.DataFrame(rows, columns=["doc_id", "sent", "text"])
    return table.sort_values(["doc_id", "sent"], kind="stable").reset_index(drop=True)


def test_a_synthetic_table_gives_what_it_gave():
    compare_everything(synthetic_table())


def test_a_table_in_several_batches_gives_what_one_batch_gives():
    table = synthetic_table(seed=3)
    with phrases.PhraseCounts.from_sentences(table, batch=37) as counts:
        same(counts.ngrams(min_count=2), old_ngrams(table, min_count=2))
        same(counts.collocations(min_count=2), old_collocations(table, min_count=2))


def test_a_small_memory_limit_spills_to_disk_and_counts_the_same():
    # 1.5 million words, 20,000 distinct, a million distinct 5-grams: more than 80 MB of aggregation
    rng = np.random.default_rng(1)
    vocab = np.array([f"w{i}" for i in range(20_000)] + ["the", "of", "and"])
    p = 1 / np.arange(1, len(vocab) + 1) ** 0.9
    rows = rng.choice(vocab, size=(150_000, 10), p=p / p.sum())
    table = pd.DataFrame({"doc_id": [f"d{i % 300}" for i in range(len(rows))], "text": [" ".join(r) for r in rows]})
    with phrases.PhraseCounts.from_sentences(table, memory_limit="80MB") as small, \
            phrases.PhraseCounts.from_sentences(table) as large:
        same(small.ngrams(), large.ngrams())
        assert small.con.sql("SELECT count(*) FROM duckdb_temporary_files()").fetchall()[0][0] > 0     # spilled
        same(small.collocations(), large.collocations())
        same(small.keyness_by_document(), large.keyness_by_document())


def test_edge_cases_give_what_they_gave():
    empty_words = pd.DataFrame({"doc_id": ["a", "b"], "sent": [0, 0], "text": ["", "— …"]})
    stop_only = pd.DataFrame({"doc_id": ["a", "b"], "sent": [0, 0], "text": ["The of and.", "We the."]})
    for table in (empty_words, stop_only):
        same(phrases.ngrams(table, min_count=1), old_ngrams(table, min_count=1))
        same(phrases.collocations(table, min_count=1), old_collocations(table, min_count=1))
        same(phrases.keyness(table, reference="general", min_count=1),
             old_keyness(table, reference="general", min_count=1))
        with pytest.raises(ReadoutsError, match="outside the target"):
            phrases.keyness(table, target="a", min_count=1)
        with phrases.PhraseCounts.from_sentences(table) as counts, pytest.raises(ReadoutsError, match="outside"):
            counts.keyness_by_document()
    one = pd.DataFrame({"doc_id": ["a"], "sent": [0], "text": ["Lasting peace, lasting peace."]})
    same(phrases.ngrams(one, n=(3, 2)), old_ngrams(one, n=(3, 2)))              # no size at all
    same(phrases.ngrams(one, min_count=5), old_ngrams(one, min_count=5))        # nothing that frequent
    same(phrases.keyness(one, target="zz", reference="general"), old_keyness(one, target="zz", reference="general"))
    with pytest.raises(ReadoutsError, match="'rest' or 'general'"):
        phrases.keyness(one, reference="elsewhere")


@pytest.mark.parametrize("text", [
    "China-Japan relations aren't Xi's 2.5 or 1,000.",
    "Each other’s interests — ΟΔΟΣ ΟΔΟΣ.Α ΣΟΦΟΣ'Σ İstanbul İİ.",
    "ǅemal ß ﬁne Ⅻ ⓐⒶ ΑΣ Σ σ ς ‘quoted’ don’t",
    "",
])
def test_tokenize_gives_the_words_of_words(text):
    bounds = [(0, len(text)), (0, len(text) // 2), (len(text) // 3, len(text))]
    tokens = phrases.tokenize([(text, bounds)])
    got, at = [], 0
    for n in tokens.lengths:
        got.append([tokens.uniq[i] for i in tokens.ids[at:at + n]])
        at += n
    assert got == [phrases.words(text[s:e]) for s, e in bounds]


# -- CSV files as pandas writes them ----------------------------------------------------------------
def test_write_csv_writes_what_write_table_writes(tmp_path):
    rng = np.random.default_rng(0)
    n = 120_000                                   # over the size DuckDB writes
    table = pd.DataFrame({"word": [f"w{i},x" if i % 7 == 0 else f"w’{i}" for i in range(n)],
                          "count": rng.integers(0, 10**9, n),
                          "g2": np.round(rng.exponential(50, n), 3),
                          "per_million": np.round(rng.uniform(0, 1e6, n), 1),
                          "odd": rng.choice([1e-05, 1e16, 0.1 + 0.2, -0.0, 2.0, np.nan, 5e-324], n)})
    phrases.write_csv(table, tmp_path / "duck.csv")
    write_table(table, tmp_path / "pandas.csv")
    assert (tmp_path / "duck.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()


def test_ngrams_and_keyness_written_by_duckdb_are_the_tables_written_by_pandas(tmp_path):
    table = synthetic_table(seed=11)
    docs = list(dict.fromkeys(table.doc_id))
    with phrases.PhraseCounts.from_sentences(table) as counts:
        counts.write_ngrams(tmp_path / "ngrams.csv", min_count=2)
        counts.write_keyness_by_document(tmp_path / "keyness_by_document.csv", min_count=2)
        counts.write_ngrams(tmp_path / "none.csv", min_count=10**6)
    write_table(old_ngrams(table, min_count=2), tmp_path / "old_ngrams.csv")
    write_table(old_keyness_by_document(table, docs, min_count=2), tmp_path / "old_keyness.csv")
    write_table(old_ngrams(table, min_count=10**6), tmp_path / "old_none.csv")
    assert (tmp_path / "ngrams.csv").read_text() == (tmp_path / "old_ngrams.csv").read_text()
    assert (tmp_path / "keyness_by_document.csv").read_text() == (tmp_path / "old_keyness.csv").read_text()
    assert (tmp_path / "none.csv").read_text() == (tmp_path / "old_none.csv").read_text() == "ngram,n,count,documents\n"


# -- streaming a corpus -----------------------------------------------------------------------------
def test_iter_documents_reads_what_load_corpus_reads(tmp_path):
    (tmp_path / "a.txt").write_text("Peace matters. Trust matters.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Lasting peace.\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Same stem, another file.\n", encoding="utf-8")
    streamed = list(phrases.iter_documents(tmp_path))
    loaded = readouts.load_corpus(tmp_path).documents
    assert [(d.doc_id, d.text, d.date) for d in streamed] == [(d.doc_id, d.text, d.date) for d in loaded]
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty file"):
        list(phrases.iter_documents(tmp_path))
    skipped: list = []
    assert len(list(phrases.iter_documents(tmp_path, on_error="skip", skipped=skipped))) == 3
    assert len(skipped) == 1 and "empty file" in str(skipped[0])


def test_count_corpus_counts_what_the_sentence_table_holds(tmp_path):
    corpus = readouts.load_corpus(SEEDS_DIR)
    found = phrases.count_corpus(readouts.load_corpus(SEEDS_DIR))
    try:
        sentences = corpus.sentences_table()
        same(found.counts.ngrams(), old_ngrams(sentences))
        same(found.counts.collocations(), old_collocations(sentences))
        tables = readouts.annotate(corpus)
        spans = tables.spans[tables.spans.layer == "formulation"].reset_index(drop=True)
        same(found.spans, spans)
        columns = [c for c in tables.documents.columns if c in found.documents.columns]
        same(found.documents[columns], tables.documents[columns])
    finally:
        found.counts.close()


# -- the UN General Debate corpus and `readouts phrases` ---------------------------------------------
@pytest.fixture(scope="module")
def un_sample(tmp_path_factory) -> Path:
    """The first UN_SAMPLE speeches of ../shared's UN General Debate archive (skipped without it)."""
    if not UN_ARCHIVE.exists():
        pytest.skip(f"{UN_ARCHIVE} is absent")
    folder = tmp_path_factory.mktemp("un")
    n = 0
    with tarfile.open(UN_ARCHIVE) as tar:
        for member in tar:
            if member.isfile() and member.name.endswith(".txt"):
                (folder / Path(member.name).name).write_bytes(tar.extractfile(member).read())
                n += 1
                if n == UN_SAMPLE:
                    break
    return folder


def test_a_un_sample_gives_what_it_gave(un_sample):
    compare_everything(readouts.load_corpus(un_sample).sentences_table(), min_counts=(2,))


def old_command(paths: list, out: Path, min_count: int = 2) -> None:
    """What `readouts phrases` did: every layer, then the tables in pandas."""
    tables = readouts.annotate(readouts.load_corpus(paths))
    s, spans, docs = tables.sentences, tables.spans, tables.documents
    written = {
        "ngrams.csv": old_ngrams(s, min_count=min_count),
        "collocations.csv": old_collocations(s, min_count=min_count),
        "keyness.csv": old_keyness(s, reference="general", min_count=min_count),
        "formulations.csv": phrases.formulations_found(spans),
        "formulation_presence.csv": phrases.presence_matrix(spans, docs).reset_index(),
        "formulation_first_last.csv": phrases.first_last_seen(spans, docs),
        "formulation_counts_by_year.csv": phrases.counts_over_time(spans, docs),
    }
    if docs.doc_id.nunique() > 1:
        written["keyness_by_document.csv"] = old_keyness_by_document(s, docs.doc_id, min_count=min_count)
    for name, table in written.items():
        write_table(table, out / name)


def run_phrases(*args) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "readouts", "phrases", *map(str, args)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return proc


def assert_same_files(new: Path, old: Path) -> None:
    names = sorted(p.name for p in old.iterdir())
    assert sorted(p.name for p in new.iterdir()) == names
    for name in names:
        assert (new / name).read_bytes() == (old / name).read_bytes(), name


def test_the_command_writes_what_it_wrote_on_the_seed(tmp_path):
    old_command([SEEDS_DIR], tmp_path / "old")
    proc = run_phrases(SEEDS_DIR, "--out", tmp_path / "new", "--no-cache")
    assert_same_files(tmp_path / "new", tmp_path / "old")
    assert proc.stdout.startswith("7 tables -> ")


def test_the_command_writes_what_it_wrote_on_a_un_sample_with_workers_and_the_cache(un_sample, tmp_path):
    old_command([un_sample], tmp_path / "old")
    cache = tmp_path / "cache"
    for out in ("cold", "warm"):           # the second run reads the formulations from the cache
        run_phrases(un_sample, "--out", tmp_path / out, "--jobs", "2", "--cache-dir", cache)
        assert_same_files(tmp_path / out, tmp_path / "old")
    assert any((cache / "formulations").glob("*.index.parquet"))
