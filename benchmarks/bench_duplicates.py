"""Benchmark near-duplicate detection: throughput, candidate recall/precision, a naive
datasketch baseline, and an archive query.

    python benchmarks/bench_duplicates.py --documents 10000 --words 800 --archive-size 100000

Generates documents of about `--words` words; 30% are planted near-duplicates of another
document with 5-20% of their words rewritten in one to three passages, so every planted pair
has a known exact Jaccard (computed from the shingle sets). Prints signature documents/s, candidate recall and precision at Jaccard >= 0.8 and
>= 0.5 (after exact verification precision is 1.0 by construction), end-to-end seconds and
peak memory; runs the naive baseline (per-token `update()` with datasketch's default hash
and a default `MinHashLSH`) on a sample in the same run and prints the throughput ratio;
then builds an archive of `--archive-size` synthetic entries and times checking a
100-document drop against it.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from datasketch import MinHash, MinHashLSH  # noqa: E402

from auditor.archive import Archive, content_hash  # noqa: E402
from auditor.signatures import LSH_WEIGHTS as WEIGHTS, SEED, SignatureParams, exact_jaccard, minhash_of, shingle_hashes  # noqa: E402

K, NUM_PERM = 5, 128


def vocabulary(rng: random.Random, size: int = 20000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(size)]


def corpus(n: int, words: int, rng: random.Random) -> tuple[list[str], list[tuple[int, int]]]:
    vocab = vocabulary(rng)
    docs, planted = [], []
    originals = int(n * 0.7)
    for _ in range(originals):
        docs.append(" ".join(rng.choice(vocab) for _ in range(words)))
    while len(docs) < n:
        source = rng.randrange(originals)
        tokens = docs[source].split()
        # 5-20% of the words rewritten, in one to three passages (a paragraph reworded)
        budget = int(len(tokens) * rng.uniform(0.05, 0.20))
        spans = rng.randint(1, 3)
        for _ in range(spans):
            length = budget // spans
            at = rng.randrange(0, len(tokens) - length)
            for i in range(at, at + length):
                tokens[i] = rng.choice(vocab)
        planted.append((source, len(docs)))
        docs.append(" ".join(tokens))
    return docs, planted


def candidates_of(lsh: MinHashLSH, minhashes) -> set[tuple[int, int]]:
    out = set()
    for i, m in enumerate(minhashes):
        for j in lsh.query(m):
            if j != i:
                out.add((min(i, j), max(i, j)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--baseline-sample", type=int, default=500)
    parser.add_argument("--archive-size", type=int, default=100000)
    args = parser.parse_args()
    rng = random.Random(11)
    docs, planted = corpus(args.documents, args.words, rng)
    start = time.perf_counter()

    t0 = time.perf_counter()
    shingles = [shingle_hashes(d, K) for d in docs]
    minhashes = [minhash_of(s, NUM_PERM) for s in shingles]
    t_sig = time.perf_counter() - t0
    print(f"signatures: {len(docs)} documents in {t_sig:.1f}s = {len(docs) / t_sig:.0f} documents/s")

    truth = {(a, b): exact_jaccard(shingles[a], shingles[b]) for a, b in planted}
    for threshold in (0.8, 0.5):
        t0 = time.perf_counter()
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=WEIGHTS)
        for i, m in enumerate(minhashes):
            lsh.insert(i, m)
        found = candidates_of(lsh, minhashes)
        verified = {p for p in found if exact_jaccard(shingles[p[0]], shingles[p[1]]) >= threshold}
        wrong = sum(1 for p in verified if exact_jaccard(shingles[p[0]], shingles[p[1]]) < threshold)
        t_lsh = time.perf_counter() - t0
        positives = {p for p, j in truth.items() if j >= threshold}
        recall = len(positives & found) / len(positives) if positives else 1.0
        print(f"Jaccard >= {threshold}: {len(positives)} planted pairs, {len(found)} candidates, "
              f"recall {recall:.3f} of planted pairs, candidate precision {len(verified) / max(1, len(found)):.3f}, "
              f"reported pairs {len(verified)} with precision {1 - wrong / max(1, len(verified)):.3f} "
              f"(exact Jaccard; includes unplanted sibling copies) ({t_lsh:.1f}s)")

    sample = docs[: args.baseline_sample]
    t0 = time.perf_counter()
    naive = []
    for d in sample:
        words = d.split()
        m = MinHash(num_perm=NUM_PERM, seed=SEED)
        for i in range(len(words) - K + 1):
            m.update(" ".join(words[i:i + K]).encode("utf-8"))
        naive.append(m)
    t_naive = time.perf_counter() - t0
    t0 = time.perf_counter()
    for d in sample:
        minhash_of(shingle_hashes(d, K), NUM_PERM)
    t_ours = time.perf_counter() - t0
    print(f"naive per-token update(): {len(sample) / t_naive:.0f} documents/s; ours {len(sample) / t_ours:.0f} "
          f"documents/s on the same sample: {t_naive / t_ours:.1f}x")
    default_lsh = MinHashLSH(threshold=0.8, num_perm=NUM_PERM)
    for i, m in enumerate(minhashes):
        default_lsh.insert(i, m)
    default_found = candidates_of(default_lsh, minhashes)
    positives = {p for p, j in truth.items() if j >= 0.8}
    print(f"default MinHashLSH (weights 0.5/0.5) candidate recall at 0.8: "
          f"{len(positives & default_found) / max(1, len(positives)):.3f}")

    total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"end to end {total:.1f}s, peak memory {peak:.0f} MB")

    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive(Path(tmp) / "archive.db", SignatureParams(K, NUM_PERM, 0.8))
        t0 = time.perf_counter()
        batch = 10000
        arng = np.random.default_rng(5)
        for offset in range(0, args.archive_size, batch):
            entries = []
            for i in range(offset, min(offset + batch, args.archive_size)):
                fake = arng.integers(0, 2**63, size=40, dtype=np.uint64)
                entries.append((content_hash(f"doc {i}"), f"a{i}", f"archive/{i}.txt", f"Archived {i}", fake,
                                arng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64), []))
            archive.add(entries)
        # and the real documents' originals, so the drop has something to find
        archive.add((content_hash(docs[b]), f"orig{b}", f"orig/{b}.txt", "original", shingles[b], minhashes[b].hashvalues, [])
                    for _a, b in planted[:100])
        t_build = time.perf_counter() - t0
        drop = [a for a, _b in planted[:100]]
        t0 = time.perf_counter()
        hits = sum(1 for i in drop if archive.near_duplicates(minhashes[i].hashvalues, shingles[i], 0.5))
        t_query = time.perf_counter() - t0
        expected = sum(1 for a, b in planted[:100] if truth[(a, b)] >= 0.5)
        print(f"archive: {len(archive)} documents built in {t_build:.1f}s; a 100-document drop checked in "
              f"{t_query:.2f}s ({hits} of the {expected} with an archived near-duplicate at Jaccard >= 0.5 found it)")


if __name__ == "__main__":
    main()
