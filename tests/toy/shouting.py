"""A toy layer, declared and registered from outside the package: the words of its data file that a
sentence holds in capitals, as a column and spans. Used by ``test_structure.py`` only."""
from __future__ import annotations

from pathlib import Path

from readouts.layers import Layer

CALLS = {"documents": 0}       # how many documents the layer has annotated in this process


def make_layer(data_file: Path) -> Layer:
    def shouting_layer(state) -> None:
        CALLS["documents"] += 1
        words = [w.strip() for w in Path(data_file).read_text(encoding="utf-8").splitlines()
                 if w.strip() and not w.startswith("#")]
        column = state.column("shouted")
        for i, (sentence, tokens) in enumerate(zip(state.sentences, state.tokens)):
            found = [(t, s, e) for t, s, e in tokens if t.isupper() and t.lower() in words]
            column[i] = ";".join(t for t, _, _ in found)
            for t, s, e in found:
                state.add_span(i, "shout", t, s, e)

    return Layer("shouting", shouting_layer, group="toy", data_files=(data_file,), columns={"shouted": "str"},
                 spans=("shout",))
