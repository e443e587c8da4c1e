"""The engine: per-document checks in parallel, then corpus checks, into one AuditResult.

It only orchestrates. Per-document work is a pure function of (document, config), run by
an Executor; corpus checks are split into a map step (runs with the per-document work)
and a reduce step (runs once over the batch); then `Selection` decides, per document,
what is shown. Results are put back in input order, so output never depends on scheduling.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

from .checks import corpus_checks, document_checks, get_rules, prepare_batch
from .config import Config
from .context import CorpusBatch, DocumentContext, DocumentResult, TemplateLines
from .corpus import Document, LoadError
from .executors import Executor, make_executor
from .results import AuditResult, DocumentAudit
from .selection import Selection
from .text import Segmentation


def analyse_document(document: Document, config: Config, templates: TemplateLines | None = None) -> DocumentResult:
    """Every per-document check and every corpus check's map step, for one document.
    `templates` is what the batch pre-pass found; None for a lone document."""
    ctx = DocumentContext(document, config, Segmentation(document.text, document.blocks), templates=templates)
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
    selection: Selection | None = None,
    executor: Executor | None = None,
    progress: Callable[[], None] | None = None,
    archive: Any = None,
    archive_add: bool = False,
) -> AuditResult:
    """Audit a batch: per-document checks, corpus checks, then what is shown."""
    selection = selection or Selection(config, get_rules())
    executor = executor or make_executor(config.effective_jobs(), len(documents))
    templates = prepare_batch(documents, config)
    results = []
    for result in executor.map(functools.partial(analyse_document, config=config, templates=templates), documents):
        results.append(result)
        if progress:
            progress()
    batch = CorpusBatch(documents, results, config, corpus={}, extra_findings={}, archive=archive,
                        archive_add=archive_add)
    for check in corpus_checks():
        check.reduce(batch)
    audits, unused = [], []
    for document, result in zip(documents, results):
        shown = selection.apply(document, result.findings + batch.extra_findings.get(document.id, []))
        unused += shown.unused
        audits.append(DocumentAudit(document, shown.findings, result.metrics, result.boilerplate, shown.score,
                                    shown.gate))
    corpus = {"duplicate_clusters": [], "story_clusters": [], "facts": [], **batch.corpus}
    return AuditResult(audits, list(load_errors), corpus, config, selection.enabled_rules(), unused)
