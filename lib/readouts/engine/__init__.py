"""The run engine: layer groups, cache keys, executors (local or Dask), the cache, progress.

``annotate_corpus`` is the entry point; :func:`readouts.annotate` calls it.
"""
from .run import annotate_corpus, iter_annotated

__all__ = ["annotate_corpus", "iter_annotated"]
