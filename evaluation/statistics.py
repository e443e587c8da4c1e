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

BASELINE_CUES = re.compile(r"\b(said|says|say|told|according to|report(s|ed)?|survey|poll|study|data|estimate[sd]?)\b", re.I)


def polnear(shared: Path, split: str, jobs: int) -> tuple[Score, Score, int]:
    files = ["polnear-dev.jsonl", "polnear-train.jsonl"] if split == "all" else [f"polnear-{split}.jsonl"]
    rows = []
    for name in files:
        with (shared / "eval" / "statistics" / name).open(encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle if line.strip()]
    docs = [Document(id=f"a{i:04d}", path=r["id"], format="txt", text=r["text"], title=r["text"].split("\n", 1)[0][:200])
            for i, r in enumerate(rows)]
    result = run_audit(docs, [], Config(select=("statistics",), jobs=jobs))
    ours, baseline = Score(), Score()
    n = 0
    for row, audit in zip(rows, result.documents):
        spans = [(f.span.start, f.span.end) for f in audit.findings if f.name == "statistics.unsupported"]
        for s in row["sentences"]:
            gold = s["label"] == "unattributed"
            predicted = any(a < s["end"] and s["start"] < b for a, b in spans)
            ours.add(predicted, gold)
            baseline.add(not BASELINE_CUES.search(row["text"][s["start"]:s["end"]]), gold)
            n += 1
    return ours, baseline, n


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
    ours, baseline, n = polnear(args.shared, args.split, args.jobs)
    print(f"PolNeAR {args.split}: {n} sentences with statistics, `unattributed` class")
    print("| detector | precision | recall | F1 |")
    print("|---|---|---|---|")
    print(f"| auditor statistics.unsupported | {ours.precision:.3f} | {ours.recall:.3f} | {ours.f1:.3f} |")
    print(f"| cue-word baseline | {baseline.precision:.3f} | {baseline.recall:.3f} | {baseline.f1:.3f} |")
    w, wn = weasel(args.shared)
    print(f"\nWeasel sentences ({wn}): vague cues precision {w.precision:.3f}, recall {w.recall:.3f}, F1 {w.f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
