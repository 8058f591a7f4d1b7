"""Recurring phrases: n-grams, collocations and keyness, on the sentence table.

Words are runs of letters and digits with inner hyphens and apostrophes (``people-to-people``,
``each other's``), lower-cased; phrases never cross a sentence boundary
(:mod:`~readouts.analyses.phrase_words`).

Counting is done by DuckDB, out of core: the words go to a Parquet file in a temporary folder in
batches (:class:`PhraseCounts`, in :mod:`~readouts.analyses.phrase_counts`), and every count is an
exact ``GROUP BY`` over it that spills to disk past ``memory_limit``, so memory stays bounded whatever
the corpus size. :func:`count_corpus` (in :mod:`~readouts.analyses.phrase_stream`) streams a whole
corpus through it (with the formulations layer, on several cores); ``readouts phrases`` uses it.
Their names are importable from here, where the notebook and the command find them.

>>> import pandas as pd
>>> s = pd.DataFrame({"doc_id": ["a", "a"], "sent": [0, 1],
...                   "text": ["Manage differences properly.", "We manage differences."]})
>>> ngrams(s, n=(2, 2), min_count=2)[["ngram", "count", "documents"]].to_dict("records")
[{'ngram': 'manage differences', 'count': 2, 'documents': 1}]
"""
from __future__ import annotations

import pandas as pd

# the counting machinery lives in three modules of its own; its names are re-exported from here
from .phrase_counts import (CSV_OPTIONS, GENERAL_REFERENCE, KEYNESS_COLUMNS, MEMORY_LIMIT,  # noqa: F401
                            NGRAM_COLUMNS, REST, ROW_GROUP_WORDS, PhraseCounts, general_reference)
from .phrase_stream import CHUNK_DOCUMENTS, CorpusPhrases, count_corpus, iter_documents, write_csv  # noqa: F401
from .phrase_words import Tokens, stopwords, tokenize, words  # noqa: F401

DATA_FILES = ("stopwords.txt",)      # read by these analyses (the report lists it among its data files)


def ngrams(sentences: pd.DataFrame, n: tuple[int, int] = (2, 5), min_count: int = 2) -> pd.DataFrame:
    """N-grams of ``n[0]`` to ``n[1]`` words that neither start nor end with a stopword.

    One row per n-gram: ``ngram``, ``n``, ``count``, ``documents`` (how many documents hold it),
    most frequent first. Counted by DuckDB (:class:`PhraseCounts`): exact, memory bounded.
    """
    with PhraseCounts.from_sentences(sentences, max_n=n[1]) as counts:
        return counts.ngrams(n, min_count)


def collocations(sentences: pd.DataFrame, min_count: int = 2, skip_stopwords: bool = True) -> pd.DataFrame:
    """Adjacent word pairs with association measures.

    For each pair (w1, w2) with observed count O11, and N bigrams in all: R1 = bigrams with w1
    first, C1 = bigrams with w2 second, E11 = R1 * C1 / N. Then ``pmi`` = log2(O11 / E11),
    ``t_score`` = (O11 - E11) / sqrt(O11), and ``g2`` = 2 * sum(O * ln(O / E)) over the 2x2
    table (Dunning's log-likelihood). Pairs with a stopword are left out unless
    ``skip_stopwords=False``.
    """
    with PhraseCounts.from_sentences(sentences, max_n=2) as counts:
        return counts.collocations(min_count, skip_stopwords)


def keyness(sentences: pd.DataFrame, target: str | list[str] | None = None, reference: str = "rest",
            min_count: int = 2) -> pd.DataFrame:
    """Words over-used in ``target`` (doc ids; default: the whole corpus) against a reference.

    ``reference="rest"`` compares with the other documents of the corpus; ``"general"`` with the
    general-English word counts shipped with TextBlob (offline). One row per word: ``word``,
    ``count``, ``count_reference``, ``per_million``, ``per_million_reference``, ``g2``
    (Rayson & Garside log-likelihood), ``log_ratio`` (Hardie's binary log of the ratio of relative
    frequencies, with 0.5 added to a zero count), and ``reference`` naming it. Words more frequent
    in the target come first, by G2. Stopwords are left out.
    """
    with PhraseCounts.from_sentences(sentences, max_n=2) as counts:
        return counts.keyness(target, reference, min_count)


# -- formulations across documents ------------------------------------------------------------
def formulations_found(spans: pd.DataFrame) -> pd.DataFrame:
    """One row per formulation found: ``id``, ``canonical``, ``chinese``, ``category``, ``count``,
    ``documents``, ``variants_seen`` (the wordings found, ``|``-separated), most frequent first."""
    from ..layers.formulations import load_registry

    registry = load_registry()
    found = spans[spans.layer == "formulation"]
    rows = []
    for fid, group in found.groupby("label", sort=False):
        f = registry.get(fid)
        rows.append((fid, f.canonical, f.chinese, f.category, len(group), group.doc_id.nunique(),
                     " | ".join(dict.fromkeys(" ".join(t.split()) for t in group.text))))
    table = pd.DataFrame(rows, columns=["id", "canonical", "chinese", "category", "count", "documents",
                                        "variants_seen"])
    return table.sort_values(["count", "id"], ascending=[False, True]).reset_index(drop=True)


def _dated_documents(documents: pd.DataFrame) -> pd.DataFrame:
    docs = documents[["doc_id", "date"]].copy()
    docs["date"] = docs.date.fillna("").astype(str)
    return docs.sort_values(["date", "doc_id"]).reset_index(drop=True)


def presence_matrix(spans: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Documents (rows, by date) by formulations (columns): how often each appears, 0 when absent."""
    docs = _dated_documents(documents)
    found = spans[spans.layer == "formulation"]
    table = found.groupby(["doc_id", "label"]).size().unstack(fill_value=0)
    table = table.reindex(docs.doc_id, fill_value=0)
    order = table.sum().sort_values(ascending=False).index
    table = table[order].astype(int)
    table.index.name = "doc_id"
    table.columns.name = None
    return table


def first_last_seen(spans: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per formulation: ``first_date``, ``first_doc``, ``last_date``, ``last_doc``, ``documents``."""
    docs = _dated_documents(documents).set_index("doc_id").date
    found = spans[spans.layer == "formulation"].assign(date=lambda d: d.doc_id.map(docs))
    rows = []
    for fid, g in found.sort_values(["date", "doc_id"]).groupby("label", sort=False):
        rows.append((fid, g.date.iloc[0], g.doc_id.iloc[0], g.date.iloc[-1], g.doc_id.iloc[-1], g.doc_id.nunique()))
    table = pd.DataFrame(rows, columns=["id", "first_date", "first_doc", "last_date", "last_doc", "documents"])
    return table.sort_values(["first_date", "id"]).reset_index(drop=True)


def counts_over_time(spans: pd.DataFrame, documents: pd.DataFrame, by: str = "year") -> pd.DataFrame:
    """Formulation counts per period (``"year"`` or ``"date"``): one row per period and id."""
    docs = _dated_documents(documents).set_index("doc_id").date
    period = docs.str[:4] if by == "year" else docs
    found = spans[spans.layer == "formulation"].assign(period=lambda d: d.doc_id.map(period))
    found = found[found.period != ""]
    return (found.groupby(["period", "label"]).size().rename("count").reset_index()
            .rename(columns={"label": "id"}).sort_values(["period", "count"], ascending=[True, False])
            .reset_index(drop=True))


def top_phrases_chart(table: pd.DataFrame, top: int = 15):
    """The most frequent n-grams; returns ``(fig, data)``, or a :class:`~readouts.analyses.plots.NoChart`
    when no phrase recurs."""
    from . import plots

    data = table.head(top).reset_index(drop=True)
    if data.empty:
        return plots.NoChart("No phrase recurs in this corpus (n-grams of 2 to 5 words seen at least min_count "
                             "times, without stopwords at either end): no chart of phrases.")
    lead = data.iloc[0]
    fig, ax = plots.new_chart(f"\u201c{lead.ngram}\u201d recurs most: {lead['count']} times", "count", "",
                              "N-grams of 2 to 5 words, within sentences, without stopwords at either end.",
                              height=max(2.6, 1.2 + 0.3 * len(data)))
    ax.barh(data.ngram[::-1], data["count"][::-1], color=plots.PALETTE[0])
    ax.grid(axis="y", visible=False)
    return fig, data


def keyness_chart(table: pd.DataFrame, top: int = 20):
    """The words most over-used against the reference, by log ratio among the top G2; ``(fig, data)``, or a
    :class:`~readouts.analyses.plots.NoChart` when none stands out."""
    from . import plots

    data = table.head(top).sort_values("log_ratio", ascending=False).reset_index(drop=True)
    reference = table.reference.iloc[0] if len(table) else ""
    short = "the rest of the corpus" if reference.startswith("the rest") else "general English"
    if data.empty:
        return plots.NoChart(f"No word stands out against the reference ({reference or 'none'}): no keyness chart.")
    lead = data.iloc[0]
    fig, ax = plots.new_chart(f"\u201c{lead.word}\u201d is {2 ** lead.log_ratio:,.0f}\u00d7 as frequent as in "
                              f"{short}", "log ratio (binary log of relative frequencies)", "",
                              f"The {len(data)} words with the highest log-likelihood (G2) against {reference}; "
                              "bars show how many times more often (log2).", height=max(2.6, 1.2 + 0.28 * len(data)))
    ax.barh(data.word[::-1], data.log_ratio[::-1], color=plots.PALETTE[2])
    ax.grid(axis="y", visible=False)
    return fig, data


def findings(grams: pd.DataFrame, pairs: pd.DataFrame, key: pd.DataFrame, found: pd.DataFrame,
             presence: pd.DataFrame) -> str:
    """What the phrase tools found, as a Markdown list computed from their tables."""
    out = []
    if len(grams):
        top = grams.head(3)
        out.append("- Most repeated phrases: " + ", ".join(f"“{r.ngram}” ({r.count})" for r in top.itertuples()) + ".")
    if len(pairs):
        r = pairs.iloc[0]
        out.append(f"- Strongest collocation by G²: “{r.w1} {r.w2}” ({r['count']} times, G² {r.g2:.1f}, PMI {r.pmi:.1f}).")
    if len(key):
        words_ = ", ".join(key.word.head(5))
        out.append(f"- Key words against {key.reference.iloc[0].split(':')[0]}: {words_}.")
    if len(found):
        cats = found.groupby("category")["count"].sum().sort_values(ascending=False)
        out.append(f"- {len(found)} registered formulations, {int(found['count'].sum())} occurrences; by category: "
                   + ", ".join(f"{c} {n}" for c, n in cats.items()) + ".")
        lead = found.iloc[0]
        out.append(f"- Most frequent formulation: “{lead.canonical}” ({lead['count']} times, in {lead.documents} "
                   f"document(s)).")
    else:
        out.append("- No registered formulation appears in this corpus.")
    if len(presence) > 1 and presence.shape[1]:
        shared = int((presence > 0).all().sum())
        out.append(f"- {shared} formulation(s) appear in every document; {presence.shape[1] - shared} in some only.")
    return "\n".join(out)
