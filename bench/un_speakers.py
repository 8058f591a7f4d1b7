"""Who speaks in UN General Debate speeches: the share of body sentences credited to the speech's
country (or its named speaker), on a seeded sample of speeches from ../shared/corpora.

    python bench/un_speakers.py [N]        # N speeches (default 300), seed 7

Prints the share, the form each speech was read as, and every other speaker with a count: none
should be a heading, a sentence opener or a number. Skipped with a note when the corpus is absent.
"""
from __future__ import annotations

import random
import re
import sys
import tarfile
import tempfile
import warnings
from collections import Counter
from pathlib import Path

PROJ_ROOT = Path(__file__).resolve().parents[1]
UN_ARCHIVE = PROJ_ROOT.parent / "shared" / "corpora" / "ungdc-1946-2019.tar.xz"


def main(n: int = 300, seed: int = 7) -> None:
    from readouts import annotate, load_corpus
    from readouts.layers import registered
    from readouts.layers.actors import country_name

    if not UN_ARCHIVE.exists():
        print(f"{UN_ARCHIVE} not found: skipped")
        return
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(UN_ARCHIVE) as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile() and re.search(r"/[A-Z]{3}_\d+_\d{4}\.txt$", m.name)),
                         key=lambda m: m.name)
        for m in random.Random(seed).sample(members, n):
            (Path(tmp) / Path(m.name).name).write_bytes(tar.extractfile(m).read())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            corpus = load_corpus(tmp)
        tables = annotate(corpus, [l for l in registered() if l.group == "anatomy"])
    s = tables.sentences.merge(tables.documents[["doc_id", "country", "form"]], on="doc_id")
    body = s[s.section == "body"]
    own = body.speaker == body.country.map(country_name)
    print(f"{n} speeches, {len(body):,} body sentences: {own.mean():.2%} credited to the speech's country")
    print("forms:", dict(Counter(tables.documents.form)))
    others = Counter(body.speaker[~own].fillna("").replace("", "(narrator)"))
    print("other speakers:", others.most_common(25))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
