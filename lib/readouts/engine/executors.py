"""Where chunks of documents are annotated: this process, forked worker processes, or a Dask cluster.

>>> make_engine("local", processes=1).processes
1
"""
from __future__ import annotations

import os
from collections import deque
from typing import Iterable, Iterator

from ..errors import ReadoutsError
from .groups import work

class LocalEngine:
    """Chunks run in this process, or in ``processes`` worker processes (forked: lexicons load once)."""

    def __init__(self, processes: int = 1):
        self.processes = max(1, int(processes))
        self._pool = None

    def start(self, n_chunks: int) -> None:
        if self.processes > 1 and n_chunks > 1:
            import multiprocessing
            # fork before this process touches pyarrow's threads: the workers start clean and
            # inherit the lexicons already loaded
            context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
            self._pool = context.Pool(min(self.processes, n_chunks))

    def map(self, batches: Iterable[list]) -> Iterator[tuple]:
        if self._pool is None:
            return map(work, batches)
        return self._windowed(batches)

    def _windowed(self, batches: Iterable[list]) -> Iterator[tuple]:
        # at most two chunks a worker in flight, results in order: the batches (a stream of documents) are
        # taken as the workers need them, not all at once (Pool.imap reads its whole input ahead)
        pending: deque = deque()
        for batch in batches:
            pending.append(self._pool.apply_async(work, (batch,)) if batch else None)
            if len(pending) >= 2 * self.processes:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None


class DaskEngine:
    """Chunks run on a Dask distributed cluster: ``scheduler`` is its address (``tcp://host:8786``),
    or a ``distributed.Client``; without one, a local cluster is started for the run."""

    def __init__(self, scheduler=None, window: int = 8):
        try:
            import distributed
        except ImportError:
            raise ReadoutsError("the Dask engine needs Dask: pip install -e '.[dask]'") from None
        self._distributed = distributed
        self.scheduler, self.window = scheduler, window
        self._client = self._cluster = None

    def start(self, n_chunks: int) -> None:
        d = self._distributed
        if isinstance(self.scheduler, d.Client):
            self._client = self.scheduler
        elif self.scheduler:
            try:
                self._client = d.Client(self.scheduler, timeout="20s")
            except (OSError, ValueError, TypeError) as err:     # unreachable, or not an address
                raise ReadoutsError(f"cannot reach the Dask scheduler at {self.scheduler} ({err})") from None
        else:
            self._cluster = d.LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                           dashboard_address=None)
            self._client = d.Client(self._cluster)

    def map(self, batches: Iterable[list]) -> Iterator[tuple]:
        # a window of chunks in flight, results in order: memory stays bounded on the client
        pending: deque = deque()
        for batch in batches:
            pending.append(self._client.submit(work, batch, pure=False) if batch else None)
            if len(pending) >= self.window:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())

    def close(self) -> None:
        if self._client is not None and self._client is not self.scheduler:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None


def _result(pending) -> tuple:
    """A chunk's results from the pool or the cluster; ``None`` stands for a chunk with nothing to compute."""
    if pending is None:
        return [], []
    return pending.result() if hasattr(pending, "result") else pending.get()


def make_engine(engine: str = "local", processes: int = 1, scheduler=None):
    if engine == "local":
        return LocalEngine(processes)
    if engine == "dask":
        return DaskEngine(scheduler)
    raise ReadoutsError(f"unknown engine {engine!r}: use 'local' or 'dask'")
