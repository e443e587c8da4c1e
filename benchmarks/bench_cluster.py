"""The whole audit on a Dask cluster against the local executor, on the same machine and
the same real-text drop, and the cost per document a cluster's size is planned from.

    python benchmarks/bench_cluster.py [--sizes 100000] [--workers 2] [--work DIR]
                                       [--scheduler tcp://HOST:8786] [--keep]

For each size N it builds the JSONL drop of benchmarks/bench_scale.py (the real articles
of ../shared/eval/real, then copies with about 40% of their sentences swapped), then runs
`auditor audit` as a separate process twice: with the local executor (`-j WORKERS`) and
on Dask (a LocalCluster of WORKERS processes, or the scheduler given). For each run it
prints wall seconds, documents per second, the CPU seconds of the whole process tree
(main process and workers) per document, peak memory of the main process, and seconds per
stage, then checks that both audit.json files are byte-identical. The last lines are the
paper estimate: worker cores for 10 million articles a day from the measured CPU cost.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scale import DEFAULT_SOURCES, build_drop, read_articles  # noqa: E402

DAY = 86_400
TARGET = 10_000_000  # articles a day


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(drop: Path, out: Path, timings: Path, args: list[str]) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    cpu, start = children_cpu(), time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "auditor", "audit", str(drop), "-o", str(out), "-q",
                           "--timings", str(timings), *args], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"auditor {' '.join(args)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    data = json.loads(timings.read_text(encoding="utf-8"))
    return {"wall": wall, "cpu": children_cpu() - cpu, "timings": data}


def report(label: str, size: int, result: dict) -> None:
    seconds = result["timings"]["seconds"]
    print(f"\n### {label}: {result['wall']:.1f} s, {size / result['wall']:.1f} docs/s, "
          f"{result['cpu'] / size * 1000:.1f} CPU ms per document (whole process tree)")
    print(f"peak RSS of the main process: {result['timings']['peak_rss_mb']['main']:.0f} MB")
    for stage in ("load", "analyse", "corpus", "finish", "index and audit.json", "commit"):
        if stage in seconds:
            print(f"  {stage:<24} {seconds[stage]:8.1f} s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scheduler", help="a running Dask scheduler (default: a LocalCluster of --workers)")
    parser.add_argument("--work", type=Path, help="keep drops here (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the reports")
    args = parser.parse_args(argv)
    dask_args = ["--scheduler", args.scheduler] if args.scheduler else ["--executor", "dask", "-j", str(args.workers)]
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        articles = None
        for size in (int(s) for s in args.sizes.split(",")):
            drop = work / f"drop-{size}.jsonl"
            if not drop.exists():
                articles = articles or read_articles(DEFAULT_SOURCES)
                build_drop(articles, size, drop)
            print(f"## {size} documents ({drop.stat().st_size / 1e6:.0f} MB of JSONL), {args.workers} workers")
            local = run(drop, work / f"local-{size}", work / f"local-{size}.json", ["-j", str(args.workers)])
            report(f"local executor, -j {args.workers}", size, local)
            remote = run(drop, work / f"dask-{size}", work / f"dask-{size}.json", dask_args)
            report("Dask " + (f"scheduler {args.scheduler}" if args.scheduler else f"LocalCluster, {args.workers} "
                                                                                 "workers"), size, remote)
            same = (work / f"local-{size}" / "audit.json").read_bytes() == \
                (work / f"dask-{size}" / "audit.json").read_bytes()
            print(f"\naudit.json byte-identical: {same}; Dask/local throughput: {local['wall'] / remote['wall']:.2f}")
            per_doc = remote["cpu"] / size
            cores = TARGET * per_doc / DAY
            print(f"paper estimate: {TARGET:,} articles a day x {per_doc * 1000:.1f} CPU ms = "
                  f"{TARGET * per_doc / 3600:,.1f} CPU hours a day = {cores:.2f} cores busy around the clock; "
                  f"at 60% utilisation {math.ceil(cores / 0.6)} worker core(s)")
            if not args.keep:
                for name in (f"local-{size}", f"dask-{size}"):
                    shutil.rmtree(work / name, ignore_errors=True)
            if not same:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
