"""What every notebook does first: its output folder, the corpus, the annotated tables.

Plain functions, so a notebook's setup cell stays three lines and reads the same everywhere.

>>> from readouts.paths import SEEDS_DIR
>>> len(read_corpus(SEEDS_DIR))
1
"""
from __future__ import annotations

from pathlib import Path

from ..annotate import annotate
from ..paths import check_writable_outside_inputs
from ..read.corpus import Corpus, load_corpus
from ..tables import Tables, write_table
from . import plots


def prepare_out_dir(out_dir: str | Path, corpus_path: str | Path | None = None) -> Path:
    """Create ``out_dir`` for a notebook's tables and charts (never inside the input folder), and
    set the charts' style."""
    out = check_writable_outside_inputs(out_dir, [corpus_path] if corpus_path else [])
    out.mkdir(parents=True, exist_ok=True)
    plots.use_style()
    return out


def read_corpus(corpus_path: str | Path, on_error: str = "raise", max_mb: float = 10.0,
                name_pattern: str = "") -> Corpus:
    """The corpus a notebook's parameters name (a folder, or a .txt/.csv/.jsonl file)."""
    return load_corpus(corpus_path, on_error=on_error, max_mb=max_mb,
                       name_patterns={"custom": name_pattern} if name_pattern else None)


def annotated_tables(corpus: Corpus, out: str | Path, tables_dir: str = "", scheme: str = "diplomatic") -> Tables:
    """The documents, sentences and spans tables, through the annotation cache.

    In a report (``tables_dir`` set) the report has annotated the corpus once and written the tables
    there, so they come from the cache and nothing is written again; a notebook run alone writes
    them beside its own tables in ``out``. ``scheme``: the policy scheme (``"cap"``: CAP's major topics).
    """
    # cached in build/cache, keyed by text and lexicons (and by the scheme, when one is chosen)
    tables = annotate(corpus, cache=True, scheme=None if scheme in ("", "diplomatic") else scheme)
    if not tables_dir:
        for name in ("documents", "sentences", "spans"):
            write_table(getattr(tables, name), Path(out) / f"{name}.csv")
    return tables
