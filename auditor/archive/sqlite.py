"""The embedded archive of earlier drops: documents' signatures and facts in an SQLite file.

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

One writer at a time: a second process adding to the file while one does gets "locked".
On a cluster, workers read the file (it must be on storage they share; SQLite's locking
over network file systems is unreliable, so prefer PostgreSQL there, see postgresql.py).
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from pathlib import Path
from typing import Iterable

import numpy as np

from ..signatures import SignatureParams
from .base import (MAX_CANDIDATES, MAX_FACTS_PER_KEY, Archive, ArchivedMatch, ArchiveError, archive_params,
                   band_rows, different_params, fact_key, is_postgresql, sorted_matches, verified_match)


class SQLiteArchive(Archive):
    @classmethod
    def handles(cls, location: str) -> bool:
        return not is_postgresql(location)

    def __init__(self, path: str | Path, signature: SignatureParams, read_only: bool = False):
        self.path = Path(path)
        self.location = Path(os.path.abspath(path))  # what a worker in another folder opens
        self.signature = signature
        self.params = archive_params(signature)
        if self.path.exists() and not self.path.is_file():
            raise ArchiveError(f"{self.path}: not a file")
        try:
            if read_only:
                self.db = sqlite3.connect(f"{self.location.as_uri()}?mode=ro", uri=True, timeout=2.0,
                                          isolation_level=None)
            else:
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
                        path TEXT NOT NULL, title TEXT NOT NULL, shingles BLOB NOT NULL);
                    CREATE TABLE bands (band INTEGER NOT NULL, key INTEGER NOT NULL, doc INTEGER NOT NULL
                        REFERENCES documents(rowid));
                    CREATE INDEX bands_lookup ON bands (band, key);
                    CREATE TABLE facts (key TEXT NOT NULL, doc INTEGER NOT NULL REFERENCES documents(rowid),
                        record TEXT NOT NULL);
                    CREATE INDEX facts_lookup ON facts (key);
                    COMMIT;
                """
            )
            with self._transaction():
                self.db.executemany("INSERT INTO params VALUES (?, ?)",
                                    [(k, json.dumps(v)) for k, v in sorted(self.params.items())])
            return
        if not {"params", "documents", "bands", "facts"} <= tables:
            raise ArchiveError(f"{self.path}: an SQLite file, but not an auditor archive; it was left untouched")
        stored = {k: json.loads(v) for k, v in self.db.execute("SELECT key, value FROM params")}
        error = different_params(str(self.path), stored, self.params)
        if error:
            raise error

    def _transaction(self):
        db = self.db

        class _Tx:
            def __enter__(self_inner):
                try:
                    db.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    if "locked" in str(exc) or "busy" in str(exc):
                        raise ArchiveError(f"{self.path}: locked by another process ({exc})") from None
                    raise ArchiveError(f"{self.path}: cannot be written ({exc})") from None

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
        return band_rows(minhash, self.signature)

    def near_duplicates(self, minhash: np.ndarray, shingles: np.ndarray, threshold: float,
                        exclude: str = "") -> list[ArchivedMatch]:
        """Archived documents whose exact shingle Jaccard with this one is >= threshold
        (`exclude`: the content hash of this very document, if it was archived before).
        At most MAX_CANDIDATES archived documents (the earliest archived) are verified."""
        candidates: set[int] = set()
        try:
            for band, key in self.band_keys(minhash):
                candidates.update(r[0] for r in self.db.execute(
                    "SELECT doc FROM bands WHERE band = ? AND key = ? ORDER BY doc LIMIT ?",
                    (band, key, MAX_CANDIDATES)))
            matches = []
            for rowid in sorted(candidates)[:MAX_CANDIDATES]:
                row = self.db.execute("SELECT id, path, title, shingles, content_hash FROM documents WHERE rowid = ?",
                                      (rowid,)).fetchone()
                match = verified_match(row, shingles, threshold, exclude)
                if match is not None:
                    matches.append(match)
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"{self.path}: cannot be read ({exc})") from None
        return sorted_matches(matches)

    def facts_for(self, keys: Iterable[tuple]) -> Iterable[tuple[str, str, str, str, dict]]:
        """(content hash, id, path, title, claim record) of every archived claim whose fact
        key (unit, what is counted, scope) is one of `keys`: an index lookup per key, so a
        drop is compared with a million archived documents without reading them all."""
        try:
            for key in keys:
                rows = self.db.execute(
                    "SELECT d.content_hash, d.id, d.path, d.title, f.record FROM facts f JOIN documents d "
                    "ON d.rowid = f.doc WHERE f.key = ? ORDER BY f.doc, f.rowid LIMIT ?",
                    (fact_key(key), MAX_FACTS_PER_KEY)).fetchall()
                for hash_, id_, path, title, record in rows:
                    yield hash_, id_, path, title, json.loads(record)
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"{self.path}: cannot be read ({exc})") from None

    # --- adding ------------------------------------------------------------------------

    def add(self, entries: Iterable[tuple[str, str, str, str, np.ndarray, np.ndarray, list[dict]]]) -> int:
        """Record documents: (content hash of the text, id, path, title, shingles, minhash,
        facts). Returns how many were new; documents already archived (same text) are left
        as they are."""
        try:
            return self._add(entries)
        except sqlite3.Error as exc:
            raise ArchiveError(f"{self.path}: cannot be written ({exc}); nothing was added") from None

    def _add(self, entries) -> int:
        added = 0
        with self._transaction():
            for hash_, id_, path, title, shingles, minhash, facts in entries:
                cursor = self.db.execute(
                    "INSERT OR IGNORE INTO documents (content_hash, id, path, title, shingles) VALUES (?, ?, ?, ?, ?)",
                    (hash_, id_, path, title, zlib.compress(shingles.astype("<u8").tobytes())),
                )
                if cursor.rowcount:
                    rowid = cursor.lastrowid
                    self.db.executemany("INSERT INTO bands VALUES (?, ?, ?)",
                                        [(b, k, rowid) for b, k in self.band_keys(minhash)])
                    self.db.executemany("INSERT INTO facts (key, doc, record) VALUES (?, ?, ?)",
                                        [(fact_key((f["unit"], f["counted"], tuple(f["scope"]))), rowid,
                                          json.dumps(f, sort_keys=True)) for f in facts])
                    added += 1
        return added
