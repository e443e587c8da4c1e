"""The engine: per-document checks in parallel, then corpus checks, into one AuditResult.

Per-document work is a pure function of (document, config), so it can run anywhere: here
in a local process pool, later on a distributed engine behind the same Executor interface.
Corpus checks are split into a map step (document -> signature, keys, facts; runs with the
per-document work) and a reduce step (group, cluster, compare; runs once over the batch).
Results are always put back in input order, so output never depends on scheduling.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Protocol, Sequence

from .config import Config
from .corpus import Document, LoadError
from .findings import Finding, Related, Severity, assign_fingerprints
from .rules import Rule, all_rules
from .scoring import risk_score
from .text import Block, Segmentation

# --- per-document context --------------------------------------------------------------


@dataclass(frozen=True)
class BoilerplateSpan:
    start: int
    end: int
    kind: str  # e.g. "related-links", "share-prompt"


@dataclass
class DocumentContext:
    """What per-document checks read and write. Checks run in order: boilerplate first,
    so that later checks read only the body."""

    document: Document
    config: Config
    seg: Segmentation
    boilerplate: list[BoilerplateSpan] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    signals: dict[str, Any] = field(default_factory=dict)
    claims: list[Any] = field(default_factory=list)  # graded statistics (checks.statistics)
    batch: Any = None  # what the batch pre-pass learned (checks.templates.BatchContext)

    @property
    def text(self) -> str:
        return self.document.text

    def is_boilerplate(self, start: int, end: int) -> bool:
        return any(b.start <= start and end <= b.end for b in self.boilerplate)

    def body_blocks(self) -> list[Block]:
        """Blocks that are article body: not boilerplate, not front matter."""
        return [
            b for b in self.seg.blocks
            if b.kind not in ("front-matter", "comment") and not self.is_boilerplate(b.start, b.end)
        ]

    def report(
        self,
        rule: type[Rule],
        start: int,
        end: int,
        message: str,
        related: Iterable[Related] = (),
        data: dict | None = None,
    ) -> None:
        """Record a finding for `rule` over `text[start:end]`, unless the rule is disabled."""
        if not self.config.enabled(rule) or self.config.ignored_at(self.document.path, rule):
            return
        self.findings.append(make_finding(self.document, self.seg, self.config, rule, start, end, message, related, data))


def make_finding(document, seg, config, rule, start, end, message, related=(), data=None) -> Finding:
    return Finding(
        rule=rule.code,
        name=rule.name,
        severity=config.severity_of(rule),
        message=message,
        document=document.id,
        span=seg.span(start, end),
        text=document.text[start:end],
        related=tuple(related),
        data=data or {},
    )


class DocumentCheck(Protocol):
    """A check that needs one document only. It must not print or write files."""

    def run(self, ctx: DocumentContext) -> None: ...


class CorpusCheck(Protocol):
    """A check that needs the whole batch. `map` runs beside the per-document checks and
    returns a picklable signal; `reduce` sees every document's signals at once."""

    key: str

    def map(self, ctx: DocumentContext) -> Any: ...

    def reduce(self, batch: "CorpusBatch") -> None: ...


def document_checks() -> list[DocumentCheck]:
    from .checks import DOCUMENT_CHECKS

    return [factory() for factory in DOCUMENT_CHECKS]


def corpus_checks() -> list[CorpusCheck]:
    from .checks import CORPUS_CHECKS

    return [factory() for factory in CORPUS_CHECKS]


# --- results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentResult:
    """What the per-document step returns (picklable, small: no text)."""

    id: str
    findings: list[Finding]
    metrics: dict[str, Any]
    boilerplate: list[BoilerplateSpan]
    signals: dict[str, Any]


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings per severity label, most severe first (the order every report shows)."""
    out = {s.label: 0 for s in sorted(Severity, reverse=True)}
    for f in findings:
        out[f.severity.label] += 1
    return out


@dataclass
class DocumentAudit:
    document: Document
    findings: list[Finding]
    metrics: dict[str, Any]
    boilerplate: list[BoilerplateSpan]
    score: float

    @property
    def words(self) -> int:
        return int(self.metrics.get("words", 0))

    def counts(self) -> dict[str, int]:
        return severity_counts(self.findings)


@dataclass
class AuditResult:
    documents: list[DocumentAudit]
    load_errors: list[LoadError]
    corpus: dict[str, Any]
    config: Config
    rules: list[type[Rule]]
    unused_suppressions: list[Any] = field(default_factory=list)  # suppressions.Unused

    def findings(self) -> Iterator[Finding]:
        for audit in self.documents:
            yield from audit.findings

    def counts(self) -> dict[str, int]:
        return severity_counts(self.findings())


@dataclass
class CorpusBatch:
    """What a corpus check's reduce step sees and writes."""

    documents: list[Document]
    results: list[DocumentResult]
    config: Config
    corpus: dict[str, Any]
    extra_findings: dict[str, list[Finding]]
    archive: Any = None  # archive.Archive of earlier drops, when one is given
    archive_add: bool = False  # record this batch in the archive after checking it
    _segmentations: dict[str, Segmentation] = field(default_factory=dict)

    def signals(self, key: str) -> list[Any]:
        return [r.signals.get(key) for r in self.results]

    def report(self, document: Document, rule, start, end, message, related=(), data=None) -> None:
        if not self.config.enabled(rule) or self.config.ignored_at(document.path, rule):
            return
        seg = self._segmentations.get(document.id)
        if seg is None:
            seg = self._segmentations[document.id] = Segmentation(document.text, document.blocks)
        finding = make_finding(document, seg, self.config, rule, start, end, message, related, data)
        self.extra_findings.setdefault(document.id, []).append(finding)


# --- execution -------------------------------------------------------------------------


class Executor(Protocol):
    """Runs a function over items and yields results in input order."""

    def map(self, fn: Callable, items: Sequence) -> Iterator: ...


class SerialExecutor:
    def map(self, fn: Callable, items: Sequence) -> Iterator:
        return map(fn, items)


class ProcessExecutor:
    """A local process pool; chunks keep inter-process traffic low for small documents."""

    def __init__(self, jobs: int):
        self.jobs = jobs

    def map(self, fn: Callable, items: Sequence) -> Iterator:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        chunksize = max(1, min(64, len(items) // (self.jobs * 8)))
        with ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(method)) as pool:
            yield from pool.map(fn, items, chunksize=chunksize)


def make_executor(jobs: int, items: int) -> Executor:
    if jobs <= 1 or items < 2:
        return SerialExecutor()
    return ProcessExecutor(min(jobs, items))


def analyse_document(document: Document, config: Config, batch: Any = None) -> DocumentResult:
    """Every per-document check and every corpus check's map step, for one document.
    `batch` is what the batch pre-pass found (template lines); None for a lone document."""
    ctx = DocumentContext(document, config, Segmentation(document.text, document.blocks), batch=batch)
    for check in document_checks():
        check.run(ctx)
    for check in corpus_checks():
        ctx.signals[check.key] = check.map(ctx)
    return DocumentResult(document.id, ctx.findings, ctx.metrics, ctx.boilerplate, ctx.signals)


def run_audit(
    documents: list[Document],
    load_errors: list[LoadError],
    config: Config,
    *,
    executor: Executor | None = None,
    progress: Callable[[], None] | None = None,
    archive: Any = None,
    archive_add: bool = False,
) -> AuditResult:
    from .checks import prepare_batch

    executor = executor or make_executor(config.effective_jobs(), len(documents))
    batch_context = prepare_batch(documents, config)
    results = []
    for result in executor.map(functools.partial(analyse_document, config=config, batch=batch_context), documents):
        results.append(result)
        if progress:
            progress()
    batch = CorpusBatch(documents, results, config, corpus={}, extra_findings={}, archive=archive,
                        archive_add=archive_add)
    for check in corpus_checks():
        check.reduce(batch)
    from .suppressions import Unused, apply_suppressions, directives_in

    audits, unused = [], []
    for document, result in zip(documents, results):
        findings = sorted(result.findings + batch.extra_findings.get(document.id, []), key=Finding.sort_key)
        findings = assign_fingerprints(findings)
        directives = directives_in(document.text, document.directives)
        if directives:
            seg = Segmentation(document.text, document.blocks)
            findings, idle = apply_suppressions(document.text, seg.blocks, findings, directives)
            unused += [Unused(document.id, document.path, seg.lines.position(d.start)[0],
                              document.text[d.start:d.end] or f"{d.action}={','.join(d.selectors)}") for d in idle]
        audits.append(DocumentAudit(document, findings, result.metrics, result.boilerplate, risk_score(findings)))
    corpus = {"duplicate_clusters": [], "story_clusters": [], "facts": [], **batch.corpus}
    return AuditResult(audits, list(load_errors), corpus, config, [r for r in all_rules() if config.enabled(r)], unused)
