"""The one chart style of Readouts, and saving a chart with the data behind it.

Every chart: a title that states the finding, labelled axes, the Okabe-Ito palette (safe
for colour-blind readers), readable at report width, a one-sentence caption below, and its
data written as CSV beside the PNG and an SVG. A chart of one document names it (title, caption
and file name, :func:`doc_chart_name`); a chart with nothing to draw is not drawn: its function
returns a :class:`NoChart` reason, which :func:`save_or_say` prints instead.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import Formatter, MaxNLocator

from ..errors import ReadoutsError
from ..paths import write_atomically
from ..tables import write_table

# Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour-vision type.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
FIGSIZE = (8.0, 4.2)   # inches: about 800 px wide at 100 dpi, the width of a report page

STYLE = {
    "text.parse_math": False,   # a "$" in a file name or a headline is a dollar sign, never TeX
    "figure.figsize": FIGSIZE,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.titlelocation": "left",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.axisbelow": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.8,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "legend.frameon": False,
    # same bytes for the same chart: no timestamps or random ids in saved files
    "svg.hashsalt": "readouts",
    "pdf.compression": 0,
}


def use_style() -> None:
    """Apply the Readouts chart style to matplotlib."""
    matplotlib.rcParams.update(STYLE)


def new_chart(title: str, xlabel: str, ylabel: str, caption: str, *, height: float | None = None,
              width: float | None = None, subtitle: str = "", panels: tuple[int, int] = (1, 1)):
    """A figure and axes with the finding as title, labelled axes and a caption below.

    ``subtitle``: a line under the title (a chart of one document names it there); ``panels``:
    rows and columns of axes sharing both scales (then ``ax`` is an array, labels on the outer ones)."""
    use_style()
    fig, ax = plt.subplots(*panels, figsize=(width or FIGSIZE[0], height or FIGSIZE[1]), layout="constrained",
                           sharex=panels != (1, 1), sharey=panels != (1, 1), squeeze=True)
    # the finding goes in the figure's title, flush left over the whole figure
    fig.suptitle(title, x=0.01, ha="left", fontsize=13, fontweight="bold")
    if subtitle:       # plainer, under the finding: what the chart is of (one document: which)
        (ax.flat[0] if panels != (1, 1) else ax).set_title(subtitle, loc="left", fontsize=10.5, color="#333333",
                                                           pad=8)
    for a in (ax.flat if panels != (1, 1) else [ax]):
        if a.get_subplotspec().is_last_row():
            a.set_xlabel(xlabel)
        if a.get_subplotspec().is_first_col():
            a.set_ylabel(ylabel)
    fig.get_layout_engine().set(h_pad=0.15)
    fig.supxlabel(caption, x=0.01, ha="left", fontsize=9.5, color="#444444", fontstyle="italic", wrap=True)
    return fig, ax


def save_chart(fig, data: pd.DataFrame, out_dir: str | Path, name: str) -> tuple[Path, Path]:
    """Write ``<name>.png``, ``<name>.svg`` and the data behind them as ``<name>.csv`` into ``out_dir``;
    returns the PNG's and the CSV's paths."""
    out = Path(out_dir)
    png = write_atomically(out / f"{name}.png", lambda tmp: _write_png(fig, tmp), "the chart")
    # no date and a fixed id salt (svg.hashsalt): the same chart gives the same bytes
    write_atomically(out / f"{name}.svg", lambda tmp: fig.savefig(tmp, format="svg", metadata={"Date": None}),
                     "the chart")
    csv = write_table(data, out / f"{name}.csv")
    _show_saved(fig, png)
    return png, csv


class NoChart(str):
    """Why a chart is not drawn (one line): a chart function returns it instead of ``(fig, data)``
    when it has nothing to show, and :func:`save_or_say` prints it where the chart would be."""


def say(markdown: str) -> None:
    """A line of Markdown in a notebook's output (printed elsewhere)."""
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(Markdown(markdown))
    else:
        print(markdown)


def save_or_say(result, out_dir: str | Path, name: str) -> tuple[Path, Path] | None:
    """:func:`save_chart` a chart function's ``(fig, data)``, or say its :class:`NoChart` reason."""
    if isinstance(result, NoChart):
        say(f"*{result}*")
        return None
    fig, data = result
    return save_chart(fig, data, out_dir, name)


# -- charts of one document -------------------------------------------------------------------
SLUG_MAX = 80


def doc_chart_name(prefix: str, doc_id: str) -> str:
    """The file name (without suffix) of a chart of one document: ``<prefix>_<doc_id>``, the id made
    safe for any file system; a short hash of the id is added when characters had to be replaced
    or the id was cut at ``SLUG_MAX`` characters, so two ids never share a name.

    >>> doc_chart_name("verb_ladder", "JPN_80_2025")
    'verb_ladder_JPN_80_2025'
    >>> doc_chart_name("tone_arc", "Rede / 3. Oktober")
    'tone_arc_Rede-3.-Oktober-192341'
    """
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", doc_id).strip(".-_")
    if slug != doc_id or len(slug) > SLUG_MAX:
        digest = hashlib.sha256(doc_id.encode("utf-8")).hexdigest()[:6]
        slug = f"{slug[:SLUG_MAX].rstrip('.-_')}-{digest}".lstrip("-")
    return f"{prefix}_{slug}"


MAX_BARS = 40   # a chart with a bar per document draws at most this many; its CSV keeps every row
FINDINGS_LISTED = 40    # a notebook's findings give this many documents a line each, then one line for the rest


def first_bars(data: pd.DataFrame, which: str, max_bars: int = MAX_BARS) -> tuple[pd.DataFrame, str]:
    """The rows of a one-bar-per-document chart to draw: the first ``max_bars`` of ``data`` (already in
    the chart's order), and a caption sentence saying so (empty when every row is drawn). At 20,000
    documents a bar each would be a picture 100,000 pixels high that no one can read.

    >>> shown, note = first_bars(pd.DataFrame({"doc_id": list("abcde")}), "the firmest", 2)
    >>> shown.doc_id.tolist(), note
    (['a', 'b'], ' Drawn: the firmest 2 of 5 documents; every document is in the CSV beside the chart.')
    """
    if len(data) <= max_bars:
        return data, ""
    return data.head(max_bars), (f" Drawn: {which} {max_bars} of {len(data):,} documents; every document is in "
                                 "the CSV beside the chart.")


def shorten(text, width: int = 40) -> str:
    """``text`` cut to ``width`` characters with an ellipsis.

    >>> shorten("2024-01-30_whitehouse_sullivan-remarks-future-us-china-relations", 30)
    '2024-01-30_whitehouse_sulliva…'
    """
    text = " ".join(str(text if text is not None and text == text else "").split())
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def short_labels(ids, width: int = 40) -> dict[str, str]:
    """Each id :func:`shorten`-ed, kept apart: ids that shorten alike get their place in the list.

    >>> short_labels(["2023-11-15_whitehouse_readout", "2023-11-15_whitehouse_remarks", "JPN"], 20)
    {'2023-11-15_whitehouse_readout': '2023-11-15_whitehou… [1]', '2023-11-15_whitehouse_remarks': '2023-11-15_whitehou… [2]', 'JPN': 'JPN'}
    """
    short = {i: shorten(i, width) for i in ids}
    seen = pd.Series(list(short.values())).value_counts()
    return {i: f"{s} [{k + 1}]" if seen[s] > 1 else s for k, (i, s) in enumerate(short.items())}


def doc_label(documents: pd.DataFrame, doc_id: str, width: int = 90) -> str:
    """One line naming a document for a chart: its id, date and headline (shortened)."""
    row = documents.set_index("doc_id").loc[doc_id] if doc_id in set(documents.doc_id) else pd.Series(dtype=object)
    parts = [shorten(doc_id, 70)]
    date, headline = row.get("date"), row.get("headline")
    if isinstance(date, str) and date and date not in doc_id:
        parts.append(date)
    label = " \u00b7 ".join(parts)
    if isinstance(headline, str) and headline.strip():
        label += " \u00b7 " + shorten(headline, max(20, width - len(label) - 3))
    return label


def documents_to_chart(documents: pd.DataFrame, chosen: str | list[str] = "", max_n: int = 10,
                       parameter: str = "documents_charted") -> tuple[list[str], str]:
    """The documents to chart one by one, and a sentence saying which and how to chart others.

    ``chosen``: doc_ids separated by ``;`` (or a list); empty: the first ``max_n`` by date (undated
    last, then in corpus order). An unknown id is a :class:`ReadoutsError` naming a few valid ones.

    >>> docs = pd.DataFrame({"doc_id": ["b", "a", "c"], "date": ["2024-05-01", "2023-01-02", None]})
    >>> documents_to_chart(docs, "", 2)
    (['a', 'b'], 'Charted: 2 of 3 documents (the first 2 by date); set `documents_charted = "c"` to chart others.')
    """
    ids = [str(d) for d in documents.doc_id]
    wanted = [c.strip() for c in (chosen.split(";") if isinstance(chosen, str) else chosen) if c.strip()]
    if wanted:
        known = set(ids)
        unknown = [w for w in wanted if w not in known]
        if unknown:
            raise ReadoutsError(f"{parameter}: no document {', '.join(map(repr, unknown))} in the corpus; "
                                f"doc_ids are e.g. {', '.join(ids[:3])} ({len(ids)} in all, in documents.csv)")
        picked, how = list(dict.fromkeys(wanted)), f"chosen in {parameter}"
    else:
        dates = [str(d) if pd.notna(d) and str(d) else "" for d in
                 (documents.date if "date" in documents else [None] * len(ids))]
        order = sorted(range(len(ids)), key=lambda i: (dates[i] == "", dates[i], i))
        picked = [ids[i] for i in order][:max(0, int(max_n))]
        how = f"the first {len(picked)} by date"
    if len(picked) == len(ids):
        return picked, f"Charted: all {len(ids)} document{'s' if len(ids) != 1 else ''}."
    chosen_set = set(picked)
    others = [d for d in ids if d not in chosen_set][:2]
    return picked, (f"Charted: {len(picked)} of {len(ids)} documents ({how}); set "
                    f"`{parameter} = \"{'; '.join(others)}\"` to chart others.")


# -- axes -------------------------------------------------------------------------------------
class PercentTicks(Formatter):
    """Shares (0 to 1) as percent, with as many decimals as the ticks need and no more: 0%, 5%, 10%,
    or 0.0%, 2.5%, 5.0%; never a rounded label that lies about where its tick is."""

    ticks: list = []

    def set_locs(self, locs):           # the axis gives all its ticks before formatting each
        self.ticks = list(locs)

    def __call__(self, x, pos=None):
        locs = [v * 100 for v in self.ticks] or [x * 100]
        decimals = next((d for d in (0, 1, 2) if all(abs(v * 10 ** d - round(v * 10 ** d)) < 1e-6 for v in locs)), 2)
        return f"{x * 100:.{decimals}f}%"


def percent_axis(ax, axis: str = "x", data_max: float | None = None, top: float | None = None) -> None:
    """Make ``ax``'s ``axis`` a percent axis of shares with honest ticks: steps of 1, 2, 2.5 or 5 times a
    power of ten (0, 5, 10, 15, 20% or 0, 20, 40%), each label where its tick is. ``data_max``: the
    largest share drawn (the axis goes from 0 to the first tick at or above it); ``top``: a fixed end (1 for 100%)."""
    locator = MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], min_n_ticks=3)
    which = ax.xaxis if axis == "x" else ax.yaxis
    which.set_major_locator(locator)
    which.set_major_formatter(PercentTicks())
    end = top if top is not None else (locator.tick_values(0, data_max)[-1] if data_max and data_max > 0 else None)
    if end is not None:
        (ax.set_xlim if axis == "x" else ax.set_ylim)(0, float(end))


def as_date(value) -> tuple[pd.Timestamp | None, bool]:
    """A document's date as a point in time, and whether it was given to the day: a date given
    only as a year is put at mid-year, a month at mid-month.

    >>> as_date("2019"), as_date("2025-10-31"), as_date("")
    ((Timestamp('2019-07-01 00:00:00'), False), (Timestamp('2025-10-31 00:00:00'), True), (None, False))
    """
    text = str(value).strip() if value is not None and value == value else ""
    for pattern, fill in ((r"\d{4}-\d{2}-\d{2}", ""), (r"\d{4}-\d{2}", "-15"), (r"\d{4}", "-07-01")):
        if re.fullmatch(pattern, text):
            when = pd.to_datetime(text + fill, errors="coerce")
            return (None if pd.isna(when) else when), not fill
    return None, False


def date_axis(ax, axis: str = "x") -> None:
    """A real time axis: dates spaced by the time between them, labelled concisely (2019, Mar, 15)."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    which = ax.xaxis if axis == "x" else ax.yaxis
    which.set_major_locator(locator)
    which.set_major_formatter(mdates.ConciseDateFormatter(locator))


def top_columns(table: pd.DataFrame, n: int, other: str = "other") -> tuple[pd.DataFrame, list]:
    """``table`` with at most ``n`` columns: the ``n - 1`` with the largest sums, in their order, and
    ``other`` summing the rest (when there are more than ``n``); returns it and the pooled columns.

    >>> t = pd.DataFrame({"a": [1, 0], "b": [5, 5], "c": [0, 2], "d": [3, 3]})
    >>> kept, pooled = top_columns(t, 3)
    >>> kept.columns.tolist(), kept["other"].tolist(), pooled
    (['b', 'd', 'other'], [1, 2], ['a', 'c'])
    """
    if table.shape[1] <= n:
        return table, []
    ranked = table.sum().sort_values(ascending=False, kind="stable").index
    keep = [c for c in table.columns if c in set(ranked[:n - 1])]
    pooled = [c for c in table.columns if c not in keep]
    out = table[keep].copy()
    out[other] = table[pooled].sum(axis=1)
    return out, pooled


def _write_png(fig, path: Path) -> None:
    """The chart as a PNG of 256 colours: charts are flat colours and text, so the palette keeps them
    the same to the eye at about a third of the size (the report is sent by mail)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    Image.open(buffer).convert("RGB").quantize(256).save(path, format="png", optimize=True)


def _show_saved(fig, png: Path) -> None:
    """In a notebook, show the PNG just written and close the figure: rendering it a second
    time for the inline display would double the notebook's time spent on charts."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    if get_ipython() is None or "inline" not in matplotlib.get_backend():
        return
    from IPython.display import Image, display
    plt.close(fig)
    display(Image(filename=str(png)))
