"""``readouts annotate``: files in, tables on disk out, the documents streamed through.

The files are read twice: once to check them and count their documents (a bad file stops the run before
any work, and the progress line knows the total), then as a stream into the engine, chunk by chunk. The
sentence and spans tables are written chunk by chunk too, so memory stays flat however many documents
the files hold (200,000 JSONL rows take the memory of a few chunks).
"""
from __future__ import annotations

import tempfile
import warnings
from array import array
from collections import Counter
from pathlib import Path

import pandas as pd

from ..errors import ReadoutsWarning


def annotate_files(args, outputs: dict[str, Path], cache=None, *, processes: int = 1) -> dict:
    """Read, annotate and write the tables of ``args.paths`` (the parsed ``readouts annotate`` options);
    what was done, for the summary line."""
    from ..read.corpus import corpus_files, count_documents, documents_of
    from ..read.language import language_warning
    from ..tables import TableWriter
    from .progress import make_progress
    from .run import iter_annotated

    reading = {"name_patterns": {"custom": args.name_pattern} if args.name_pattern else None,
               "text_column": args.text_column, "max_mb": args.max_mb,
               "on_error": "skip" if args.skip_bad else "raise"}
    files, paths = corpus_files(args.paths)
    n_documents, n_chars = count_documents(files, paths, **reading)
    skipped: list = []
    cumulative = array("q", [0])           # characters before each document, filled as documents stream

    def documents():
        for doc in documents_of(files, paths, skipped=skipped, **reading):
            if args.form:                          # the form read for every document, not detected
                doc.meta["form"] = args.form
            if args.scheme != "diplomatic":        # the policy scheme every document is coded with
                doc.meta["scheme"] = args.scheme
            cumulative.append(cumulative[-1] + len(doc.text))
            yield doc

    coder = None
    if args.policy_model:                         # a coder learned from your coding: its own column
        from ..analyses import learned_policy

        coder = learned_policy.load(args.policy_model)
    writers = {name: TableWriter(path) for name, path in outputs.items() if name != "documents"}
    progress = make_progress(False if args.quiet else None, [],
                             sizes=(n_documents, n_chars, lambda a, b: cumulative[b] - cumulative[a]))
    with tempfile.TemporaryDirectory(prefix="readouts-documents-") as spill:
        parts = DocumentParts(Path(spill))
        try:
            for chunk in iter_annotated(documents(), cache=cache, engine="dask" if args.scheduler else args.engine,
                                        processes=processes, scheduler=args.scheduler, progress=progress):
                for name, writer in writers.items():
                    table = getattr(chunk, name)
                    writer.write(learned_policy.apply(coder, table) if coder is not None and name == "sentences"
                                 else table)
                parts.add(chunk.documents)
            if "documents" in outputs:
                writers["documents"] = TableWriter(outputs["documents"])
                for part in parts.read():
                    writers["documents"].write(part)
            for writer in writers.values():
                writer.close()
        except BaseException:
            for writer in writers.values():
                writer.abort()
            raise
        finally:
            if progress:
                progress.close()
    warning = language_warning(pd.DataFrame(parts.languages, columns=["doc_id", "language"]), parts.language_counts)
    if warning:                     # silent zeros otherwise: say which texts the layers cannot read
        warnings.warn(warning, ReadoutsWarning, stacklevel=1)
    return {"documents": parts.rows, "sentences": writers["sentences"].rows,
            "spans": writers["spans"].rows if "spans" in writers else None,
            "skipped": [str(err) for err in skipped]}


class DocumentParts:
    """The documents table of a run, kept on disk chunk by chunk (a row a document is still a row a
    document: 200,000 of them would be hundreds of MB held) and read back in the columns
    :func:`~readouts.engine.assemble.concat_documents` gives the whole table."""

    def __init__(self, folder: Path):
        self.folder, self.n_parts, self.rows = folder, 0, 0
        self.columns: dict[str, None] = {}
        self.results: dict[str, None] = {}
        self.languages: list[tuple[str, str]] = []        # the first few documents not in English, by language
        self.language_counts: Counter = Counter()          # and how many there are: the warning names five

    def add(self, part: pd.DataFrame) -> None:
        self.columns.update(dict.fromkeys(part.columns))
        self.results.update(dict.fromkeys(part.attrs.get("results", [])))
        if "language" in part:
            other = part[~part.language.isin(["en", "und"])]
            for doc_id, language in zip(other.doc_id, other.language):
                self.language_counts[language] += 1
                if self.language_counts[language] <= 5:
                    self.languages.append((doc_id, language))
        part.to_parquet(self.folder / f"{self.n_parts:06d}.parquet", index=False)
        self.n_parts, self.rows = self.n_parts + 1, self.rows + len(part)

    def read(self):
        """Each part in the whole table's columns (metadata a chunk lacks is empty text)."""
        from .assemble import document_columns, in_document_columns

        columns, meta = document_columns(list(self.columns), list(self.results))
        for k in range(self.n_parts):
            yield in_document_columns(pd.read_parquet(self.folder / f"{k:06d}.parquet"), columns, meta)
