"""Many tiny records: does a JSONL of tens of thousands of one-line articles complete, and
do the findings grow at most linearly with the records?

    python benchmarks/bench_many_records.py [--sizes 10000,25000,50000] [--jobs 2] [--work DIR]

For each size N it writes a JSONL of N tiny records (a sentence or two each) of three
kinds, in turn: the same record again and again (once one DU001 per *pair* of copies gave
a million findings for 1,000 copies), records that differ only in their figures (the
same fact with different numbers: once one ST004/CO001 per pair), and records of their own.
It runs `auditor audit DROP -o OUT -j JOBS --timings ...` as a subprocess and prints wall
seconds, documents per second, findings, findings per document, the size of audit.json and
peak memory (main process, largest worker). Findings per document should stay flat as N
grows (linear in the input, never one finding per pair). A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SAME = "Officials said 40 people were hurt in the blast on Monday, according to the city's fire department."
FIGURES = "The ministry said {n} new models were approved this year, up from {m} last year."
OWN = "Record {n}: a short note about item {n}, filed by desk {d}."


def build(path: Path, size: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(size):
            kind = i % 3
            text = SAME if kind == 0 else FIGURES.format(n=i % 997, m=i % 89) if kind == 1 else OWN.format(n=i, d=i % 50)
            handle.write(json.dumps({"id": f"r{i}", "title": f"Record {i}", "text": text}) + "\n")


def run(drop: Path, out: Path, jobs: int) -> dict:
    timings = out.parent / f"{out.name}.timings.json"
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "auditor", "audit", str(drop), "-o", str(out), "-j", str(jobs), "-q",
                           "--timings", str(timings)], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"auditor failed ({proc.returncode}): {proc.stderr[-2000:]}")
    audit = json.loads((out / "audit.json").read_text(encoding="utf-8"))
    rules = Counter(f["rule"] for d in audit["documents"] for f in d["findings"])
    return {"wall": wall, "documents": len(audit["documents"]), "findings": sum(rules.values()), "rules": rules,
            "json_mb": (out / "audit.json").stat().st_size / 1e6,
            "rss": json.loads(timings.read_text(encoding="utf-8"))["peak_rss_mb"]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,25000,50000")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, help="keep drops and reports here (default: a temporary folder)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="auditor-many-"))
    work.mkdir(parents=True, exist_ok=True)
    print("| records | wall | docs/s | findings | per document | audit.json | peak RSS main / worker |")
    print("|---|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        drop = work / f"tiny-{size}.jsonl"
        build(drop, size)
        r = run(drop, work / f"out-{size}", args.jobs)
        assert r["documents"] == size, r["documents"]
        print(f"| {size:,} | {r['wall']:.1f} s | {size / r['wall']:.0f} | {r['findings']:,} | "
              f"{r['findings'] / size:.2f} | {r['json_mb']:.1f} MB | "
              f"{r['rss']['main']:.0f} MB / {r['rss']['largest worker']:.0f} MB |", flush=True)
        print("  by rule: " + ", ".join(f"{rule} {n:,}" for rule, n in sorted(r["rules"].items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
