"""What is in a corpus: lengths, paragraph structure, each document's parsed parts.

The analyses behind ``notebooks/00_corpus_overview.ipynb``; each returns a DataFrame or a
string, and the charts return ``(figure, data)`` so the notebook can save both.
"""
from __future__ import annotations

import html

import pandas as pd

from ..read.language import language_warning
from . import plots
from .markdown import markdown_text
from .table_view import table_view  # noqa: F401  (every notebook shows its tables through overview)

MANY_DOCUMENTS = 30     # above this, a bar per document is unreadable: show a histogram
LONG_PARAGRAPH = 10     # paragraphs of this many sentences or more share one bar


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def summary(documents: pd.DataFrame, markdown: bool = True) -> str:
    """One paragraph saying what the corpus holds: Markdown, its values from the data shown as written
    (:func:`~readouts.analyses.markdown.markdown_text`); ``markdown=False``: plain text, for a page that escapes it.

    >>> docs = pd.DataFrame({"doc_id": ["a"], "date": ["2025-10-31"], "outlet": ["Xinhua"],
    ...                      "n_words": [560], "n_sentences": [21], "n_paragraphs": [14]})
    >>> summary(docs)
    'The corpus holds 1 document: 560 words in 21 sentences and 14 paragraphs, dated 2025-10-31, from Xinhua.'
    """
    text_of = markdown_text if markdown else str
    n = len(documents)
    text = (f"The corpus holds {_plural(n, 'document')}: {_plural(int(documents.n_words.sum()), 'word')} "
            f"in {_plural(int(documents.n_sentences.sum()), 'sentence')} and "
            f"{_plural(int(documents.n_paragraphs.sum()), 'paragraph')}")
    dates = documents["date"].dropna().astype(str)
    dates = dates[dates != ""]
    if len(dates):
        lo, hi = (text_of(d) for d in (dates.min(), dates.max()))
        text += f", dated {lo}" if lo == hi else f", dated {lo} to {hi}"
        if len(dates) < n:
            text += f" ({n - len(dates)} undated)"
    outlets = documents["outlet"].dropna().astype(str)
    outlets = sorted(set(outlets[outlets != ""]))
    if outlets:
        shown = ", ".join(text_of(o) for o in outlets[:5]) + (f" and {len(outlets) - 5} more" if len(outlets) > 5 else "")
        text += f", from {shown}"
    warning = language_warning(documents)
    if not markdown:
        return text + "." + (f" Warning: {warning}" if warning else "")
    return text + "." + (f" **Warning:** {markdown_text(warning)}" if warning else "")


def skipped_note(corpus) -> str:
    """A Markdown note listing the files left out (``on_error="skip"``) or ignored, if any."""
    lines = [f"\n\n**{len(corpus.skipped)} file(s) could not be read and were left out:**\n"]
    lines += [f"- {markdown_text(err.path)}: {markdown_text(err.problem)}" for err in corpus.skipped]
    if corpus.ignored:
        lines.append(f"\n{len(corpus.ignored)} file(s) of other types were ignored: "
                     + ", ".join(markdown_text(p.name) for p in corpus.ignored[:10])
                     + (" …" if len(corpus.ignored) > 10 else ""))
    return "\n".join(lines) if corpus.skipped else ("\n".join(lines[-1:]) if corpus.ignored else "")


def paragraphs_table(sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per paragraph: ``doc_id``, ``para``, ``section``, ``n_sentences``, ``n_words``."""
    return (sentences.groupby(["doc_id", "para", "section"], sort=False)
            .agg(n_sentences=("sent", "size"), n_words=("n_words", "sum"))
            .reset_index())


def words_per_document_chart(documents: pd.DataFrame):
    """Bar per document (or a histogram when there are many); returns ``(fig, data)``."""
    data = documents[["doc_id", "date", "n_words", "n_sentences"]].sort_values(
        ["n_words", "doc_id"], ascending=[False, True]).reset_index(drop=True)
    n = len(data)
    med = int(data.n_words.median())
    if n == 1:
        title = f"The document has {data.n_words[0]:,} words in {data.n_sentences[0]} sentences"
    else:
        title = (f"Documents run from {data.n_words.min():,} to {data.n_words.max():,} words "
                 f"(median {med:,})")
    caption = ("Words per document (headline, caption and body; datelines and photo credits "
               "left out), counted as runs of letters and digits.")
    if n <= MANY_DOCUMENTS:
        fig, ax = plots.new_chart(title, "words", "", caption, height=max(2.4, 1.2 + 0.32 * n))
        labels = [_short(d) for d in data.doc_id]
        ax.barh(labels[::-1], data.n_words[::-1], color=plots.PALETTE[0])
        ax.grid(axis="y", visible=False)
        for y, v in enumerate(data.n_words[::-1]):
            ax.annotate(f"{v:,}", (v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=9)
    else:
        fig, ax = plots.new_chart(title, "words per document", "documents", caption)
        ax.hist(data.n_words, bins=40, color=plots.PALETTE[0])
    return fig, data


def sentences_per_paragraph_chart(sentences: pd.DataFrame):
    """How many paragraphs hold 1, 2, 3, ... sentences (body paragraphs); returns ``(fig, data)``."""
    paras = paragraphs_table(sentences)
    body = paras[paras.section == "body"]
    counts = (body.groupby("n_sentences").size().rename("n_paragraphs").reset_index()
              .astype("int64"))
    counts["bar"] = counts.n_sentences.map(lambda n: f"{LONG_PARAGRAPH}+" if n >= LONG_PARAGRAPH else str(n))
    if counts.empty:
        counts = pd.DataFrame({"n_sentences": pd.Series([], dtype="int64"),
                               "n_paragraphs": pd.Series([], dtype="int64"), "bar": pd.Series([], dtype=str)})
        title = "The corpus has no body paragraphs"
    else:
        top = counts.loc[counts.n_paragraphs.idxmax()]
        share = top.n_paragraphs / counts.n_paragraphs.sum()
        title = (f"{share:.0%} of body paragraphs hold {_plural(int(top.n_sentences), 'sentence')}; "
                 f"the longest holds {counts.n_sentences.max()}")
    fig, ax = plots.new_chart(title, "sentences in the paragraph", "paragraphs",
                              "Body paragraphs by the number of sentences the segmenter found in them.")
    bars = counts.groupby("bar", sort=False).n_paragraphs.sum()
    ax.bar(bars.index, bars.values, color=plots.PALETTE[2])
    ax.grid(axis="x", visible=False)
    return fig, counts


def _short(doc_id: str, width: int = 38) -> str:
    return doc_id if len(doc_id) <= width else doc_id[: width - 1] + "…"


_FIELDS = [("date", "Date"), ("outlet", "Outlet"), ("place", "Place"), ("dateline", "Dateline"),
           ("photo_credit", "Photo credit"), ("path", "File")]


def document_html(doc, max_paragraphs: int | None = 40) -> str:
    """A document's parsed parts as HTML: headline, metadata, caption, body with sentence numbers.

    All document text is HTML-escaped.
    """
    e = html.escape
    parts = [f'<div class="readouts-doc" style="border-left:4px solid {plots.PALETTE[0]};padding-left:12px;'
             f'margin:1em 0;max-width:52em">']
    parts.append(f"<h3 style='margin-top:0'>{e(doc.headline or doc.doc_id)}</h3>")
    meta = [(label, getattr(doc, f)) for f, label in _FIELDS if getattr(doc, f)]
    meta += [(k, v) for k, v in sorted(doc.meta.items())]
    parts.append("<p style='font-size:90%;color:#444'>" + " · ".join(
        f"<b>{e(label)}</b>: {e(str(v))}" for label, v in [("doc_id", doc.doc_id)] + meta) + "</p>")
    by_para: dict[int, list] = {}
    for s in doc.sentences:
        by_para.setdefault(s.para, []).append(s)
    body_shown = 0
    for p in doc.paragraphs:
        if p.section == "headline":
            continue
        if p.section == "body":
            body_shown += 1
            if max_paragraphs is not None and body_shown > max_paragraphs:
                parts.append(f"<p><i>… {sum(1 for q in doc.paragraphs if q.section == 'body') - max_paragraphs}"
                             f" more paragraphs</i></p>")
                break
        sents = " ".join(f"<sup style='color:{plots.PALETTE[3]}'>{s.sent}</sup>{e(doc.text[s.start:s.end])}"
                         for s in by_para.get(p.para, []))
        if p.section == "caption":
            credit = doc.text[p.text_end:p.end].strip()
            parts.append(f"<p style='font-style:italic;color:#555'><b>Caption</b>: {sents} "
                         f"<span style='color:#888'>{e(credit)}</span></p>")
        else:
            lead = doc.text[p.start:p.text_start]
            lead_html = f"<span style='color:#888;font-variant:small-caps'>{e(lead)}</span>" if lead.strip() else ""
            parts.append(f"<p>{lead_html}{sents}</p>")
    parts.append("</div>")
    return "".join(parts)


def more_documents_note(n_documents: int, shown: int) -> str:
    """What the overview leaves out, and where every document is (the report's document pages).

    >>> more_documents_note(40, 3)
    '*3 of 40 documents are shown here (raise `max_documents_shown` for more). Every document has its own annotated page in the report: [Documents](documents/index.html).*'
    """
    told = (f"{min(shown, n_documents)} of {n_documents} documents are shown here (raise `max_documents_shown` "
            f"for more). " if n_documents > shown else "")
    return f"*{told}Every document has its own annotated page in the report: [Documents](documents/index.html).*"


def findings(documents: pd.DataFrame, sentences: pd.DataFrame) -> str:
    """What the overview found, as a Markdown list computed from the two tables."""
    out = [f"- {summary(documents)}"]
    sections = sentences.section.value_counts()
    out.append("- Sentences by section: " + ", ".join(
        f"{int(sections.get(s, 0)):,} {s}" for s in ("headline", "caption", "body")) + ".")
    if len(documents) > 1:
        longest = documents.loc[documents.n_words.idxmax()]
        shortest = documents.loc[documents.n_words.idxmin()]
        out.append(f"- The longest document is `{longest.doc_id}` ({longest.n_words:,} words); the shortest "
                   f"is `{shortest.doc_id}` ({shortest.n_words:,} words).")
    n_dateline = int(documents.dateline.notna().sum())
    n_caption = int(documents.caption.notna().sum())
    out.append(f"- {n_dateline} of {len(documents)} documents open with a news dateline; "
               f"{n_caption} carry a photo caption.")
    body = paragraphs_table(sentences).query("section == 'body'")
    if len(body):
        share = (body.n_sentences <= 3).mean()
        out.append(f"- {share:.0%} of {len(body):,} body paragraphs hold one to three sentences; "
                   f"the longest holds {int(body.n_sentences.max())}.")
        long_sent = sentences.loc[sentences.n_words.idxmax()]
        out.append(f"- The longest sentence has {long_sent.n_words} words (`{long_sent.doc_id}`, "
                   f"sentence {long_sent.sent}).")
    undated = int(documents.date.isna().sum())
    if undated:
        out.append(f"- {undated} documents have no date: neither a header nor a file-name pattern gave one.")
    return "\n".join(out)


def documents_view(documents: pd.DataFrame, max_rows: int = 40):
    """The documents table for reading: only the metadata columns this corpus fills."""
    from ..tables import DOCUMENT_COLUMNS
    counts = ["n_paragraphs", "n_sentences", "n_words"]
    hidden = {"path", "sha256", "caption", "dateline", "source_format"}
    meta = [c for c in documents.columns
            if c not in counts and c not in hidden and c != "doc_id" and documents[c].notna().any()]
    meta.sort(key=lambda c: (DOCUMENT_COLUMNS.index(c) if c in DOCUMENT_COLUMNS else len(DOCUMENT_COLUMNS), c))
    return table_view(documents[["doc_id", *meta, *counts]], max_rows=max_rows, precision=0)


def slug(text: str) -> str:
    """A file-name-safe form of a term: ``"four political documents"`` -> ``"four-political-documents"``."""
    import re
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-")[:60] or "term"
