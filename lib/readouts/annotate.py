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

from typing import Iterable

from .engine import annotate_corpus
from .engine.assemble import assemble, concat
from .engine.groups import GroupResult
from .layers import DocState, registered
from .read.corpus import Corpus, Document
from .tables import Tables


def default_layers() -> list:
    return list(registered())


def annotate_document(doc: Document, layers: Iterable | None = None) -> DocState:
    """Run every layer over one document, in order (later layers read earlier columns)."""
    state = DocState(doc=doc, sentences=doc.sentences)
    for layer in layers if layers is not None else default_layers():
        layer(state)
    return state


def annotate(corpus: Corpus | Iterable[Document], layers: Iterable | None = None, *, cache=None,
             engine: str = "local", processes: int = 1, scheduler=None, progress=None,
             scheme: str | None = None) -> Tables:
    """The documents, sentence and spans tables of a corpus, with every annotation layer.

    With the default layers it runs through :func:`readouts.engine.annotate_corpus`:
    ``cache=True`` reads and writes the project's cache, ``processes=2`` uses two cores,
    ``engine="dask"`` a Dask cluster. Spans come in corpus order, then by place in the text.
    ``scheme``: the policy scheme (``"diplomatic"``, the default, or ``"cap"``: CAP's 21 major topics).
    """
    if scheme is not None:
        from .layers.policy import scheme_file

        scheme_file(scheme)                     # an unknown name is an error before any work
        corpus = list(corpus.documents if hasattr(corpus, "documents") else corpus)
        for doc in corpus:
            doc.meta["scheme"] = scheme
    if layers is None:
        return annotate_corpus(corpus, cache=cache, engine=engine, processes=processes, scheduler=scheduler,
                               progress=progress)
    docs = list(corpus)
    results = []
    for doc in docs:
        # keep only each document's results: its tokens and matches go once it is done
        state = annotate_document(doc, list(layers))
        results.append({"layers": GroupResult(state.columns, [s[1:6] for s in state.spans], state.document)})
    return concat([assemble(docs, results)])
