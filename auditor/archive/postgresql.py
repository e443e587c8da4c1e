"""The archive of earlier drops in PostgreSQL, for several writers at once.

The same archive as the SQLite one (same parameters recorded and enforced, same bands,
same candidates, same verification, same order of results), in tables prefixed
`auditor_` of the database (and schema search path) the URL names:

    auditor check drop/ --archive postgresql://user@host/db --archive-add

Use it when the archive is written by more than one run at a time (cluster jobs side by
side) or read by a cluster's workers: adding is one transaction per run, and concurrent
runs' additions are serialised by a transaction-level advisory lock (they wait for each
other instead of failing, as SQLite's "locked" does); reads never wait. A document added
twice, even by two runs at once, is stored once (its content hash is unique).

psycopg (version 3) is an optional extra (`pip install 'auditor[postgresql]'`), imported
only when a PostgreSQL archive is opened. Messages never show the URL's password.
"""

from __future__ import annotations

import json
import re
import zlib
from typing import Any, Iterable

import numpy as np

from ..signatures import SignatureParams
from .base import (MAX_CANDIDATES, MAX_FACTS_PER_KEY, Archive, ArchivedMatch, ArchiveError, Entry, archive_params,
                   band_rows, different_params, fact_key, is_postgresql, sorted_matches, verified_match)

_LOCK = 0x61756469746F72  # advisory lock key ("auditor"): schema set-up and additions, one run at a time
_CHUNK = 1000  # documents per batch of inserts

SCHEMA = """
CREATE TABLE IF NOT EXISTS auditor_params (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS auditor_documents (
    rowid BIGSERIAL PRIMARY KEY, content_hash TEXT UNIQUE NOT NULL, id TEXT NOT NULL, path TEXT NOT NULL,
    title TEXT NOT NULL, shingles BYTEA NOT NULL);
CREATE TABLE IF NOT EXISTS auditor_bands (
    band INTEGER NOT NULL, key BIGINT NOT NULL, doc BIGINT NOT NULL REFERENCES auditor_documents (rowid));
CREATE INDEX IF NOT EXISTS auditor_bands_lookup ON auditor_bands (band, key, doc);
CREATE TABLE IF NOT EXISTS auditor_facts (
    rowid BIGSERIAL PRIMARY KEY, key TEXT NOT NULL, doc BIGINT NOT NULL REFERENCES auditor_documents (rowid),
    record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS auditor_facts_lookup ON auditor_facts (key, doc, rowid);
"""


def redacted(url: str) -> str:
    """The URL without its password (`postgresql://user:***@host/db`)."""
    url = re.sub(r"(://[^:/@?#]*):[^@/?#]*@", r"\1:***@", url)
    return re.sub(r"(?i)(password=)[^&\s]*", r"\1***", url)


class PostgreSQLArchive(Archive):
    @classmethod
    def handles(cls, location: str) -> bool:
        return is_postgresql(location)

    def __init__(self, url: str, signature: SignatureParams, read_only: bool = False):
        self.location = url
        self.where = redacted(url)
        self.signature = signature
        self.params = archive_params(signature)
        try:
            import psycopg
        except ImportError:
            raise ArchiveError(f"{self.where}: a PostgreSQL archive needs psycopg, an optional extra: "
                               "pip install 'auditor[postgresql]'") from None
        self._errors = (psycopg.Error,)
        try:
            self.db = psycopg.connect(url, autocommit=True, connect_timeout=30)
        except psycopg.Error as exc:
            raise ArchiveError(f"{self.where}: cannot connect ({_reason(exc, url)})") from None
        except Exception as exc:  # a URL psycopg cannot parse
            raise ArchiveError(f"{self.where}: not a usable PostgreSQL URL ({_reason(exc, url)})") from None
        try:
            self._init(read_only)
        except psycopg.Error as exc:
            self.db.close()
            raise ArchiveError(f"{self.where}: not a usable archive ({_reason(exc, url)})") from None
        except ArchiveError:
            self.db.close()
            raise

    # --- set-up ------------------------------------------------------------------------

    def _init(self, read_only: bool) -> None:
        if not read_only:
            with self.db.transaction():
                self.db.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
                self.db.execute(SCHEMA)
                with self.db.cursor() as cursor:
                    cursor.executemany("INSERT INTO auditor_params VALUES (%s, %s) ON CONFLICT (key) DO NOTHING",
                                       [(k, json.dumps(v)) for k, v in sorted(self.params.items())])
        stored = {k: json.loads(v) for k, v in self.db.execute("SELECT key, value FROM auditor_params")}
        error = different_params(self.where, stored, self.params)
        if error:
            raise error

    def close(self) -> None:
        self.db.close()

    def _fail(self, exc: Exception, doing: str) -> ArchiveError:
        return ArchiveError(f"{self.where}: cannot be {doing} ({_reason(exc, self.location)})")

    # --- queries -----------------------------------------------------------------------

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM auditor_documents").fetchone()[0]

    def near_duplicates(self, minhash: np.ndarray, shingles: np.ndarray, threshold: float,
                        exclude: str = "") -> list[ArchivedMatch]:
        """As SQLiteArchive.near_duplicates, in two round trips: the candidates of every
        band at once, then their shingle sets."""
        bands = band_rows(minhash, self.signature)
        try:
            candidates = sorted({row[0] for row in self.db.execute(
                "SELECT d.doc FROM unnest(%s::int[], %s::bigint[]) AS v(band, key) CROSS JOIN LATERAL "
                "(SELECT doc FROM auditor_bands b WHERE b.band = v.band AND b.key = v.key ORDER BY doc LIMIT %s) d",
                ([b for b, _k in bands], [k for _b, k in bands], MAX_CANDIDATES))})[:MAX_CANDIDATES]
            rows = self.db.execute(
                "SELECT id, path, title, shingles, content_hash FROM auditor_documents WHERE rowid = ANY(%s) "
                "ORDER BY rowid", (candidates,)).fetchall() if candidates else []
        except self._errors as exc:
            raise self._fail(exc, "read") from None
        found = (verified_match(row, shingles, threshold, exclude) for row in rows)
        return sorted_matches([match for match in found if match is not None])

    def facts_for(self, keys: Iterable[tuple]) -> Iterable[tuple[str, str, str, str, dict]]:
        """As SQLiteArchive.facts_for, in one round trip for all the keys."""
        stored_keys = [fact_key(key) for key in keys]
        if not stored_keys:
            return
        try:
            rows = self.db.execute(
                "SELECT d.content_hash, d.id, d.path, d.title, f.record FROM unnest(%s::text[]) WITH ORDINALITY "
                "AS k(key, n) CROSS JOIN LATERAL (SELECT doc, record, rowid FROM auditor_facts "
                "WHERE auditor_facts.key = k.key ORDER BY doc, rowid LIMIT %s) f "
                "JOIN auditor_documents d ON d.rowid = f.doc ORDER BY k.n, f.doc, f.rowid",
                (stored_keys, MAX_FACTS_PER_KEY)).fetchall()
        except self._errors as exc:
            raise self._fail(exc, "read") from None
        for hash_, id_, path, title, record in rows:
            yield hash_, id_, path, title, json.loads(record)

    # --- adding ------------------------------------------------------------------------

    def add(self, entries: Iterable[Entry]) -> int:
        """Record documents in one transaction (all or nothing), after any other run's
        addition in progress; returns how many were new."""
        try:
            with self.db.transaction():
                self.db.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
                return self._add(entries)
        except self._errors as exc:
            raise ArchiveError(f"{self.where}: cannot be written ({_reason(exc, self.location)}); "
                               "nothing was added") from None

    def _add(self, entries: Iterable[Entry]) -> int:
        added = 0
        chunk: list[Entry] = []
        for entry in entries:
            chunk.append(entry)
            if len(chunk) >= _CHUNK:
                added += self._add_chunk(chunk)
                chunk = []
        if chunk:
            added += self._add_chunk(chunk)
        return added

    def _add_chunk(self, chunk: list[Entry]) -> int:
        new: list[tuple[int, Entry]] = []
        with self.db.cursor() as cursor:
            cursor.executemany(  # pipelined; row numbers follow the batch's order
                "INSERT INTO auditor_documents (content_hash, id, path, title, shingles) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (content_hash) DO NOTHING RETURNING rowid",
                [(hash_, id_, path, title, zlib.compress(np.asarray(shingles).astype("<u8").tobytes()))
                 for hash_, id_, path, title, shingles, _minhash, _facts in chunk], returning=True)
            for entry in chunk:
                row = cursor.fetchone()
                if row is not None:
                    new.append((row[0], entry))
                cursor.nextset()
            with cursor.copy("COPY auditor_bands (band, key, doc) FROM STDIN") as copy:
                for rowid, entry in new:
                    for band, key in band_rows(entry[5], self.signature):
                        copy.write_row((band, key, rowid))
            with cursor.copy("COPY auditor_facts (key, doc, record) FROM STDIN") as copy:
                for rowid, entry in new:
                    for f in entry[6]:
                        copy.write_row((fact_key((f["unit"], f["counted"], tuple(f["scope"]))), rowid,
                                        json.dumps(f, sort_keys=True)))
        return len(new)


def _reason(exc: Exception, url: str) -> str:
    """An error's first line, without the URL's password if it repeats it."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    password = re.search(r"://[^:/@?#]*:([^@/?#]*)@", url)
    if password and password.group(1):
        text = text.replace(password.group(1), "***")
    return text
