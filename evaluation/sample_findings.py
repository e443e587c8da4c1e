"""A seeded sample of one rule's findings on a drop of articles, for judging by reading.

    python -m evaluation.sample_findings ../shared/eval/real/real-wire.jsonl --rule ST001 [--n 30] [--seed 2024]

Audits the drop (statistics checks only), shuffles the rule's findings with
`random.Random(seed)` and prints the first `n` as a numbered Markdown list: document id,
offsets, the finding and its message, the sentence with the figure in [[ ]], and the previous
sentence of the paragraph. The judge adds a verdict (TP/FP) and a one-line reason to each
item; `evaluation/judgements/` keeps them so that a precision figure can be recomputed and
re-checked. Findings per 1,000 words of each rule are printed first.
"""

from __future__ import annotations

import argparse
import bisect
import random
import sys
from collections import Counter

from auditor.config import Config
from auditor.corpus import load_inputs
from auditor.engine import run_audit
from auditor.text import Segmentation


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("drop")
    parser.add_argument("--rule", required=True, help="a rule code, e.g. ST001")
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args(argv)
    docs, errors = load_inputs([args.drop])
    result = run_audit(docs, errors, Config(select=("statistics", "consistency"), jobs=args.jobs))
    words = sum(a.words for a in result.documents)
    counts = Counter(f.rule for a in result.documents for f in a.findings)
    print(f"{args.drop}: {len(result.documents)} documents, {words} words; per 1,000 words: "
          + ", ".join(f"{r} {1000 * counts[r] / max(words, 1):.2f} ({counts[r]})" for r in sorted(counts)))
    items = [(a, f) for a in result.documents for f in a.findings if f.rule == args.rule]
    random.Random(args.seed).shuffle(items)
    print(f"\n{len(items)} findings of {args.rule}; sample of {min(args.n, len(items))} (seed {args.seed})\n")
    for k, (audit, finding) in enumerate(items[:args.n], 1):
        text = audit.document.text
        seg = Segmentation(text, audit.document.blocks)
        sentences = seg.sentences
        i = max(0, bisect.bisect_right([s.start for s in sentences], finding.span.start) - 1)
        s = sentences[i]
        a, b = finding.span.start - s.start, finding.span.end - s.start
        sentence = text[s.start:s.end]
        marked = sentence[:a] + "[[" + sentence[a:b] + "]]" + sentence[b:]
        print(f"{k}. `{audit.document.id}` @{finding.span.start}: {finding.message}")
        if i > 0 and sentences[i - 1].block == s.block:
            print(f"   - before: {text[sentences[i - 1].start:sentences[i - 1].end][-300:]}")
        print(f"   - sentence: {marked[:600]}")
        print("   - verdict: ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
