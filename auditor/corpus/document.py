"""The Document every check reads, and the LoadError for input that could not be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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


@dataclass(frozen=True)
class LoadError:
    """An input that could not be audited, and why (shown on the index, in audit.json
    and on stderr)."""

    path: str
    error: str
