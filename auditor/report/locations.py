"""Where a finding sits in the file the user gave, for reports that point into files.

Offsets and line/column pairs in findings index the document's text (audit.json and the
HTML report use them as they are). CI formats (text, SARIF, GitHub annotations, JUnit,
GitLab, CSV) point into the file instead:

- .txt and .md: the text is the file, so the finding's own lines and columns;
- .html: the line of the file each character of the visible text came from (columns are
  not known: a block of visible text is assembled from markup);
- .jsonl: the record's line in the file, with the record's id in the message (one line
  holds a whole article); columns too when the record has a `text` field (JSON escapes
  counted), none when it has `html`.

Code-scanning formats also need paths relative to the repository root: the top level of
the git work tree holding the working folder, else the working folder itself.
"""

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from ..corpus.document import Document
    from ..findings import Finding, Span
    from ..results import AuditResult, DocumentAudit

STDIN = "<stdin>"


@dataclass(frozen=True)
class Location:
    """A finding's place in its file: 1-based lines, columns when the file has them."""

    line: int
    end_line: int
    column: int | None = None
    end_column: int | None = None

    def short(self) -> str:
        """`line:column` or `line` (the form `path:...:` in text output)."""
        return f"{self.line}:{self.column}" if self.column is not None else f"{self.line}"


def locate(document: "Document", span: "Span") -> Location:
    """Where `span` (offsets into the document's text) lies in the document's file."""
    if not document.source_lines:
        return Location(span.line, span.end_line, span.column, span.end_column)
    last = max(span.start, span.end - 1)
    return Location(document.source_line(span.start), document.source_line(last),
                    document.source_column(span.start), document.source_column(span.end))


def message(document: "Document", finding: "Finding") -> str:
    """The finding's message, naming the record when many articles share one file."""
    return f"record {document.id}: {finding.message}" if document.format == "jsonl" else finding.message


def first_line(document: "Document") -> int:
    """The line of the file where the document starts (1 but for JSONL records)."""
    return document.source_line(0) if document.source_lines else 1


def in_file_order(result: "AuditResult") -> list["DocumentAudit"]:
    """Documents sorted by path, then where they start in it (records of one JSONL file in
    line order), then id: the order every line-oriented report lists them in."""
    return sorted(result.documents, key=lambda a: (a.document.path, first_line(a.document), a.document.id))


def display_name(document: "Document") -> str:
    """How a document is named where a name must be unique: its path, plus the record id
    for a JSONL record (`drop.jsonl[farm-7]`)."""
    return f"{document.path}[{document.id}]" if document.format == "jsonl" else document.path


def repository_root(start: Path | None = None) -> Path:
    """The top level of the git work tree holding `start` (default: the working folder),
    else `start` itself. A `.git` file (worktree, submodule) counts as a work tree."""
    folder = Path(os.path.abspath(start or Path.cwd()))
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def repository_path(path: str, root: Path) -> str | None:
    """`path` relative to `root`, with forward slashes; None when it lies outside `root`
    (or is standard input)."""
    if path == STDIN:
        return None
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive (Windows)
        return None
    if relative == os.curdir or relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return relative.replace(os.sep, "/")


def repository_paths(paths: Iterable[str], root: Path) -> dict[str, str | None]:
    return {p: repository_path(p, root) for p in sorted(set(paths))}


def file_uri(path: str) -> str:
    """An absolute `file:` URI for a path outside the repository (or a relative one for
    standard input, which has no file)."""
    if path == STDIN:
        return urllib.parse.quote(path)
    return Path(os.path.abspath(path)).as_uri()


def relative_uri(path: str) -> str:
    """A relative URI reference for a repository path (spaces and the like escaped)."""
    return urllib.parse.quote(path, safe="/")
