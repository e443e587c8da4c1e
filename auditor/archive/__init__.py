"""The archive of earlier drops: `Archive(location, signature)` opens the embedded SQLite
archive (a file path, the default) or the PostgreSQL one (a `postgresql://` URL), both
behind one interface (base.Archive)."""

from __future__ import annotations

from .base import (ARCHIVE_VERSION, MAX_CANDIDATES, MAX_FACTS_PER_KEY, Archive, ArchivedMatch, ArchiveError,
                   content_hash, fact_key, is_postgresql)
from .postgresql import PostgreSQLArchive
from .sqlite import SQLiteArchive

__all__ = ["ARCHIVE_VERSION", "MAX_CANDIDATES", "MAX_FACTS_PER_KEY", "Archive", "ArchiveError", "ArchivedMatch",
           "PostgreSQLArchive", "SQLiteArchive", "content_hash", "fact_key", "is_postgresql"]
