"""The checks. Importing this package registers every rule.

`prepare_batch` runs once over the whole batch first (template lines); DOCUMENT_CHECKS
then run in order on each document (boilerplate first: the others read the body);
CORPUS_CHECKS have a per-document map step and a batch-wide reduce step.
"""

from __future__ import annotations

from .boilerplate import BoilerplateCheck, TemplateLine
from .consistency import ConsistencyCheck
from .duplicates import DuplicatesCheck
from .farm import FarmCheck
from .readability import ReadabilityCheck
from .statistics import StatisticsCheck
from .templates import BatchContext, find_template_keys

DOCUMENT_CHECKS = [BoilerplateCheck, ReadabilityCheck, FarmCheck, StatisticsCheck]
CORPUS_CHECKS: list = [ConsistencyCheck, DuplicatesCheck]


def prepare_batch(documents, config) -> BatchContext:
    """What per-document checks need to know about the whole batch."""
    if len(documents) < 2:
        return BatchContext()
    min_documents = config.option(TemplateLine, "min_documents")
    return BatchContext(find_template_keys(documents, min_documents), min_documents)
