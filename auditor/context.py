"""What checks read and write: the per-document context, the corpus batch, the check
protocols and the per-document result.

These types sit at the bottom of the package so that checks and the engine share them
without importing each other: checks read a DocumentContext (or a CorpusBatch) and report
findings into it; the engine creates them, runs the checks and collects the results.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, NamedTuple, Protocol

import numpy as np

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

# Workspace files one corpus step leaves for the next (duplicates, then consistency):
STORY_LABELS = "story.labels.npy"  # per document, its story (near-copies and rewrites) or -1
ARCHIVE_MATCHES = "archive.matches"  # {document: {(archived id, path)}}: its archived near-copies


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

    def line_of(self, offset: int) -> int:
        """The line of the text at `offset` (as in a Span)."""
        return self.seg.lines.position(offset)[0]

    def source_line(self, offset: int) -> int:
        """The line of the input file that holds the text at `offset` (the text's own line
        for plain text and Markdown)."""
        return self.document.source_line(offset) if self.document.source_lines else self.line_of(offset)

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


class Mapped(NamedTuple):
    """What a corpus check's map step returns for one document: a small `light` signal
    and optional `heavy` 1-D arrays (shingle sets, term weights). Both stay in the
    workspace, stored per unit, until the reduce step's tasks read them."""

    light: Any
    heavy: dict[str, np.ndarray] | None = None


class CorpusCheck(Protocol):
    """A check that needs the whole batch. `map` runs beside the per-document checks;
    `reduce` runs in the main process as map and reduce tasks over the batch's units and
    partitions (`CorpusBatch.run`), which read light signals and heavy arrays from the
    workspace (`CorpusView`), so no process holds every document's signals at once."""

    name: str
    key: str
    heavy: tuple[str, ...]  # the names of the heavy arrays its map step stores

    def map(self, ctx: DocumentContext) -> Mapped: ...

    def reduce(self, batch: "CorpusBatch") -> None: ...


@dataclass(frozen=True)
class DocumentResult:
    """What the per-document step returns (picklable, small: no text)."""

    id: str
    findings: list[Finding]
    metrics: dict[str, Any]
    boilerplate: list[BoilerplateSpan]
    signals: dict[str, Mapped]
    error: str | None = None  # why the document could not be audited (it becomes a load error)


@dataclass(frozen=True)
class DocumentInfo:
    """What corpus steps know of a document: everything but its text."""

    index: int  # position in the batch (documents that could not be audited left out)
    id: str
    path: str
    title: str
    format: str
    content_hash: str = ""  # of the text: the same document archived earlier is not a copy


@dataclass(frozen=True)
class PendingFinding:
    """A finding a corpus step reports without the document's text at hand: it becomes a
    Finding (line, column, matched text) when the document is read again to be reported."""

    rule: str
    start: int
    end: int
    message: str
    related: tuple[Related, ...] = ()
    data: dict = field(default_factory=dict)
    key: str = ""

    def materialise(self, document: "Document", lines: LineIndex, config: "Config",
                    rules_by_code: dict[str, type["Rule"]]) -> Finding:
        return make_finding(document, lines, config, rules_by_code[self.rule], self.start, self.end, self.message,
                            self.related, self.data, self.key)


class Pending(NamedTuple):
    """A pending finding on its way to its document: the document's number in the batch,
    an order among the document's corpus findings (the order the steps report them in,
    whichever partition or worker a step ran on), the finding, and the titles of the
    documents it links to (for the page's links)."""

    index: int
    order: tuple
    finding: PendingFinding
    titles: dict[str, str]


_UNITS_CACHED = 64  # units' documents and light signals a CorpusView keeps at hand


class CorpusView:
    """What a corpus step's tasks see of the batch, in whatever process they run: the
    run's workspace (where each unit's documents, light signals and heavy arrays are
    stored), where each unit's documents start in the batch's numbering, the
    configuration, and how many partitions the steps shuffle into. It reads documents by
    their number (their index in the batch), keeping the last units it read at hand;
    pickled, it carries only the paths and numbers, never what it has read."""

    DOCUMENTS = "documents"  # the per-unit file of DocumentInfo

    def __init__(self, workspace: Any, config: "Config", count: int, units: int, partitions: int):
        self.workspace = workspace
        self.config = config
        self.count = count  # documents in the batch
        self.units = units
        self.partitions = partitions
        self._cache: dict[tuple[str, int], Any] = {}
        self._infos: dict[int, DocumentInfo] = {}  # kept by `prefetch`
        self._light: dict[tuple[str, int], Any] = {}
        self._starts: np.ndarray | None = None
        self._hashes: np.ndarray | None = None

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("_cache", "_infos", "_light", "_starts", "_hashes")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._cache, self._infos, self._light, self._starts, self._hashes = {}, {}, {}, None, None

    # --- where documents are --------------------------------------------------------------

    @property
    def starts(self) -> np.ndarray:
        """The number of each unit's first document (and the count at the end)."""
        if self._starts is None:
            self._starts = self.workspace.load_array("documents.starts.npy", mmap=False)
        return self._starts

    def unit_range(self, unit: int) -> range:
        return range(int(self.starts[unit]), int(self.starts[unit + 1]))

    def where(self, index: int) -> tuple[int, int]:
        """(unit, row in the unit's stores) of document `index`."""
        unit = int(np.searchsorted(self.starts, index, side="right")) - 1
        return unit, index - int(self.starts[unit])

    def unit_of(self, indexes: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.starts, indexes, side="right") - 1

    # --- what is stored about them ----------------------------------------------------------

    def _unit_file(self, name: str, unit: int) -> Any:
        key = (name, unit)
        if key not in self._cache:
            if len(self._cache) >= _UNITS_CACHED:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = self.workspace.load(unit, name)
        return self._cache[key]

    def info(self, index: int) -> DocumentInfo:
        if index in self._infos:
            return self._infos[index]
        unit, row = self.where(index)
        return self._unit_file(self.DOCUMENTS, unit)[row]

    def prefetch(self, indexes: Iterable[int], light: tuple[str, ...] = ()) -> None:
        """Keep at hand the DocumentInfo (and the `light` signals) of `indexes`, reading
        each unit's files once: a task that names documents all over the batch (the other
        documents of a finding) would otherwise reload a unit's file for most lookups once
        more units are named than the cache holds. Holds only the documents named, so
        memory follows the task, not the batch."""
        wanted = np.unique(np.fromiter((i for i in indexes if i not in self._infos), dtype=np.int64))
        if not wanted.size:
            return
        units = self.unit_of(wanted)
        for group in np.split(np.arange(wanted.size), np.flatnonzero(np.diff(units)) + 1):
            unit = int(units[group[0]])
            first = int(self.starts[unit])
            rows = [int(i) - first for i in wanted[group].tolist()]
            stored = self.workspace.load(unit, self.DOCUMENTS)
            for row in rows:
                self._infos[first + row] = stored[row]
            for key in light:
                signals = self.workspace.load(unit, f"light-{key}")
                for row in rows:
                    self._light[(key, first + row)] = signals[row]

    def infos(self, unit: int) -> list[DocumentInfo]:
        return self._unit_file(self.DOCUMENTS, unit)

    def light_unit(self, key: str, unit: int) -> list[Any]:
        """The light signals a check's map step returned for each document of a unit."""
        return self._unit_file(f"light-{key}", unit)

    def light(self, key: str, index: int) -> Any:
        if (key, index) in self._light:
            return self._light[(key, index)]
        unit, row = self.where(index)
        return self.light_unit(key, unit)[row]

    def heavy(self, key: str, index: int, names: tuple[str, ...]) -> dict[str, np.ndarray]:
        """The heavy arrays a check's map step stored for document `index`."""
        unit, row = self.where(index)
        return self.workspace.row(unit, key, row, names)

    def in_batch(self, content_hash: str) -> bool:
        """Whether a document of this batch has this content hash (the same text)."""
        if self._hashes is None:
            self._hashes = self.workspace.load_array("documents.hashes.npy")
        probe = np.bytes_(content_hash.encode("ascii"))
        at = int(np.searchsorted(self._hashes, probe))
        return at < len(self._hashes) and bytes(self._hashes[at]) == bytes(probe)

    # --- what steps leave for later -----------------------------------------------------

    def write_pending(self, name: str, pending: list[Pending]) -> str:
        """Store pending findings for the finish pass, one slice per unit (the finish task
        of a unit reads its slice of every such file)."""
        units = self.unit_of(np.array([p.index for p in pending], dtype=np.int64)) if pending else []
        parts: list[list[Pending] | None] = [None] * self.units
        for item, unit in zip(pending, units):
            if parts[unit] is None:
                parts[unit] = []
            parts[unit].append(item)
        return self.workspace.write_parts(name, parts)


@dataclass
class CorpusBatch:
    """What a corpus check's reduce step sees in the main process: the documents (their
    info, not their text or signals), the configuration, the view its tasks read the batch
    through, `run` to run tasks on the executor (results in order), the corpus sections it
    writes, and the files of pending findings its tasks wrote."""

    documents: list[DocumentInfo]
    config: "Config"
    view: CorpusView
    run: Callable[[Callable, Any], Iterable[Any]]
    corpus: dict[str, Any] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)  # workspace files of Pending, by unit
    archive: Any = None  # archive.Archive of earlier drops, when one is given
    archive_add: bool = False  # record this batch in the archive after checking it
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per reduce step (--timings)

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time one reduce step (its tasks included) into `seconds`, for --timings."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    @property
    def partitions(self) -> int:
        return self.view.partitions

    @property
    def workspace(self) -> Any:
        return self.view.workspace
