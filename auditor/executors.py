"""Where per-document work runs: in this process, or in a local process pool.

An Executor maps a function over items and yields the results in input order, so output
never depends on scheduling. It is a context manager: a pool lives from `__enter__` to
`__exit__` and serves every pass of a run (workers fork once, after the main process has
loaded what they share). The engine only sees this interface; a distributed engine can
stand behind it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator, Protocol, Sequence

_PR_SET_PDEATHSIG = 1


class Executor(Protocol):
    """Runs a function over items and yields results in input order."""

    def __enter__(self) -> "Executor": ...

    def __exit__(self, *exc_info) -> None: ...

    def map(self, fn: Callable, items: Sequence) -> Iterator: ...


class SerialExecutor:
    def __enter__(self) -> "SerialExecutor":
        return self

    def __exit__(self, *exc_info) -> None:
        pass

    def map(self, fn: Callable, items: Sequence) -> Iterator:
        return map(fn, items)


class ProcessExecutor:
    """A local process pool; each item is a unit of work (already a batch of documents)."""

    def __init__(self, jobs: int):
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "ProcessExecutor":
        return self

    def __exit__(self, *exc_info) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def map(self, fn: Callable, items: Sequence) -> Iterator:
        if self._pool is None:
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(method),
                                             initializer=die_with_parent, initargs=(os.getpid(),))
        return self._pool.map(fn, items, chunksize=1)


def die_with_parent(parent: int) -> None:
    """Worker set-up: ask the kernel to kill this worker when its parent dies (Linux), so
    that a killed run leaves no orphans behind, writing or holding files."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return  # not Linux: workers notice a dead parent when their queue breaks
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def make_executor(jobs: int, items: int) -> Executor:
    if jobs <= 1 or items < 2:
        return SerialExecutor()
    return ProcessExecutor(min(jobs, items))
