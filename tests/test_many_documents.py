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
        assert f"Drawn: the {plots.MAX_BARS} of {N_DOCUMENTS:,} documents" in caption(fig)
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
