"""The one chart style of Readouts, and saving a chart with the data behind it.

Every chart: a title that states the finding, labelled axes, the Okabe-Ito palette (safe
for colour-blind readers), readable at report width, a one-sentence caption below, and its
data written as CSV beside the PNG.
"""
from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

from ..paths import write_atomically
from ..tables import write_table

# Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour-vision type.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
FIGSIZE = (8.0, 4.2)   # inches: about 800 px wide at 100 dpi, the width of a report page

STYLE = {
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


def new_chart(title: str, xlabel: str, ylabel: str, caption: str, *, height: float | None = None):
    """A figure and axes with the finding as title, labelled axes and a caption below."""
    use_style()
    fig, ax = plt.subplots(figsize=(FIGSIZE[0], height or FIGSIZE[1]), layout="constrained")
    # the finding goes in the figure's title, flush left over the whole figure
    fig.suptitle(title, x=0.01, ha="left", fontsize=13, fontweight="bold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.get_layout_engine().set(h_pad=0.15)
    fig.supxlabel(caption, x=0.01, ha="left", fontsize=9.5, color="#444444", fontstyle="italic", wrap=True)
    return fig, ax


def save_chart(fig, data: pd.DataFrame, out_dir: str | Path, name: str) -> tuple[Path, Path]:
    """Write ``<name>.png`` and the data behind it as ``<name>.csv`` into ``out_dir``."""
    out = Path(out_dir)
    png = write_atomically(out / f"{name}.png", lambda tmp: _write_png(fig, tmp), "the chart")
    csv = write_table(data, out / f"{name}.csv")
    _show_saved(fig, png)
    return png, csv


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
