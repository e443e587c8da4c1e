"""The checks. Importing this package registers every rule.

DOCUMENT_CHECKS run in order on each document (boilerplate first: the others read the
body); CORPUS_CHECKS have a per-document map step and a batch-wide reduce step.
"""

from .readability import ReadabilityCheck

DOCUMENT_CHECKS = [ReadabilityCheck]
CORPUS_CHECKS: list = []
