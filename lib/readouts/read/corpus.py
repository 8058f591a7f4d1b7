"""Load texts into documents: seed-format news reports, plain text, CSV and JSONL.

>>> corpus = load_corpus(SEEDS_DIR)
>>> corpus.documents_table()[["date", "outlet", "place", "n_sentences"]].to_dict("records")
[{'date': '2025-10-31', 'outlet': 'Xinhua', 'place': 'GYEONGJU, South Korea', 'n_sentences': 21}]

A document keeps its text as read (decoded, newlines normalised, hard-wrapped lines joined,
paragraphs separated by a blank line) and knows its paragraphs and sentences as offsets
into that text, so ``doc.text[start:end]`` is always the sentence as written.
"""
from __future__ import annotations

import os
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError, InputErrors, ReadoutsError, ReadoutsWarning
from .formats import READERS, Record, news, patterns
from .formats.records import check_not_empty
from .files import find_files, printable  # noqa: F401  (where callers have always found them)
from .formats.encoding import normalize_counting
from .words import WORD
from ..paths import SEEDS_DIR
from .segment import sentence_spans, split_paragraphs

SECTIONS = ("headline", "caption", "body")
# One document larger than this is almost always many documents pasted together (or not
# text); annotating 10 MB takes about a minute, so a bigger one is refused unless asked for.
MAX_DOCUMENT_MB = 10.0
# A sentence this long has lost its punctuation (a table, a list, an OCR dump): say so.
LONG_SENTENCE = 5_000


@dataclass(frozen=True)
class Paragraph:
    para: int          # 0-based, per document
    section: str       # "headline", "caption" or "body"
    start: int         # the paragraph in Document.text
    end: int
    text_start: int    # where its sentences may lie: after a dateline, before a photo credit
    text_end: int


@dataclass(frozen=True)
class Sentence:
    para: int
    sent: int          # 0-based, per document
    section: str
    start: int
    end: int


@dataclass
class Document:
    doc_id: str
    path: str
    text: str
    paragraphs: list[Paragraph]
    sha256: str
    source_format: str
    date: str | None = None
    headline: str | None = None
    outlet: str | None = None
    place: str | None = None
    caption: str | None = None
    photo_credit: str | None = None
    dateline: str | None = None
    meta: dict[str, str] = field(default_factory=dict)   # further metadata (file name, CSV columns)

    @cached_property
    def sentences(self) -> list[Sentence]:
        out: list[Sentence] = []
        for p in self.paragraphs:
            spans = ([(p.text_start, p.text_end)] if p.section == "headline"
                     else sentence_spans(self.text, p.text_start, p.text_end))
            first = len(out)
            out.extend(Sentence(p.para, first + i, p.section, s, e) for i, (s, e) in enumerate(spans))
        long = [s for s in out if s.end - s.start > LONG_SENTENCE]
        if long:
            longest = max(long, key=lambda s: s.end - s.start)
            warnings.warn(f"{self.path}: {len(long)} sentence(s) longer than {LONG_SENTENCE:,} characters "
                          f"(the longest {longest.end - longest.start:,}, sentence {longest.sent + 1}): text "
                          f"without sentence punctuation? Each is analysed as one sentence",
                          ReadoutsWarning, stacklevel=2)
        return out

    @cached_property
    def word_counts(self) -> list[int]:
        """Words in each sentence (as :func:`readouts.tables.count_words` counts them)."""
        findall = WORD.findall
        return [len(findall(self.text, s.start, s.end)) for s in self.sentences]

    @classmethod
    def from_path(cls, path: str | Path, **options) -> "Document":
        """The one document in a text file (use :func:`load_corpus` for CSV/JSONL/folders)."""
        docs = load_corpus(path, **options).documents
        if len(docs) != 1:
            raise InputError(path, f"holds {len(docs)} documents; use load_corpus()")
        return docs[0]


def build_document(record: Record, doc_id: str) -> Document:
    """Parse one record's text: header, paragraphs, caption and credit, dateline."""
    raw, removed = normalize_counting(record.text)
    if removed:
        warnings.warn(f"{record.path}: removed {removed} control or invisible character(s) "
                      f"(zero-width spaces, soft hyphens, control codes) that would split words",
                      ReadoutsWarning, stacklevel=3)
    meta = dict(record.meta)
    headline, date = meta.pop("headline", None), None
    first, _, rest = raw.lstrip("\n").partition("\n")
    header = news.parse_header(first) if record.source_format == "text" else None
    if header:
        raw, headline, date = rest, header.headline, header.date
        if header.date is None:
            warnings.warn(f"{record.path}: the header's date {header.raw_date!r} is not a real date "
                          f"(YYYY-MM-DD); the date is left empty", ReadoutsWarning, stacklevel=3)
    paragraphs = split_paragraphs(raw)
    if not paragraphs and not headline:
        raise InputError(record.path, "no text (only whitespace)")
    if not paragraphs:
        warnings.warn(f"{record.path}: a header and no body; only the headline is analysed",
                      ReadoutsWarning, stacklevel=3)

    pieces: list[tuple[str, str, int, int]] = []      # (section, text, text_start, text_end) in-paragraph
    if headline:
        pieces.append(("headline", headline, 0, len(headline)))
    caption = photo_credit = dateline = place = outlet = None
    seen_body = False
    for para in paragraphs:
        credit = None if seen_body else news.find_photo_credit(para)
        if credit:
            pieces.append(("caption", para, 0, credit.start))
            if caption is None:
                caption, photo_credit, outlet = para[:credit.start].strip(), credit.credit, credit.outlet
            continue
        start = 0
        if not seen_body and (found := news.find_dateline(para)):
            dateline, place, start = found.dateline, found.place, found.end
            outlet = found.outlet or outlet
        seen_body = True
        pieces.append(("body", para, start, len(para)))

    text_parts, paras, offset = [], [], 0
    for i, (section, para, s, e) in enumerate(pieces):
        paras.append(Paragraph(i, section, offset, offset + len(para), offset + s, offset + e))
        text_parts.append(para)
        offset += len(para) + 2
    return Document(
        doc_id=doc_id, path=record.path, text="\n\n".join(text_parts), paragraphs=paras,
        sha256=record.sha256, source_format=record.source_format,
        date=date or news.iso_date(meta.get("date", "")) or meta.get("date") or None,
        headline=headline, outlet=outlet or meta.get("outlet"), place=place or meta.get("place"),
        caption=caption or meta.get("caption"), photo_credit=photo_credit or meta.get("photo_credit"),
        dateline=dateline,
        meta={k: v for k, v in meta.items() if k not in ("date", "outlet", "place", "caption", "photo_credit")},
    )


def iter_records(files: list[Path], *, name_patterns=None, text_column: str | None = None,
                 on_error: str = "raise", skipped: list | None = None,
                 max_mb: float = MAX_DOCUMENT_MB) -> Iterator[Record]:
    """Read each file into records, one at a time; with ``on_error="skip"``, bad files go to ``skipped``
    (a file is checked whole before its first record: none of a bad file's records is given)."""
    name_patterns = _compile_patterns(name_patterns)
    for path in files:
        try:
            check_not_empty(path)
            reader = READERS[path.suffix.lower()]
            kwargs = {"text_column": text_column} if reader is not READERS[".txt"] else {}
            records = reader(path, name_patterns, max_mb=max_mb, **kwargs)
            first = next(records, None)           # every check of the file is made before its first record
            if first is not None:
                yield first
                yield from records
        except InputError as err:
            if on_error != "skip":
                raise
            if skipped is not None:
                skipped.append(err)


def _compile_patterns(name_patterns) -> dict[str, re.Pattern[str]]:
    """The user's file-name patterns first, then the built-in ones."""
    compiled = {}
    for name, p in dict(name_patterns or {}).items():
        try:
            compiled[name] = re.compile(p) if isinstance(p, str) else p
        except re.error as err:
            raise ReadoutsError(f"file-name pattern {p!r} is not a valid regular expression ({err})") from None
        if not compiled[name].groupindex:
            raise ReadoutsError(f"file-name pattern {p!r} has no named groups, such as (?P<date>...)")
    return {**compiled, **patterns.FILENAME_PATTERNS}


def _unique(name: str, used: Counter) -> str:
    used[name] += 1
    if used[name] == 1:
        return name
    candidate = f"{name}-{used[name]}"
    while candidate in used:           # "a-2" might be a real stem too
        used[name] += 1
        candidate = f"{name}-{used[name]}"
    used[candidate] += 1
    return candidate


# -- the corpus -------------------------------------------------------------------------
class Corpus:
    """The documents read from some files, with what was skipped or ignored on the way."""

    def __init__(self, documents: list[Document], *, skipped: list[InputError] | None = None,
                 ignored: list[Path] | None = None):
        self.documents = documents
        self.skipped = skipped or []
        self.ignored = ignored or []

    def __len__(self) -> int:
        return len(self.documents)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __getitem__(self, key: int | str) -> Document:
        if isinstance(key, str):
            for doc in self.documents:
                if doc.doc_id == key:
                    return doc
            raise KeyError(key)
        return self.documents[key]

    def __repr__(self) -> str:
        return f"<Corpus: {len(self.documents)} documents>"

    @classmethod
    def from_path(cls, path: str | Path, **options) -> "Corpus":
        return load_corpus(path, **options)

    @classmethod
    def from_dir(cls, path: str | Path = SEEDS_DIR, **options) -> "Corpus":
        if not Path(path).is_dir():
            raise InputError(path, "not a folder")
        return load_corpus(path, **options)

    def documents_table(self):
        from ..tables import documents_table
        return documents_table(self)

    def sentences_table(self):
        from ..tables import sentences_table
        return sentences_table(self)


def load_corpus(path_or_paths: str | Path | Iterable[str | Path] = SEEDS_DIR, *,
                name_patterns: dict | None = None, text_column: str | None = None,
                on_error: str = "raise", max_mb: float = MAX_DOCUMENT_MB) -> Corpus:
    """Read a folder (searched recursively), a file, or a list of them into a :class:`Corpus`.

    - ``.txt``: the seed format (first line ``" date YYYY-MM-DD <headline>"``) or plain text,
      with metadata from the file name by the first pattern that matches its stem
      (``name_patterns``: name -> regex with named groups, tried before the built-in ones:
      ``ISO3_NN_YYYY`` of the UN General Debate corpus and ``YYYY-MM-DD_outlet_subject``).
    - ``.csv`` / ``.jsonl``: one document per row, text in ``text_column`` (default: the first
      of text, body, content, speech, transcript), other columns as metadata.

    A file that cannot be read raises :class:`InputError` (one line: the file and the
    problem), after every file has been tried; several such files raise :class:`InputErrors`
    (one line each). With ``on_error="skip"`` they are left out and listed in ``corpus.skipped``.
    A document over ``max_mb`` megabytes is refused (see :data:`MAX_DOCUMENT_MB`).
    Files of other types in a folder are left out, listed in ``corpus.ignored`` and named
    in a warning.

    >>> load_corpus(SEEDS_DIR)
    <Corpus: 1 documents>
    """
    skipped: list[InputError] = []
    ignored: list[Path] = []
    documents = list(iter_documents(path_or_paths, name_patterns=name_patterns, text_column=text_column,
                                    on_error=on_error, max_mb=max_mb, skipped=skipped, ignored=ignored))
    return Corpus(documents, skipped=skipped, ignored=ignored)


def iter_documents(path_or_paths: str | Path | Iterable[str | Path] = SEEDS_DIR, *,
                   name_patterns: dict | None = None, text_column: str | None = None, on_error: str = "raise",
                   max_mb: float = MAX_DOCUMENT_MB, skipped: list | None = None,
                   ignored: list | None = None) -> Iterator[Document]:
    """The documents of :func:`load_corpus`, one at a time, none kept (for corpora too big to hold). Every
    file is tried; bad ones raise as ``load_corpus`` raises them, after the last document (with
    ``on_error="skip"`` they go to ``skipped``); files of other types go to ``ignored``, named in a warning.

    >>> [d.doc_id for d in iter_documents(SEEDS_DIR)] == [d.doc_id for d in load_corpus(SEEDS_DIR)]
    True
    """
    if on_error not in ("raise", "skip"):
        raise ValueError("on_error must be 'raise' or 'skip'")
    files, paths = corpus_files(path_or_paths, ignored)
    yield from documents_of(files, paths, name_patterns=name_patterns, text_column=text_column,
                            on_error=on_error, max_mb=max_mb, skipped=skipped)


def corpus_files(path_or_paths, ignored: list | None = None) -> tuple[list[Path], list]:
    """The files Readouts reads under the paths, and the paths as a list; files of other types go to
    ``ignored``, named in one warning."""
    paths = [path_or_paths] if isinstance(path_or_paths, (str, os.PathLike)) else list(path_or_paths)
    if not paths:
        raise ReadoutsError("no corpus path given")
    files, other = find_files(paths)
    if ignored is not None:
        ignored.extend(other)
    if other:
        kinds = Counter(p.suffix or p.name for p in other)
        names = ", ".join(p.name for p in other[:5]) + (", ..." if len(other) > 5 else "")
        warnings.warn(f"ignored {len(other)} file(s) Readouts does not read ("
                      + ", ".join(f"{k} ×{n}" for k, n in sorted(kinds.items()))
                      + f": {names}) under {', '.join(str(p) for p in paths)}", ReadoutsWarning, stacklevel=4)
    return files, paths


def documents_of(files: list[Path], paths: list, *, name_patterns: dict | None = None, text_column: str | None = None,
                 on_error: str = "raise", max_mb: float = MAX_DOCUMENT_MB,
                 skipped: list | None = None) -> Iterator[Document]:
    """The documents of ``files`` (found under ``paths`` by :func:`corpus_files`), one at a time."""
    # every file is tried, so that one run names every bad file, not only the first
    bad: list[InputError] = [] if skipped is None else skipped
    used, n_docs = Counter(), 0
    for record in iter_records(files, name_patterns=name_patterns, text_column=text_column,
                               on_error="skip", skipped=bad, max_mb=max_mb):
        try:
            document = build_document(record, _unique(record.name, used))
        except InputError as err:
            bad.append(err)
            continue
        n_docs += 1
        yield document
    refuse_bad(bad, n_docs, paths, on_error)


def count_documents(files: list[Path], paths: list, *, name_patterns: dict | None = None,
                    text_column: str | None = None, on_error: str = "raise",
                    max_mb: float = MAX_DOCUMENT_MB) -> tuple[int, int]:
    """How many documents ``files`` hold and how many characters, every file read as a stream and checked,
    nothing kept: a run over a stream of documents knows its size, and a bad file stops it before any work
    (as :func:`load_corpus` would)."""
    bad: list[InputError] = []
    n_docs = n_chars = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReadoutsWarning)        # said once, when the documents are read
        try:
            for doc in documents_of(files, paths, name_patterns=name_patterns, text_column=text_column,
                                    on_error="skip", max_mb=max_mb, skipped=bad):
                n_docs, n_chars = n_docs + 1, n_chars + len(doc.text)
        except ReadoutsError:
            pass                                    # no document: said below, the bad files first
    refuse_bad(bad, n_docs, paths, on_error)
    return n_docs, n_chars


def refuse_bad(bad: list[InputError], n_docs: int, paths: list, on_error: str) -> None:
    """Raise for the bad files of a reading (unless skipping them), or for a reading with no document."""
    if bad and on_error != "skip":
        raise bad[0] if len(bad) == 1 else InputErrors(bad)
    if not n_docs:
        where = ", ".join(str(p) for p in paths)
        if bad:
            raise ReadoutsError(f"{where}: no readable documents ({len(bad)} skipped: {bad[0]})")
        raise ReadoutsError(f"{where}: no texts found (Readouts reads {', '.join(sorted(READERS))} files)")
