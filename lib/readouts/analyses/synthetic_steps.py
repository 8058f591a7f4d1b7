"""The notebooks' helpers, called on a synthetic annotated corpus as the notebooks call them: the steps
the helpers' scale test (``tests/test_helpers_scale.py``) and benchmark (``bench/helpers_scale.py``) run
on the tables of :func:`readouts.analyses.synthetic.synthetic_tables`. Callers import these names from
:mod:`readouts.analyses.synthetic`.
"""
from __future__ import annotations

import numpy as np

from ..read.corpus import Corpus
from ..tables import Tables

LEARNED_FROM = 300              # rows the learned policy coder is fitted on (its fit is not what is measured)

# helpers the notebooks call that do not read the corpus's tables: they read files or fixed data sets
NOT_ON_TABLES = {
    "notebook.prepare_out_dir": "creates the output folder",
    "notebook.read_corpus": "reads the corpus's files",
    "notebook.annotated_tables": "annotates (through the cache): the tables themselves",
    "views.development_agreement": "reads the development corpus (../shared), a fixed data set",
    "views.diplomatic_policy_rows": "reads the development corpus (../shared), a fixed data set",
    "views.layer_chart": "charts the validation figures of the fixed validation sets",
    "views.error_examples": "reads the errors of the fixed validation sets",
    "views.findings": "reads the validation figures of the fixed validation sets",
    "run.run_sets": "scores the fixed validation sets",
    "sets.find_sets": "finds the fixed validation sets",
    "learned_policy.cross_validated_codes": "cross-validates on the development corpus's hand-coded rows",
    "learned_policy.cross_validate": "cross-validates on the development corpus's hand-coded rows",
    "learned_policy.disagreements": "compares the coders on the development corpus's hand-coded rows",
    "run.headline_table": "reads the validation figures of the fixed validation sets",
}


def notebook_steps(tables: Tables, corpus: Corpus, out_dir) -> list[tuple[str, object]]:
    """Every helper the notebooks call on the tables (``module.function``, a variant in brackets), in the
    notebooks' order, as ``(name, call)``: ``call(results)`` runs the helper as its notebook does, given
    the results of the steps before it by name. A chart's figure is closed and its data returned (or its
    :class:`~readouts.analyses.plots.NoChart` reason); a table view is rendered to HTML, as a notebook
    shows it. Files go to ``out_dir``. Left out: :mod:`~readouts.analyses.recurring_phrases` (its own
    benchmark) and the helpers of :data:`NOT_ON_TABLES`."""
    from pathlib import Path

    from . import compare as cmp, compare_charts as charts, corpus_overview as overview, discovery, documents
    from . import kwic as kw, learned_policy, plots, policy_areas as areas, readout_anatomy as anatomy, tone
    from .markdown import markdown_text

    d, s, sp = tables.documents, tables.sentences, tables.spans
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    by_id = {doc.doc_id: doc for doc in corpus}
    rng = np.random.default_rng(11)
    body = s[s.section == "body"]
    sample = body.iloc[np.sort(rng.choice(len(body), size=min(1000, len(body)), replace=False))]
    hand_tone = sample[["doc_id", "sent"]].assign(label=sample.tone_label.to_numpy(), reason="synthetic",
                                                  text=sample.text.to_numpy())
    coding = sample.head(200)[["doc_id", "sent"]].assign(areas=sample.head(200).policy_areas.to_numpy(),
                                                          reason="synthetic", text=sample.head(200).text.to_numpy())
    for table, name in ((hand_tone, "synthetic_tone_labels.csv"), (coding, "synthetic_policy_coding.csv")):
        (out / name).write_text("# version: 1\n# source: readouts.analyses.synthetic\n"
                                + table.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    codes = [set(c for c in v.split(";") if c) for v in sample.policy_areas]

    def chart(result):
        if isinstance(result, tuple):
            import matplotlib.pyplot as plt
            plt.close(result[0])
            return result[1]
        return result

    def saved(save, made, name):
        """``save`` a chart as the notebooks do, then close its figure."""
        import matplotlib.pyplot as plt
        try:
            return save(made, out, name) if save is plots.save_or_say else save(*made, out, name)
        finally:
            plt.close(made[0])

    def charts_of(make):
        return [chart(make(doc_id)) for doc_id in charted]

    def shown(view):
        return view._repr_html_()

    charted = plots.documents_to_chart(d, "", 10)[0]
    steps = [
        # 00_corpus_overview
        ("corpus_overview.summary", lambda r: overview.summary(d)),
        ("corpus_overview.skipped_note", lambda r: overview.skipped_note(corpus)),
        ("corpus_overview.documents_view", lambda r: shown(overview.documents_view(d, max_rows=40))),
        ("plots.save_chart", lambda r: saved(plots.save_chart, overview.words_per_document_chart(d), "words")),
        ("corpus_overview.words_per_document_chart", lambda r: chart(overview.words_per_document_chart(d))),
        ("corpus_overview.sentences_per_paragraph_chart",
         lambda r: chart(overview.sentences_per_paragraph_chart(s))),
        ("corpus_overview.table_view", lambda r: shown(overview.table_view(
            s[["doc_id", "para", "sent", "section", "n_words", "text"]], max_rows=40))),
        ("corpus_overview.document_html", lambda r: [overview.document_html(by_id[i]) for i in charted[:3]]),
        ("corpus_overview.more_documents_note", lambda r: overview.more_documents_note(len(corpus), 3)),
        ("corpus_overview.findings", lambda r: overview.findings(d, s)),
        # 01_readout_anatomy
        ("readout_anatomy.who_speaks", lambda r: anatomy.who_speaks(s)),
        ("readout_anatomy.who_speaks_chart", lambda r: chart(anatomy.who_speaks_chart(r["readout_anatomy.who_speaks"]))),
        ("readout_anatomy.verb_ladder", lambda r: anatomy.verb_ladder(s)),
        ("readout_anatomy.verb_tiers_chart",
         lambda r: chart(anatomy.verb_tiers_chart(r["readout_anatomy.verb_ladder"], d))),
        ("plots.documents_to_chart", lambda r: plots.documents_to_chart(d, "", 10)),
        ("plots.documents_to_chart[all chosen]", lambda r: plots.documents_to_chart(d, list(d.doc_id), 10)),
        ("plots.doc_chart_name", lambda r: [plots.doc_chart_name("verb_ladder", i) for i in d.doc_id]),
        ("readout_anatomy.verb_ladder_chart",
         lambda r: charts_of(lambda i: anatomy.verb_ladder_chart(r["readout_anatomy.verb_ladder"], i, d))),
        ("readout_anatomy.quotations", lambda r: anatomy.quotations(sp, s)),
        ("readout_anatomy.mentioned_vs_speaking", lambda r: anatomy.mentioned_vs_speaking(s)),
        ("documents.annotated_html", lambda r: [documents.annotated_html(by_id[i], s, sp, layers=("verb", "quote"),
                                                                         heading="h3") for i in charted]),
        ("readout_anatomy.findings", lambda r: anatomy.findings(tables)),
        # 02_tone
        ("tone.sentence_labels", lambda r: tone.sentence_labels(s)),
        ("tone.label_shares_chart", lambda r: chart(tone.label_shares_chart(d))),
        ("tone.tone_arc_chart", lambda r: charts_of(lambda i: tone.tone_arc_chart(s, i, d))),
        ("tone.tone_by[speaker]", lambda r: tone.tone_by(s, "speaker")),
        ("tone.tone_by[point]", lambda r: tone.tone_by(s, "point")),
        ("tone.disagreements", lambda r: tone.disagreements(s, sp)),
        ("tone.textblob_blind", lambda r: tone.textblob_blind(sp)),
        ("tone.read_labels", lambda r: tone.read_labels(out / "synthetic_tone_labels.csv")),
        ("tone.agreement", lambda r: tone.agreement(s, r["tone.read_labels"])),
        ("tone.findings", lambda r: tone.findings(s, r["tone.agreement"][0].assign(sample="synthetic"),
                                                  r["tone.textblob_blind"])),
        # 03_recurring_phrases (its own helpers left out)
        ("kwic.kwic", lambda r: [kw.kwic(corpus, t, window=6) for t in ("differences", "history",
                                                                         "four political documents")]),
        ("kwic.kwic_html", lambda r: [kw.kwic_html(lines) for lines in r["kwic.kwic"]]),
        ("corpus_overview.slug", lambda r: [overview.slug(t) for t in ("differences", "history")]),
        ("markdown.markdown_text", lambda r: [markdown_text(i) for i in d.doc_id]),
        ("discovery.discover", lambda r: discovery.discover(s, d, min_documents=3, min_sources=2)),
        ("discovery.as_registry_entries", lambda r: discovery.as_registry_entries(r["discovery.discover"])),
        # 04_policy_areas
        ("policy_areas.use_scheme", lambda r: areas.use_scheme("diplomatic")),
        ("policy_areas.active_scheme", lambda r: areas.active_scheme()),
        ("policy_areas.scheme_markdown", lambda r: areas.scheme_markdown(r["policy_areas.active_scheme"])),
        ("learned_policy.load", lambda r: learned_policy.load(learned_policy.save(
            learned_policy.fit(list(sample.text.iloc[:LEARNED_FROM]), codes[:LEARNED_FROM]),
            out / "synthetic_policy_model.json"))),
        ("learned_policy.apply", lambda r: learned_policy.apply(r["learned_policy.load"], s)),
        ("policy_areas.document_shares", lambda r: areas.document_shares(s)),
        ("policy_areas.cap_rollup", lambda r: areas.cap_rollup(s)),
        ("policy_areas.share_chart", lambda r: chart(areas.share_chart(s))),
        ("plots.save_or_say", lambda r: saved(plots.save_or_say, areas.share_chart(s), "area_shares")),
        ("policy_areas.heatmap[point]", lambda r: chart(areas.heatmap(s, "point"))),
        ("policy_areas.heatmap[speaker]", lambda r: chart(areas.heatmap(s, "speaker"))),
        ("policy_areas.terms_table", lambda r: areas.terms_table(sp)),
        ("policy_areas.uncoded", lambda r: areas.uncoded(s)),
        ("policy_areas.compare_learned", lambda r: areas.compare_learned(r["learned_policy.apply"])),
        ("policy_areas.documents_by_areas", lambda r: areas.documents_by_areas(r["policy_areas.document_shares"])),
        ("policy_areas.areas_over_time", lambda r: chart(areas.areas_over_time(s, d))),
        ("policy_areas.validation_summary", lambda r: areas.validation_summary([out / "synthetic_policy_coding.csv"])),
        ("policy_areas.validation_markdown", lambda r: areas.validation_markdown(r["policy_areas.validation_summary"])),
        ("policy_areas.disagreements", lambda r: areas.disagreements([out / "synthetic_policy_coding.csv"])),
        ("policy_areas.findings", lambda r: areas.findings(s, r["policy_areas.validation_summary"])),
        # 06_compare
        ("compare.with_sources", lambda r: cmp.with_sources(d)),
        ("compare.same_event_pairs", lambda r: cmp.same_event_pairs(d, sp, s)),
        ("compare.choose", lambda r: cmp.choose(d, r["compare.same_event_pairs"], "", "", 3)),
        ("compare.choose[groups]", lambda r: cmp.choose(d, r["compare.same_event_pairs"], "outlet=xinhua",
                                                        "outlet=mofa-jp")),
        ("compare.select[doc_ids]", lambda r: cmp.select(d, ";".join(d.doc_id))),
        ("compare.comparisons_table", lambda r: cmp.comparisons_table(r["compare.choose"])),
        ("compare_charts.sources_chart", lambda r: chart(charts.sources_chart(d, r["compare.same_event_pairs"]))),
        ("compare_charts.nothing_to_compare", lambda r: charts.nothing_to_compare(d, r["compare.same_event_pairs"])),
        ("compare_charts.heading", lambda r: [charts.heading(c) for c in r["compare.choose"]]),
    ]
    for group in ("", "[groups]"):
        key = f"compare.choose{group}"

        def each(f, key=key):
            return lambda r: [f(c, r) for c in r[key]]

        steps += [
            (f"compare.side_documents{group}", each(lambda c, r: cmp.side_documents(d, c))),
            (f"compare.speakers{group}", each(lambda c, r: cmp.speakers(s, c))),
            (f"compare.area_shares{group}", each(lambda c, r: cmp.area_shares(s, c))),
            (f"compare_charts.areas_chart{group}",
             each(lambda c, r: chart(charts.areas_chart(cmp.area_shares(s, c), c)))),
            (f"compare.tone{group}", each(lambda c, r: cmp.tone(s, c))),
            (f"compare_charts.tone_chart{group}", each(lambda c, r: chart(charts.tone_chart(cmp.tone(s, c), c)))),
            (f"compare_charts.formulations{group}", each(lambda c, r: charts.formulations(sp, c))),
            (f"compare_charts.keyness{group}", each(lambda c, r: charts.keyness(s, c, min_count=2, top_n=15))),
            (f"compare_charts.keyness_chart{group}",
             each(lambda c, r: chart(charts.keyness_chart(charts.keyness(s, c, min_count=2, top_n=15), c, top=15)))),
            (f"compare_charts.one_sided_sentences{group}",
             each(lambda c, r: charts.one_sided_sentences(s, cmp.area_shares(s, c), c, n=5))),
            (f"compare_charts.findings{group}", each(lambda c, r: charts.findings(
                c, cmp.area_shares(s, c), cmp.tone(s, c), charts.formulations(sp, c),
                charts.keyness(s, c, min_count=2), cmp.speakers(s, c)))),
        ]
    return steps


def run_steps(steps, say=None) -> tuple[dict, dict]:
    """Run :func:`notebook_steps` in order; returns ``(results, seconds)`` by step name. ``say(name, seconds,
    result)`` is called after each step."""
    import time

    results, seconds = {}, {}
    for name, call in steps:
        started = time.perf_counter()
        results[name] = call(results)
        seconds[name] = time.perf_counter() - started
        if say:
            say(name, seconds[name], results[name])
    return results, seconds
