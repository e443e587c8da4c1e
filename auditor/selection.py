"""What the user sees: the one place that decides which findings are shown.

Checks report everything they find; once a document's findings are complete and sorted
(per-document and corpus findings together) and fingerprinted, `Selection.apply` decides,
in this order (as flake8's style guide decides in one place):

1. rule selection and ignores (`--select`, `--ignore`, configuration);
2. per-path ignores;
3. inline suppressions written in the article (`<!-- auditor: disable=ST001 -->`);
   -> the risk score is computed here: it describes the article, not what a baseline or
      a display filter leaves;
4. the baseline (findings already accepted, by fingerprint);
   -> the CI gate counts what is left here;
5. the minimum severity to show (`--min-severity`): a display filter only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Sequence

from .findings import Finding, LineIndex, Severity, assign_fingerprints
from .results import severity_counts
from .scoring import risk_score
from .suppressions import Unused, apply_suppressions, directives_in
from .text import text_blocks

if TYPE_CHECKING:
    from .config import Config
    from .corpus.document import Document
    from .rules import Rule


@dataclass(frozen=True)
class Shown:
    """One document's findings after selection, with what was decided on the way."""

    findings: list[Finding]  # what the reports show
    score: float  # the risk score (after step 3)
    gate: dict[str, int]  # severity counts the CI gate decides on (after step 4)
    unused: list[Unused]  # suppressions that suppressed nothing


@dataclass(frozen=True)
class Selection:
    config: "Config"
    rules: Sequence[type["Rule"]]
    baseline: frozenset[str] = frozenset()  # fingerprints of accepted findings
    min_severity: Severity = Severity.INFO

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {r.code: r for r in self.rules})

    def enabled_rules(self) -> list[type["Rule"]]:
        return [r for r in self.rules if self.config.enabled(r)]

    def _wanted(self, document: "Document", finding: Finding) -> bool:
        rule = self._by_code[finding.rule]  # type: ignore[attr-defined]
        return self.config.enabled(rule) and not self.config.ignored_at(document.path, rule)

    def apply(self, document: "Document", findings: list[Finding], metrics: Mapping | None = None,
              boilerplate_chars: int = 0) -> Shown:
        """Decide what is shown of `document`'s findings (in any order; they are sorted
        and fingerprinted here). `metrics` and `boilerplate_chars` (how much of the text
        boilerplate covers) feed the risk score."""
        findings = assign_fingerprints(sorted(findings, key=Finding.sort_key))
        findings = [f for f in findings if self._wanted(document, f)]
        unused: list[Unused] = []
        directives = directives_in(document.text, document.directives)
        if directives:
            blocks = document.blocks if document.blocks is not None else text_blocks(document.text)
            findings, idle = apply_suppressions(document.text, blocks, findings, directives)
            lines = LineIndex(document.text)  # the file's lines: for HTML and JSONL, the source map's
            unused = [Unused(document.id, document.path,
                             document.source_line(d.start) if document.source_lines else lines.position(d.start)[0],
                             document.text[d.start:d.end] or f"{d.action}={','.join(d.selectors)}") for d in idle]
        score = risk_score(findings, metrics, len(document.text), boilerplate_chars)
        if self.baseline:
            findings = [f for f in findings if f.fingerprint not in self.baseline]
        gate = severity_counts(findings)
        if self.min_severity > Severity.INFO:
            findings = [f for f in findings if f.severity >= self.min_severity]
        return Shown(findings, score, gate, unused)
