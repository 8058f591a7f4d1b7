"""``make validate``: every layer on every validation set present, written as tables and VALIDATION.md.

Writes ``build/validation/figures.csv`` (every figure: set, role, layer, measure, reader, n, value,
subset), ``errors.csv`` (every sentence a layer got wrong, with its kind), ``sets.csv`` (what ran and what
was skipped, and why; the time each took is said on the terminal, so the tables are the same every run) and ``VALIDATION.md`` (the headline table, per genre, the errors by kind).

>>> headline_rows("| set | role | layer | measure | n | Readouts |\\n|---|---|---|---|---|---|\\n| a | b | c | d | 3 | 0.5 |")
[('a', 'c', 'd', 0.5)]
"""
from __future__ import annotations

import datetime as _dt
import time
from pathlib import Path

import pandas as pd

from ...paths import BUILD_DIR, PROJ_ROOT, write_text_atomically
from ...tables import write_table
from .sets import ValidationSet, find_sets

OUT_DIR = BUILD_DIR / "validation"
VALIDATION_MD = PROJ_ROOT / "VALIDATION.md"
# the measures of the headline table, per layer (the others are in figures.csv)
HEADLINE = {
    "anatomy": ("speaker accuracy", "verb accuracy", "point accuracy"),
    "attribution": ("detection precision", "detection recall", "detection f1", "source agreement", "verb agreement"),
    "policy": ("micro precision", "micro recall", "micro f1"),
    "policy (CAP roll-up)": ("micro precision", "micro recall", "micro f1"),
    "policy (CAP scheme)": ("micro precision", "micro recall", "micro f1"),
    "tone": ("kappa", "accuracy", "firm recall"),
    "formulations": ("precision", "recall", "f1"),
}


def run_sets(sets: list[ValidationSet], progress=print) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Score every available set: ``(figures, errors, sets)``."""
    figures, errors, status = [], [], []
    for s in sets:
        if not s.available:
            status.append({"set": s.name, "role": s.role, "status": "skipped", "note": s.note})
            progress(f"validate: {s.name}: {s.note}")
            continue
        started = time.perf_counter()
        f, e = s.score()
        seconds = round(time.perf_counter() - started, 1)
        figures.append(f.assign(set=s.name, role=s.role))
        if len(e):
            errors.append(e.assign(set=s.name))
        status.append({"set": s.name, "role": s.role, "status": "scored", "note": s.description})
        progress(f"validate: {s.name} scored in {seconds} s")
    fig = pd.concat(figures, ignore_index=True) if figures else pd.DataFrame()
    if len(fig):
        fig = fig[["set", "role", "layer", "measure", "reader", "n", "value", "subset"]]
    err = pd.concat(errors, ignore_index=True) if errors else pd.DataFrame()
    return fig, err, pd.DataFrame(status)


def headline_table(figures: pd.DataFrame) -> pd.DataFrame:
    """One row per set, layer and measure: Readouts, the baselines and the human ceiling side by side."""
    rows = []
    main = figures[figures.subset == "all"]
    for (name, role, layer), part in main.groupby(["set", "role", "layer"], sort=False):
        wanted = HEADLINE.get(layer, ())
        for measure in [m for m in wanted if m in set(part.measure)] or sorted(set(part.measure)):
            here = part[part.measure == measure]
            ours = here[here.reader == "readouts"]
            if ours.empty:
                continue
            base = here[~here.reader.isin(["readouts", "human"])]
            human = here[here.reader == "human"]
            rows.append({"set": name, "role": role, "layer": layer, "measure": measure, "n": int(ours.n.iloc[0]),
                         "Readouts": ours.value.iloc[0],
                         "baseline": "; ".join(f"{r.reader} {_fmt(r.value)}" for r in base.itertuples()),
                         "human agreement": _fmt(human.value.iloc[0]) if len(human) else ""})
    return pd.DataFrame(rows)


def _fmt(value) -> str:
    return "" if value is None or pd.isna(value) else f"{float(value):.2f}"


def _md(table: pd.DataFrame) -> str:
    if table.empty:
        return "_(nothing)_\n"
    cells = [[_fmt(v) if isinstance(v, float) else str(v) for v in row] for row in table.itertuples(index=False)]
    head = "| " + " | ".join(table.columns) + " |\n|" + "---|" * len(table.columns) + "\n"
    return head + "".join("| " + " | ".join(c) + " |\n" for c in cells)


def markdown(figures: pd.DataFrame, errors: pd.DataFrame, status: pd.DataFrame, command: str) -> str:
    """VALIDATION.md: the headline table, the diplomatic set per genre, errors by kind, what was skipped."""
    today = _dt.date.today().isoformat()
    parts = [f"# Validation\n\nWritten by `{command}` on {today}. How often each reading of Readouts agrees with hand "
             "coding, beside simple baselines on the same rows and the agreement of two human coders (the ceiling). "
             "`development` sets are those the layers are developed on (figures on them are in-sample once a layer is "
             "tuned there); `held out` sets were never used to tune; `in-sample` sets were in view when the layers were "
             "written. Every figure, per genre, is in `build/validation/figures.csv`; every error in `errors.csv`.\n",
             "## Headline figures\n", _md(headline_table(figures)) if len(figures) else "_(no set present)_\n"]
    dip = figures[(figures.set == "diplomatic") & (figures.subset != "all") & (figures.reader == "readouts")] if len(figures) else figures
    if len(dip):
        keep = dip[dip.measure.isin(["speaker accuracy", "verb accuracy", "micro f1", "kappa", "f1"])]
        wide = keep.assign(column=keep.layer + ": " + keep.measure).pivot_table(
            index="subset", columns="column", values="value", aggfunc="first").reset_index().rename(columns={"subset": "genre"})
        parts += ["\n## The diplomatic development corpus by genre (Readouts)\n", _md(wide)]
    pol = figures[(figures.set == "polnear-train") & (figures.subset != "all") & (figures.reader == "readouts")] \
        if len(figures) else figures
    if len(pol):
        wide = pol.pivot_table(index="subset", columns="measure", values="value", aggfunc="first").reset_index()
        wide = wide.rename(columns={"subset": "PolNeAR articles"})
        parts += ["\n## PolNeAR: articles the attribution layer was developed on, and those held back (Readouts)\n",
                  _md(wide)]
    if len(errors):
        kinds = (errors.groupby(["set", "layer", "kind"]).size().rename("sentences").reset_index()
                 .sort_values(["set", "layer", "sentences"], ascending=[True, True, False]))
        kinds = kinds.groupby(["set", "layer"]).head(6)
        parts += ["\n## Errors by kind (the six most frequent per layer and set)\n", _md(kinds)]
    parts += ["\n## Sets\n", _md(status[["set", "role", "status", "note"]]) if len(status) else ""]
    return "\n".join(parts)


def headline_rows(text: str) -> list[tuple[str, str, str, float]]:
    """``(set, layer, measure, Readouts)`` of VALIDATION.md's headline table (what the regression test guards)."""
    rows, header = [], None
    for line in text.splitlines():
        if not line.startswith("|"):
            if header and rows:
                break
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
            continue
        if set(line.replace("|", "").strip()) <= {"-"}:
            continue
        row = dict(zip(header, cells))
        try:
            rows.append((row["set"], row["layer"], row["measure"], float(row["Readouts"])))
        except (KeyError, ValueError):
            continue
    return rows


def validate(data: str | Path | None = None, *, out_dir: str | Path = OUT_DIR, write_md: bool = True,
             polnear_limit: int | None = None, own=(), command: str = "make validate", progress=print):
    """Score every set present, write the tables (and VALIDATION.md); return the figures."""
    sets = find_sets(data, polnear_limit=polnear_limit, own=list(own))
    figures, errors, status = run_sets(sets, progress)
    out = Path(out_dir)
    for name, table in (("figures", figures), ("errors", errors), ("sets", status)):
        write_table(table, out / f"{name}.csv")
    if len(figures):
        write_table(headline_table(figures), out / "headline.csv")
    if write_md:
        write_text_atomically(VALIDATION_MD, markdown(figures, errors, status, command), "VALIDATION.md")
    return figures
