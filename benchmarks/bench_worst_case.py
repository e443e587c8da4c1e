"""Worst-case documents: is the time per megabyte flat as a document grows?

    python benchmarks/bench_worst_case.py [--sizes 10000,100000,1000000,4900000]
        [--shapes prose,caps,figures,bullets] [--run-limit 600] [--check-limit 300] [--no-whole-run]

For each shape (real prose repeated, one sentence of ALL-CAPS words, sentences packed with
figures, bullet lists: tests/worst_cases.py) and each size, the script writes one document
and

1. audits it with the whole auditor, `auditor check FILE --exit-zero -q -j1`, timed as a
   subprocess (with a time limit: a step that is not linear shows as "timeout");
2. times each step in this process: segmentation (blocks, sentences, words), the template
   pre-pass, and each per-document check (boilerplate, readability, farm, statistics),
   each under its own alarm.

It prints the whole run's seconds, and seconds per MB per shape, size and step (the whole
run's after its start-up time is taken off), and for each shape and step the ratio of the
largest to the smallest seconds/MB across sizes (the goal: within 2x, i.e. linear); for the
whole run that ratio is of the marginal rate beyond the shape's smallest document, so a
run's fixed cost does not pass for superlinear growth.
Timings are wall-clock on a shared machine: run it on an idle one for figures to quote.
This is a benchmark, not a test (tests/test_linear_time.py is the test).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from auditor.checks import document_checks, template_lines_of  # noqa: E402
from auditor.checks.templates import block_keys  # noqa: E402
from auditor.config import Config  # noqa: E402
from auditor.context import DocumentContext  # noqa: E402
from auditor.corpus import Document  # noqa: E402
from auditor.text import Segmentation  # noqa: E402
from worst_cases import BENCH_SHAPES  # noqa: E402

NEGLIGIBLE = 0.1  # seconds per MB under which a step's ratio across sizes is timer noise
STEPS = ("segmentation", "templates", "BoilerplateCheck", "ReadabilityCheck", "FarmCheck", "StatisticsCheck")


class _Timeout(Exception):
    pass


def _alarm(*_):
    raise _Timeout


def _timed(limit: int, work) -> float | None:
    """Seconds `work()` took, or None when it ran past `limit` seconds."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(limit)
    started = time.perf_counter()
    try:
        work()
    except _Timeout:
        return None
    finally:
        signal.alarm(0)
    return time.perf_counter() - started


def step_times(text: str, limit: int, repeats: int = 1) -> dict[str, float | None]:
    """Seconds per step for one document, the least of `repeats` runs (small documents are
    timed several times: a single run of a few milliseconds is mostly noise)."""
    best: dict[str, float | None] = {}
    for run in range(repeats):
        # A different last line each run: textstat caches its results by text.
        for step, seconds in _step_times_once(f"{text}\n\nRun {run}.", limit).items():
            if seconds is None or best.get(step, 0.0) is None:
                best[step] = None
            else:
                best[step] = min(best.get(step, seconds), seconds)
    return best


def _step_times_once(text: str, limit: int) -> dict[str, float | None]:
    """Seconds per step for one document (each check runs after the ones before it)."""
    doc = Document(id="bench", path="bench.txt", format="txt", text=text)
    config = Config(jobs=1)
    out: dict[str, float | None] = {}
    seg = None

    def segment():  # what the engine does: lines, blocks, and the sentences the checks read
        nonlocal seg
        seg = Segmentation(text)
        return seg.sentences

    out["segmentation"] = _timed(limit, segment)
    if seg is None:
        return {step: None for step in STEPS}
    other = Document(id="other", path="other.txt", format="txt", text=text[: len(text) // 2])
    templates = None

    def prepass():
        nonlocal templates
        templates = template_lines_of([block_keys(d.text, Segmentation(d.text, d.blocks).blocks) for d in (doc, other)], config)

    out["templates"] = _timed(limit, prepass)
    # The checks see what `auditor check FILE` gives a lone document: no template lines (the
    # pre-pass above pairs the document with its own first half only to time the pass).
    ctx = DocumentContext(doc, config, seg, templates=template_lines_of([], config))
    for check in document_checks():
        out[type(check).__name__] = _timed(limit, lambda: check.run(ctx))
    return out


def whole_run(path: Path, limit: int) -> float | None:
    started = time.perf_counter()
    try:
        subprocess.run([sys.executable, "-m", "auditor", "check", str(path), "--exit-zero", "-q", "-j1",
                        "-o", os.devnull], check=True, timeout=limit, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - started


def per_mb(seconds: float | None, size: int) -> str:
    return "timeout" if seconds is None else f"{max(seconds, 0.0) / (size / 1e6):.2f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000,4900000")
    parser.add_argument("--shapes", default=",".join(BENCH_SHAPES))
    parser.add_argument("--run-limit", type=int, default=600, help="seconds for one whole `auditor check` run")
    parser.add_argument("--check-limit", type=int, default=300, help="seconds for one step in this process")
    parser.add_argument("--no-whole-run", action="store_true", help="time the steps only")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    shapes = args.shapes.split(",")
    columns = (["whole run (s)", "whole run"] if not args.no_whole_run else []) + list(STEPS)
    results: dict[tuple[str, str], list[str]] = {}
    startup = 0.0
    if not args.no_whole_run:
        with tempfile.TemporaryDirectory() as tmp:
            tiny = Path(tmp) / "tiny.txt"
            tiny.write_text("Headline\n\nOne short sentence of article text.\n", encoding="utf-8")
            startup = min(whole_run(tiny, args.run_limit) or 0.0 for _ in range(3))
        print(f"whole run: `auditor check` of a one-line file takes {startup:.2f} s (start-up, imports); "
              "it is subtracted before dividing by the size\n")
    # Warm up: compile every pattern, load every data file and the readability tables once,
    # so that the first size does not pay for them.
    step_times(BENCH_SHAPES["prose"](5000), args.check_limit)
    print("seconds per MB (wall clock; the least of three runs for documents up to 1 MB)\n")
    print("| shape | size | " + " | ".join(columns) + " |")
    print("|---|---|" + "---|" * len(columns))
    smallest: dict[str, tuple[int, float]] = {}  # shape -> (bytes, seconds) of its smallest whole run
    marginal: dict[str, list[str]] = {}  # shape -> seconds per MB beyond the smallest document, by size
    with tempfile.TemporaryDirectory() as tmp:
        for shape in shapes:
            for size in sizes:
                text = BENCH_SHAPES[shape](size)
                size_mb = len(text.encode("utf-8"))
                path = Path(tmp) / f"{shape}-{size}.txt"
                path.write_text(text, encoding="utf-8")
                row = {}
                repeats = 3 if size <= 1_000_000 else 1
                if not args.no_whole_run:
                    runs = [whole_run(path, args.run_limit) for _ in range(repeats)]
                    seconds = None if None in runs else min(runs)
                    row["whole run"] = per_mb(None if seconds is None else seconds - startup, size_mb)
                    row["whole run (s)"] = "timeout" if seconds is None else f"{seconds:.1f}"
                    if seconds is not None:
                        first = smallest.setdefault(shape, (size_mb, seconds))
                        if size_mb >= 1_000_000:  # beyond the shape's smallest document: no fixed cost left in it;
                            # below 1 MB the added time is within a run's noise (+-0.1 s)
                            marginal.setdefault(shape, []).append(per_mb(seconds - first[1], size_mb - first[0]))
                for step, seconds in step_times(text, args.check_limit, repeats).items():
                    row[step] = per_mb(seconds, size_mb)
                for column in columns:
                    if column != "whole run":
                        results.setdefault((shape, column), []).append(row[column])
                print(f"| {shape} | {size_mb / 1e6:.2f} MB | " + " | ".join(row[c] for c in columns) + " |",
                      flush=True)
    for shape, rates in marginal.items():
        results[(shape, "whole run")] = rates
    print("\nlargest / smallest seconds per MB across sizes (linear: within 2x). The whole run's rate is"
          " its marginal one from 1 MB up, (seconds - the smallest document's seconds) / (MB - its MB), so the"
          " fixed cost of a run (start-up, the report) is not divided by the size. Steps that cost under"
          f" {NEGLIGIBLE} s per MB at every size are marked: their ratio is timer noise.\n")
    ratio_columns = [c for c in columns if c != "whole run (s)"]
    print("| shape | " + " | ".join(ratio_columns) + " |")
    print("|---|" + "---|" * len(ratio_columns))
    for shape in shapes:
        cells = []
        for column in [c for c in columns if c != "whole run (s)"]:
            values = [float(v) for v in results.get((shape, column), []) if v != "timeout"]
            timeouts = sum(v == "timeout" for v in results.get((shape, column), []))
            ratio = f"{max(values) / min(values):.1f}x" if values and min(values) > 0 else "-"
            if values and max(values) < NEGLIGIBLE:
                ratio += " (negligible)"
            cells.append(ratio + (f" ({timeouts} timeout)" if timeouts else ""))
        print(f"| {shape} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
