"""How well the risk score ranks content-farm and machine-written articles above wire copy,
and a refit of its weights.

    python -m evaluation.score [--shared ../shared] [--fit] [--write] [--markdown]

The three real drops in ../shared/eval/real/ are audited whole with the default
configuration. For each document the score's parts (auditor/scoring.py: sourcing, tells,
boilerplate, duplication, consistency, readability) are recomputed from what the audit
shows, and the script prints the AUC (the probability that a random farm, or generated,
article scores above a random wire article) of every part alone and of the score.

--fit searches the weights (steps of 0.1 from 0 to 1, coordinate ascent from the shipped
weights, deterministic) for the best worst-case AUC over the two pairs; --write stores
them in auditor/data/scoring.toml. Fitting on these drops is tuning on the evaluation
data's own split: the README says so next to the figures.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from auditor.scoring import PARTS, ScoreParts, combine, score_parts, weights
from evaluation.precision import DROPS, _texts, audit_drops, auc

SCORING_TOML = Path(__file__).resolve().parent.parent / "auditor" / "data" / "scoring.toml"
STEPS = [round(0.1 * i, 1) for i in range(11)]


def document_parts(shared: Path) -> dict[str, list[ScoreParts]]:
    """drop -> every document's ScoreParts, as the audit saw it."""
    results = audit_drops(shared)
    out: dict[str, list[ScoreParts]] = {}
    for drop, result in results.items():
        texts = _texts(shared, drop)
        out[drop] = [
            score_parts(a.findings, a.metrics, len(texts.get(a.document.id, "")),
                        sum(b.end - b.start for b in a.boilerplate))
            for a in result.documents
        ]
    return out


def aucs(parts: dict[str, list[ScoreParts]], w: dict[str, float]) -> dict[str, float]:
    wire = [combine(p, w) for p in parts["wire"]]
    return {drop: auc([combine(p, w) for p in parts[drop]], wire) for drop in DROPS if drop != "wire"}


def fit(parts: dict[str, list[ScoreParts]], start: dict[str, float]) -> dict[str, float]:
    """Coordinate ascent on the worst of the two AUCs (ties: the mean), in steps of 0.1."""
    best = dict(start)

    def quality(w):
        values = aucs(parts, w).values()
        return (min(values), sum(values) / len(values))

    current = quality(best)
    improved = True
    while improved:
        improved = False
        for part in PARTS:
            for step in STEPS:
                trial = {**best, part: step}
                q = quality(trial)
                if q > current:
                    best, current, improved = trial, q, True
    return best


def write_weights(w: dict[str, float]) -> None:
    text = SCORING_TOML.read_text(encoding="utf-8")
    for part, value in w.items():
        text = re.sub(rf"(?m)^{part} = [0-9.]+$", f"{part} = {value:g}", text, count=1)
    SCORING_TOML.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared")
    parser.add_argument("--fit", action="store_true", help="search the weights for the best worst-case AUC")
    parser.add_argument("--write", action="store_true", help="with --fit: write them to auditor/data/scoring.toml")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown (for the README)")
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "real").is_dir():
        print(f"no real drops under {args.shared}/eval/real", file=sys.stderr)
        return 2
    parts = document_parts(args.shared)
    shipped = weights()
    rows = []
    for part in PARTS:
        wire = [getattr(p, part) for p in parts["wire"]]
        rows.append((part, *(auc([getattr(p, part) for p in parts[d]], wire) for d in ("farm", "generated"))))
    shipped_auc = aucs(parts, shipped)
    rows.append(("risk score", shipped_auc["farm"], shipped_auc["generated"]))
    if args.markdown:
        print("| ranks above wire copy (AUC) | farm | generated |")
        print("|---|---|---|")
        for name, farm, generated in rows:
            print(f"| {name} | {farm:.3f} | {generated:.3f} |")
    else:
        print(f"{'part':<14} {'farm':>7} {'generated':>10}")
        for name, farm, generated in rows:
            print(f"{name:<14} {farm:>7.3f} {generated:>10.3f}")
        print("weights:", ", ".join(f"{k} {v:g}" for k, v in shipped.items()))
    if args.fit:
        fitted = fit(parts, shipped)
        fitted_auc = aucs(parts, fitted)
        print("fitted:", ", ".join(f"{k} {v:g}" for k, v in fitted.items()),
              f"-> farm {fitted_auc['farm']:.3f}, generated {fitted_auc['generated']:.3f}")
        if args.write:
            write_weights(fitted)
            print(f"wrote {SCORING_TOML}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
