"""The package's floor plan: layers declared once, no import cycle, small modules, one word pattern,
every data-file source key resolved inside the repository."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import readouts
from readouts import layers
from readouts.engine.keys import group_version
from readouts.paths import DATA_DIR, PACKAGE_DIR

from toy.shouting import CALLS, make_layer


# -- a layer declares itself once --------------------------------------------------------------
@pytest.fixture
def toy_layer(tmp_path):
    data = tmp_path / "shout_words.txt"
    data.write_text("# version: 1\nchina\n", encoding="utf-8")
    layer = layers.register(make_layer(data))
    try:
        yield layer, data
    finally:
        layers.unregister("shouting")


def test_a_toy_layer_runs_is_cached_and_invalidated_by_its_data_file_with_no_other_file_edited(toy_layer, write, tmp_path):
    layer, data = toy_layer
    corpus_dir = tmp_path / "corpus"
    write("corpus/a.txt", "CHINA and Japan met. JAPAN said nothing.\n\nChina spoke.\n")
    cache = tmp_path / "cache"
    CALLS["documents"] = 0

    first = readouts.annotate(readouts.load_corpus(corpus_dir), cache=cache)
    assert first.sentences.shouted.tolist() == ["CHINA", "", ""]           # in the sentence table
    assert first.spans[first.spans.layer == "shout"].text.tolist() == ["CHINA"]   # and the spans table
    assert list(first.sentences.columns[-1:]) == ["shouted"]              # its group's columns come last
    assert CALLS["documents"] == 1
    assert "toy" in layers.groups() and (cache / "toy").is_dir()          # cached under its own group

    again = readouts.annotate(readouts.load_corpus(corpus_dir), cache=cache)
    assert CALLS["documents"] == 1                                        # read from the cache
    assert again.sentences.shouted.tolist() == first.sentences.shouted.tolist()

    before = group_version("toy")
    data.write_text("# version: 2\nchina\njapan\n", encoding="utf-8")     # an edit to its data file
    assert group_version("toy") != before
    edited = readouts.annotate(readouts.load_corpus(corpus_dir), cache=cache)
    assert CALLS["documents"] == 2                                        # recomputed
    assert edited.sentences.shouted.tolist() == ["CHINA", "JAPAN", ""]


def test_the_provenance_list_and_the_groups_come_from_the_declarations(toy_layer):
    from readouts.report.provenance import report_data_files

    layer, data = toy_layer
    assert data in report_data_files()
    assert [l.name for l in layers.groups()["toy"]] == ["shouting"]
    assert layers.column_types()["verb_tier"] == "Int64"


def test_a_layer_must_be_registered_after_what_it_needs_in_its_own_group():
    with pytest.raises(readouts.ReadoutsError, match="needs 'nothing'"):
        layers.register(layers.Layer("x", lambda s: None, group="g", needs=("nothing",)))
    with pytest.raises(readouts.ReadoutsError, match="put both in one group"):
        layers.register(layers.Layer("x", lambda s: None, group="g", needs=("actors",)))
    with pytest.raises(readouts.ReadoutsError, match="already registered"):
        layers.register(layers.Layer("tone", lambda s: None, group="tone"))
    assert "x" not in [l.name for l in layers.registered()]


def test_every_sentence_column_a_layer_writes_is_declared(seed_tables):
    declared = set(layers.column_types())
    written = set(seed_tables.sentences.columns) - {"doc_id", "para", "sent", "section", "start", "end", "text", "n_words"}
    assert written == declared
    assert set(seed_tables.spans.layer) <= {s for l in layers.registered() for s in l.spans}


# -- imports ------------------------------------------------------------------------------------
def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Every module of the package -> the package modules it imports, at module level or inside
    functions (``from .x import y`` counts as ``x``, or ``x.y`` when that is a module)."""
    modules = {_module_name(p): p for p in PACKAGE_DIR.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[:len(base) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                for alias in node.names:
                    full = f"{target}.{alias.name}"
                    edges.add(full if full in modules else target)
            elif isinstance(node, ast.Import):
                edges.update(a.name for a in node.names)
        graph[name] = {e for e in edges if e in modules and e != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_package_has_no_import_cycle_even_inside_functions():
    assert find_cycle(import_graph()) is None


def test_the_cycle_check_would_catch_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    graph = import_graph()
    assert "readouts.engine.cache" in graph["readouts.engine.run"]       # the graph sees real edges
    assert "readouts.report.build" in graph["readouts.cli"]              # including imports inside functions


# -- size and layout ----------------------------------------------------------------------------
def test_no_module_is_longer_than_400_lines_and_the_top_level_holds_at_most_15_entries():
    long = {str(p.relative_to(PACKAGE_DIR)): n for p in PACKAGE_DIR.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
    top = [p.name for p in PACKAGE_DIR.iterdir() if p.name != "__pycache__"]
    assert len(top) <= 15, sorted(top)


def test_html_css_and_javascript_are_template_files_not_python_strings():
    from readouts.report import site

    assert {"page.html", "site.css", "tables.js"} <= {p.name for p in site.TEMPLATES_DIR.iterdir()}
    for path in PACKAGE_DIR.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "<script>" not in text and "<!DOCTYPE" not in text, path


# -- one definition per concept -----------------------------------------------------------------
def test_one_word_pattern_a_decimal_number_is_one_word_everywhere(tmp_path):
    from readouts.analyses import recurring_phrases
    from readouts.read.words import WORD, count_words

    text = "Trade grew 2.5 percent, to 1,000 tonnes of China-Japan goods."
    assert count_words(text) == 10
    assert len(recurring_phrases.words(text)) == 10
    table = readouts.sentences_table(readouts.load_corpus(_write(tmp_path, text)).documents)
    assert table.n_words.tolist() == [10]
    grams = recurring_phrases.ngrams(table, n=(2, 2), min_count=1)
    assert "2.5 percent" in set(grams.ngram)
    # no module defines a word pattern of its own
    patterns = [p for p in PACKAGE_DIR.rglob("*.py") if WORD.pattern in p.read_text(encoding="utf-8")]
    assert [p.name for p in patterns] == ["words.py"]


def _write(folder: Path, text: str) -> Path:
    path = folder / "one.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_one_speaker_label_the_name_or_else_the_role(seed_tables):
    from readouts.tables import speaker_label

    labels = speaker_label(seed_tables.sentences)
    caption = seed_tables.sentences.section == "caption"
    assert labels[caption].tolist() == ["narrator"] and set(labels[~caption]) == {"Xi Jinping"}
    quotes = seed_tables.spans[seed_tables.spans.layer == "quote"]
    assert set(quotes.label) == {"Xi Jinping"}


# -- provenance ---------------------------------------------------------------------------------
SOURCE_KEY = re.compile(r"\[(S\d+[a-z]?)\]")


def source_keys_used() -> dict[str, set[str]]:
    """Every ``[Sx]`` key each data file cites."""
    return {p.name: set(SOURCE_KEY.findall(p.read_text(encoding="utf-8")))
            for p in DATA_DIR.iterdir() if p.is_file() and p.name != "SOURCES.md"}


def defined_source_keys() -> set[str]:
    text = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\|\s*(S\d+[a-z]?)\s*\|", text, re.M))


def test_every_source_key_a_data_file_cites_resolves_in_sources_md():
    defined = defined_source_keys()
    missing = {name: sorted(keys - defined) for name, keys in source_keys_used().items() if keys - defined}
    assert missing == {}
    assert sum(len(k) for k in source_keys_used().values()) > 20       # the check reads real citations


def test_the_source_check_would_catch_an_unresolved_key(tmp_path):
    assert SOURCE_KEY.findall("see [S1][S43x] and [S999]") == ["S1", "S43x", "S999"]
    assert "S999" not in defined_source_keys()
