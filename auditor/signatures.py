"""Document signatures for near-duplicate search: shingles, MinHash, LSH banding, exact
Jaccard.

One module for both places that compare documents, so that a batch and the archive of
earlier drops find the same pairs: the body's word k-shingles (normalised text) hashed with
64-bit xxhash; a MinHash of them (datasketch, fixed seed, 64-bit permutations); LSH bands
whose number and width datasketch chooses for the threshold; exact Jaccard of the shingle
sets to verify every candidate.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import datasketch
import numpy as np
import xxhash
from datasketch import MinHash, MinHashLSH

from .data import load_toml
from .text import NORMALISER_VERSION, normalise_for_hashing

SEED = 1
SCHEME = "affine64"  # 64-bit permutations for 64-bit xxhash values
# LSH banding weights (false positives, false negatives): see data/tuning.toml.
LSH_WEIGHTS = tuple(load_toml("tuning.toml")["duplicates"]["lsh_weights"])


@dataclass(frozen=True)
class SignatureParams:
    """Everything that shapes a signature and its banding."""

    shingle: int = 5
    num_perm: int = 128
    threshold: float = 0.8

    @property
    def banding(self) -> tuple[int, int]:
        """(bands, rows per band) for this threshold and signature length."""
        return banding(self.threshold, self.num_perm)

    def archive_params(self) -> dict:
        """What an archive records and enforces: it only compares like with like."""
        bands, rows = self.banding
        return {
            "normaliser_version": NORMALISER_VERSION,
            "shingle": self.shingle,
            "num_perm": self.num_perm,
            "seed": SEED,
            "hash": "xxh64",
            "scheme": SCHEME,
            "datasketch": datasketch.__version__,
            "bands": bands,
            "rows": rows,
        }


def shingle_hashes(text: str, k: int) -> np.ndarray:
    """Sorted unique 64-bit hashes of the normalised text's word k-shingles (a text
    shorter than k words is one shingle)."""
    words = normalise_for_hashing(text).split()
    if len(words) < k:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i:i + k]) for i in range(len(words) - k + 1)]
    return np.unique(np.fromiter((xxhash.xxh64_intdigest(g.encode("utf-8")) for g in grams), dtype=np.uint64, count=len(grams)))


def _identity(value: int) -> int:
    return value


def minhash_of(shingles: np.ndarray, num_perm: int) -> MinHash:
    m = MinHash(num_perm=num_perm, seed=SEED, hashfunc=_identity, scheme=SCHEME)
    if len(shingles):
        m.update_batch(shingles.tolist())
    return m


def minhash_from_values(hashvalues: np.ndarray, num_perm: int) -> MinHash:
    return MinHash(num_perm=num_perm, seed=SEED, hashvalues=hashvalues, scheme=SCHEME)


def exact_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted unique hash arrays."""
    if not len(a) and not len(b):
        return 0.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)


@functools.lru_cache(maxsize=None)
def banding(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) that datasketch's MinHashLSH picks for this threshold and weights."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
    return lsh.b, lsh.r


def new_lsh(params: SignatureParams) -> MinHashLSH:
    """A batch's LSH index, banded as `params.banding` (the archive bands the same way)."""
    return MinHashLSH(num_perm=params.num_perm, params=params.banding)


def near_duplicate_pairs(shingles: list[np.ndarray], minhashes: list[np.ndarray],
                         params: SignatureParams) -> list[tuple[int, int, float]]:
    """(i, j, exact Jaccard) for every pair i < j that LSH proposes and exact Jaccard
    confirms at or above the threshold; documents with no shingles take no part."""
    lsh = new_lsh(params)
    indexed = [minhash_from_values(m, params.num_perm) for m in minhashes]
    for i, m in enumerate(indexed):
        if shingles[i].size:
            lsh.insert(i, m)
    pairs = []
    for i, m in enumerate(indexed):
        if not shingles[i].size:
            continue
        for j in sorted(lsh.query(m)):
            if j <= i:
                continue
            score = exact_jaccard(shingles[i], shingles[j])
            if score >= params.threshold:
                pairs.append((i, j, round(score, 4)))
    return pairs


def band_keys(hashvalues: np.ndarray, bands: int, rows: int) -> list[tuple[int, int]]:
    """(band, key) per band of a MinHash: the key hashes the band's values exactly as
    datasketch's buckets compare them, as a signed 64-bit integer (for SQLite)."""
    out = []
    values = np.asarray(hashvalues, dtype=np.uint64)
    for band in range(bands):
        digest = xxhash.xxh64_intdigest(values[band * rows:(band + 1) * rows].astype("<u8").tobytes())
        out.append((band, digest - (1 << 64) if digest >= (1 << 63) else digest))
    return out
