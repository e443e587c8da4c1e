"""A run's workspace: the files that carry work from one step to the next.

Workers write what a later step needs into the workspace instead of sending it to the
main process, which never holds the batch's text: each unit's parsed documents (after
loading), its documents and per-document results (after the checks), the light signals of
its documents (what corpus steps read), and the bulky parts of corpus signals (shingle
sets, term weights), stored as numpy arrays per unit so that a corpus step can read one
document's rows on demand, memory-mapped, for the few candidate pairs it verifies.

Corpus steps exchange data through partitioned files (`write_parts`, `read_part`): a map
task writes one file holding one slice per destination partition (with their offsets at
the start), and the task of partition p reads slice p of every such file. This is the
shuffle of a MapReduce, on files: the same code runs on a local process pool and on a
cluster, and a slice written survives the worker that wrote it.

Every file is written under a temporary name and renamed into place, so a task that is
retried (its worker died) or run twice never leaves a half-written file for a reader.
The workspace must be on storage every worker and the main process share (a local folder
on one machine; a network file system on a cluster). It is a folder the caller owns
(inside the report's staging folder, or a scratch folder) and deletes when the run ends.
"""

from __future__ import annotations

import functools
import io
import os
import pickle
import struct
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from .files import write_then_rename

_COUNT = struct.Struct("<q")


class Workspace:
    def __init__(self, folder: str | Path):
        self.folder = Path(os.path.abspath(folder))
        self.folder.mkdir(parents=True, exist_ok=True)

    def __getstate__(self) -> dict:
        return {"folder": self.folder}  # what a task needs; caches stay in their process

    def __setstate__(self, state: dict) -> None:
        self.folder = state["folder"]

    def _path(self, unit: int, name: str) -> Path:
        return self.folder / f"unit-{unit:06d}.{name}"

    def path(self, name: str) -> Path:
        """A file of the run (not of one unit) in the workspace."""
        return self.folder / name

    def _write(self, path: Path, write: Callable[[Any], None]) -> None:
        """Write through `write(handle)` into a temporary file, then rename it into place."""
        write_then_rename(path, write, durable=False)

    # --- whole objects, one file per unit and step ---------------------------------------

    def save(self, unit: int, name: str, value: Any) -> None:
        self.save_file(f"unit-{unit:06d}.{name}.pickle", value)

    def load(self, unit: int, name: str) -> Any:
        return self.load_file(f"unit-{unit:06d}.{name}.pickle")

    def discard(self, unit: int, name: str) -> None:
        try:
            os.unlink(self._path(unit, f"{name}.pickle"))
        except FileNotFoundError:
            pass

    def save_file(self, name: str, value: Any) -> None:
        self._write(self.path(name), lambda handle: pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL))

    def load_file(self, name: str) -> Any:
        with open(self.path(name), "rb") as handle:
            return pickle.load(handle)

    def save_array(self, name: str, array: np.ndarray) -> None:
        buffer = io.BytesIO()  # numpy writes a file with tofile(), whose errors say neither why nor where
        np.save(buffer, array, allow_pickle=False)
        self._write(self.path(name), lambda handle: handle.write(buffer.getbuffer()))

    def load_array(self, name: str, mmap: bool = True) -> np.ndarray:
        """An array saved with `save_array`, memory-mapped (read-only) unless it is empty."""
        path = self.path(name)
        if mmap:
            try:
                return np.load(path, mmap_mode="r", allow_pickle=False)
            except ValueError:  # an empty array cannot be mapped
                pass
        return np.load(path, allow_pickle=False)

    # --- partitioned files (the shuffle) -------------------------------------------------

    def write_parts(self, name: str, parts: Sequence[Any]) -> str:
        """One file holding `parts[p]` for each destination partition p (None: nothing),
        each pickled on its own, their offsets first; returns `name` for `read_part`."""
        blobs = [b"" if part is None else pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL) for part in parts]
        offsets = np.zeros(len(blobs) + 1, dtype="<i8")
        np.cumsum([len(b) for b in blobs], out=offsets[1:])

        def write(handle) -> None:
            handle.write(_COUNT.pack(len(blobs)))
            handle.write(offsets.tobytes())
            for blob in blobs:
                handle.write(blob)

        self._write(self.path(name), write)
        return name

    def read_part(self, name: str, partition: int) -> Any:
        """Partition `partition` of a file `write_parts` wrote (None when it is empty)."""
        with open(self.path(name), "rb") as handle:
            (count,) = _COUNT.unpack(handle.read(_COUNT.size))
            if not 0 <= partition < count:
                raise ValueError(f"{self.path(name)}: no partition {partition} of {count}")
            handle.seek(_COUNT.size + 8 * partition)
            start, end = np.frombuffer(handle.read(16), dtype="<i8")
            if end == start:
                return None
            handle.seek(_COUNT.size + 8 * (count + 1) + int(start))
            return pickle.loads(handle.read(int(end - start)))

    def read_parts(self, names: Sequence[str], partition: int) -> list[Any]:
        """Partition `partition` of every file in `names` that has something for it."""
        out = []
        for name in names:
            part = self.read_part(name, partition)
            if part is not None:
                out.append(part)
        return out

    def remove(self, names: Sequence[str]) -> None:
        for name in names:
            try:
                os.unlink(self.path(name))
            except FileNotFoundError:
                pass

    # --- per-document arrays ------------------------------------------------------------

    def save_rows(self, unit: int, key: str, rows: list[dict[str, np.ndarray]]) -> None:
        """Store one dict of 1-D arrays per document (row) of a unit: each named array is
        concatenated over the rows, with the offsets where each row starts."""
        names = sorted({name for row in rows for name in row})
        for name in names:
            parts = [np.asarray(row[name]).ravel() for row in rows]
            lengths = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
            offsets = np.concatenate(([0], np.cumsum(lengths)))
            values = np.concatenate(parts) if parts else np.zeros(0)
            self.save_array(f"unit-{unit:06d}.{key}.{name}.npy", values)
            self.save_array(f"unit-{unit:06d}.{key}.{name}.offsets.npy", offsets)

    def row(self, unit: int, key: str, row: int, names: tuple[str, ...]) -> dict[str, np.ndarray]:
        """One document's arrays (read-only views of memory-mapped files)."""
        out = {}
        for name in names:
            values, offsets = self._mapped(unit, key, name)
            out[name] = values[offsets[row]:offsets[row + 1]]
        return out

    @functools.lru_cache(maxsize=256)
    def _mapped(self, unit: int, key: str, name: str) -> tuple[np.ndarray, np.ndarray]:
        values = self.load_array(f"unit-{unit:06d}.{key}.{name}.npy")
        offsets = self.load_array(f"unit-{unit:06d}.{key}.{name}.offsets.npy", mmap=False)
        return values, offsets
