"""Benchmark the whole `auditor audit` pipeline on a generated batch.

    python benchmarks/bench_pipeline.py --documents 2000 --words 800 --jobs 2

Generates articles of about `--words` words (sentences with figures, sources, headings
and some boilerplate lines), writes them as .txt files, then times loading, analysis and
report writing (HTML pages, index and audit.json) as `auditor audit` does them, and prints
documents per second and peak memory (this process and its worker processes).
Target (ARCHITECTURE/issue 2): 10,000 such articles in under 60 s on 2 cores, < 2 GB.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from auditor.cli import _write_audit  # noqa: E402
from auditor.config import Config  # noqa: E402
from auditor.corpus import load_inputs  # noqa: E402
from auditor.engine import run_audit  # noqa: E402

SUBJECTS = ["The ministry", "Analysts", "The company", "Regulators", "Researchers", "Investors", "The agency", "Officials"]
VERBS = ["reported", "announced", "estimated", "confirmed", "projected", "said", "noted", "warned"]
OBJECTS = [
    "that revenue grew by {n}% last year",
    "{n} new models had been approved",
    "an investment of ${n} billion over five years",
    "that {n} million users had signed up",
    "a decline of {n}% in the second quarter",
    "that the market would reach ${n} billion by 2030",
    "that demand for chips remained strong across the region",
    "that competition between firms continued to intensify",
]
TAILS = ["", ", according to a report by the Example Institute", ", experts say", " in a statement on Monday", ""]


def sentence(rng: random.Random) -> str:
    obj = rng.choice(OBJECTS).format(n=rng.randint(2, 400))
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {obj}{rng.choice(TAILS)}."


def article(rng: random.Random, words: int) -> str:
    lines = [f"Report {rng.randint(1, 10**6)}: markets and models", ""]
    count = 0
    while count < words:
        if rng.random() < 0.15:
            lines += [f"Section {rng.randint(1, 99)} Overview", ""]
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
        count += len(paragraph.split())
        lines += [paragraph, ""]
    lines += ["Share This Story, Choose Your Platform!", ""]
    return "\n".join(lines)


def peak_memory_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--jobs", type=int, default=0, help="0: one per core")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for i in range(args.documents):
            (corpus / f"doc{i:05d}.txt").write_text(article(rng, args.words), encoding="utf-8")
        config = Config(jobs=args.jobs)
        t0 = time.perf_counter()
        documents, errors = load_inputs([str(corpus)])
        t1 = time.perf_counter()
        result = run_audit(documents, errors, config)
        t2 = time.perf_counter()
        _write_audit(result, Path(tmp) / "reports")
        t3 = time.perf_counter()
    own, children = peak_memory_mb()
    total = t3 - t0
    words = sum(a.words for a in result.documents)
    print(f"documents: {len(documents)}  body words: {words}  jobs: {config.effective_jobs()}")
    print(f"load {t1 - t0:.2f}s  analyse {t2 - t1:.2f}s  reports {t3 - t2:.2f}s  total {total:.2f}s")
    print(f"throughput: {len(documents) / total:.1f} documents/s")
    print(f"peak memory: main process {own:.0f} MB, largest worker {children:.0f} MB")


if __name__ == "__main__":
    main()
