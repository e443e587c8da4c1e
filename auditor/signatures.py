"""Document signatures for near-duplicate search: shingles, MinHash, LSH banding, exact
Jaccard.

One module for both places that compare documents, so that a batch and the archive of
earlier drops find the same pairs: the body's word k-shingles (normalised text), each word
hashed once with 64-bit xxhash and every window of k word hashes combined in numpy; a
MinHash of them with datasketch's "affine64" scheme and fixed seed (computed for the whole
document at once in numpy, equal value for value to datasketch's `update_batch`, which a
test checks); LSH bands whose number and width datasketch chooses for the threshold;
exact Jaccard of the shingle sets to verify every candidate.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Sequence

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
            "hash": "xxh64 words, polynomial windows",
            "scheme": SCHEME,
            "datasketch": datasketch.__version__,
            "bands": bands,
            "rows": rows,
        }


_WINDOW_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplication is a bijection mod 2^64
_CHUNK = 4096  # shingles per block of the (shingles x permutations) MinHash product


def fmix64(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer (a bijection that spreads bits), vectorised; the
    pre-mix datasketch's affine64 scheme applies."""
    h = values.astype(np.uint64, copy=True)
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xC4CEB9FE1A85EC53)
    h ^= h >> np.uint64(33)
    return h


def word_hashes(words: list[str]) -> np.ndarray:
    """64-bit xxhash of each (normalised) word."""
    return np.fromiter((xxhash.xxh64_intdigest(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))


def shingle_hashes(text: str, k: int) -> np.ndarray:
    """Sorted unique 64-bit hashes of the normalised text's word k-shingles (a text
    shorter than k words is one shingle)."""
    return shingles_of_words(word_hashes(normalise_for_hashing(text).split()), k)


def shingles_of_words(hashes: np.ndarray, k: int) -> np.ndarray:
    """Shingle hashes from word hashes: each window of k word hashes combined as a
    polynomial mod 2^64 and finalised; sorted and unique."""
    if not len(hashes):
        return np.zeros(0, dtype=np.uint64)
    span = min(k, len(hashes))
    count = len(hashes) - span + 1
    windows = np.zeros(count, dtype=np.uint64)
    for offset in range(span):
        windows = windows * _WINDOW_MULTIPLIER + hashes[offset:offset + count]
    return np.unique(fmix64(windows))


@functools.lru_cache(maxsize=None)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine64 permutation parameters (a, b) for the fixed seed."""
    a, b = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations
    return a.astype(np.uint64), b.astype(np.uint64)


def minhash_values(shingles: np.ndarray, num_perm: int) -> np.ndarray:
    """The MinHash signature of a shingle set: datasketch's affine64 `update_batch`,
    computed in blocks of the whole document (value for value the same)."""
    a, b = _permutations(num_perm)
    out = np.full(num_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, len(shingles), _CHUNK):
        mixed = fmix64(shingles[start:start + _CHUNK]).reshape(-1, 1)
        np.minimum(out, (mixed * a + b).min(axis=0), out=out)
    return out


def _identity(value: int) -> int:
    return value


def minhash_of(shingles: np.ndarray, num_perm: int) -> MinHash:
    """A datasketch MinHash of a shingle set (the reference `minhash_values` matches)."""
    return MinHash(num_perm=num_perm, seed=SEED, hashvalues=minhash_values(shingles, num_perm), scheme=SCHEME)


def minhash_reference(shingles: np.ndarray, num_perm: int) -> MinHash:
    """datasketch's own computation (per-value hash function, `update_batch`)."""
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


def band_key_array(hashvalues: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One signed 64-bit key per LSH band of a MinHash: two documents share a band's
    bucket when the band's values are equal, that is (up to 64-bit hash collisions) when
    their keys are equal. The archive stores these keys; a batch sorts them."""
    values = np.ascontiguousarray(np.asarray(hashvalues, dtype=np.uint64)[:bands * rows]).astype("<u8")
    raw = values.view(np.uint8).reshape(bands, rows * 8)
    keys = np.fromiter((xxhash.xxh64_intdigest(row.tobytes()) for row in raw), dtype=np.uint64, count=bands)
    return keys.view(np.int64)


def band_keys(hashvalues: np.ndarray, bands: int, rows: int) -> list[tuple[int, int]]:
    """(band, key) for every band of a MinHash (see band_key_array)."""
    return [(band, int(key)) for band, key in enumerate(band_key_array(hashvalues, bands, rows))]


def lsh_buckets(keys: np.ndarray) -> Iterator[np.ndarray]:
    """Groups of row indexes of `keys` (documents x bands) that share a key in some band,
    band by band, each group sorted and of two or more: LSH buckets found by sorting, in
    O(n log n) per band whatever the batch holds."""
    count = keys.shape[0]
    if count < 2:
        return
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")
        ordered = keys[order, band]
        boundaries = np.flatnonzero(ordered[1:] != ordered[:-1]) + 1
        starts = np.concatenate(([0], boundaries))
        ends = np.concatenate((boundaries, [count]))
        for start, end in zip(starts[ends - starts > 1], ends[ends - starts > 1]):
            yield np.sort(order[start:end])


MAX_HEADS = 8  # a bucket member is verified against at most this many distinct sub-clusters


def near_duplicate_pairs(shingles: Sequence[np.ndarray], minhashes: Sequence[np.ndarray],
                         params: SignatureParams) -> list[tuple[int, int, float]]:
    """Verified near-duplicate edges (i, j, exact Jaccard), i < j, for documents whose
    shingles and MinHash values are at hand (see `verified_edges`)."""
    bands, rows = params.banding
    keys = [band_key_array(m, bands, rows) if s.size else None for s, m in zip(shingles, minhashes)]
    return verified_edges(keys, lambda i: shingles[i], params.threshold)


def verified_edges(band_keys: Sequence[np.ndarray | None], shingles_of: Callable[[int], np.ndarray],
                   threshold: float) -> list[tuple[int, int, float]]:
    """Verified near-duplicate edges (i, j, exact Jaccard), i < j, enough to cluster the
    batch. LSH buckets come from sorting band keys; each is verified by `verify_buckets`.
    Documents without band keys (no shingles) take no part; shingle sets are read on
    demand (`shingles_of`)."""
    active = [i for i, keys in enumerate(band_keys) if keys is not None and len(keys)]
    if len(active) < 2:
        return []
    keys = np.stack([band_keys[i] for i in active])
    buckets = ([active[position] for position in bucket.tolist()] for bucket in lsh_buckets(keys))
    edges = verify_buckets(buckets, shingles_of, threshold)
    return sorted((i, j, round(score, 4)) for (i, j), score in edges.items())


def verify_buckets(buckets: Iterable[Sequence[int]], shingles_of: Callable[[int], np.ndarray],
                   threshold: float) -> dict[tuple[int, int], float]:
    """Near-duplicate edges {(i, j): exact Jaccard} found in LSH buckets (each a list of
    document numbers in increasing order). In each bucket, every member is verified
    against the first member of each sub-cluster already seen there (at most MAX_HEADS),
    not against every other member, so a thousand copies of one text cost a thousand
    verifications, not half a million. Each bucket's edges depend on that bucket alone,
    so buckets may be verified in any order, or in different processes, and their edges
    put together."""
    verified: dict[tuple[int, int], float] = {}
    edges: dict[tuple[int, int], float] = {}
    for bucket in buckets:
        heads: list[int] = []
        for doc in bucket:
            for head in heads:
                pair = (head, doc)
                if pair not in verified:
                    verified[pair] = exact_jaccard(shingles_of(head), shingles_of(doc))
                if verified[pair] >= threshold:
                    edges[pair] = verified[pair]
                    break
            else:
                if len(heads) < MAX_HEADS:
                    heads.append(doc)
    return edges
