"""What ``05_validation.ipynb`` shows: a chart per layer (Readouts beside its baselines and the human
ceiling), the errors that matter as sentences, and the findings in words."""
from __future__ import annotations

import pandas as pd

from .. import plots
from .run import HEADLINE, headline_table

# the one measure each layer's chart shows
KEY_MEASURE = {"anatomy": "speaker accuracy", "attribution": "detection f1", "policy": "micro f1",
               "policy (CAP roll-up)": "micro f1", "tone": "kappa", "formulations": "f1"}


def layer_chart(figures: pd.DataFrame, layer: str):
    """Bars: the layer's key measure on every set, for Readouts, each baseline and the human coders."""
    measure = KEY_MEASURE[layer]
    data = figures[(figures.layer == layer) & (figures.measure == measure) & (figures.subset == "all")]
    data = data.dropna(subset=["value"])[["set", "reader", "n", "value"]].reset_index(drop=True)
    ours = data[data.reader == "readouts"]
    best = data[~data.reader.isin(["readouts", "human"])].groupby("set").value.max()
    title = (f"{layer}: Readouts {measure} " + ", ".join(f"{v:.2f} on {s}" for s, v in zip(ours.set, ours.value))
             if len(ours) else f"{layer}: no set scored")
    beats = [s for s, v in zip(ours.set, ours.value) if s in best and v > best[s]]
    caption = (f"{measure} against hand coding, per set; beside it the simple baselines on the same rows and, where "
               f"measured, two human coders. Readouts beats the best baseline on {len(beats)} of {len(best)} set(s).")
    fig, ax = plots.new_chart(title, measure, "", caption, height=2.6 + 0.32 * max(1, len(data)))
    labels = [f"{r.set} · {r.reader}" for r in data.itertuples()]
    colours = [plots.PALETTE[0] if r == "readouts" else plots.PALETTE[2] if r == "human" else "#999999"
               for r in data.reader]
    ax.barh(range(len(data)), data.value, color=colours)
    ax.set_yticks(range(len(data)), labels)
    ax.invert_yaxis()
    ax.set_xlim(min(0.0, float(data.value.min()) if len(data) else 0.0), 1.0)
    for i, v in enumerate(data.value):
        ax.text(v, i, f" {v:.2f}", va="center", fontsize=9)
    return fig, data


def error_examples(errors: pd.DataFrame, layer: str, per_kind: int = 3, kinds: int = 5) -> pd.DataFrame:
    """The most frequent kinds of error of a layer, each with a few sentences."""
    part = errors[errors.layer == layer] if len(errors) else errors
    if part.empty:
        return pd.DataFrame(columns=["kind", "sentences", "doc_id", "gold", "readouts", "text"])
    counts = part.groupby("kind").size().sort_values(ascending=False)
    rows = []
    for kind, n in counts.head(kinds).items():
        for r in part[part.kind == kind].head(per_kind).itertuples():
            rows.append({"kind": kind, "sentences": int(n), "doc_id": r.doc_id, "gold": r.gold,
                         "readouts": r.readouts, "text": r.text})
    return pd.DataFrame(rows)


def findings(figures: pd.DataFrame) -> str:
    """One line per set and layer: Readouts' key figure, the best baseline, the human ceiling."""
    if figures.empty:
        return "- No validation set was found: nothing is measured. See the sets table for where they are looked for."
    table = headline_table(figures).rename(columns={"human agreement": "human"})
    lines = []
    for r in table.itertuples():
        if r.measure != KEY_MEASURE.get(r.layer, HEADLINE.get(r.layer, ("",))[0]):
            continue
        line = f"- **{r.set}** ({r.role}), {r.layer}: {r.measure} **{r.Readouts:.2f}** over {r.n:,}"
        if r.baseline:
            line += f"; baselines {r.baseline}"
        if r.human:
            line += f"; two human coders {r.human}"
        lines.append(line + ".")
    return "\n".join(lines)


def diplomatic_policy_rows(data=None) -> pd.DataFrame | None:
    """The hand-coded sentences of the diplomatic development corpus with their text, hand coding (``hand``)
    and the dictionary's codes (``dictionary``), or None when the texts are absent."""
    from pathlib import Path

    from ...layers.policy import code_text
    from ...paths import VALIDATION_DIR
    from .gold import split_codes
    from .sets import SHARED_VALIDATION

    texts = Path(data or SHARED_VALIDATION) / "diplomatic" / "texts"
    gold_path = VALIDATION_DIR / "diplomatic" / "gold.csv"
    if not texts.is_dir() or not gold_path.exists():
        return None
    gold = pd.read_csv(gold_path)
    read = {f: (texts / f).read_text(encoding="utf-8") for f in gold.file.unique() if (texts / f).exists()}
    gold = gold[gold.file.isin(read)]
    text = [read[f][s:e] for f, s, e in zip(gold.file, gold.start, gold.end)]
    return pd.DataFrame({"text": text, "hand": [split_codes(a) for a in gold.areas],
                         "dictionary": [set(code_text(t)) for t in text]})


def development_agreement(data: str | Path | None = None) -> pd.DataFrame:
    """The register's ``tone_label``, TextBlob and VADER against the development corpus's hand labels
    (``validation/diplomatic/gold.csv``; texts in ``../shared/validation-data`` or ``data``): kappa,
    accuracy and firm recall, overall and per genre, with two coders' agreement beside. Empty when the
    texts are not there (a user's clone has none)."""
    from pathlib import Path

    from .scoring import score_tone
    from .sets import SHARED_VALIDATION, diplomatic_coded, human_ceiling

    coded = diplomatic_coded(Path(data) if data else SHARED_VALIDATION)
    columns = ["genre", "reader", "n", "kappa", "accuracy", "firm_recall"]
    if coded is None:
        return pd.DataFrame(columns=columns)
    gold, tables, genres = coded
    figures, _ = score_tone(gold, tables.sentences, genres)
    wide = figures.pivot_table(index=["subset", "reader"], columns="measure", values="value", aggfunc="first")
    n = figures[figures.measure == "kappa"].set_index(["subset", "reader"]).n
    out = wide.assign(n=n).reset_index().rename(columns={"subset": "genre", "firm recall": "firm_recall"})
    human = pd.DataFrame([{"genre": "all", "reader": "two coders (193 sentences)", "n": 193,
                           "kappa": human_ceiling("tone", "kappa"), "accuracy": human_ceiling("tone"), "firm_recall": None}])
    out = pd.concat([out[columns], human], ignore_index=True)
    order = {"readouts": 0, "TextBlob polarity": 1, "VADER compound": 2}
    out["reader"] = out.reader.replace({"readouts": "register (tone_label)"})
    out["_g"] = out.genre.map(lambda g: "" if g == "all" else g)
    out["_r"] = out.reader.map(lambda r: order.get(r.replace("register (tone_label)", "readouts"), 3))
    return out.sort_values(["_g", "_r"]).drop(columns=["_g", "_r"]).reset_index(drop=True)
