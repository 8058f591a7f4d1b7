"""Readouts: computational reading of diplomatic texts (readouts, press conferences, speeches).

The public API; everything else is an implementation detail.

>>> from readouts import load_corpus
>>> from readouts.paths import SEEDS_DIR
>>> corpus = load_corpus(SEEDS_DIR)
>>> corpus.sentences_table().section.value_counts().to_dict()
{'body': 19, 'headline': 1, 'caption': 1}
"""
from .annotate import Tables, annotate
from .analyses.kwic import kwic, kwic_html
from .read.corpus import Corpus, Document, load_corpus
from .errors import InputError, InputErrors, ReadoutsError, ReadoutsWarning
from .read.segment import sentence_spans, split_paragraphs
from .tables import documents_table, sentences_table, write_table

from .paths import VERSION as __version__

__all__ = [
    "Corpus", "Document", "load_corpus", "annotate", "Tables", "kwic", "kwic_html", "InputError", "InputErrors", "ReadoutsError", "ReadoutsWarning",
    "sentence_spans", "split_paragraphs", "documents_table", "sentences_table", "write_table",
    "__version__",
]
