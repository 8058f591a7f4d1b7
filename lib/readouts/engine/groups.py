"""Layer groups: what runs together over one document, and what a group's run returns.

The groups come from the layers' declarations (:mod:`readouts.layers`): layers of one group read
only the document and their own data files, so each group is computed and cached on its own.

>>> group_names()
('anatomy', 'policy', 'formulations', 'tone')
"""
from __future__ import annotations

import time
import warnings
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from ..errors import ReadoutsWarning
from ..layers import DocState
from ..layers import groups as layer_groups
from ..lexicons import pinned_files
from ..read.corpus import Document, Sentence

@dataclass
class GroupResult:
    """What one group of layers found in one document."""

    columns: dict[str, list]               # sentence-table columns, one value per sentence
    spans: list[tuple]                     # (sent, layer, label, start, end)
    document: dict[str, float]             # document-level results


def group_names() -> tuple[str, ...]:
    """The layer groups, in the order their columns appear (from the layers' declarations)."""
    return tuple(layer_groups())


def group_layers(group: str) -> tuple:
    return layer_groups()[group]


# seconds spent in each group by this process (what `make bench` reports per annotator)
GROUP_SECONDS: defaultdict[str, float] = defaultdict(float)


def run_groups(doc: Document, groups: Iterable[str]) -> dict[str, GroupResult]:
    """Run the layers of ``groups`` over one document (its tokens computed once for all)."""
    out, tokens = {}, None
    with pinned_files():
        for group in groups:
            out[group], tokens = _run_group(doc, group, tokens)
    return out


def _run_group(doc: Document, group: str, tokens) -> tuple[GroupResult, list | None]:
    started = time.perf_counter()
    state = DocState(doc=doc, sentences=doc.sentences, _tokens=tokens)
    for layer in group_layers(group):
        layer(state)
    GROUP_SECONDS[group] += time.perf_counter() - started
    return GroupResult(state.columns, [s[1:6] for s in state.spans], state.document), state._tokens


def work(batch: list[tuple[Document, tuple[str, ...]]]) -> tuple[list[dict[str, GroupResult]], list[str]]:
    """The unit of work an engine runs: results for each ``(document, groups)``, and the warnings said."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReadoutsWarning)
        results = []
        for doc, groups in batch:
            unsegmented = "sentences" not in doc.__dict__          # segmenting is part of the work
            found = run_groups(doc, groups)
            if unsegmented:
                found["segment"] = segment_result(doc)
            results.append(found)
    return results, [str(w.message) for w in caught if issubclass(w.category, ReadoutsWarning)]


SENTENCE_FIELDS = ("para", "sent", "section", "start", "end", "n_words")


def segment_result(doc: Document) -> GroupResult:
    """A document's sentences as a cacheable result (and what a worker sends back)."""
    columns = {f: [getattr(s, f) for s in doc.sentences] for f in SENTENCE_FIELDS[:5]}
    return GroupResult({**columns, "n_words": list(doc.word_counts)}, [], {})


def restore_sentences(doc: Document, result: GroupResult) -> None:
    """Give ``doc`` the sentences in ``result``: no segmenting again."""
    cols = result.columns
    doc.__dict__["sentences"] = [Sentence(*row) for row in zip(*(cols[f] for f in SENTENCE_FIELDS[:5]))]
    doc.__dict__["word_counts"] = list(cols["n_words"])
