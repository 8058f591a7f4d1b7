"""Phrase counting out of core: :class:`PhraseCounts` holds the words of a corpus's sentences in a
Parquet file in a temporary folder, and DuckDB counts them (n-grams, collocations, keyness), each count
an exact ``GROUP BY`` that spills to disk past ``memory_limit``, so memory stays bounded whatever the
corpus size. Callers import these names from :mod:`readouts.analyses.recurring_phrases`, whose
:func:`~readouts.analyses.recurring_phrases.ngrams`, :func:`~readouts.analyses.recurring_phrases.collocations`
and :func:`~readouts.analyses.recurring_phrases.keyness` count a sentence table with it.
"""
from __future__ import annotations

import math
import os
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ReadoutsError
from ..lexicons import general_english_counts
from .phrase_words import Tokens, _Ids, stopwords, tokenize

GENERAL_REFERENCE = ("general English: word counts of Peter Norvig's big.txt (Project Gutenberg books, "
                     "Wiktionary and BNC frequency lists), as shipped with TextBlob (en-spelling.txt)")
MEMORY_LIMIT = "1GB"          # DuckDB's buffer; past it, aggregations spill to the temporary folder
ROW_GROUP_WORDS = 1_000_000   # words per Parquet row group: big enough to scan fast, small to buffer
NGRAM_COLUMNS = ["ngram", "n", "count", "documents"]
KEYNESS_COLUMNS = ["word", "count", "count_reference", "per_million", "per_million_reference", "g2", "log_ratio"]
REST = "the rest of the corpus"
# DuckDB's CSV writer set to write what pandas' to_csv(index=False) writes (checked in the tests)
CSV_OPTIONS = "FORMAT csv, HEADER, DELIMITER ',', QUOTE '\"', ESCAPE '\"', NEW_LINE '\\n'"


class PhraseCounts:
    """The words of a corpus's sentences, in a Parquet file that DuckDB counts: n-grams, collocations,
    keyness, each an exact ``GROUP BY`` that spills to disk past ``memory_limit``.

    Words are added in batches (:meth:`add`, or :meth:`from_sentences` for a sentence table); one row
    per word holds its document, the word and the ``max_n - 1`` words after it in its sentence (0 past
    the end), so an n-gram is a row whose n-th column is a word. Words are numbers, stopwords first
    (``1 ... len(stopwords)``): "neither starts nor ends with a stopword" is a comparison.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Lasting peace.", "Lasting peace and trust."]})
    >>> with PhraseCounts.from_sentences(table) as counts:
    ...     counts.ngrams(n=(2, 2), min_count=2).to_dict("records")
    [{'ngram': 'lasting peace', 'n': 2, 'count': 2, 'documents': 2}]
    """

    def __init__(self, max_n: int = 5, *, memory_limit: str = MEMORY_LIMIT, threads: int | None = None,
                 folder: str | Path | None = None):
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.max_n = max(2, int(max_n))            # bigrams at least: collocations need them
        self.memory_limit, self.threads = memory_limit, threads or os.cpu_count() or 1
        self._tmp = tempfile.TemporaryDirectory(prefix="readouts-phrases-", dir=folder)
        self.folder = Path(self._tmp.name)
        self.stop = stopwords()
        self.n_stop = len(self.stop)
        self._vocab = _Ids(first=1)                # 0 is "no word" (past the end of the sentence)
        for w in sorted(self.stop):
            self._vocab[w]
        self._docs: dict = {}                      # doc id -> its number, in the order first seen
        self._schema = pa.schema([("doc", pa.int32())] + [(f"w{k}", pa.uint32()) for k in range(self.max_n)])
        self._writer = pq.ParquetWriter(self.folder / "words.parquet", self._schema, compression="none")
        self._buffer: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._buffered = 0
        self.words = 0
        self._con = None

    # -- filling -----------------------------------------------------------------------------
    @classmethod
    def from_sentences(cls, sentences: pd.DataFrame, max_n: int = 5, batch: int = 50_000, **options) -> "PhraseCounts":
        """The words of a sentence table (``doc_id``, ``text``), added ``batch`` sentences at a time."""
        counts = cls(max_n, **options)
        try:
            doc_ids, texts = sentences.doc_id.tolist(), sentences.text.tolist()
            for i in range(0, len(texts), batch):
                part = texts[i:i + batch]
                docs = list(dict.fromkeys(doc_ids[i:i + batch]))
                index = {d: k for k, d in enumerate(docs)}
                counts.add(docs, np.fromiter((index[d] for d in doc_ids[i:i + batch]), np.int32, len(part)),
                           tokenize((t, ((0, len(t)),)) for t in part))
        except BaseException:
            counts.close()
            raise
        return counts

    def add(self, docs: list, sentence_docs: np.ndarray, tokens: Tokens) -> None:
        """Add sentences: ``sentence_docs[i]`` indexes ``docs`` (document ids) for sentence ``i`` of ``tokens``.

        Every document in ``docs`` counts as one of the corpus, with words or not.
        """
        numbers = np.fromiter((self._docs.setdefault(d, len(self._docs)) for d in docs), np.int32, len(docs))
        n = len(tokens.ids)
        if not n:
            return
        lengths = tokens.lengths.astype(np.int64)
        known = np.fromiter(map(self._vocab.__getitem__, tokens.uniq), np.uint32, len(tokens.uniq))
        w = known[tokens.ids]
        doc = np.repeat(numbers[np.asarray(sentence_docs)], lengths)
        left = np.repeat(np.cumsum(lengths), lengths) - np.arange(n)      # words from here to the sentence's end
        self._buffer.append((doc, w, left))
        self._buffered += n
        self.words += n
        if self._buffered >= ROW_GROUP_WORDS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if not self._buffer:
            return
        doc, w, left = (np.concatenate(parts) for parts in zip(*self._buffer))
        self._buffer, self._buffered = [], 0
        columns = [pa.array(doc, pa.int32()), pa.array(w, pa.uint32())]
        for k in range(1, self.max_n):             # the k-th word after this one, in its sentence
            after = np.zeros_like(w)
            after[:len(w) - k] = w[k:]
            after[left <= k] = 0
            columns.append(pa.array(after, pa.uint32()))
        self._writer.write_batch(pa.RecordBatch.from_arrays(columns, schema=self._schema))

    # -- counting ----------------------------------------------------------------------------
    @property
    def con(self):
        """The DuckDB connection (the word file closed on first use: no word can be added after)."""
        if self._con is None:
            import duckdb
            import pyarrow as pa

            self._flush()
            self._writer.close()
            spill = self.folder / "spill"
            spill.mkdir(exist_ok=True)
            con = duckdb.connect(":memory:", config={"memory_limit": self.memory_limit, "threads": self.threads,
                                                     "temp_directory": str(spill),
                                                     "preserve_insertion_order": False})
            where = str(self.folder / "words.parquet").replace("'", "''")
            con.execute(f"CREATE VIEW words AS SELECT * FROM read_parquet('{where}')")
            vocab_rows = pa.table({"id": pa.array(range(1, len(self._vocab) + 1), pa.uint32()),
                              "word": pa.array(list(self._vocab), pa.string())})
            doc_rows = pa.table({"doc": pa.array(range(len(self._docs)), pa.int32()),
                             "doc_id": pa.array([str(d) for d in self._docs], pa.string())})
            con.execute("CREATE TABLE vocab AS SELECT * FROM vocab_rows")      # id -> word
            con.execute("CREATE TABLE docs AS SELECT * FROM doc_rows")         # number -> doc id
            self._con = con
        return self._con

    def _stop_above(self, skip_stopwords: bool = True) -> int:
        return self.n_stop if skip_stopwords else 0

    def ngrams(self, n: tuple[int, int] = (2, 5), min_count: int = 2) -> pd.DataFrame:
        """N-grams of ``n[0]`` to ``n[1]`` words that neither start nor end with a stopword, seen at least
        ``min_count`` times: ``ngram``, ``n``, ``count``, ``documents``, most frequent first
        (see :func:`~readouts.analyses.recurring_phrases.ngrams`)."""
        table = self.con.sql(self._ngrams_prepared(n, min_count)).to_arrow_table()
        if not table.num_rows:
            return pd.DataFrame([], columns=NGRAM_COLUMNS)
        return table.to_pandas().astype({"n": "int64", "count": "int64", "documents": "int64"})

    def write_ngrams(self, path: str | Path, n: tuple[int, int] = (2, 5), min_count: int = 2) -> Path:
        """:meth:`ngrams` written straight to a CSV file by DuckDB (never a DataFrame): the file
        :func:`~readouts.analyses.phrase_stream.write_csv` would write of ``ngrams()``."""
        return self._copy(self._ngrams_prepared(n, min_count), path)

    def _ngrams_prepared(self, n, min_count) -> str:
        """Count the n-grams of each size into a table of its own (one size at a time: the aggregations
        never hold memory together), and return the query of them all, in order."""
        if n[1] > self.max_n:
            raise ReadoutsError(f"n-grams of up to {n[1]} words need PhraseCounts(max_n={n[1]}), not {self.max_n}")
        s, levels = self.n_stop, []
        for size in range(max(1, n[0]), n[1] + 1):
            cols = ", ".join(f"w{i}" for i in range(size))
            # the rows whose n-gram neither starts nor ends with a stopword; counts per (n-gram, document)
            # first, whose number per n-gram is its documents: an exact GROUP BY, spilled to disk if need be
            grams = (f"SELECT {cols}, sum(c)::BIGINT AS count, count(*) AS documents FROM "
                     f"(SELECT {cols}, doc, count(*) AS c FROM words WHERE w0 > {s} AND w{size - 1} > {s} GROUP BY ALL) "
                     f"GROUP BY ALL HAVING sum(c) >= {int(min_count)}")
            joins = " ".join(f"JOIN vocab v{i} ON v{i}.id = g.w{i}" for i in range(size))
            spelled = ", ".join(f"v{i}.word" for i in range(size))
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE ngrams_{size} AS SELECT concat_ws(' ', {spelled}) AS ngram, "
                             f"{size}::BIGINT AS n, g.count, g.documents FROM ({grams}) g {joins}")
            levels.append(f"SELECT * FROM ngrams_{size}")
        if not levels:
            return "SELECT ''::VARCHAR AS ngram, 0::BIGINT AS n, 0::BIGINT AS count, 0::BIGINT AS documents LIMIT 0"
        # code-point order of the n-grams, as pandas sorts strings (DuckDB's default collation is binary)
        return " UNION ALL ".join(levels) + " ORDER BY count DESC, n DESC, ngram"

    def _copy(self, sql: str, path: str | Path) -> Path:
        """Write a query's rows as CSV, as pandas writes them (``write_table``), moved into place when done."""
        from ..paths import write_atomically

        def write(tmp: Path) -> None:
            where = str(tmp).replace("'", "''")
            self.con.execute(f"COPY ({sql}) TO '{where}' ({CSV_OPTIONS})")
        return write_atomically(path, write, "the table")

    def collocations(self, min_count: int = 2, skip_stopwords: bool = True) -> pd.DataFrame:
        """Adjacent word pairs with their association measures
        (see :func:`~readouts.analyses.recurring_phrases.collocations`)."""
        s = self._stop_above(skip_stopwords)
        con = self.con
        n_total = con.execute("SELECT count(*) FROM words WHERE w1 <> 0").fetchall()[0][0]
        # one aggregation per statement: they never hold memory together
        con.execute(f"""CREATE OR REPLACE TEMP TABLE pairs AS SELECT w0, w1, count(*) AS c FROM words
                        WHERE w1 <> 0 AND w0 > {s} AND w1 > {s} GROUP BY ALL HAVING count(*) >= {int(min_count)}""")
        con.execute("CREATE OR REPLACE TEMP TABLE first AS SELECT w0, count(*) AS c FROM words WHERE w1 <> 0 GROUP BY w0")
        con.execute("CREATE OR REPLACE TEMP TABLE second AS SELECT w1, count(*) AS c FROM words WHERE w1 <> 0 GROUP BY w1")
        found = con.sql("""
            SELECT a.word AS w1, b.word AS w2, p.c AS count, f.c AS r1, x.c AS c1
            FROM pairs p JOIN first f ON f.w0 = p.w0 JOIN second x ON x.w1 = p.w1
                 JOIN vocab a ON a.id = p.w0 JOIN vocab b ON b.id = p.w1""").to_arrow_table()
        if not found.num_rows:
            table = pd.DataFrame([], columns=["w1", "w2", "count"])
            return table.assign(count_w1=[], count_w2=[], expected=[], pmi=[], t_score=[], g2=[])
        found = found.to_pandas()
        table = found[["w1", "w2", "count"]].astype({"count": "int64"})
        return _with_association(table, found.r1.to_numpy(float), found.c1.to_numpy(float), float(n_total))

    def keyness(self, target: str | list[str] | None = None, reference: str = "rest",
                min_count: int = 2) -> pd.DataFrame:
        """Words over-used in the documents ``target`` against a reference
        (see :func:`~readouts.analyses.recurring_phrases.keyness`)."""
        every = list(self._docs)
        targets = [target] if isinstance(target, str) else list(target or every)
        numbers = sorted({self._docs[d] for d in targets if d in self._docs})
        con = self.con
        con.execute("CREATE OR REPLACE TEMP TABLE target AS SELECT unnest($1::INTEGER[]) AS doc", [numbers])
        whole = len(numbers) == len(every)
        t_counts = self._word_counts("doc IN (SELECT doc FROM target)" if not whole else "TRUE")
        if reference == "general":
            r_counts, r_name = general_reference(), GENERAL_REFERENCE
        elif reference == "rest":
            r_counts = self._word_counts("doc NOT IN (SELECT doc FROM target)") if not whole else {}
            r_name = REST
            if not r_counts:
                raise ReadoutsError("keyness against the rest of the corpus needs documents outside the target; "
                                    "use reference='general' for a corpus of one document")
        else:
            raise ReadoutsError(f"keyness reference must be 'rest' or 'general', not {reference!r}")
        return _keyness_table(t_counts, r_counts, r_name, min_count)

    def _word_counts(self, where: str) -> dict[str, int]:
        rows = self.con.execute(f"SELECT v.word, c FROM (SELECT w0, count(*) AS c FROM words WHERE w0 > {self.n_stop} "
                                f"AND {where} GROUP BY w0) JOIN vocab v ON v.id = w0").fetchall()
        return dict(rows)

    def keyness_by_document(self, min_count: int = 2) -> pd.DataFrame:
        """:meth:`keyness` of each document against the rest of the corpus, one table: its rows with a
        ``doc_id`` column, documents in the order added. The same as calling ``keyness(target=d)`` for each
        document ``d`` (the same arithmetic, in DuckDB, on all documents at once)."""
        table = self.con.sql(self._keyness_by_document_sql(min_count)).to_arrow_table()
        if not table.num_rows:
            return pd.DataFrame([], columns=[*KEYNESS_COLUMNS, "reference", "doc_id"])
        return table.to_pandas().astype({"count": "int64", "count_reference": "int64"})

    def write_keyness_by_document(self, path: str | Path, min_count: int = 2) -> Path:
        """:meth:`keyness_by_document` written straight to a CSV file by DuckDB (never a DataFrame)."""
        return self._copy(self._keyness_by_document_sql(min_count), path)

    def _keyness_by_document_sql(self, min_count) -> str:
        con = self.con
        # one aggregation per statement: they never hold memory together
        con.execute(f"""CREATE OR REPLACE TEMP TABLE dw AS
                        SELECT doc, w0 AS w, count(*) AS a FROM words WHERE w0 > {self.n_stop} GROUP BY ALL""")
        con.execute("CREATE OR REPLACE TEMP TABLE tot AS SELECT w, sum(a)::BIGINT AS total FROM dw GROUP BY w")
        con.execute("CREATE OR REPLACE TEMP TABLE dt AS SELECT doc, sum(a)::BIGINT AS t FROM dw GROUP BY doc")
        alone = con.execute("""SELECT count(*) FROM docs d LEFT JOIN dt ON dt.doc = d.doc
                               WHERE coalesce(dt.t, 0) = (SELECT coalesce(sum(a), 0) FROM dw)""").fetchall()[0][0]
        if alone:              # a document holding every word: the rest of the corpus has none
            raise ReadoutsError("keyness against the rest of the corpus needs documents outside the target; "
                                "use reference='general' for a corpus of one document")
        # Python's arithmetic, step by step (int / int is a correctly rounded division, as DOUBLE / DOUBLE
        # of exact integers; DuckDB's ln and log2 are the C library's, as math.log and math.log2), and
        # numpy's rounding (half to even, as pandas rounds), so the values are those of keyness(target=d)
        return f"""
            WITH n AS (SELECT sum(a)::BIGINT AS n FROM dw),
                 x AS (SELECT dw.doc, dw.w, dw.a, tot.total - dw.a AS b, dt.t, n.n - dt.t AS r
                       FROM dw JOIN tot USING (w) JOIN dt USING (doc) CROSS JOIN n WHERE dw.a >= {int(min_count)}),
                 e AS (SELECT *, (t * (a + b))::DOUBLE / (t + r)::DOUBLE AS e1, (r * (a + b))::DOUBLE / (t + r)::DOUBLE AS e2
                       FROM x),
                 m AS (SELECT doc, w, a, b,
                              a::DOUBLE / t::DOUBLE * 1e6 AS pm, b::DOUBLE / r::DOUBLE * 1e6 AS pmr,
                              2 * (a * ln(a / e1) + CASE WHEN b > 0 THEN b * ln(b / e2) ELSE 0 END) AS g2,
                              log2((a::DOUBLE / t::DOUBLE) / ((CASE WHEN b > 0 THEN b::DOUBLE ELSE 0.5 END) / r::DOUBLE))
                                  AS log_ratio
                       FROM e)
            SELECT v.word, m.a AS count, m.b AS count_reference,
                   round_even(pm * 10.0, 0) / 10.0 AS per_million, round_even(pmr * 10.0, 0) / 10.0 AS per_million_reference,
                   round_even(g2 * 1000.0, 0) / 1000.0 AS g2, round_even(log_ratio * 1000.0, 0) / 1000.0 AS log_ratio,
                   '{REST}' AS reference, d.doc_id
            FROM m JOIN vocab v ON v.id = m.w JOIN docs d ON d.doc = m.doc
            WHERE m.log_ratio > 0
            ORDER BY m.doc, 6 DESC, v.word"""

    # -- the end -----------------------------------------------------------------------------
    def close(self) -> None:
        """Close DuckDB and remove the temporary folder."""
        if self._con is not None:
            self._con.close()
            self._con = None
        elif self._writer is not None:
            self._writer.close()
        self._writer = None
        self._tmp.cleanup()

    def __enter__(self) -> "PhraseCounts":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _with_association(table: pd.DataFrame, r1: np.ndarray, c1: np.ndarray, n: float) -> pd.DataFrame:
    """``table`` (``w1``, ``w2``, ``count``) with the association measures of
    :func:`~readouts.analyses.recurring_phrases.collocations`, sorted; numpy's arithmetic (its log differs
    from the C library's in the last bit, now and then)."""
    o11 = table["count"].to_numpy(float)
    e11 = r1 * c1 / n
    o12, o21 = r1 - o11, c1 - o11
    o22 = n - r1 - c1 + o11
    e12, e21, e22 = r1 * (n - c1) / n, (n - r1) * c1 / n, (n - r1) * (n - c1) / n
    table["count_w1"], table["count_w2"] = r1.astype(int), c1.astype(int)
    table["expected"] = e11.round(4)
    table["pmi"] = np.log2(o11 / e11).round(4)
    table["t_score"] = ((o11 - e11) / np.sqrt(o11)).round(4)
    table["g2"] = (2 * sum(_xlogx(o, e) for o, e in ((o11, e11), (o12, e12), (o21, e21), (o22, e22)))).round(4)
    return table.sort_values(["g2", "w1", "w2"], ascending=[False, True, True]).reset_index(drop=True)


def _xlogx(o: np.ndarray, e: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(o > 0, o * np.log(o / e), 0.0)


def _keyness_table(t_counts: dict, r_counts, r_name: str, min_count: int) -> pd.DataFrame:
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
    table = pd.DataFrame(rows, columns=KEYNESS_COLUMNS)
    table = table[table.log_ratio > 0].round({"per_million": 1, "per_million_reference": 1, "g2": 3,
                                              "log_ratio": 3})
    table["reference"] = r_name
    return table.sort_values(["g2", "word"], ascending=[False, True]).reset_index(drop=True)


def general_reference() -> Counter:
    """Word counts of a general English reference that works offline (see ``GENERAL_REFERENCE``)."""
    return general_english_counts()

