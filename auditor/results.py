"""What an audit produces: one DocumentAudit per article and the AuditResult of a batch.

Reporters read these and nothing else; they never import the engine or the checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from .findings import Finding, Severity

if TYPE_CHECKING:
    from .config import Config
    from .context import BoilerplateSpan
    from .corpus.document import Document, LoadError
    from .rules import Rule

# textstat's measures we report, with the label a reader sees (the readability check
# computes them; audit.json and the HTML report show them in this order).
TEXTSTAT_METRICS = {
    "flesch_reading_ease": "Flesch reading ease",
    "flesch_kincaid_grade": "Flesch-Kincaid grade",
    "gunning_fog": "Gunning fog",
    "smog_index": "SMOG",
    "coleman_liau_index": "Coleman-Liau",
    "automated_readability_index": "ARI",
    "dale_chall_readability_score": "Dale-Chall",
}
READABILITY_METRICS = {
    **TEXTSTAT_METRICS,
    "reading_time_seconds": "Reading time (s)",
    "words": "Words",
    "sentences": "Sentences",
}


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """Findings per severity label, most severe first (the order every report shows)."""
    out = {s.label: 0 for s in sorted(Severity, reverse=True)}
    for f in findings:
        out[f.severity.label] += 1
    return out


@dataclass
class DocumentAudit:
    """One article's audit: the findings shown, its metrics, boilerplate and risk score."""

    document: "Document"
    findings: list[Finding]
    metrics: dict[str, Any]
    boilerplate: list["BoilerplateSpan"]
    score: float
    gate: dict[str, int] = field(default_factory=dict)  # severity counts the CI gate sees

    @property
    def words(self) -> int:
        return int(self.metrics.get("words", 0))

    def counts(self) -> dict[str, int]:
        return severity_counts(self.findings)


@dataclass
class AuditResult:
    """A batch's audit: every document, the corpus-level results (clusters, facts) and
    the inputs that could not be read."""

    documents: list[DocumentAudit]
    load_errors: list["LoadError"]
    corpus: dict[str, Any]
    config: "Config"
    rules: list[type["Rule"]]
    unused_suppressions: list[Any] = field(default_factory=list)  # selection.Unused

    def findings(self) -> Iterator[Finding]:
        for audit in self.documents:
            yield from audit.findings

    def counts(self) -> dict[str, int]:
        return severity_counts(self.findings())

    def gate_counts(self) -> dict[str, int]:
        """Severity counts the CI gate decides on: every finding after the baseline, also
        those below `--min-severity` that the reports leave out."""
        out = {s.label: 0 for s in sorted(Severity, reverse=True)}
        for audit in self.documents:
            for label, n in (audit.gate or audit.counts()).items():
                out[label] += n
        return out
