"""What checks read and write: the per-document context, the corpus batch, the check
protocols and the per-document result.

These types sit at the bottom of the package so that checks and the engine share them
without importing each other: checks read a DocumentContext (or a CorpusBatch) and report
findings into it; the engine creates them, runs the checks and collects the results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Protocol

from .findings import Finding, LineIndex, Related

if TYPE_CHECKING:
    from .claim import GradedClaim
    from .config import Config
    from .corpus.document import Document
    from .rules import Rule
    from .text import Block, Segmentation, Sentence

# Block kinds that hold the article's sentences (headings, captions, code and front
# matter do not): the one definition every check uses for "prose".
PROSE_KINDS = frozenset({"paragraph", "list-item"})
# Block kinds that are neither article nor page furniture.
SKIPPED_KINDS = frozenset({"front-matter", "comment"})


@dataclass(frozen=True)
class BoilerplateSpan:
    """A block the boilerplate check took out of the body, and why."""

    start: int
    end: int
    kind: str  # e.g. "related-links", "share-prompt"


@dataclass(frozen=True)
class TemplateLines:
    """What the batch pre-pass found: normalised lines that recur across the batch's
    stories (a site's template), and how many stories made a line a template."""

    keys: frozenset[str] = frozenset()
    min_documents: int = 2


def make_finding(document: "Document", lines: LineIndex, config: "Config", rule: type["Rule"], start: int, end: int,
                 message: str, related: Iterable[Related] = (), data: dict | None = None, key: str = "") -> Finding:
    """A finding of `rule` over `document.text[start:end]`, at the configured severity."""
    return Finding(
        rule=rule.code,
        name=rule.name,
        severity=config.severity_of(rule),
        message=message,
        document=document.id,
        span=lines.span(start, end),
        text=document.text[start:end],
        related=tuple(related),
        data=data or {},
        key=key,
    )


@dataclass
class DocumentContext:
    """What per-document checks read and write. Checks run in order: boilerplate first
    (it calls `set_boilerplate`), so that later checks read only the body."""

    document: "Document"
    config: "Config"
    seg: "Segmentation"
    templates: TemplateLines | None = None  # None for a lone document
    boilerplate: list[BoilerplateSpan] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    signals: dict[str, Any] = field(default_factory=dict)
    claims: list["GradedClaim"] = field(default_factory=list)  # filled by the statistics check
    _boilerplate_blocks: frozenset[int] = frozenset()

    @property
    def text(self) -> str:
        return self.document.text

    def set_boilerplate(self, spans: list[BoilerplateSpan]) -> None:
        """Record the boilerplate blocks (whole blocks, in order) once for every later check."""
        self.boilerplate = list(spans)
        covered: set[int] = set()
        blocks = self.seg.blocks
        j = 0
        for span in sorted(spans, key=lambda b: (b.start, b.end)):
            while j < len(blocks) and blocks[j].start < span.start:
                j += 1
            k = j
            while k < len(blocks) and blocks[k].end <= span.end:
                covered.add(k)
                k += 1
        self._boilerplate_blocks = frozenset(covered)

    def is_boilerplate_block(self, index: int) -> bool:
        return index in self._boilerplate_blocks

    def body_blocks(self) -> list["Block"]:
        """Blocks that are article body: not boilerplate, not front matter or comments."""
        return [b for i, b in enumerate(self.seg.blocks)
                if b.kind not in SKIPPED_KINDS and i not in self._boilerplate_blocks]

    def prose_blocks(self) -> list["Block"]:
        """Body blocks that hold sentences (paragraphs and list items)."""
        return [b for i, b in enumerate(self.seg.blocks)
                if b.kind in PROSE_KINDS and i not in self._boilerplate_blocks]

    def body_sentences(self) -> list[tuple[int, "Sentence"]]:
        """(index, sentence) for every sentence of the body's prose blocks: the one
        definition of "the article's sentences" every check reads."""
        blocks = self.seg.blocks
        return [(i, s) for i, s in enumerate(self.seg.sentences)
                if blocks[s.block].kind in PROSE_KINDS and s.block not in self._boilerplate_blocks]

    def report(self, rule: type["Rule"], start: int, end: int, message: str, related: Iterable[Related] = (),
               data: dict | None = None, key: str = "") -> None:
        """Record a finding for `rule` over `text[start:end]`. What is shown to the user
        (selection, ignores, suppressions, baseline) is decided later, in one place.
        `key` identifies a finding about the whole document (see Finding.key)."""
        self.findings.append(make_finding(self.document, self.seg.lines, self.config, rule, start, end, message,
                                          related, data, key))


class DocumentCheck(Protocol):
    """A check that needs one document only. It must not print or write files."""

    name: str  # named in errors ("stopped after 60 s in the statistics check")

    def run(self, ctx: DocumentContext) -> None: ...


class CorpusCheck(Protocol):
    """A check that needs the whole batch. `map` runs beside the per-document checks and
    returns a picklable signal; `reduce` sees every document's signals at once."""

    name: str
    key: str

    def map(self, ctx: DocumentContext) -> Any: ...

    def reduce(self, batch: "CorpusBatch") -> None: ...


@dataclass(frozen=True)
class DocumentResult:
    """What the per-document step returns (picklable, small: no text)."""

    id: str
    findings: list[Finding]
    metrics: dict[str, Any]
    boilerplate: list[BoilerplateSpan]
    signals: dict[str, Any]
    error: str | None = None  # why the document could not be audited (it becomes a load error)


@dataclass
class CorpusBatch:
    """What a corpus check's reduce step sees and writes."""

    documents: list["Document"]
    results: list[DocumentResult]
    config: "Config"
    corpus: dict[str, Any]
    extra_findings: dict[str, list[Finding]]
    archive: Any = None  # archive.Archive of earlier drops, when one is given
    archive_add: bool = False  # record this batch in the archive after checking it
    _lines: dict[str, LineIndex] = field(default_factory=dict)

    def signals(self, key: str) -> list[Any]:
        return [r.signals.get(key) for r in self.results]

    def report(self, document: "Document", rule: type["Rule"], start: int, end: int, message: str,
               related: Iterable[Related] = (), data: dict | None = None, key: str = "") -> None:
        lines = self._lines.get(document.id)
        if lines is None:
            lines = self._lines[document.id] = LineIndex(document.text)
        finding = make_finding(document, lines, self.config, rule, start, end, message, related, data, key)
        self.extra_findings.setdefault(document.id, []).append(finding)
