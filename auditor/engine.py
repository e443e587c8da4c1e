"""The engine: per-document checks in parallel, then corpus checks, into one AuditResult.

It only orchestrates. Per-document work is a pure function of (document, config), run by
an Executor; corpus checks are split into a map step (runs with the per-document work)
and a reduce step (runs once over the batch); then `Selection` decides, per document,
what is shown. Results are put back in input order, so output never depends on scheduling.
"""

from __future__ import annotations

import functools
import os
import traceback
from typing import Any, Callable

from .budget import BudgetExceeded, TimeBudget
from .checks import corpus_checks, document_checks, get_rules, prepare, prepare_batch
from .config import Config
from .context import CorpusBatch, DocumentContext, DocumentResult, TemplateLines
from .corpus import Document, LoadError
from .executors import Executor, make_executor
from .results import AuditResult, DocumentAudit
from .selection import Selection
from .text import Segmentation


def analyse_document(document: Document, config: Config, templates: TemplateLines | None = None) -> DocumentResult:
    """Every per-document check and every corpus check's map step, for one document.
    `templates` is what the batch pre-pass found; None for a lone document.

    A document that outlives its time budget, or makes a check fail, comes back with an
    `error` (it becomes a load error naming the check); the batch goes on."""
    prepare()  # once per process (cached): never charged to a document's budget
    budget = TimeBudget(config.time_budget)
    try:
        with budget:
            budget.stage = "segmentation"
            ctx = DocumentContext(document, config, Segmentation(document.text, document.blocks), templates=templates)
            for check in document_checks():
                budget.stage = check.name
                check.run(ctx)
            for corpus_check in corpus_checks():
                budget.stage = corpus_check.name
                ctx.signals[corpus_check.key] = corpus_check.map(ctx)
    except BudgetExceeded as exc:
        return _failed(document, f"{exc} (the time budget per document; raise time-budget to allow more)")
    except Exception as exc:  # a bug met on this document: report it, audit the rest
        if os.environ.get("AUDITOR_DEBUG"):
            traceback.print_exc()
        return _failed(document, f"internal error in the {budget.stage} check: {type(exc).__name__}: {exc} "
                                 "(please report it; AUDITOR_DEBUG=1 shows the traceback)")
    return DocumentResult(document.id, ctx.findings, ctx.metrics, ctx.boilerplate, ctx.signals)


def _failed(document: Document, error: str) -> DocumentResult:
    return DocumentResult(document.id, [], {}, [], {}, error=error)


def _where(document: Document) -> str:
    """How a load error names a document: its path, and a JSONL record's id."""
    return f"{document.path}[{document.id}]" if document.format == "jsonl" else document.path


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
    prepare()  # before the workers fork, so they share what it loads
    executor = executor or make_executor(config.effective_jobs(), len(documents))
    templates = prepare_batch(documents, config)
    results = []
    load_errors = list(load_errors)
    audited = []
    for document, result in zip(documents, executor.map(
            functools.partial(analyse_document, config=config, templates=templates), documents)):
        if result.error:
            load_errors.append(LoadError(_where(document), result.error))
        else:
            audited.append(document)
            results.append(result)
        if progress:
            progress()
    documents = audited
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
    return AuditResult(audits, load_errors, corpus, config, selection.enabled_rules(), unused)
