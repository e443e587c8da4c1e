"""The engine: every document's checks in parallel, then corpus checks, then each
document finished and handed on, in bounded units; it only orchestrates.

Three passes over units of input (see corpus/units.py), each a map over an Executor, with
the main process reducing in between. Workers read their units themselves and keep what
later passes need in the run's Workspace, so the main process never holds the batch's
text, findings or pages:

1. load: read and parse a unit; keep its documents in the workspace; return each
   document's name and block hashes. The main process assigns unique ids and finds the
   batch's template lines.
2. analyse: run the per-document checks and the corpus checks' map step on each
   document (under a time budget; a document that runs out or hits a bug becomes a load
   error); keep documents, results and signals (light and heavy) in the workspace; return
   what the main process needs to number the documents. The main process then runs each
   corpus check's reduce step, itself map and reduce tasks over units and partitions on
   the same executor (see shuffle.py), which read the signals from the workspace and
   write findings there, pending until the text is read again.
3. finish: read each document and its result back, add its corpus findings, decide what
   is shown (`selection`), and give the unit's DocumentAudits to the `handler`: it keeps
   them (`run_audit`, `auditor check`), or writes each page and returns a small row (the
   HTML report). The handler comes from the caller, so the engine never imports reporters.

Per-document work is a pure function of (document, config, template lines); results are
put back in input order, so output never depends on scheduling or the number of workers.
Every task only reads files earlier passes wrote and writes files of its own (renamed
into place), so a task whose worker died can simply run again.
"""

from __future__ import annotations

import functools
import itertools
import math
import os
import shutil
import tempfile
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Protocol, Sequence

import numpy as np

from .archive import Archive, content_hash
from .budget import BudgetExceeded, TimeBudget
from .checks import corpus_checks, document_checks, get_rules, prepare, template_lines
from .checks.templates import BLOCKS, block_keys
from .config import Config
from .context import CorpusBatch, CorpusView, DocumentContext, DocumentInfo, DocumentResult, Pending, TemplateLines
from .corpus import Document, LoadError
from .corpus.formats import Parsed
from .corpus.units import MemoryUnit, Unit, absolute, document, read_unit, samples, unique_ids
from .executors import Executor, make_executor
from .findings import LineIndex
from .results import AuditResult, DocumentAudit
from .selection import Selection
from .text import Segmentation, text_blocks
from .workspace import Workspace

# --- one document ---------------------------------------------------------------------


def analyse_document(document: Document, config: Config, templates: TemplateLines | None = None,
                     seconds: dict[str, float] | None = None) -> DocumentResult:
    """Every per-document check and every corpus check's map step, for one document.
    `templates` is what the batch pre-pass found; None for a lone document; `seconds`,
    when given, collects the time each check takes (for the benchmarks).

    A document that outlives its time budget, or makes a check fail, comes back with an
    `error` (it becomes a load error naming the check); the batch goes on."""
    prepare()  # once per process (cached): never charged to a document's budget
    budget = TimeBudget(config.time_budget)
    try:
        with budget:
            clock = time.perf_counter()
            budget.stage = "segmentation"
            ctx = DocumentContext(document, config, Segmentation(document.text, document.blocks), templates=templates)
            ctx.seg.sentences  # noqa: B018  (segment here, so the time is counted here)
            clock = _lap(seconds, "segmentation", clock)
            for check in document_checks():
                budget.stage = check.name
                check.run(ctx)
                clock = _lap(seconds, check.name, clock)
            for corpus_check in corpus_checks():
                budget.stage = corpus_check.name
                ctx.signals[corpus_check.key] = corpus_check.map(ctx)
                clock = _lap(seconds, f"{corpus_check.name} (map)", clock)
    except BudgetExceeded as exc:
        return _failed(document, f"{exc} (the time budget per document; raise time-budget to allow more)")
    except Exception as exc:  # a bug met on this document: report it, audit the rest
        if os.environ.get("AUDITOR_DEBUG"):
            traceback.print_exc()
        return _failed(document, f"internal error in the {budget.stage} check: {type(exc).__name__}: {exc} "
                                 "(please report it; AUDITOR_DEBUG=1 shows the traceback)")
    return DocumentResult(document.id, ctx.findings, ctx.metrics, ctx.boilerplate, ctx.signals)


def _lap(seconds: dict[str, float] | None, stage: str, since: float) -> float:
    now = time.perf_counter()
    if seconds is not None:
        seconds[stage] = seconds.get(stage, 0.0) + now - since
    return now


def _failed(document: Document, error: str) -> DocumentResult:
    return DocumentResult(document.id, [], {}, [], {}, error=error)


def _where(path: str, format: str, id_: str) -> str:
    """How a load error names a document: its path, and a JSONL record's id."""
    return f"{path}[{id_}]" if format == "jsonl" else path


# --- what the passes return -----------------------------------------------------------


@dataclass(frozen=True)
class Loaded:
    """Pass 1, per unit: each document's requested name (its block hashes are in the
    workspace)."""

    names: list[str]
    errors: list[LoadError]
    notes: list[tuple[int, str, str, tuple[str, ...]]]  # (position, path, format, notes) of repaired inputs


@dataclass(frozen=True)
class Analysed:
    """Pass 2, per unit: the documents audited (position in the unit, info), and those
    that became load errors (their signals are in the workspace)."""

    kept: list[tuple[int, str, str, str, str]]  # (position in unit, path, title, format, content hash)
    errors: list[LoadError]
    seconds: dict[str, float]


class Handler(Protocol):
    """What happens to finished documents, unit by unit, in the worker: `unit` returns one
    value per document (the engine collects them in order)."""

    def unit(self, number: int, audits: list[DocumentAudit], context: "FinishContext") -> list[Any]: ...


@dataclass(frozen=True)
class FinishContext:
    """What a handler may need beyond one unit: neighbours and titles of documents."""

    neighbours: dict[str, tuple[str | None, str | None]]  # id -> (previous id, next id)
    titles: dict[str, str]  # id -> title, for documents this unit's findings link to


@dataclass(frozen=True)
class KeepAudits:
    """The handler for callers that want every DocumentAudit back (the library API and
    `auditor check`); without `keep_text` the documents come back without their text."""

    keep_text: bool = True

    def unit(self, number: int, audits: list[DocumentAudit], context: FinishContext) -> list[DocumentAudit]:
        if self.keep_text:
            return audits
        return [DocumentAudit(_without_text(a.document), a.findings, a.metrics, a.boilerplate, a.score, a.gate)
                for a in audits]


def _without_text(document: Document) -> Document:
    """The document as reports that point into files need it: everything but its text
    and blocks (its line and column maps stay)."""
    return replace(document, text="", blocks=None, directives=())


@dataclass
class Outcome:
    """A batch run: what the handler returned per document (in order), the corpus-level
    results, every load error, unused suppressions and the time spent per stage."""

    rows: list[Any]
    corpus: dict[str, Any]
    load_errors: list[LoadError]
    unused: list[Any]
    documents: int
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[tuple[str, str, str, str]] = field(default_factory=list)  # (path, id, format, note)


# --- the passes (run in workers) ------------------------------------------------------


def _load(numbered: tuple[int, Unit], *, max_bytes: int, workspace: Workspace) -> Loaded:
    number, unit = numbered
    items, errors = read_unit(unit, max_bytes)
    names, blocks, kept, notes = [], [], [], []
    for position, (parsed, path) in enumerate(items):
        parsed_blocks = parsed.blocks if parsed.blocks is not None else text_blocks(parsed.text)
        if parsed.notes:
            notes.append((position, path, parsed.format, parsed.notes))
        names.append(parsed.name)
        blocks.append(block_keys(parsed.text, parsed_blocks))
        kept.append((replace(parsed, blocks=parsed_blocks), path))
    workspace.save(number, "parsed", kept)
    workspace.save(number, BLOCKS, blocks)
    return Loaded(names, errors, notes)


def _analyse(job: tuple[int, list[str]], *, config: Config, templates: TemplateLines | None,
             workspace: Workspace) -> Analysed:
    number, ids = job
    started = time.perf_counter()
    parsed = workspace.load(number, "parsed")  # removed by the main process once every unit is analysed
    kept, errors, finished = [], [], []
    checks = corpus_checks()
    light: dict[str, list[Any]] = {c.key: [] for c in checks}
    heavy: dict[str, list[dict[str, np.ndarray]]] = {c.key: [] for c in checks}
    seconds: dict[str, float] = {}
    for position, ((item, path), id_) in enumerate(zip(parsed, ids)):
        doc = document(item, path, id_)
        result = analyse_document(doc, config, templates, seconds)
        if result.error:
            errors.append(LoadError(_where(path, doc.format, id_), result.error))
            continue
        kept.append((position, path, doc.title, doc.format, content_hash(doc.text)))
        for check in checks:
            mapped = result.signals[check.key]
            light[check.key].append(mapped.light)
            heavy[check.key].append(mapped.heavy or {})
        finished.append((doc, DocumentResult(result.id, result.findings, result.metrics, result.boilerplate, {})))
    workspace.save(number, "analysed", finished)
    for key, rows in heavy.items():
        workspace.save_rows(number, key, rows)
    for key, values in light.items():
        workspace.save(number, f"light-{key}", values)
    seconds["analyse (whole)"] = time.perf_counter() - started
    return Analysed(kept, errors, seconds)


def _finish(job: tuple[int, int, dict[str, tuple[str | None, str | None]]], *, config: Config,
            selection: Selection, handler: Handler, workspace: Workspace,
            pending_files: Sequence[str]) -> tuple[list[Any], list[Any]]:
    number, first, neighbours = job
    rules = {r.code: r for r in get_rules()}
    pending: dict[int, list[Pending]] = {}
    titles: dict[str, str] = {}
    for part in workspace.read_parts(pending_files, number):
        for item in part:
            pending.setdefault(item.index - first, []).append(item)
            titles.update(item.titles)
    audits, unused = [], []
    for row, (doc, result) in enumerate(workspace.load(number, "analysed")):
        corpus_findings = []
        if pending.get(row):
            lines = LineIndex(doc.text)
            corpus_findings = [p.finding.materialise(doc, lines, config, rules)
                               for p in sorted(pending[row], key=lambda p: p.order)]
        shown = selection.apply(doc, result.findings + corpus_findings, result.metrics,
                                sum(b.end - b.start for b in result.boilerplate))
        unused += shown.unused
        audits.append(DocumentAudit(doc, shown.findings, result.metrics, result.boilerplate, shown.score, shown.gate))
    return handler.unit(number, audits, FinishContext(neighbours, titles)), unused


# --- the batch ------------------------------------------------------------------------


def run_units(
    units: Sequence[Unit],
    config: Config,
    workspace: Workspace,
    *,
    handler: Handler,
    selection: Selection | None = None,
    executor: Executor | None = None,
    load_errors: Sequence[LoadError] = (),
    progress: Callable[[int], None] | None = None,
    archive: Archive | None = None,
    archive_add: bool = False,
    partitions: int | None = None,
    shared: Sequence[Path] = (),
) -> Outcome:
    """Audit a batch given as units of input (see the module docstring). `partitions`
    (default: by the batch's size) is how many partitions corpus steps shuffle into; the
    output never depends on it. `shared`: folders besides the workspace that the workers
    write into (the report's), which a cluster's workers must see."""
    selection = selection or Selection(config, get_rules())
    prepare()  # before the workers fork, so they share what it loads
    executor = executor or make_executor(config.effective_jobs(), len(units))
    with executor:
        if getattr(executor, "remote", False):
            units = [absolute(unit) for unit in units]
        if hasattr(executor, "check_storage"):
            executor.check_storage([workspace.folder, *shared], samples(units))
        return _run_units(units, config, workspace, handler, selection, executor, load_errors, progress, archive,
                          archive_add, partitions)


DOCUMENTS_PER_PARTITION = 2000  # corpus steps shuffle into one partition per this many documents ...
MAX_PARTITIONS = 512  # ... up to this many


def partitions_for(documents: int) -> int:
    return max(1, min(MAX_PARTITIONS, math.ceil(documents / DOCUMENTS_PER_PARTITION)))


def _run_units(units, config, workspace, handler, selection, executor, load_errors, progress, archive,
               archive_add, partitions) -> Outcome:
    seconds: dict[str, float] = {}
    errors = list(load_errors)
    numbered = list(enumerate(units))

    # 1. load: names and block hashes; ids and template lines here
    clock = time.perf_counter()
    loaded = list(executor.map(functools.partial(_load, max_bytes=config.max_file_bytes, workspace=workspace),
                               numbered))
    names = [name for unit in loaded for name in unit.names]
    ids = unique_ids(names)
    for unit in loaded:
        errors.extend(unit.errors)
    firsts = list(itertools.accumulate((len(unit.names) for unit in loaded), initial=0))  # per unit, and the count
    seconds["load: read and hash"] = time.perf_counter() - clock
    templates = template_lines(executor.map, workspace, list(enumerate(firsts[:-1])), firsts[-1],
                               partitions or partitions_for(firsts[-1]), config)
    for number in range(len(units)):
        workspace.discard(number, BLOCKS)
    unit_ids, start, notes = [], 0, []
    for unit in loaded:
        unit_ids.append(ids[start:start + len(unit.names)])
        notes += [(path, ids[start + position], format_, note) for position, path, format_, found in unit.notes
                  for note in found]
        start += len(unit.names)
    del loaded, names
    seconds["load"] = time.perf_counter() - clock

    # 2. analyse: checks per document; their signals stay in the workspace
    clock = time.perf_counter()
    documents: list[DocumentInfo] = []
    starts: list[int] = []  # the number of each unit's first document
    analyse = functools.partial(_analyse, config=config, templates=templates, workspace=workspace)
    for (number, _unit), ids_here, analysed in zip(numbered, unit_ids,
                                                   executor.map(analyse, list(zip(range(len(units)), unit_ids)))):
        errors.extend(analysed.errors)
        starts.append(len(documents))
        for position, path, title, format_, hash_ in analysed.kept:
            documents.append(DocumentInfo(len(documents), ids_here[position], path, title, format_, hash_))
        for stage, spent in analysed.seconds.items():
            seconds[f"worker: {stage}"] = seconds.get(f"worker: {stage}", 0.0) + spent
        if progress:
            progress(len(ids_here))
        workspace.discard(number, "parsed")
    seconds["analyse"] = time.perf_counter() - clock

    # reduce: corpus checks, as tasks over the units and partitions (signals read from the workspace)
    clock = time.perf_counter()
    starts.append(len(documents))
    view = _corpus_view(workspace, config, documents, starts, partitions or partitions_for(len(documents)))
    batch = CorpusBatch(documents, config, view, executor.map, archive=archive, archive_add=archive_add)
    for check in corpus_checks():
        with batch.step(check.name):
            check.reduce(batch)
    seconds["corpus"] = time.perf_counter() - clock
    seconds.update({f"corpus: {step}": spent for step, spent in batch.seconds.items()})

    # 3. finish: corpus findings in, selection, the handler
    clock = time.perf_counter()
    jobs = []
    for number in range(len(units)):
        indexes = range(starts[number], starts[number + 1])
        neighbours = {documents[i].id: (documents[i - 1].id if i else None,
                                        documents[i + 1].id if i + 1 < len(documents) else None) for i in indexes}
        jobs.append((number, starts[number], neighbours))
    finish = functools.partial(_finish, config=config, selection=selection, handler=handler, workspace=workspace,
                               pending_files=tuple(batch.pending))
    rows, unused = [], []
    for unit_rows, unit_unused in executor.map(finish, jobs):
        rows.extend(unit_rows)
        unused.extend(unit_unused)
    seconds["finish"] = time.perf_counter() - clock
    corpus = {"duplicate_clusters": [], "story_clusters": [], "facts": [], **batch.corpus}
    return Outcome(rows, corpus, errors, unused, len(documents), seconds, notes)


def _corpus_view(workspace: Workspace, config: Config, documents: list[DocumentInfo], starts: list[int],
                 partitions: int) -> CorpusView:
    """Store what corpus steps' tasks look documents up by (each unit's DocumentInfo,
    where units start, the content hashes) and return the view they read it through."""
    for number in range(len(starts) - 1):
        workspace.save(number, CorpusView.DOCUMENTS, documents[starts[number]:starts[number + 1]])
    workspace.save_array("documents.starts.npy", np.array(starts, dtype=np.int64))
    workspace.save_array("documents.hashes.npy",
                         np.array(sorted(d.content_hash.encode("ascii") for d in documents), dtype="S64"))
    return CorpusView(workspace, config, len(documents), len(starts) - 1, partitions)


def run_audit(
    documents: list[Document],
    load_errors: list[LoadError],
    config: Config,
    *,
    selection: Selection | None = None,
    executor: Executor | None = None,
    progress: Callable[[int], None] | None = None,
    archive: Archive | None = None,
    archive_add: bool = False,
    workspace: Workspace | None = None,
    partitions: int | None = None,
) -> AuditResult:
    """Audit documents already in memory and return every DocumentAudit (with its text):
    the library's entry point for small batches, and the tests'. Documents keep the ids
    they come with."""
    selection = selection or Selection(config, get_rules())
    units = _memory_units(documents)
    folder = workspace or Workspace(_temporary_folder())
    try:
        outcome = run_units(units, config, folder, handler=KeepAudits(), selection=selection, executor=executor,
                            load_errors=load_errors, progress=progress, archive=archive, archive_add=archive_add,
                            partitions=partitions)
    finally:
        if workspace is None:
            _remove(folder.folder)
    return AuditResult(outcome.rows, outcome.load_errors, outcome.corpus, config, selection.enabled_rules(),
                       outcome.unused)


MEMORY_UNIT = 64  # documents per unit when they are already in memory


def _memory_units(documents: Sequence[Document]) -> list[Unit]:
    parsed = [(Parsed(d.id, d.text, d.title, dict(d.meta), d.blocks, d.format, int(d.meta.get("line", 0) or 0),
                      d.directives, d.notes, d.source_lines, d.source_columns), d.path) for d in documents]
    return [MemoryUnit(tuple(parsed[i:i + MEMORY_UNIT])) for i in range(0, len(parsed), MEMORY_UNIT)]


def _temporary_folder() -> str:
    return tempfile.mkdtemp(prefix="auditor-work-")


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
