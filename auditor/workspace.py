"""A run's workspace: the files that carry work from one step to the next.

Workers write what a later step needs into the workspace instead of sending it to the
main process, which never holds the batch's text: each unit's parsed documents (after
loading), its documents and per-document results (after the checks), and the bulky parts
of corpus signals (shingle sets, term weights), stored as numpy arrays per unit so that
the main process can read one document's rows on demand, memory-mapped, for the few
candidate pairs a corpus step verifies.

The workspace is a folder the caller owns (inside the report's staging folder, or a
temporary folder) and deletes when the run ends.
"""

from __future__ import annotations

import functools
import os
import pickle
from pathlib import Path
from typing import Any

import numpy as np

from .files import naming


class Workspace:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, unit: int, name: str) -> Path:
        return self.folder / f"unit-{unit:06d}.{name}"

    # --- whole objects, one file per unit and step ---------------------------------------

    def save(self, unit: int, name: str, value: Any) -> None:
        path = self._path(unit, f"{name}.pickle")
        with naming(path), open(path, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)

    def load(self, unit: int, name: str) -> Any:
        with open(self._path(unit, f"{name}.pickle"), "rb") as handle:
            return pickle.load(handle)

    def discard(self, unit: int, name: str) -> None:
        try:
            os.unlink(self._path(unit, f"{name}.pickle"))
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
            for path, array in ((self._path(unit, f"{key}.{name}.npy"), values),
                                (self._path(unit, f"{key}.{name}.offsets.npy"), offsets)):
                with naming(path):
                    np.save(path, array, allow_pickle=False)

    def row(self, unit: int, key: str, row: int, names: tuple[str, ...]) -> dict[str, np.ndarray]:
        """One document's arrays (read-only views of memory-mapped files)."""
        out = {}
        for name in names:
            values, offsets = self._mapped(unit, key, name)
            out[name] = values[offsets[row]:offsets[row + 1]]
        return out

    @functools.lru_cache(maxsize=256)
    def _mapped(self, unit: int, key: str, name: str) -> tuple[np.ndarray, np.ndarray]:
        path = self._path(unit, f"{key}.{name}.npy")
        try:
            values = np.load(path, mmap_mode="r", allow_pickle=False)
        except ValueError:  # an empty array cannot be mapped
            values = np.load(path, allow_pickle=False)
        offsets = np.load(self._path(unit, f"{key}.{name}.offsets.npy"), allow_pickle=False)
        return values, offsets
