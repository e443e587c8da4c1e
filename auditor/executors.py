"""Where the work runs: in this process, in a local process pool, or on a Dask cluster.

An Executor maps a function over items and yields the results in input order, so output
never depends on scheduling. It is a context manager: a pool or a cluster connection lives
from `__enter__` to `__exit__` and serves every pass of a run (local workers fork once,
after the main process has loaded what they share). The engine only sees this interface.

Tasks read and write the run's workspace, so every worker must see the same files as the
main process: `check_storage` proves it before a run (a no-op on one machine), and
`remote` says that paths must be absolute (a cluster's workers have their own working
folder).

Dask distributed is an optional extra (`pip install 'auditor[dask]'`), imported only when
a Dask executor is asked for: the local path never loads it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import secrets
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol, Sequence

from ._version import __version__

_PR_SET_PDEATHSIG = 1
EXECUTORS = ("local", "dask")


class ExecutorError(Exception):
    """The executor cannot run the audit (no cluster, workers that cannot see the files,
    a task that kept killing its workers); the message says what and where."""


class Executor(Protocol):
    """Runs a function over items and yields results in input order."""

    remote: bool  # workers may run on other machines (paths must be absolute)

    def __enter__(self) -> "Executor": ...

    def __exit__(self, *exc_info) -> None: ...

    def map(self, fn: Callable, items: Sequence) -> Iterator: ...

    def check_storage(self, folders: Sequence[Path], inputs: Sequence[tuple[str, int]]) -> None: ...


class SerialExecutor:
    remote = False

    def __enter__(self) -> "SerialExecutor":
        return self

    def __exit__(self, *exc_info) -> None:
        pass

    def map(self, fn: Callable, items: Sequence) -> Iterator:
        return map(fn, items)

    def check_storage(self, folders: Sequence[Path], inputs: Sequence[tuple[str, int]]) -> None:
        pass  # one machine: the workers see what this process sees


class ProcessExecutor:
    """A local process pool; each item is a unit of work (already a batch of documents)."""

    remote = False

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

    def check_storage(self, folders: Sequence[Path], inputs: Sequence[tuple[str, int]]) -> None:
        pass  # one machine: the workers see what this process sees


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


def make_executor(jobs: int, items: int, kind: str = "local", scheduler: str | None = None) -> Executor:
    """The executor for a run: `local` (this process, or a pool of `jobs` processes when
    there is more than one unit of work) or `dask` (the cluster at `scheduler`, or a
    LocalCluster of `jobs` worker processes on this machine)."""
    if kind == "dask":
        return DaskExecutor(scheduler, jobs)
    if jobs <= 1 or items < 2:
        return SerialExecutor()
    return ProcessExecutor(min(jobs, items))


# --- Dask ---------------------------------------------------------------------------------

RETRIES = 2  # a task that raises is tried this many more times (a worker that dies: see dask's allowed-failures)
CONNECT_TIMEOUT = float(os.environ.get("AUDITOR_CONNECT_TIMEOUT", "30"))  # seconds to reach the scheduler
NO_WORKERS_TIMEOUT = float(os.environ.get("AUDITOR_NO_WORKERS_TIMEOUT", "300"))  # seconds without any worker
_POLL = 5.0


def _apply(fn: Callable, item: Any) -> Any:
    return fn(item)


def _auditor_version() -> str:
    return __version__


def _probe(path: str) -> str:
    """On a worker: the content of the probe file the main process wrote (or why not)."""
    try:
        with open(path, encoding="ascii") as handle:
            return handle.read()
    except OSError as exc:
        return f"cannot read it ({exc.strerror or exc})"


def _stat_inputs(inputs: list[tuple[str, int]]) -> str | None:
    """On a worker: the first input that is missing or of another size, or None."""
    for path, size in inputs:
        try:
            found = os.stat(path).st_size
        except OSError as exc:
            return f"{path}: {exc.strerror or exc}"
        if found != size:
            return f"{path}: {found} bytes there, {size} here"
    return None


class DaskExecutor:
    """Tasks on a Dask cluster: the scheduler at `address` (tcp://host:8786), or, without
    one, a LocalCluster of `workers` processes (one thread each) on this machine.

    The function of a `map` is sent to every worker once (scattered), then one task per
    item; results come back in input order. A task whose worker dies is run again on
    another (dask's `allowed-failures`, 3 by default, before the run fails with a message
    naming it); a task that raises is retried RETRIES times. If the cluster has no worker
    at all for NO_WORKERS_TIMEOUT seconds, the run fails instead of waiting for ever."""

    remote = True

    def __init__(self, address: str | None, workers: int = 0):
        self.address = address
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.client: Any = None
        self._cluster: Any = None
        self._distributed: Any = None

    def describe(self) -> str:
        return f"the Dask scheduler at {self.address}" if self.address else "the local Dask cluster"

    def __enter__(self) -> "DaskExecutor":
        try:
            import distributed
        except ImportError:
            raise ExecutorError("--executor dask needs Dask distributed, an optional extra: "
                                "pip install 'auditor[dask]'") from None
        self._distributed = distributed
        logging.getLogger("distributed").setLevel(logging.ERROR)  # its warnings are not ours to print
        try:
            if self.address:
                self.client = distributed.Client(self.address, timeout=CONNECT_TIMEOUT, set_as_default=False)
            else:
                self._cluster = distributed.LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                                         dashboard_address=None, silence_logs=logging.CRITICAL)
                self.client = distributed.Client(self._cluster, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            self.__exit__(None, None, None)
            raise ExecutorError(f"cannot reach {self.describe()}: {exc}") from None
        try:
            versions = self.client.run(_auditor_version)
        except Exception as exc:  # a worker that cannot import auditor at all
            self.__exit__(None, None, None)
            raise ExecutorError(f"{self.describe()}: its workers cannot run auditor ({type(exc).__name__}: {exc}); "
                                f"install auditor {__version__} where they run") from None
        wrong = sorted(f"{worker} has {version}" for worker, version in versions.items() if version != __version__)
        if wrong:
            self.__exit__(None, None, None)
            raise ExecutorError(f"{self.describe()}: workers run another auditor version ({', '.join(wrong)}; "
                                f"this is {__version__})")
        return self

    def __exit__(self, *exc_info) -> None:
        for closable in (self.client, self._cluster):
            if closable is not None:
                try:
                    closable.close()
                except Exception:  # closing a connection to a cluster that is gone
                    pass
        self.client = self._cluster = None

    def check_storage(self, folders: Sequence[Path], inputs: Sequence[tuple[str, int]]) -> None:
        """Every worker must see the run's folders (a probe file written here, read there)
        and the inputs (same size), or the run stops before any work, saying which."""
        for folder in folders:
            token = secrets.token_hex(8)
            probe = Path(folder) / f".auditor-probe-{token}"
            probe.write_text(token, encoding="ascii")
            try:
                seen = self.client.run(_probe, str(probe))
            finally:
                probe.unlink()
            blind = sorted(worker for worker, content in seen.items() if content != token)
            if blind:
                raise ExecutorError(f"{folder}: not visible from worker {blind[0]} of {self.describe()} "
                                    f"({seen[blind[0]] or 'another folder of that name'}); the workspace (--scratch) "
                                    "and the output folder must be on storage every worker shares")
        if inputs:
            found = self.client.run(_stat_inputs, list(inputs))
            for worker, problem in sorted(found.items()):
                if problem:
                    raise ExecutorError(f"input {problem} on worker {worker} of {self.describe()}: the inputs must be "
                                        "on storage every worker shares, at the same path")

    def map(self, fn: Callable, items: Sequence) -> Iterator:
        items = list(items)
        if not items:
            return iter(())
        [shared] = self.client.scatter([fn], broadcast=True, hash=False)
        futures = self.client.map(_apply, [shared] * len(items), items, pure=False, retries=RETRIES)
        return self._in_order(futures, shared, getattr(fn, "func", fn).__name__)

    def _in_order(self, futures: list, shared: Any, name: str) -> Iterator:
        distributed = self._distributed
        try:
            for number, future in enumerate(futures):
                idle_since = None
                while True:
                    try:
                        result = future.result(timeout=_POLL)
                        break
                    except TimeoutError:
                        if future.done():
                            raise  # the task's own error
                    except distributed.KilledWorker as exc:
                        raise ExecutorError(f"task {name} #{number} killed every worker it ran on ({exc}); a "
                                            "document that crashes its worker, or workers out of memory") from None
                    if self.client.scheduler_info().get("workers"):
                        idle_since = None
                    elif idle_since is None:
                        idle_since = time.monotonic()
                    elif time.monotonic() - idle_since > NO_WORKERS_TIMEOUT:
                        raise ExecutorError(f"{self.describe()} has had no workers for {NO_WORKERS_TIMEOUT:g} s")
                futures[number] = None
                future.release()
                yield result
        finally:
            pending = [f for f in futures if f is not None]
            if pending and self.client is not None:
                self.client.cancel(pending)
            shared.release()
