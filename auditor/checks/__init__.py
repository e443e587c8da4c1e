"""The checks, and the explicit list of every rule they report.

`prepare_batch` runs once over the whole batch first (template lines); the document checks
then run in order on each document (boilerplate first: the others read the body); corpus
checks have a per-document map step and a batch-wide reduce step.
"""

from __future__ import annotations

import functools

from ..context import CorpusCheck, DocumentCheck, TemplateLines
from ..rules import Rule, validate_rules
from . import boilerplate, consistency, duplicates, farm, headline, readability, statistics
from .boilerplate import BoilerplateCheck, TemplateLine
from .consistency import ConsistencyCheck
from .duplicates import DuplicatesCheck
from .farm import FarmCheck
from .headline import HeadlineCheck
from .readability import ReadabilityCheck, warm_up
from .statistics import StatisticsCheck
from .templates import find_template_keys, template_keys

_MODULES = (boilerplate, readability, farm, headline, statistics, consistency, duplicates)


@functools.lru_cache(maxsize=1)
def _rules() -> tuple[type[Rule], ...]:
    return tuple(validate_rules(rule for module in _MODULES for rule in module.RULES))


def get_rules() -> list[type[Rule]]:
    """Every rule, sorted by code (each check module lists its own in `RULES`)."""
    return list(_rules())


def document_checks() -> list[DocumentCheck]:
    """Per-document checks in the order they run: boilerplate first, the rest read the body."""
    return [BoilerplateCheck(), ReadabilityCheck(), FarmCheck(), HeadlineCheck(), StatisticsCheck()]


def corpus_checks() -> list[CorpusCheck]:
    """The corpus checks in the order their reduce steps run: duplicates first, since
    consistency compares figures within the stories it finds."""
    return [DuplicatesCheck(), ConsistencyCheck()]


def prepare() -> None:
    """One-time set-up shared by every document (data files, dictionaries), done before
    documents are timed and before worker processes fork."""
    warm_up()


def template_lines_of(block_keys: list, config) -> TemplateLines:
    """The same as `template_lines`, from documents' `templates.block_keys` held in memory
    (a handful of documents: evaluation scripts, benchmarks of one document)."""
    if len(block_keys) < 2:
        return TemplateLines()
    min_documents = config.option(TemplateLine, "min_documents")
    return TemplateLines(find_template_keys(block_keys, min_documents), min_documents)


def template_lines(run, workspace, units: list[tuple[int, int]], count: int, partitions: int,
                   config) -> TemplateLines:
    """What per-document checks need to know about the whole batch: its template lines,
    from every document's `templates.block_keys` (in the units' BLOCKS files of the
    workspace), computed as tasks through `run` (see templates.template_keys)."""
    if count < 2:
        return TemplateLines()
    min_documents = config.option(TemplateLine, "min_documents")
    return TemplateLines(template_keys(run, workspace, units, count, partitions, min_documents), min_documents)
