"""Write coding worksheets for the diplomatic development corpus: sentences only, no reading.

A worksheet lists each sentence of a text with its offsets, as Readouts' loader and segmenter cut it, and the
empty columns of the coding guide. It shows no annotation layer, so coders code before seeing Readouts' output.
The worksheets hold third-party text: write them outside the repository.

    python validation/tools/make_worksheets.py ../shared/validation-data/diplomatic/texts /tmp/worksheets
"""
import csv
import sys
import warnings
from pathlib import Path

from readouts import load_corpus

FIELDS = ["speaker", "verb", "point", "areas", "tone", "tone_reason", "formulations", "new_formulations", "note"]
PARTIAL_ABOVE, PARTIAL_KEEP = 80, 60  # the coding guide: texts over 80 sentences are coded for their first 60


def main(texts: str, out: str) -> None:
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(texts)
    for doc in corpus.documents:
        sha = corpus.documents_table().set_index("doc_id").loc[doc.doc_id, "sha256"]
        rows = doc.sentences if len(doc.sentences) <= PARTIAL_ABOVE else doc.sentences[:PARTIAL_KEEP]
        with open(out_dir / f"{doc.doc_id}.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["file", "sha256", "sent", "start", "end", "text", *FIELDS])
            for i, s in enumerate(rows):
                w.writerow([Path(doc.path).name, sha, i, s.start, s.end, doc.text[s.start:s.end], *[""] * len(FIELDS)])
        (out_dir / f"{doc.doc_id}.txt").write_text(doc.text, encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
