"""What a layer is: one declaration of its name, group, data files, columns, spans and needs.

A layer is a function ``run(state)`` that reads one document's sentences and adds sentence
columns and spans to ``state``. Its :class:`Layer` declaration is the only place that says what it
reads and writes: the engine's groups, the cache keys (a layer's data files and libraries) and
the report's provenance are all derived from the registered declarations.

>>> [layer.name for layer in registered()][:3]
['actors', 'speakers', 'quotes']
>>> sorted(groups())
['anatomy', 'formulations', 'policy', 'tone']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..errors import ReadoutsError
from ..matcher import tokenize
from ..read.corpus import Document, Sentence


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


@dataclass(frozen=True)
class Layer:
    """One annotation layer, declared once.

    ``group``: layers of one group run together and are cached together; a group reads only the
    document and its layers' ``data_files`` (names in ``readouts/data/``, or paths), so an edit to
    one of those files recomputes that group alone. ``columns``: the sentence-table columns it
    writes, with their pandas types; ``document_columns``: the documents-table columns; ``spans``:
    the span layers it writes; ``needs``: layers (of the same group) whose columns or notes it
    reads; ``packages``: libraries whose version its results depend on.
    """

    name: str
    run: Callable[[DocState], None]
    group: str
    data_files: tuple[str | Path, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)
    document_columns: tuple[str, ...] = ()
    spans: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()

    def __call__(self, state: DocState) -> None:
        self.run(state)


_REGISTRY: list[Layer] = []


def register(layer: Layer) -> Layer:
    """Add ``layer`` after those registered so far (it runs after the layers it needs)."""
    known = {l.name: l for l in _REGISTRY}
    if layer.name in known:
        raise ReadoutsError(f"a layer named {layer.name!r} is already registered")
    for need in layer.needs:
        if need not in known:
            raise ReadoutsError(f"layer {layer.name!r} needs {need!r}, which is not registered before it")
        if known[need].group != layer.group:
            raise ReadoutsError(f"layer {layer.name!r} needs {need!r} of group {known[need].group!r}: "
                                f"a group reads only its own layers' results, so put both in one group")
    _REGISTRY.append(layer)
    return layer


def unregister(name: str) -> None:
    """Remove the layer called ``name`` (and nothing else)."""
    _REGISTRY[:] = [l for l in _REGISTRY if l.name != name]


def registered() -> tuple[Layer, ...]:
    """Every registered layer, in the order they run."""
    return tuple(_REGISTRY)


def groups() -> dict[str, tuple[Layer, ...]]:
    """Layer groups in the order their columns appear, each with its layers in running order."""
    out: dict[str, list[Layer]] = {}
    for layer in _REGISTRY:
        out.setdefault(layer.group, []).append(layer)
    return {g: tuple(layers) for g, layers in out.items()}


def group_data_files(group: str) -> tuple[str | Path, ...]:
    """The data files a group's results depend on, each once, in order of first use."""
    return tuple(dict.fromkeys(f for l in groups()[group] for f in l.data_files))


def group_packages(group: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for l in groups()[group] for p in l.packages))


def column_types() -> dict[str, str]:
    """Every declared sentence column and its type: each chunk and every engine writes one schema."""
    return {name: kind for l in _REGISTRY for name, kind in l.columns.items()}


def data_files() -> tuple[str | Path, ...]:
    """Every data file a registered layer reads, each once."""
    return tuple(dict.fromkeys(f for l in _REGISTRY for f in l.data_files))
