"""Per-rule precision on real articles, from judgements kept in the project; wire-copy noise;
how well the risk score ranks farm and generated articles above wire copy.

    python -m evaluation.precision [--shared ../shared] [--per-drop 15] [--seed 1729]
                                   [--unjudged RULE|all] [--write-precision] [--markdown]

The three real drops in ../shared/eval/real/ (wire, farm, generated; 400 articles each) are
audited whole with the default configuration. For each rule a seeded sample of its
findings is drawn (at most --per-drop from each drop, so a rule that fires mostly on one drop
is still judged on the others) and matched to the judgements in
`evaluation/judgements/<RULE>.jsonl`, one JSON object per line:

    {"drop": "wire", "document": "<id>", "rule": "ST001", "start": 10, "end": 14,
     "text": "5%", "verdict": "tp" | "fp", "reason": "one line, as an editor would say it"}

A judgement matches a finding of the same drop, document and rule on the same span, or, when
the span moved (a rule change), on the same matched text. Precision is true positives over
judged findings of the sample; rules with fewer than 20 judged findings say so. Findings of
the sample not yet judged are listed with `--unjudged RULE` (with their sentence, for
judging); `--write-precision` writes the figures to auditor/data/precision.toml, which the
SARIF output reads.

Targets (issue 11): every warning and error rule at 0.90 or more, every info rule at 0.80 or
more; at most 3 warnings and errors per 1,000 words of wire copy; risk score AUC 0.85 or
more for farm against wire and for generated against wire.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

import auditor
from auditor.checks import get_rules
from auditor.corpus import load_inputs
from auditor.findings import Severity

JUDGEMENTS = Path(__file__).resolve().parent / "judgements"
DROPS = ("wire", "farm", "generated")
TARGETS = {Severity.ERROR: 0.90, Severity.WARNING: 0.90, Severity.INFO: 0.80}
MIN_JUDGED = 20
CONTEXT = 160  # characters of text either side of an unjudged finding


def audit_drops(shared: Path) -> dict[str, "auditor.AuditResult"]:
    return {drop: auditor.audit([str(shared / "eval" / "real" / f"real-{drop}.jsonl")], {}) for drop in DROPS}


def findings_by_rule(results) -> dict[str, dict[str, list[tuple]]]:
    """rule -> drop -> [(document, finding)], in a stable order."""
    out: dict[str, dict[str, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for drop, result in results.items():
        for audit in result.documents:
            for f in audit.findings:
                out[f.rule][drop].append((audit.document, f))
    return out


def sample(by_drop: dict[str, list[tuple]], per_drop: int, seed: int) -> list[tuple[str, object, object]]:
    """Up to `per_drop` findings from each drop, topped up from the drops that have more
    until MIN_JUDGED are drawn (or every finding is): a seeded, reproducible sample."""
    order = {}
    for drop in DROPS:
        items = by_drop.get(drop, [])
        order[drop] = sorted(range(len(items)), key=lambda i: _draw_key(seed, drop, items[i]))
    take = {drop: min(per_drop, len(order[drop])) for drop in DROPS}
    while sum(take.values()) < MIN_JUDGED and any(take[d] < len(order[d]) for d in DROPS):
        for drop in DROPS:
            if take[drop] < len(order[drop]) and sum(take.values()) < MIN_JUDGED:
                take[drop] += 1
    return [(drop, by_drop[drop][i][0], by_drop[drop][i][1]) for drop in DROPS for i in sorted(order[drop][:take[drop]])]


def _draw_key(seed: int, drop: str, item: tuple) -> str:
    """A finding's place in the draw: a hash of the seed, the drop, the document and the
    matched text, so that the sample stays the same when other findings come or go (a
    judged finding stays drawn until the rule stops reporting it)."""
    document, finding = item
    return hashlib.sha256(f"{seed}:{drop}:{document.id}:{finding.rule}:{finding.text}".encode()).hexdigest()


def load_judgements(rule: str) -> list[dict]:
    path = JUDGEMENTS / f"{rule}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def match(judgements: list[dict], drop: str, document, finding) -> dict | None:
    """The judgement of this finding: same span, else the same matched text in the document."""
    same_doc = [j for j in judgements if j["drop"] == drop and j["document"] == document.id]
    for j in same_doc:
        if j["start"] == finding.span.start and j["end"] == finding.span.end:
            return j
    texts = [j for j in same_doc if j.get("text") == finding.text]
    return texts[0] if len(texts) == 1 else None


def context_of(shared: Path, drop: str, document, finding) -> str:
    text = _texts(shared, drop).get(document.id, "")
    start, end = finding.span.start, finding.span.end
    return (text[max(0, start - CONTEXT):start] + "[[" + text[start:end] + "]]" + text[end:end + CONTEXT]).replace("\n", " ⏎ ")


_TEXT_CACHE: dict[str, dict[str, str]] = {}


def _texts(shared: Path, drop: str) -> dict[str, str]:
    if drop not in _TEXT_CACHE:
        documents, _ = load_inputs([str(shared / "eval" / "real" / f"real-{drop}.jsonl")])
        _TEXT_CACHE[drop] = {d.id: d.text for d in documents}
    return _TEXT_CACHE[drop]


def auc(positive: list[float], negative: list[float]) -> float:
    """The probability that a random positive scores above a random negative (ties half)."""
    if not positive or not negative:
        return float("nan")
    ranked = sorted([(s, 1) for s in positive] + [(s, 0) for s in negative])
    wins, i = 0.0, 0
    negatives_below = 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        pos = sum(1 for _, label in ranked[i:j] if label)
        neg = (j - i) - pos
        wins += pos * (negatives_below + neg / 2)
        negatives_below += neg
        i = j
    return wins / (len(positive) * len(negative))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared")
    parser.add_argument("--per-drop", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1729)
    parser.add_argument("--unjudged", metavar="RULE", help="list the sample's findings not yet judged ('all' for every rule)")
    parser.add_argument("--write-precision", action="store_true", help="write auditor/data/precision.toml")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown (for the README)")
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "real").is_dir():
        print(f"no real drops under {args.shared}/eval/real", file=sys.stderr)
        return 2
    results = audit_drops(args.shared)
    by_rule = findings_by_rule(results)
    rules = {r.code: r for r in get_rules()}
    rows, measured = [], {}
    for code in sorted(rules):
        rule = rules[code]
        drawn = sample(by_rule.get(code, {}), args.per_drop, args.seed)
        judgements = load_judgements(code)
        verdicts, unjudged = [], []
        for drop, document, finding in drawn:
            j = match(judgements, drop, document, finding)
            (verdicts if j else unjudged).append((drop, document, finding, j))
        tp = sum(1 for *_x, j in verdicts if j["verdict"] == "tp")
        fired = {d: len(by_rule.get(code, {}).get(d, [])) for d in DROPS}
        precision = tp / len(verdicts) if verdicts else None
        if verdicts:
            measured[code] = (precision, len(verdicts))
        rows.append((code, rule, fired, len(drawn), len(verdicts), tp, precision))
        if args.unjudged in (code, "all"):
            for drop, document, finding, _ in unjudged:
                print(json.dumps({"drop": drop, "document": document.id, "rule": code, "start": finding.span.start,
                                  "end": finding.span.end, "text": finding.text, "message": finding.message,
                                  "context": context_of(args.shared, drop, document, finding)}, ensure_ascii=False))
    if args.unjudged:
        return 0
    print_table(rows, args.markdown)
    print_noise_and_ranking(results)
    if args.write_precision:
        write_precision(measured)
    return 0


def print_table(rows, markdown: bool) -> None:
    print("| rule | severity | fired wire / farm / generated | judged | precision | target |" if markdown else
          f"{'rule':<7}{'severity':<9}{'fired w/f/g':<16}{'judged':>7}{'tp':>5}{'precision':>11}  target")
    if markdown:
        print("|---|---|---|---|---|---|")
    for code, rule, fired, drawn, judged, tp, precision in rows:
        target = TARGETS[rule.severity]
        status = ("n/a (does not fire)" if not drawn else f"{judged} of {drawn} judged" if judged < min(drawn, MIN_JUDGED)
                  else ("met" if precision >= target else "NOT MET"))
        shown = f"{precision:.2f}" if precision is not None else "–"
        counts = f"{fired['wire']} / {fired['farm']} / {fired['generated']}"
        if markdown:
            print(f"| {code} `{rule.name}` | {rule.severity.label} | {counts} | {judged} | {shown} | "
                  f"{target:.2f}: {status} |")
        else:
            print(f"{code:<7}{rule.severity.label:<9}{counts:<16}{judged:>7}{tp:>5}{shown:>11}  {target:.2f} {status}")


def print_noise_and_ranking(results) -> None:
    wire = results["wire"]
    words = sum(a.words for a in wire.documents)
    serious = sum(1 for f in wire.findings() if f.severity >= Severity.WARNING)
    print(f"\nwire copy: {serious} warnings and errors in {words} words: {1000 * serious / max(1, words):.2f} per 1,000 "
          "words (target <= 3)")
    scores = {drop: [a.score for a in results[drop].documents] for drop in DROPS}
    for drop in ("farm", "generated"):
        print(f"risk score AUC, {drop} above wire: {auc(scores[drop], scores['wire']):.3f} (target >= 0.85)")


MIN_JUDGED_TO_PUBLISH = 5  # fewer judged findings say too little to give code scanning a level


def write_precision(measured: dict[str, tuple[float, int]]) -> None:
    path = Path(__file__).resolve().parent.parent / "auditor" / "data" / "precision.toml"
    lines = ["# Measured precision of each rule: the share of its findings that an editor judged right.",
             "#", "# Written by `python -m evaluation.precision --write-precision` from the judgements in",
             "# evaluation/judgements/ (seeded samples of findings on the three real drops in",
             "# ../shared/eval/real/: wire copy, content-farm posts, machine-generated news). Rules with",
             f"# no entry were not judged on {MIN_JUDGED_TO_PUBLISH} findings or more (a rule that fires less",
             "# on these drops): SARIF gives them no `precision` property.", "#",
             "# SARIF's `precision` property (read by GitHub code scanning) is derived from these figures",
             "# by `auditor.data.precision_level`: very-high >= 0.90, high >= 0.70, medium >= 0.40, low below.",
             "", "[precision]"]
    lines += [f"{code} = {precision:.2f}  # {judged} judged" for code, (precision, judged) in sorted(measured.items())
              if judged >= MIN_JUDGED_TO_PUBLISH]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    sys.exit(main())
