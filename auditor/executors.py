"""Where per-document work runs: in this process, or in a local process pool.

An Executor maps a function over items and yields the results in input order, so output
never depends on scheduling. The engine only sees this interface; a distributed engine can
stand behind it.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator, Protocol, Sequence


class Executor(Protocol):
    """Runs a function over items and yields results in input order."""

    def map(self, fn: Callable, items: Sequence) -> Iterator: ...


class SerialExecutor:
    def map(self, fn: Callable, items: Sequence) -> Iterator:
        return map(fn, items)


class ProcessExecutor:
    """A local process pool; chunks keep inter-process traffic low for small documents."""

    def __init__(self, jobs: int):
        self.jobs = jobs

    def map(self, fn: Callable, items: Sequence) -> Iterator:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        chunksize = max(1, min(64, len(items) // (self.jobs * 8)))
        with ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(method)) as pool:
            yield from pool.map(fn, items, chunksize=chunksize)


def make_executor(jobs: int, items: int) -> Executor:
    if jobs <= 1 or items < 2:
        return SerialExecutor()
    return ProcessExecutor(min(jobs, items))
