"""Findings: what a check reports, where, and how serious it is.

A finding's span is a pair of character offsets into the document's text (universal
newlines already applied) plus the 1-based line/column pairs derived from them. The
fingerprint identifies a finding independently of where it sits in the file, so that a
baseline survives edits elsewhere in the article.
"""

from __future__ import annotations

import bisect
import enum
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """How serious a finding is; ordered so that `info < warning < error`."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls[value.strip().upper()]
        except KeyError:
            names = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {names})") from None

    @property
    def label(self) -> str:
        return _SEVERITY_LABELS[self._value_]  # Enum's `name` is a slow descriptor; reports ask millions of times


_SEVERITY_LABELS = {s.value: s.name.lower() for s in Severity}


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range of character offsets with its 1-based line/column pairs.

    `end_column` is the column of the last character of the span plus one, so that a
    one-line span covers columns `column .. end_column - 1` (the SARIF convention).
    """

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int


class LineIndex:
    """Maps character offsets of one text to 1-based (line, column) pairs and back: how a
    pair of offsets becomes a Span."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def __len__(self) -> int:
        return len(self.starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of the character at `offset` (or just past the end)."""
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def span(self, start: int, end: int) -> Span:
        """A Span for `text[start:end]`; `end_column` is exclusive (SARIF convention)."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}..{end} outside text of length {len(self.text)}")
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(start, end, line, column, end_line, end_column)

    def line_range(self, number: int) -> tuple[int, int]:
        """Offsets of line `number` (1-based), without its newline."""
        start = self.starts[number - 1]
        end = self.starts[number] - 1 if number < len(self.starts) else len(self.text)
        return start, end


@dataclass(frozen=True)
class Related:
    """A span in another document that a finding points to (a duplicate, a conflict):
    offsets into that document's text, and the lines of its text they fall on (0: not
    known), so reports can point at them without reading the other document."""

    document: str
    start: int
    end: int
    line: int = 0
    message: str = ""
    end_line: int = 0


@dataclass(frozen=True)
class Finding:
    """One problem found in one document."""

    rule: str  # short code, e.g. "ST001"
    name: str  # dotted name, e.g. "statistics.unsupported"
    severity: Severity
    message: str
    document: str  # document id
    span: Span
    text: str  # the matched text, as it stands in the document
    related: tuple[Related, ...] = ()
    fingerprint: str = ""
    data: dict = field(default_factory=dict, compare=False, hash=False)
    # What identifies a document-level finding ("same-story") when its anchor text does
    # not: its fingerprint must not change when a line is inserted above the anchor.
    key: str = field(default="", compare=False)

    @property
    def family(self) -> str:
        return self.name.split(".", 1)[0]

    def sort_key(self) -> tuple:
        return (self.document, self.span.start, self.span.end, self.rule, self.message)


_PUNCT_OR_SPACE = re.compile(r"[\W_]+", re.UNICODE)
# On ASCII text the same folding is one table lookup per character: every character that is
# not a letter or a digit becomes a space, then runs of spaces close up.
_ASCII_SEPARATORS = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalnum()})


def normalise_for_fingerprint(text: str) -> str:
    """Fold case, compatibility forms, punctuation and whitespace, so that trivial edits
    (re-wrapping a line, curly vs straight quotes) keep a finding's identity."""
    if text.isascii():  # NFKC and casefold are lower() on ASCII
        return " ".join(text.lower().translate(_ASCII_SEPARATORS).split())
    return _PUNCT_OR_SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def assign_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Give each finding a stable fingerprint: rule, document and normalised matched text
    (or the finding's `key`, for findings about the whole document), plus an ordinal
    among identical triples (so two equal sentences stay distinct).

    Line numbers are deliberately left out: inserting text above a finding must not
    change its fingerprint. `findings` must already be in their final, sorted order.
    """
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for f in findings:
        key = (f.name, f.document, f"key:{f.key}" if f.key else normalise_for_fingerprint(f.text))
        ordinal = seen.get(key, 0)
        seen[key] = ordinal + 1
        digest = hashlib.sha256("\x1f".join((*key, str(ordinal))).encode("utf-8")).hexdigest()
        out.append(Finding(**{**f.__dict__, "fingerprint": digest[:32]}))  # replace() without its field walk
    return out

