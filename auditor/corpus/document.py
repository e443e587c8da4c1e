"""The Document every check reads, and the LoadError for input that could not be read."""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..findings import LineIndex

if TYPE_CHECKING:
    from ..text import Block


@dataclass(frozen=True)
class Document:
    """One article, decoded and parsed.

    `text` is what every offset indexes: the decoded file with universal newlines for
    .txt/.md, the visible text (one line per block) for HTML, the record's text for JSONL.
    `blocks` is set when the markup said where blocks are (HTML); otherwise they are
    derived from the text. `meta` holds what the source said about the article: date, url,
    author, and for a JSONL record its line number.

    `source_lines` maps the text back to the lines of the file it came from, for reports
    that point into the file (SARIF, annotations, JUnit, text): `(offset, line)` pairs in
    increasing offset order, each saying that the text from `offset` on comes from `line`
    of the file. Empty when line N of the text is line N of the file (.txt, .md).
    `source_columns`, when the file's columns are known (a JSONL record's `text` field),
    maps offsets to 1-based columns of that line the same way: from each breakpoint on,
    one character of the text is one column of the file.
    """

    id: str
    path: str
    format: str  # "txt", "md", "html", "jsonl"
    text: str
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    blocks: tuple[Block, ...] | None = None
    encoding: str = "utf-8"
    directives: tuple = ()  # suppression directives found in markup comments (HTML)
    notes: tuple[str, ...] = ()  # what was repaired on the way in ("3 invalid characters replaced")
    source_lines: tuple[tuple[int, int], ...] = ()
    source_columns: tuple[tuple[int, int], ...] = ()

    def source_column(self, offset: int) -> int | None:
        """The 1-based column in the source file of the text at `offset` (`len(text)`: just
        past the end), or None when the file's columns are not known."""
        if not self.source_columns:
            return None
        index = max(bisect.bisect_right(self.source_columns, (offset, float("inf"))) - 1, 0)
        start, column = self.source_columns[index]
        return column + offset - start

    def source_line(self, offset: int) -> int:
        """The 1-based line of the source file that holds the text at `offset` (for plain
        text and Markdown, the text's own line)."""
        if self.source_lines:
            index = bisect.bisect_right(self.source_lines, (offset, float("inf"))) - 1
            return self.source_lines[max(index, 0)][1]
        return self._text_lines.position(max(0, offset))[0]

    @functools.cached_property
    def _text_lines(self) -> LineIndex:
        return LineIndex(self.text)


@dataclass(frozen=True)
class LoadError:
    """An input that could not be audited, and why (shown on the index, in audit.json
    and on stderr)."""

    path: str
    error: str
    file: str = ""  # the file, when `path` names a part of it (a JSONL line: "drop.jsonl:7")
    line: int = 0  # that part's line in the file

    @property
    def source(self) -> str:
        """The file the error is about."""
        return self.file or self.path
