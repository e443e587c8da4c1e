"""Sentence-level quality of `statistics.unsupported` on PolNeAR, and of the vague cues on
the CoNLL-2010 Wikipedia weasel sentences.

    python -m evaluation.statistics [--shared ../shared] [--split dev|train|all]

PolNeAR: every article is audited whole; a listed sentence (one that contains a statistic)
is predicted `unattributed` when a `statistics.unsupported` finding overlaps it, and
compared with the human label. The cue-word baseline from the data's README (unattributed
= no said/according to/report... in the sentence) is computed in the same run.
Weasel: a sentence is predicted weasel when the attribution vocabulary grades it vague.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

from auditor.checks.attribution import patterns as attribution_patterns
from auditor.config import Config
from auditor.corpus import Document
from auditor.engine import run_audit
from evaluation.boilerplate import Score

GRADED_RULES = ("ST001", "ST002", "ST003")  # a figure the tool counts as a statistic gets one of these
BASELINE_CUES = re.compile(r"\b(said|says|say|told|according to|report(s|ed)?|survey|poll|study|data|estimate[sd]?)\b", re.I)


def polnear(shared: Path, split: str, jobs: int) -> tuple[Score, Score, int]:
    ours, baseline, n, _unseen = polnear_details(shared, split, jobs)
    return ours, baseline, n


def polnear_details(shared: Path, split: str, jobs: int) -> tuple[Score, Score, int, int]:
    """As `polnear`, plus the number of `unattributed` sentences in which the tool sees no
    statistic at all (every figure an age, a duration, a date ... by its definition): no
    grading of sources can find those, which caps the recall it can reach."""
    files = ["polnear-dev.jsonl", "polnear-train.jsonl"] if split == "all" else [f"polnear-{split}.jsonl"]
    rows = []
    for name in files:
        with (shared / "eval" / "statistics" / name).open(encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle if line.strip()]
    docs = [Document(id=f"a{i:04d}", path=r["id"], format="txt", text=r["text"], title=r["text"].split("\n", 1)[0][:200])
            for i, r in enumerate(rows)]
    result = run_audit(docs, [], Config(select=("statistics",), jobs=jobs))
    ours, baseline = Score(), Score()
    n = unseen = 0
    for row, audit in zip(rows, result.documents):
        spans = [(f.span.start, f.span.end) for f in audit.findings if f.name == "statistics.unsupported"]
        graded = [(f.span.start, f.span.end) for f in audit.findings if f.rule in GRADED_RULES]
        for s in row["sentences"]:
            gold = s["label"] == "unattributed"
            predicted = any(a < s["end"] and s["start"] < b for a, b in spans)
            if gold and not any(a < s["end"] and s["start"] < b for a, b in graded):
                unseen += 1
            ours.add(predicted, gold)
            baseline.add(not BASELINE_CUES.search(row["text"][s["start"]:s["end"]]), gold)
            n += 1
    return ours, baseline, n, unseen


def weasel(shared: Path) -> tuple[Score, int]:
    p = attribution_patterns()
    score = Score()
    n = 0
    with (shared / "eval" / "statistics" / "wiki-weasel-train.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            text = row["text"]
            predicted = bool(p.vague.search(text) or p.hedge.search(text) or p.vague_subject_verb.search(text))
            score.add(predicted, row["label"].strip() == "1")
            n += 1
    return score, n


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared")
    parser.add_argument("--split", choices=("dev", "train", "all"), default="dev")
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "statistics").is_dir():
        print(f"no labelled data under {args.shared}", file=sys.stderr)
        return 2
    ours, baseline, n, unseen = polnear_details(args.shared, args.split, args.jobs)
    print(f"PolNeAR {args.split}: {n} sentences with statistics, `unattributed` class")
    print("| detector | precision | recall | F1 |")
    print("|---|---|---|---|")
    print(f"| auditor statistics.unsupported | {ours.precision:.3f} | {ours.recall:.3f} | {ours.f1:.3f} |")
    print(f"| cue-word baseline | {baseline.precision:.3f} | {baseline.recall:.3f} | {baseline.f1:.3f} |")
    positives = ours.tp + ours.fn
    reachable = (positives - unseen) / positives if positives else 0.0
    print(f"\n{unseen} of {positives} `unattributed` sentences hold no figure the tool counts as a statistic "
          f"(ages, durations, dates, names ...): the highest recall it can reach is {reachable:.3f}, "
          f"so F1 at most {2 * reachable / (1 + reachable):.3f} even at precision 1.")
    w, wn = weasel(args.shared)
    print(f"\nWeasel sentences ({wn}): vague cues precision {w.precision:.3f}, recall {w.recall:.3f}, F1 {w.f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
