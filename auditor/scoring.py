"""The per-document risk score, 0 (nothing found) to 100 (saturated with problems).

    score = 100 * (1 - prod(1 - w(f) for each finding f))

with w = 0.25 for an error, 0.10 for a warning and 0.02 for an info finding. Each
finding is treated as independent evidence that the article needs an editor's attention:
one error gives 25, two give 43.8, an error and a warning give 32.5, and the score
approaches but never passes 100. Order of findings does not matter.
"""

from __future__ import annotations

from .findings import Finding, Severity

WEIGHTS = {Severity.ERROR: 0.25, Severity.WARNING: 0.10, Severity.INFO: 0.02}


def risk_score(findings: list[Finding]) -> float:
    clean = 1.0
    for finding in findings:
        clean *= 1.0 - WEIGHTS[finding.severity]
    return round(100.0 * (1.0 - clean), 1)
