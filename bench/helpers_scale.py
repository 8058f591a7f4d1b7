"""The notebooks' helpers on a synthetic annotated table: seconds and output rows of each.

Every helper a notebook calls on the tables (those of recurring_phrases excepted: ``make bench`` measures
them as "phrases"), called as its notebook calls it, on the synthetic corpus of
:func:`readouts.analyses.synthetic.synthetic_tables` (100,000 sentences in 400 documents by default; the
table is built with numpy and pandas, nothing is annotated). A helper linear in the rows takes about ten
times as long on ten times the rows; one that filters the whole table per row, a hundred times.

    python bench/helpers_scale.py                 # 100,000 sentences
    python bench/helpers_scale.py 10000 100000    # several sizes side by side

Figures, never assertions; ``tests/test_helpers_scale.py`` runs the same steps and checks their outputs.
"""
from __future__ import annotations

import sys
import tempfile
import time
import warnings


def _rows(result) -> int:
    """The size of a helper's output: rows of a table, the sum over a list of tables, lines of a text."""
    import pandas as pd

    if result is None:
        return 0
    if isinstance(result, (pd.DataFrame, pd.Series)):
        return len(result)
    if isinstance(result, str):
        return result.count("\n") + 1
    if isinstance(result, (list, tuple)):
        return sum(_rows(r) for r in result)
    return 1


def measure_helpers(n_sentences: int = 100_000) -> list[dict]:
    """``name``, ``seconds``, ``rows`` (the size of its output, :func:`_rows`) of every notebook helper on a
    synthetic table of ``n_sentences`` sentences, in the notebooks' order."""
    import matplotlib

    matplotlib.use("Agg")
    from readouts.analyses import synthetic

    tables = synthetic.synthetic_tables(n_sentences)
    corpus = synthetic.synthetic_corpus(tables)
    with tempfile.TemporaryDirectory() as out, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results, seconds = synthetic.run_steps(synthetic.notebook_steps(tables, corpus, out))
        return [{"name": name, "seconds": round(seconds[name], 3), "rows": _rows(results[name])} for name in seconds]


def markdown(sizes: list[int]) -> str:
    """A table of :func:`measure_helpers` at each size, one column pair per size."""
    from readouts.analyses import synthetic

    runs, built = [], []
    for n in sizes:
        started = time.perf_counter()
        synthetic.synthetic_tables(n)
        built.append(time.perf_counter() - started)
        runs.append({r["name"]: r for r in measure_helpers(n)})
    head = "| helper | " + " | ".join(f"s @ {n:,} | rows @ {n:,}" for n in sizes) + " |"
    rule = "|---|" + "---:|---:|" * len(sizes)
    lines = [f"Notebook helpers on a synthetic table ({', '.join(f'{n:,}' for n in sizes)} sentences; "
             f"built in {', '.join(f'{b:.1f}' for b in built)} s).", "", head, rule]
    for name in runs[0]:
        cells = " | ".join(f"{run[name]['seconds']:.2f} | {run[name]['rows']:,}" if name in run else "|"
                           for run in runs)
        lines.append(f"| {name} | {cells} |")
    totals = " | ".join(f"{sum(r['seconds'] for r in run.values()):.2f} | " for run in runs)
    lines.append(f"| **total** | {totals} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown([int(a.replace("_", "")) for a in sys.argv[1:]] or [100_000]))
