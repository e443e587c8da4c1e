"""The archive of earlier drops: documents' signatures and facts in an SQLite file.

A new batch is checked against it (this week's copy of last month's article is found and
named by its archived path and title), and `--archive-add` records the batch once it is
accepted. The archive stores the parameters that made its signatures; a run with other
parameters is refused rather than silently compared. Adding a document twice changes
nothing (documents are keyed by a hash of their text). A file that is not an archive, or
is locked by another process, is an error and is never replaced.

Candidates come from LSH bands stored in an indexed table (a few lookups per band, fast
for millions of documents), banded exactly as a batch is (`signatures.band_keys`), so the
archive finds the pairs a batch would; each candidate is verified with the exact Jaccard
of the stored shingle sets.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from .signatures import SignatureParams, band_keys, exact_jaccard

ARCHIVE_VERSION = 2  # 2: bands and rows chosen by the threshold, as in a batch


class ArchiveError(Exception):
    """The archive cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class ArchivedMatch:
    id: str
    path: str
    title: str
    jaccard: float


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Archive:
    def __init__(self, path: str | Path, signature: SignatureParams):
        self.path = Path(path)
        self.bands, self.rows = signature.banding
        self.params = {**signature.archive_params(), "archive_version": ARCHIVE_VERSION}
        if self.path.exists() and not self.path.is_file():
            raise ArchiveError(f"{self.path}: not a file")
        try:
            self.db = sqlite3.connect(self.path, timeout=2.0, isolation_level=None)
            self.db.execute("PRAGMA foreign_keys = ON")
            self._init()
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"{self.path}: not a usable archive ({exc}); it was left untouched") from None

    # --- set-up ------------------------------------------------------------------------

    def _init(self) -> None:
        tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            self.db.executescript(
                """
                    BEGIN IMMEDIATE;
                    CREATE TABLE params (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE documents (
                        rowid INTEGER PRIMARY KEY, content_hash TEXT UNIQUE NOT NULL, id TEXT NOT NULL,
                        path TEXT NOT NULL, title TEXT NOT NULL, shingles BLOB NOT NULL, facts TEXT NOT NULL);
                    CREATE TABLE bands (band INTEGER NOT NULL, key INTEGER NOT NULL, doc INTEGER NOT NULL
                        REFERENCES documents(rowid));
                    CREATE INDEX bands_lookup ON bands (band, key);
                    COMMIT;
                """
            )
            with self._transaction():
                self.db.executemany("INSERT INTO params VALUES (?, ?)",
                                    [(k, json.dumps(v)) for k, v in sorted(self.params.items())])
            return
        if not {"params", "documents", "bands"} <= tables:
            raise ArchiveError(f"{self.path}: an SQLite file, but not an auditor archive; it was left untouched")
        stored = {k: json.loads(v) for k, v in self.db.execute("SELECT key, value FROM params")}
        different = sorted(k for k in set(stored) | set(self.params) if stored.get(k) != self.params.get(k))
        if different:
            detail = ", ".join(f"{k}: archive {stored.get(k)!r}, this run {self.params.get(k)!r}" for k in different)
            raise ArchiveError(f"{self.path}: built with other signature parameters ({detail}); "
                               "use the same settings or a new archive")

    def _transaction(self):
        db = self.db

        class _Tx:
            def __enter__(self_inner):
                try:
                    db.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    raise ArchiveError(f"{self.path}: locked by another process ({exc})") from None

            def __exit__(self_inner, kind, value, tb):
                db.execute("COMMIT" if kind is None else "ROLLBACK")
                return False

        return _Tx()

    def close(self) -> None:
        self.db.close()

    # --- queries -----------------------------------------------------------------------

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    def band_keys(self, minhash: np.ndarray) -> list[tuple[int, int]]:
        return band_keys(minhash, self.bands, self.rows)

    def near_duplicates(self, minhash: np.ndarray, shingles: np.ndarray, threshold: float,
                        exclude: str = "") -> list[ArchivedMatch]:
        """Archived documents whose exact shingle Jaccard with this one is >= threshold
        (`exclude`: the content hash of this very document, if it was archived before)."""
        candidates: set[int] = set()
        try:
            for band, key in self.band_keys(minhash):
                candidates.update(r[0] for r in self.db.execute(
                    "SELECT doc FROM bands WHERE band = ? AND key = ?", (band, key)))
            matches = []
            for rowid in sorted(candidates):
                id_, path, title, blob, stored_hash = self.db.execute(
                    "SELECT id, path, title, shingles, content_hash FROM documents WHERE rowid = ?", (rowid,)).fetchone()
                if stored_hash == exclude:
                    continue
                stored = np.frombuffer(zlib.decompress(blob), dtype="<u8").astype(np.uint64)
                score = exact_jaccard(shingles, stored)
                if score >= threshold:
                    matches.append(ArchivedMatch(id_, path, title, round(score, 4)))
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"{self.path}: cannot be read ({exc})") from None
        return sorted(matches, key=lambda m: (-m.jaccard, m.path, m.id))

    def facts(self) -> Iterable[tuple[str, str, str, str, list[dict]]]:
        """(content hash, id, path, title, claims) of every archived document."""
        try:
            rows = self.db.execute("SELECT content_hash, id, path, title, facts FROM documents ORDER BY rowid").fetchall()
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"{self.path}: cannot be read ({exc})") from None
        for hash_, id_, path, title, facts in rows:
            yield hash_, id_, path, title, json.loads(facts)

    # --- adding ------------------------------------------------------------------------

    def add(self, entries: Iterable[tuple[str, str, str, str, np.ndarray, np.ndarray, list[dict]]]) -> int:
        """Record documents: (text, id, path, title, shingles, minhash, facts). Returns how
        many were new; documents already archived (same text) are left as they are."""
        added = 0
        with self._transaction():
            for text, id_, path, title, shingles, minhash, facts in entries:
                cursor = self.db.execute(
                    "INSERT OR IGNORE INTO documents (content_hash, id, path, title, shingles, facts) VALUES (?, ?, ?, ?, ?, ?)",
                    (content_hash(text), id_, path, title, zlib.compress(shingles.astype("<u8").tobytes()),
                     json.dumps(facts, sort_keys=True)),
                )
                if cursor.rowcount:
                    rowid = cursor.lastrowid
                    self.db.executemany("INSERT INTO bands VALUES (?, ?, ?)",
                                        [(b, k, rowid) for b, k in self.band_keys(minhash)])
                    added += 1
        return added
