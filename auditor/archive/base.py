"""What an archive of earlier drops is, whatever stores it: the interface the checks use,
the parameters it records and enforces, and the helpers every store shares.

`Archive(location, signature)` opens the store the location names: a PostgreSQL URL
(`postgresql://...`) gives the PostgreSQL archive (for several writers at once, such as
cluster jobs running side by side), anything else a path to the embedded SQLite archive
(the default). Stores register themselves by subclassing `Archive`.

Pickled (sent to a worker of a cluster), an archive is its location and parameters: the
worker opens its own connection, so lookups run where the documents are.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from typing import Any, ClassVar, Iterable

import numpy as np

from ..signatures import SignatureParams, band_keys, exact_jaccard

ARCHIVE_VERSION = 2  # 2: bands and rows chosen by the threshold, as in a batch; facts indexed by key
# An archived fact stated by more documents than this is compared through its first ones only.
MAX_FACTS_PER_KEY = 1000
# A document whose LSH buckets hold more archived documents than this is verified against
# the first ones only (a thousand archived copies of one text cost a thousand lookups).
MAX_CANDIDATES = 200

Entry = tuple[str, str, str, str, np.ndarray, np.ndarray, list[dict]]  # hash, id, path, title, shingles, minhash, facts


class ArchiveError(Exception):
    """The archive cannot be used; the message names the file (or database) and what is wrong."""


@dataclass(frozen=True)
class ArchivedMatch:
    id: str
    path: str
    title: str
    jaccard: float


def is_postgresql(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def fact_key(key: tuple) -> str:
    """The stored form of a fact key (unit, what is counted, scope words)."""
    unit, counted, scope = key
    return json.dumps([unit, counted, list(scope)], ensure_ascii=False)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Archive:
    """An archive of earlier drops (see the module docstring). A store implements:

    - `near_duplicates(minhash, shingles, threshold, exclude)`: archived documents whose
      exact shingle Jaccard with this one is >= threshold, closest first; candidates from
      its LSH bands (at most MAX_CANDIDATES, the earliest archived);
    - `facts_for(keys)`: (content hash, id, path, title, claim record) of every archived
      claim of each fact key, keys in the order given, then in the order archived (at most
      MAX_FACTS_PER_KEY per key);
    - `add(entries)`: record documents (all or nothing), returning how many were new;
    - `len()`, `close()`.
    """

    _stores: ClassVar[list[type["Archive"]]] = []
    location: Any
    signature: SignatureParams

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        Archive._stores.append(cls)

    def __new__(cls, location: Any, signature: SignatureParams, *args: Any, **kwargs: Any):
        if cls is Archive:
            cls = next(store for store in Archive._stores if store.handles(str(location)))
        return super().__new__(cls)

    @classmethod
    def handles(cls, location: str) -> bool:
        """Whether this store is the one for `location`."""
        raise NotImplementedError

    def __reduce__(self):
        """Pickled (sent to a worker), an archive is its location: the worker opens it, to
        read only (it must exist there: a worker never creates an archive)."""
        return (type(self), (self.location, self.signature, True))

    def near_duplicates(self, minhash: np.ndarray, shingles: np.ndarray, threshold: float,
                        exclude: str = "") -> list[ArchivedMatch]:
        raise NotImplementedError

    def facts_for(self, keys: Iterable[tuple]) -> Iterable[tuple[str, str, str, str, dict]]:
        raise NotImplementedError

    def add(self, entries: Iterable[Entry]) -> int:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


def archive_params(signature: SignatureParams) -> dict[str, Any]:
    """What an archive records and enforces: it only compares like with like."""
    return {**signature.archive_params(), "archive_version": ARCHIVE_VERSION}


def different_params(where: str, stored: dict[str, Any], wanted: dict[str, Any]) -> ArchiveError | None:
    different = sorted(k for k in set(stored) | set(wanted) if stored.get(k) != wanted.get(k))
    if not different:
        return None
    detail = ", ".join(f"{k}: archive {stored.get(k)!r}, this run {wanted.get(k)!r}" for k in different)
    return ArchiveError(f"{where}: built with other signature parameters ({detail}); "
                        "use the same settings or a new archive")


def band_rows(minhash: np.ndarray, signature: SignatureParams) -> list[tuple[int, int]]:
    """(band, key) of every LSH band of a MinHash, banded as a batch is."""
    bands, rows = signature.banding
    return band_keys(minhash, bands, rows)


def verified_match(row: tuple, shingles: np.ndarray, threshold: float, exclude: str | None) -> ArchivedMatch | None:
    """An archived candidate (id, path, title, compressed shingles, content hash) verified by
    its exact shingle Jaccard: the match, or None when it is the document itself (same
    content hash) or not close enough. Both archives store shingles the same way."""
    id_, path, title, blob, stored_hash = row
    if stored_hash == exclude:
        return None
    score = exact_jaccard(shingles, np.frombuffer(zlib.decompress(blob), dtype="<u8").astype(np.uint64))
    return ArchivedMatch(id_, path, title, round(score, 4)) if score >= threshold else None


def sorted_matches(matches: list[ArchivedMatch]) -> list[ArchivedMatch]:
    return sorted(matches, key=lambda m: (-m.jaccard, m.path, m.id))
