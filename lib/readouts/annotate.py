"""Run the annotation layers over each document and assemble the tables.

The sentence table gets one column per annotation (speaker, verb, point, ...); every
stretch of text a layer found (a quote, an actor mention, a reporting verb) becomes a row
of the spans table. Those two tables are where annotations meet: notebooks, the command
line and the report all read them.

>>> from readouts import load_corpus
>>> from readouts.paths import SEEDS_DIR
>>> tables = annotate(load_corpus(SEEDS_DIR))
>>> row = tables.sentences.loc[2]
>>> row.speaker, row.verb, int(row.verb_tier)
('Xi Jinping', 'say', 0)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import pandas as pd

from .corpus import Corpus, Document, Sentence
from .matcher import tokenize

SPAN_COLUMNS = ["doc_id", "sent", "layer", "label", "start", "end", "text"]


@dataclass
class DocState:
    """What the layers know about one document while they run, in sentence order."""

    doc: Document
    sentences: list[Sentence]
    columns: dict[str, list[Any]] = field(default_factory=dict)
    spans: list[tuple] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)      # shared between layers (quote regions, ...)
    document: dict[str, Any] = field(default_factory=dict)   # document-level results, added to the documents table
    _tokens: list | None = None

    @property
    def tokens(self) -> list[list[tuple[str, int, int]]]:
        """Each sentence's tokens ``(token, start, end)``, offsets into ``doc.text``."""
        if self._tokens is None:
            self._tokens = [tokenize(self.doc.text, s.start, s.end) for s in self.sentences]
        return self._tokens

    def text(self, i: int) -> str:
        s = self.sentences[i]
        return self.doc.text[s.start:s.end]

    def column(self, name: str, default: Any = "") -> list[Any]:
        """A new sentence-table column, one value per sentence."""
        return self.columns.setdefault(name, [default] * len(self.sentences))

    def add_span(self, sent: int, layer: str, label: str, start: int, end: int) -> None:
        self.spans.append((self.doc.doc_id, sent, layer, label, start, end, self.doc.text[start:end]))


@dataclass
class Tables:
    """The annotated corpus: one row per document, per sentence and per span."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    spans: pd.DataFrame


def default_layers() -> list:
    from .layers import LAYERS
    return list(LAYERS)


def annotate_document(doc: Document, layers: Iterable | None = None) -> DocState:
    """Run every layer over one document, in order (later layers read earlier columns)."""
    state = DocState(doc=doc, sentences=doc.sentences)
    for layer in layers if layers is not None else default_layers():
        layer(state)
    return state


def annotate(corpus: Corpus | Iterable[Document], layers: Iterable | None = None, *, cache=None,
             engine: str = "local", processes: int = 1, scheduler=None, progress=None) -> Tables:
    """The documents, sentence and spans tables of a corpus, with every annotation layer.

    With the default layers it runs through :func:`readouts.engine.annotate_corpus`:
    ``cache=True`` reads and writes the project's cache, ``processes=2`` uses two cores,
    ``engine="dask"`` a Dask cluster. Spans come in corpus order, then by place in the text.
    """
    if layers is None:
        from .engine import annotate_corpus
        return annotate_corpus(corpus, cache=cache, engine=engine, processes=processes, scheduler=scheduler,
                               progress=progress)
    from .engine import GroupResult, assemble, concat

    docs = list(corpus)
    results = []
    for doc in docs:
        # keep only each document's results: its tokens and matches go once it is done
        state = annotate_document(doc, list(layers))
        results.append({"layers": GroupResult(state.columns, [s[1:6] for s in state.spans], state.document)})
    return concat([assemble(docs, results)])


def _dtype(values: list) -> str | None:
    kinds = {type(v) for v in values if v is not None}
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "Int64"              # a sentence without a value stays empty, not 0
    if kinds <= {str}:
        return "str"
    return None
