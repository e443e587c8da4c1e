"""A 100-article drop checked against an archive of a million earlier documents.

    python benchmarks/bench_archive.py [--archive-size 1000000] [--drop 100] [--work DIR] [--runs 3]

Builds (once; kept in --work) an SQLite archive of ARCHIVE-SIZE documents: made-up
signatures and facts for all but a few, plus light edits of some drop articles (so the
check has copies and conflicting figures to find). Then times the whole command

    auditor check DROP.jsonl --archive ARCHIVE --format json -o OUT --exit-zero

as a separate process (min / median / max over --runs) and prints what it found. The
archive's LSH band table and facts table are indexed, so the check is a few lookups per
document, not a scan: its time should not grow with the archive.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.archive import Archive, content_hash  # noqa: E402
from auditor.signatures import SignatureParams, minhash_values, shingle_hashes  # noqa: E402

SOURCES = [ROOT.parent / "shared" / "eval" / "real" / f"real-{name}.jsonl" for name in ("wire", "farm", "generated")]
PARAMS = SignatureParams(5, 128, 0.8)
UNITS = ("count", "percent", "USD")
COUNTED = ("people", "jobs", "votes", "cases", "models", "companies", "troops", "deaths", "homes", "schools")


def drop_articles(size: int) -> list[dict]:
    records = []
    for path in SOURCES:
        with path.open(encoding="utf-8") as handle:
            records += [json.loads(line) for line in handle if line.strip()]
    random.Random(7).shuffle(records)
    return records[:size]


def build(path: Path, size: int, planted: list[dict]) -> None:
    archive = Archive(path, PARAMS)
    rng = np.random.default_rng(11)
    batch = 10_000
    started = time.perf_counter()
    for offset in range(0, size - len(planted), batch):
        entries = []
        for i in range(offset, min(offset + batch, size - len(planted))):
            shingles = np.unique(rng.integers(0, 2**63, size=300, dtype=np.uint64))
            facts = [{"start": 0, "end": 2, "text": str(v), "value": float(v), "bound": "exact", "unit": UNITS[v % 3],
                      "counted": COUNTED[v % len(COUNTED)], "scope": [], "upper": None}
                     for v in rng.integers(1, 1000, size=3).tolist()]
            entries.append((f"{i:064x}", f"a{i}", f"archive/{i // 1000}/{i}.txt", f"Archived story {i}", shingles,
                            minhash_values(shingles, PARAMS.num_perm), facts))
        archive.add(entries)
        done = min(offset + batch, size)
        if done % 100_000 < batch:
            print(f"  archived {done:,} documents in {time.perf_counter() - started:.0f} s", flush=True)
    entries = []
    for i, record in enumerate(planted):  # earlier versions of some drop articles
        text = record["text"].replace(".", ";", 1)
        shingles = shingle_hashes(text, PARAMS.shingle)
        entries.append((content_hash(text), f"old{i}", f"archive/old/{i}.txt", record.get("title", ""), shingles,
                        minhash_values(shingles, PARAMS.num_perm), []))
    archive.add(entries)
    archive.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive-size", type=int, default=1_000_000)
    parser.add_argument("--drop", type=int, default=100)
    parser.add_argument("--work", type=Path, default=Path("/tmp/auditor-bench-archive"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    articles = drop_articles(args.drop)
    drop = args.work / "drop.jsonl"
    drop.write_text("".join(json.dumps({"id": f"d{i}", **a}) + "\n" for i, a in enumerate(articles)), encoding="utf-8")
    archive = args.work / f"archive-{args.archive_size}.db"
    if not archive.exists():
        print(f"building an archive of {args.archive_size:,} documents in {archive} ...", flush=True)
        started = time.perf_counter()
        build(archive.with_suffix(".tmp"), args.archive_size, articles[:10])
        archive.with_suffix(".tmp").rename(archive)
        print(f"built in {time.perf_counter() - started:.0f} s, {archive.stat().st_size / 1e9:.2f} GB")
    times = []
    for _ in range(args.runs):
        out = args.work / "out.json"
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "auditor", "check", str(drop), "--archive", str(archive),
                               "--format", "json", "-o", str(out), "--exit-zero", "-q"], cwd=ROOT,
                              capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if proc.returncode != 0:
            raise SystemExit(f"auditor failed ({proc.returncode}): {proc.stderr[-2000:]}")
    corpus = json.loads(out.read_text(encoding="utf-8"))["corpus"]
    print(f"{args.drop} articles against {args.archive_size:,} archived documents: min {min(times):.2f} s, "
          f"median {statistics.median(times):.2f} s, max {max(times):.2f} s (whole command, one process start each)")
    print(f"archived copies found: {len(corpus.get('archive_matches', []))} (10 planted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
