"""Every notebook helper on a synthetic annotated table of 100,000 sentences in 400 documents.

No quadratic step in the analyses: each helper the notebooks call on the tables (except those of
recurring_phrases, which has its own) runs here at a hundred times a readout's size, as its notebook
calls it (:func:`readouts.analyses.synthetic.notebook_steps`), and its output is checked against a
figure computed here independently (a row count, a sum, a known value), so no step passes by doing
nothing. Nothing is timed (speed is measured by ``bench/helpers_scale.py``, never asserted): a helper
that filters the whole table once per row simply makes this file take minutes instead of seconds.
The table is built with numpy and pandas in a few seconds, without annotating anything.
"""
from __future__ import annotations

import ast
import importlib
import json
import re

import numpy as np
import pandas as pd
import pytest

from readouts.analyses import synthetic
from readouts.analyses.discovery import DISCOVERY_COLUMNS
from readouts.paths import NOTEBOOKS_DIR

N_SENTENCES = 100_000
N_DOCUMENTS = 400
CHARTED = 10            # the notebooks' max_documents_shown
LISTED = 40             # documents with a line of their own in a notebook's findings (plots.FINDINGS_LISTED)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tables = synthetic.synthetic_tables(N_SENTENCES)
    corpus = synthetic.synthetic_corpus(tables)
    steps = synthetic.notebook_steps(tables, corpus, tmp_path_factory.mktemp("helpers"))
    results, _ = synthetic.run_steps(steps)
    return tables, corpus, steps, results


@pytest.fixture(scope="module")
def facts(run):
    """What the checks compare with, computed here from the tables with plain pandas."""
    tables, _, _, results = run
    s, sp, d = tables.sentences, tables.spans, tables.documents
    body = s[s.section == "body"]
    area_sets = body.policy_areas.map(lambda v: {c for c in v.split(";") if c})
    charted = list(d.sort_values("date", kind="stable").doc_id[:CHARTED])
    numbered = set(s.doc_id[s.point.fillna(0) > 0])
    return {
        "s": s, "sp": sp, "d": d, "body": body, "area_sets": area_sets,
        "coded": int(area_sets.map(len).sum()),
        "charted": charted,
        "numbered": numbered,
        "docs_with_body": body.doc_id.nunique(),
        "speaker_label": pd.Series(np.where(s.speaker != "", s.speaker, s.speaker_role), index=s.index),
        "comparisons": results["compare.choose"], "groups": results["compare.choose[groups]"],
    }


def _side(f, c, side, table="body"):
    ids = set(c.docs(side))
    rows = f[table]
    return rows[rows.doc_id.isin(ids)]


def _labels(values):
    return np.where(values > 0.05, "cordial", np.where(values < -0.05, "firm", "neutral"))


def _per_comparison(f, group):
    return f["groups"] if group else f["comparisons"]


# -- the checks: one per step, on its output ----------------------------------------------------
def check_summary(out, f):
    assert out.startswith(f"The corpus holds {N_DOCUMENTS} documents: {int(f['d'].n_words.sum()):,} words in "
                          f"{N_SENTENCES:,} sentences")


def check_skipped(out, f):
    assert out == ""


def check_documents_view(out, f):
    assert f"{N_DOCUMENTS} rows; the first 40 are shown" in out


def check_save_chart(out, f):
    png, csv = out
    assert png.stat().st_size > 0 and len(pd.read_csv(csv)) == N_DOCUMENTS


def check_words_chart(out, f):
    assert len(out) == N_DOCUMENTS and out.n_words.sum() == f["s"].n_words.sum()


def check_paragraphs_chart(out, f):
    assert out.n_paragraphs.sum() == f["body"].groupby(["doc_id", "para"]).ngroups


def check_sentences_view(out, f):
    assert f"{N_SENTENCES:,} rows; the first 40 are shown; the page holds the first 20,000" in out


def check_document_html(out, f):
    assert len(out) == 3 and all(f"<b>doc_id</b>: {doc_id}" in page for doc_id, page in zip(f["charted"], out))


def check_more_note(out, f):
    assert out.startswith(f"*3 of {N_DOCUMENTS} documents are shown here")


def check_overview_findings(out, f):
    assert f"{len(f['body']):,} body" in out


def check_who_speaks(out, f):
    s = f["s"]
    assert out.n_sentences.sum() == N_SENTENCES
    assert len(out) == s.assign(who=f["speaker_label"]).groupby(["doc_id", "who", "speaker_role"]).ngroups


def check_who_speaks_chart(out, f):
    assert out.n_words.sum() == f["s"].n_words.sum()


def check_verb_ladder(out, f):
    assert len(out) == (f["s"].verb != "").sum() > 0


def check_verb_tiers_chart(out, f):
    assert len(out) == N_DOCUMENTS and out.n_verbs.sum() == (f["s"].verb != "").sum()


def check_documents_to_chart(out, f):
    assert out[0] == f["charted"] and out[1].startswith(f"Charted: {CHARTED} of {N_DOCUMENTS} documents")


def check_documents_to_chart_all(out, f):
    assert out == (list(f["d"].doc_id), f"Charted: all {N_DOCUMENTS} documents.")


def check_chart_names(out, f):
    assert len(set(out)) == N_DOCUMENTS


def check_verb_ladder_charts(out, f):
    s = f["s"]
    assert sum(map(len, out)) == ((s.verb != "") & s.doc_id.isin(f["charted"])).sum()


def check_quotations(out, f):
    quotes = f["sp"][f["sp"].layer == "quote"]
    assert len(out) == len(quotes) > 0 and list(out.quote) == list(quotes.text)


def check_mentioned(out, f):
    s = f["s"]
    assert out.sentences_speaking.sum() == (s.speaker != "").sum()
    assert out.sentences_mentioning.sum() == s.actors.map(lambda v: len([a for a in v.split(";") if a.strip()])).sum()


def check_annotated_html(out, f):
    s, sp = f["s"], f["sp"]
    assert len(out) == CHARTED
    assert sum(page.count("<span class='ro-sent' ") for page in out) == s.doc_id.isin(f["charted"]).sum()
    verbs = sp[(sp.layer == "verb") & sp.doc_id.isin(f["charted"])]
    assert sum(page.count("title='reporting verb: ") for page in out) == len(verbs) > 0


def check_anatomy_findings(out, f):
    lines = out.splitlines()
    assert len(lines) == LISTED + 2           # a line a document for the first 40, one for the rest, quotations
    assert lines[LISTED].startswith(f"- {N_DOCUMENTS - LISTED} more documents (each in who_speaks_by_document.csv")
    assert lines[-1].startswith(f"- {(f['sp'].layer == 'quote').sum()} quotation(s) in all")


def check_sentence_labels(out, f):
    assert len(out) == N_SENTENCES and (out.register_label == f["s"].tone_label).all()


def check_label_shares(out, f):
    assert len(out) == N_DOCUMENTS


def check_save_or_say(out, f):
    png, csv = out
    assert png.stat().st_size > 0 and len(pd.read_csv(csv)) == 14


def check_tone_arcs(out, f):
    assert sum(map(len, out)) == f["s"].doc_id.isin(f["charted"]).sum()


def check_tone_by(out, f):
    assert out.sentences.sum() == len(f["body"])


def check_disagreements(out, f):
    s = f["s"][f["s"].section != "headline"]
    register = s.tone_label.to_numpy()
    differ = (_labels(s.polarity) != register) | (_labels(s.vader) != register)
    assert len(out) == differ.sum() > 0
    sp = f["sp"]
    for row in out.sample(20, random_state=1).itertuples():         # the words of 20 sentences, looked up here
        tone = sp[(sp.doc_id == row.doc_id) & (sp.sent == row.sent) & (sp.layer == "tone")]
        register_words = tone[tone.label.str.match(r"(?:warmth|firmness|negated|appeal)")].text
        assert row.register_words == "; ".join(register_words)
        vader = tone[tone.label.str.startswith("vader")]
        assert row.vader_words == "; ".join(f"{t} ({l.split(' ')[-1]})" for t, l in zip(vader.text, vader.label))


def check_blind(out, f):
    sp = f["sp"]
    assert out["count"].sum() == ((sp.layer == "tone") & sp.label.isin(["warmth", "firmness"])).sum()


def check_read_labels(out, f):
    assert len(out) == 1000 and set(out.label) <= {"cordial", "neutral", "firm"}


def check_agreement(out, f):
    scores, compared = out
    assert len(compared) == 1000 and (scores.n == 1000).all()
    assert scores.set_index("measure").loc["register", "accuracy"] == 1.0     # the hand labels are tone_label


def check_tone_findings(out, f):
    assert "Against `synthetic`: register accuracy 1.00, Cohen's kappa 1.00 (n = 1000)" in out


def check_kwic(out, f):
    texts = f["s"].text
    for term, lines in zip(("differences", "history", "four political documents"), out):
        pattern = r"(?<!\w)" + r"\s+".join(term.split()) + r"(?!\w)"
        assert len(lines) == texts.str.count(pattern, flags=re.I).sum()
    assert len(out[1]) > 0


def check_kwic_html(out, f):
    assert [page.count("<tr>") for page in out] == [1 + min(500, n) for n in map(len, f["kwic"])]


def check_slug(out, f):
    assert out == ["differences", "history"]


def check_markdown_text(out, f):
    # one per document, in order: the synthetic ids' underscores escaped, and nothing else changed
    assert out == [i.replace("_", "\\_") for i in f["d"].doc_id]


def check_discover(out, f):
    assert list(out.columns) == DISCOVERY_COLUMNS and len(out) > 0
    assert (out.documents >= 3).all() and (out.sources >= 2).all() and out.candidate.is_unique


def check_registry_entries(out, f):
    assert out.count("\n  - id: ") == len(f["discovered"])


def check_none(out, f):
    assert out is None


def check_active_scheme(out, f):
    assert len(out.codes) == 14


def check_scheme_markdown(out, f):
    assert sum(line.startswith("| A") for line in out.splitlines()) == 14


def check_model(out, f):
    assert out.meta["rows"] == synthetic.LEARNED_FROM and out.codes


def check_apply(out, f):
    assert len(out) == N_SENTENCES and out.policy_learned_probability.notna().all()


def check_document_shares(out, f):
    assert len(out) == f["docs_with_body"] * 14 and out.n_sentences.sum() == f["coded"]


def check_cap_rollup(out, f):
    caps = f["body"].policy_cap.map(lambda v: len({c for c in v.split(";") if c}))
    assert out.n_sentences.sum() == caps.sum()


def check_share_chart(out, f):
    assert out.n_sentences.sum() == f["coded"]


def check_heatmap_point(out, f):
    body = f["body"]
    coded = f["area_sets"][body.doc_id.isin(f["numbered"])].map(len).sum()
    assert out.drop(columns=["area", "name"]).to_numpy().sum() == coded


def check_heatmap_speaker(out, f):
    assert out.drop(columns=["area", "name"]).to_numpy().sum() == f["coded"]


def check_terms(out, f):
    assert out.n.sum() == (f["sp"].layer == "policy").sum()


def check_uncoded(out, f):
    assert len(out) == (f["body"].policy_areas == "").sum()


def check_compare_learned(out, f):
    assert out.dictionary.sum() == f["coded"]


def check_documents_by_areas(out, f):
    assert out.shape == (f["docs_with_body"], 14)


def check_areas_over_time(out, f):
    assert out.n_documents.sum() == N_DOCUMENTS and out.n_sentences.sum() == len(f["body"])


def check_validation_summary(out, f):
    micro = out[out.area == "micro"].iloc[0]
    assert micro.support == f["coding_codes"]


def check_validation_markdown(out, f):
    assert out.startswith("- **synthetic_policy_coding.csv**: micro-averaged F1")


def check_policy_disagreements(out, f):
    micro = f["validation"][f["validation"].area == "micro"].iloc[0]
    n_codes = (lambda col: out[col].map(lambda v: len([c for c in v.split(";") if c])).sum())
    assert n_codes("missed") == micro.fn and n_codes("extra") == micro.fp


def check_policy_findings(out, f):
    lines = out.splitlines()
    assert len(lines) == LISTED + 3            # 40 documents, the rest, uncoded sentences, the validation sample
    assert lines[LISTED].startswith(f"- {f['docs_with_body'] - LISTED} more documents (each in area_shares_by")








def check_with_sources(out, f):
    assert len(out) == N_DOCUMENTS and (out.country != "").all()


def check_pairs(out, f):
    assert len(out) == N_DOCUMENTS // 2 and (out.days_apart == 0).all()     # two texts a meeting, three days apart
    assert set(out.doc_a) | set(out.doc_b) == set(f["d"].doc_id)


def check_choose(out, f):
    assert len(out) == 3 and all(len(c.docs_a) == len(c.docs_b) == 1 for c in out)


def check_choose_groups(out, f):
    d = f["d"]
    assert len(out) == 1
    assert set(out[0].docs_a) == set(d.doc_id[d.outlet == "xinhua"]) and set(out[0].docs_b) == set(
        d.doc_id[d.outlet == "mofa-jp"])


def check_select(out, f):
    assert out == list(f["d"].doc_id)


def check_comparisons_table(out, f):
    assert len(out) == 3


def check_sources_chart(out, f):
    assert len(out) == N_DOCUMENTS


def check_nothing(out, f):
    assert out.startswith(f"**Nothing to compare.** The corpus holds {N_DOCUMENTS} documents")


def check_headings(out, f):
    assert len(out) == 3 and all(h.startswith("#### A: ") for h in out)


def for_each(check):
    def run_all(out, f, group):
        comparisons = _per_comparison(f, group)
        assert len(out) == len(comparisons) > 0
        for result, c in zip(out, comparisons):
            check(result, f, c)
    return run_all


def check_side_documents(out, f, c):
    assert len(out) == len(c.docs_a) + len(c.docs_b)


def check_speakers(out, f, c):
    assert out.n_sentences.sum() == len(_side(f, c, "A")) + len(_side(f, c, "B"))


def check_area_shares(out, f, c):
    assert len(out) == 14
    for side in ("A", "B"):
        body = _side(f, c, side)
        assert out[f"n_{side.lower()}"].sum() == f["area_sets"][body.index].map(len).sum()


def check_areas_chart(out, f, c):
    assert out is None or (out.raised_by != "neither").all()


def check_tone(out, f, c):
    assert list(out.body_sentences) == [len(_side(f, c, "A")), len(_side(f, c, "B"))]


def check_tone_chart(out, f, c):
    assert len(out) == 2


def check_formulations(out, f, c):
    forms = f["sp"][f["sp"].layer == "formulation"]
    assert out.count_a.sum() == forms.doc_id.isin(c.docs_a).sum()
    assert out.count_b.sum() == forms.doc_id.isin(c.docs_b).sum()


def check_keyness(out, f, c):
    assert len(out) > 0 and set(out.key_for) <= {"A", "B"} and (out.groupby("key_for").size() <= 15).all()


def check_keyness_chart(out, f, c):
    assert out is None or 0 < len(out) <= 30


def check_one_sided(out, f, c):
    assert (out.groupby("code").size() <= 5).all()
    codes = f["s"].set_index(["doc_id", "sent"]).policy_areas
    assert all(r.code in codes[(r.doc_id, r.sent)].split(";") for r in out.itertuples())


def check_compare_findings(out, f, c):
    assert "Tone: " in out


CHECKS = {
    "corpus_overview.summary": check_summary,
    "corpus_overview.skipped_note": check_skipped,
    "corpus_overview.documents_view": check_documents_view,
    "plots.save_chart": check_save_chart,
    "corpus_overview.words_per_document_chart": check_words_chart,
    "corpus_overview.sentences_per_paragraph_chart": check_paragraphs_chart,
    "corpus_overview.table_view": check_sentences_view,
    "corpus_overview.document_html": check_document_html,
    "corpus_overview.more_documents_note": check_more_note,
    "corpus_overview.findings": check_overview_findings,
    "readout_anatomy.who_speaks": check_who_speaks,
    "readout_anatomy.who_speaks_chart": check_who_speaks_chart,
    "readout_anatomy.verb_ladder": check_verb_ladder,
    "readout_anatomy.verb_tiers_chart": check_verb_tiers_chart,
    "plots.documents_to_chart": check_documents_to_chart,
    "plots.documents_to_chart[all chosen]": check_documents_to_chart_all,
    "plots.doc_chart_name": check_chart_names,
    "readout_anatomy.verb_ladder_chart": check_verb_ladder_charts,
    "readout_anatomy.quotations": check_quotations,
    "readout_anatomy.mentioned_vs_speaking": check_mentioned,
    "documents.annotated_html": check_annotated_html,
    "readout_anatomy.findings": check_anatomy_findings,
    "tone.sentence_labels": check_sentence_labels,
    "tone.label_shares_chart": check_label_shares,
    "tone.tone_arc_chart": check_tone_arcs,
    "tone.tone_by[speaker]": check_tone_by,
    "tone.tone_by[point]": check_tone_by,
    "tone.disagreements": check_disagreements,
    "tone.textblob_blind": check_blind,
    "tone.read_labels": check_read_labels,
    "tone.agreement": check_agreement,
    "tone.findings": check_tone_findings,
    "kwic.kwic": check_kwic,
    "kwic.kwic_html": check_kwic_html,
    "corpus_overview.slug": check_slug,
    "markdown.markdown_text": check_markdown_text,
    "discovery.discover": check_discover,
    "discovery.as_registry_entries": check_registry_entries,
    "policy_areas.use_scheme": check_none,
    "policy_areas.active_scheme": check_active_scheme,
    "policy_areas.scheme_markdown": check_scheme_markdown,
    "learned_policy.load": check_model,
    "learned_policy.apply": check_apply,
    "policy_areas.document_shares": check_document_shares,
    "policy_areas.cap_rollup": check_cap_rollup,
    "policy_areas.share_chart": check_share_chart,
    "plots.save_or_say": check_save_or_say,
    "policy_areas.heatmap[point]": check_heatmap_point,
    "policy_areas.heatmap[speaker]": check_heatmap_speaker,
    "policy_areas.terms_table": check_terms,
    "policy_areas.uncoded": check_uncoded,
    "policy_areas.compare_learned": check_compare_learned,
    "policy_areas.documents_by_areas": check_documents_by_areas,
    "policy_areas.areas_over_time": check_areas_over_time,
    "policy_areas.validation_summary": check_validation_summary,
    "policy_areas.validation_markdown": check_validation_markdown,
    "policy_areas.disagreements": check_policy_disagreements,
    "policy_areas.findings": check_policy_findings,
    "compare.with_sources": check_with_sources,
    "compare.same_event_pairs": check_pairs,
    "compare.choose": check_choose,
    "compare.choose[groups]": check_choose_groups,
    "compare.select[doc_ids]": check_select,
    "compare.comparisons_table": check_comparisons_table,
    "compare_charts.sources_chart": check_sources_chart,
    "compare_charts.nothing_to_compare": check_nothing,
    "compare_charts.heading": check_headings,
}
PER_COMPARISON = {
    "compare.side_documents": check_side_documents,
    "compare.speakers": check_speakers,
    "compare.area_shares": check_area_shares,
    "compare_charts.areas_chart": check_areas_chart,
    "compare.tone": check_tone,
    "compare_charts.tone_chart": check_tone_chart,
    "compare_charts.formulations": check_formulations,
    "compare_charts.keyness": check_keyness,
    "compare_charts.keyness_chart": check_keyness_chart,
    "compare_charts.one_sided_sentences": check_one_sided,
    "compare_charts.findings": check_compare_findings,
}
STEP_NAMES = [*CHECKS, *(f"{name}{group}" for group in ("", "[groups]") for name in PER_COMPARISON)]


def _check(name):
    if name in CHECKS:
        return lambda out, f: CHECKS[name](out, f)
    base, _, group = name.partition("[")
    return lambda out, f: for_each(PER_COMPARISON[base])(out, f, bool(group))


@pytest.fixture(scope="module")
def context(run, facts):
    tables, _, _, results = run
    sample = results["tone.read_labels"]
    coded = facts["s"].set_index(["doc_id", "sent"]).policy_areas
    codes = [{c for c in coded[(d, s)].split(";") if c} for d, s in zip(sample.doc_id, sample.sent)]
    return {**facts, "kwic": results["kwic.kwic"], "discovered": results["discovery.discover"],
            "validation": results["policy_areas.validation_summary"], "coding_codes": sum(map(len, codes[:200]))}


@pytest.mark.parametrize("name", STEP_NAMES)
def test_helper_output(run, context, name):
    results = run[3]
    _check(name)(results[name], context)


def test_every_step_is_checked(run):
    assert [name for name, _ in run[2]] and {name for name, _ in run[2]} == set(STEP_NAMES)


def test_the_table_is_what_the_layers_give(run):
    """The synthetic tables have the annotation's columns and types, and their offsets hold their text."""
    tables, corpus, _, _ = run
    import readouts
    from readouts.paths import SEEDS_DIR

    seed = readouts.annotate(readouts.load_corpus(SEEDS_DIR))
    for name in ("sentences", "spans"):
        real, made = getattr(seed, name), getattr(tables, name)
        assert list(made.columns) == list(real.columns)
        assert [str(t) for t in made.dtypes] == [str(t) for t in real.dtypes], name
    assert set(seed.documents.columns) <= set(tables.documents.columns)
    assert len(tables.sentences) == N_SENTENCES and tables.documents.doc_id.nunique() == N_DOCUMENTS
    docs = {doc.doc_id: doc for doc in corpus}
    sample = tables.spans.sample(2000, random_state=3)
    assert all(docs[r.doc_id].text[r.start:r.end] == r.text for r in sample.itertuples())


def _notebook_helpers() -> set[str]:
    """``module.function`` of every call the notebooks make into readouts.analyses."""
    called = set()
    for path in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        cells = ["".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                 if c["cell_type"] == "code"]
        tree = ast.parse("\n".join(cells))
        modules, functions = {}, {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("readouts"):
                for a in node.names:
                    try:
                        obj = importlib.import_module(f"{node.module}.{a.name}")
                    except ImportError:
                        obj = getattr(importlib.import_module(node.module), a.name)
                    where = getattr(obj, "__name__" if hasattr(obj, "__path__") or not callable(obj)
                                    else "__module__", "")
                    if not where.startswith("readouts.analyses"):
                        continue
                    if callable(obj):
                        functions[a.asname or a.name] = f"{where.rsplit('.', 1)[1]}.{obj.__name__}"
                    else:
                        modules[a.asname or a.name] = where.rsplit(".", 1)[1]
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in modules:
                    called.add(f"{modules[f.value.id]}.{f.attr}")
                elif isinstance(f, ast.Name) and f.id in functions:
                    called.add(functions[f.id])
    return called


def test_every_notebook_helper_is_run():
    called = _notebook_helpers()
    assert {"tone.disagreements", "documents.annotated_html", "kwic.kwic"} <= called     # the parser finds them
    run_here = {name.split("[")[0] for name in STEP_NAMES}
    missing = {h for h in called if h not in run_here and h not in synthetic.NOT_ON_TABLES
               and not h.startswith("recurring_phrases.")}
    assert not missing, f"notebook helpers not run on the synthetic table: {sorted(missing)}"
