"""A corpus of 20,000 small documents (a scraped folder of paragraphs): what the notebooks draw and say
stays the size of a page, and every document stays in the tables.

The tables are synthetic (:func:`readouts.analyses.synthetic.synthetic_tables`, three sentences a
document), built in seconds without annotating. Before, the verb-tiers chart of such a corpus was a
picture of a billion pixels (Pillow refused it) and each findings list had a line per document.
Nothing is timed here: ``make bench`` measures the report on 20,000 files against its annotation.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from readouts.analyses import plots, policy_areas as areas, readout_anatomy as anatomy, synthetic, tone

N_DOCUMENTS = 20_000


@pytest.fixture(scope="module")
def tables():
    return synthetic.synthetic_tables(3 * N_DOCUMENTS, n_documents=N_DOCUMENTS)


def bar_labels(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].get_yticklabels()]


def caption(fig) -> str:
    return " ".join(t.get_text() for t in fig.texts)


def test_the_verb_tiers_chart_draws_forty_bars_and_keeps_every_document(tables):
    ladder = anatomy.verb_ladder(tables.sentences)
    fig, data = anatomy.verb_tiers_chart(ladder, tables.documents)
    try:
        labels = bar_labels(fig)
        assert len(labels) == plots.MAX_BARS
        # the bars drawn are the first rows of the data: the strongest verbs on top
        assert [label.rsplit(" (", 1)[0] for label in labels] == \
            [plots.short_labels(data.doc_id.head(plots.MAX_BARS), 40)[d] for d in data.doc_id.head(plots.MAX_BARS)]
        assert f"Drawn: the top {plots.MAX_BARS} of {N_DOCUMENTS:,} documents" in caption(fig)
        assert fig.get_suptitle().split(" documents reach")[0].endswith(f" of {N_DOCUMENTS:,}")
        assert fig.get_size_inches()[1] <= 1.9 + 0.3 * plots.MAX_BARS + 1.5      # the title and caption aside
    finally:
        plt.close(fig)
    assert len(data) == N_DOCUMENTS and data.n_verbs.sum() == len(ladder)
    top = ladder.assign(t=ladder.verb_tier.astype(int)).groupby("doc_id").t.max()
    assert (data.set_index("doc_id").top_tier.reindex(top.index) == top).all()
    assert (data.top_tier[data.n_verbs == 0] == -1).all()


def test_the_tone_shares_chart_draws_the_forty_firmest(tables):
    fig, data = tone.label_shares_chart(tables.documents)
    try:
        assert len(bar_labels(fig)) == plots.MAX_BARS
        assert f"Drawn: the firmest {plots.MAX_BARS} of {N_DOCUMENTS:,} documents" in caption(fig)
    finally:
        plt.close(fig)
    assert len(data) == N_DOCUMENTS
    assert data.share_firm.head(plots.MAX_BARS).min() >= data.share_firm.iloc[plots.MAX_BARS:].max()


def test_a_saved_chart_of_20000_documents_is_a_page_high(tables, tmp_path):
    from PIL import Image

    plots.save_or_say(anatomy.verb_tiers_chart(anatomy.verb_ladder(tables.sentences), tables.documents),
                      tmp_path, "verb_tiers")
    with Image.open(tmp_path / "verb_tiers.png") as png:
        assert png.size[1] < 3_000                              # pixels: 150 dpi, about 18 inches at most
    assert len(pd.read_csv(tmp_path / "verb_tiers.csv")) == N_DOCUMENTS


def test_the_anatomy_findings_list_forty_documents_then_the_rest(tables):
    lines = anatomy.findings(tables).splitlines()
    ids = list(dict.fromkeys(tables.sentences.doc_id))
    assert [line.split("`")[1] for line in lines[:plots.FINDINGS_LISTED]] == ids[:plots.FINDINGS_LISTED]
    rest = lines[plots.FINDINGS_LISTED]
    assert rest.startswith(f"- {N_DOCUMENTS - plots.FINDINGS_LISTED:,} more documents")
    speaks = anatomy.who_speaks(tables.sentences)
    others = speaks[~speaks.doc_id.isin(ids[:plots.FINDINGS_LISTED])].drop_duplicates("doc_id")
    lead = others.speaker.value_counts()
    assert f"{lead.index[0]} carries most words in {lead.iloc[0]:,} of them" in rest
    assert len(lines) == plots.FINDINGS_LISTED + 2


def test_the_policy_findings_list_forty_documents_then_the_rest(tables):
    validation = pd.DataFrame(columns=["area", "sample", "f1", "precision", "recall"])
    lines = areas.findings(tables.sentences, validation).splitlines()
    body_docs = tables.sentences[tables.sentences.section == "body"].doc_id.nunique()
    assert len(lines) == plots.FINDINGS_LISTED + 2
    assert lines[plots.FINDINGS_LISTED].startswith(f"- {body_docs - plots.FINDINGS_LISTED:,} more documents")
    assert lines[-1].endswith("code no area (listed above for review).")


# -- many rows: read and annotated as a stream -------------------------------------------------
PARAGRAPH = ("The two sides agreed to deepen cooperation on trade, climate change and public health, and to keep "
             "in close touch on regional and international issues of common concern. " * 3)


def write_jsonl(path, n_rows: int, bad_line: int | None = None):
    import json

    with open(path, "w", encoding="utf-8") as f:
        for i in range(n_rows):
            f.write("{not json\n" if i == bad_line else
                    json.dumps({"id": f"r{i}", "date": "2024-05-01",
                                "text": f"Wang Yi said row {i} matters. " + PARAGRAPH}) + "\n")
    return path


def reading_peak(path) -> tuple[int, int]:
    """The documents of a file, read one at a time and dropped, and the peak of memory allocated meanwhile."""
    import tracemalloc

    from readouts.read.corpus import iter_documents

    tracemalloc.start()
    try:
        n = sum(1 for _ in iter_documents(path))
        return n, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reading_a_jsonl_file_takes_the_memory_of_a_row_not_of_the_file(tmp_path):
    # before, a file was read whole, decoded whole and parsed into a list of every row: 200,000 rows
    # peaked at 1.75 GB. Read as a stream, 40,000 rows peak about where 10,000 do.
    small, big = write_jsonl(tmp_path / "small.jsonl", 10_000), write_jsonl(tmp_path / "big.jsonl", 40_000)
    (n_small, peak_small), (n_big, peak_big) = reading_peak(small), reading_peak(big)
    assert (n_small, n_big) == (10_000, 40_000)
    assert peak_big < peak_small + 3_000_000        # bytes: the ids kept unique (a few dozen bytes a row)
    assert peak_big < big.stat().st_size / 4         # and a fraction of the file, which is never held whole


def test_a_bad_row_at_the_end_of_a_big_file_refuses_the_file_whole(tmp_path):
    from readouts import load_corpus

    write_jsonl(tmp_path / "rows.jsonl", 5_000, bad_line=4_999)
    (tmp_path / "good.txt").write_text("Wang Yi said the talks were useful.\n", encoding="utf-8")
    corpus = load_corpus(tmp_path, on_error="skip")
    assert [d.doc_id for d in corpus] == ["good"]        # none of the 4,999 good rows before the bad one
    assert [str(e) for e in corpus.skipped] == [f"{tmp_path / 'rows.jsonl'}: line 5000 is not valid JSON "
                                                "(Expecting property name enclosed in double quotes)"]


@pytest.mark.parametrize("processes", [1, 2])
def test_the_engine_takes_documents_from_a_stream_as_it_needs_them(tmp_path, processes):
    from readouts.engine import iter_annotated
    from readouts.read.corpus import iter_documents

    taken = []

    def stream():
        for doc in iter_documents(write_jsonl(tmp_path / "rows.jsonl", 1_000)):
            taken.append(doc.doc_id)
            yield doc
    chunks = iter_annotated(stream(), processes=processes, chunk=50)
    first = next(chunks)
    assert len(first.documents) == 50
    assert len(taken) <= 50 * (2 + 2 * processes)       # the chunks in flight, not the 1,000 documents
    assert sum(len(c.documents) for c in chunks) == 950 and len(taken) == 1_000


def test_the_language_warning_from_counts_says_what_the_whole_table_says():
    # the streamed run keeps the first five documents of each language and a count, not a row a document
    from readouts.read.language import language_warning

    table = pd.DataFrame({"doc_id": [f"d{i}" for i in range(30)],
                          "language": ["zh"] * 12 + ["en"] * 10 + ["fr"] * 1 + ["zh"] * 7})
    other = table[table.language != "en"]
    firsts = other.groupby("language").head(5)
    counts = other.language.value_counts().to_dict()
    assert language_warning(firsts, counts) == language_warning(table)
    assert "d0, d1, d2, d3, d4 and 14 more (Chinese)" in language_warning(table)
