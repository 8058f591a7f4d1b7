"""Shared fixtures: the seed text, and small helpers to write fixture files into tmp_path."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import readouts
from readouts.paths import SEEDS_DIR

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SEED_NAME = "2025-10-31_xinhua_xi-jinping-meets-sanae-takaichi-apec-gyeongju.txt"


@pytest.fixture(scope="session", autouse=True)
def own_cache(tmp_path_factory):
    """The tests' annotation cache (commands, notebooks, kernels): a fresh folder, not build/cache."""
    import os

    before = os.environ.get("READOUTS_CACHE")
    os.environ["READOUTS_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop("READOUTS_CACHE", None)
    else:
        os.environ["READOUTS_CACHE"] = before


@pytest.fixture(scope="session")
def seed_path() -> Path:
    path = SEEDS_DIR / SEED_NAME
    assert path.is_file(), f"seed text missing: {path}"
    return path


@pytest.fixture(scope="session")
def seed_corpus(seed_path):
    return readouts.load_corpus(seed_path)


@pytest.fixture(scope="session")
def seed_doc(seed_corpus):
    assert len(seed_corpus) == 1
    return seed_corpus.documents[0]


@pytest.fixture(scope="session")
def seed_sentences(seed_corpus):
    return seed_corpus.sentences_table()


@pytest.fixture(scope="session")
def seed_tables(seed_corpus) -> readouts.Tables:
    """The seed annotated by every layer, once for the whole test run (read it, never change it)."""
    return readouts.annotate(seed_corpus)


@pytest.fixture
def write(tmp_path):
    """write("a/b.txt", "text" or b"bytes") -> the path, folders created; text is written
    as UTF-8 byte for byte (no newline translation)."""
    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path
    return _write


def sentence_texts(corpus_or_doc) -> list[str]:
    """The sentences of a corpus (or one document) as text."""
    docs = [corpus_or_doc] if isinstance(corpus_or_doc, readouts.Document) else list(corpus_or_doc)
    return [doc.text[s.start:s.end] for doc in docs for s in doc.sentences]


def assert_offsets_reproduce_text(corpus) -> None:
    """Every sentence-table row's text is its document's text[start:end]."""
    docs = {doc.doc_id: doc for doc in corpus}
    table = corpus.sentences_table()
    for row in table.itertuples(index=False):
        assert docs[row.doc_id].text[row.start:row.end] == row.text, row


def one_line_error(path: Path) -> str:
    """Load ``path``, expect an InputError, and check it is one line that starts with the file."""
    with pytest.raises(readouts.InputError) as err:
        readouts.load_corpus(path)
    msg = str(err.value)
    assert msg.startswith(f"{path}: ") and "\n" not in msg and err.value.path == str(path)
    return msg


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's; playwright drives it, nothing is downloaded)."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        yield b
        b.close()
