"""Template lines: short blocks that recur across different articles of the batch.

A site's template (menus, footers, "Most read" lists, disclaimers) repeats on every page it
serves. We hash each block's normalised text and count in how many *distinct stories* it
occurs. Near-duplicate documents (one story published twice) are collapsed into one story
first, so that their shared paragraphs are not taken for a template. This runs once over
the whole batch before the per-document checks, which then read the result.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

import numpy as np
import xxhash

from ..data import load_toml
from ..text import count_words, normalise_for_hashing
from ..unionfind import UnionFind

TUNING = load_toml("tuning.toml")["templates"]
MIN_KEY_CHARS = TUNING["min_key_chars"]
LONG_BLOCK_WORDS = TUNING["long_block_words"]  # blocks this long identify a story
MAX_TEMPLATE_WORDS = TUNING["max_template_words"]  # longer repeated blocks are reused passages
MAX_STORY_POSTINGS = TUNING["max_story_postings"]  # a key on more pages is template text


def key_hash(normalised: str) -> int:
    """The 64-bit hash a normalised block is compared by across the batch."""
    return xxhash.xxh64_intdigest(normalised.encode("utf-8"))


def block_keys(text: str, blocks) -> tuple[np.ndarray, np.ndarray]:
    """(key hashes, word counts) of a document's blocks, as compact arrays: what the
    batch pre-pass needs of each document, computed where the document is read. Blocks
    shorter than MIN_KEY_CHARS normalised characters are left out."""
    keys, words = [], []
    for block in blocks:
        chunk = text[block.start:block.end]
        normalised = normalise_for_hashing(chunk)
        if len(normalised) >= MIN_KEY_CHARS:
            keys.append(key_hash(normalised))
            words.append(count_words(chunk))
    return np.array(keys, dtype=np.uint64), np.array(words, dtype=np.int32)


def _stories(keys: Sequence[tuple[np.ndarray, np.ndarray]]) -> list[int]:
    """Story id per document: documents sharing at least half of their long blocks are
    one story (union-find over an inverted index of long blocks)."""
    sets = UnionFind(len(keys))
    long_sets = [set(hashes[words >= LONG_BLOCK_WORDS].tolist()) for hashes, words in keys]
    index: dict[int, list[int]] = defaultdict(list)
    for i, long_keys in enumerate(long_sets):
        for key in long_keys:
            index[key].append(i)
    for i, long_keys in enumerate(long_sets):
        shared: dict[int, int] = defaultdict(int)
        for key in long_keys:
            postings = index[key]
            if len(postings) > MAX_STORY_POSTINGS:
                continue  # a key on that many pages is template text, not a story
            for j in postings:
                if j > i:
                    shared[j] += 1
        for j, count in shared.items():
            if count * 2 >= min(len(long_keys), len(long_sets[j])):
                sets.union(i, j)
    return [sets.find(i) for i in range(len(keys))]


def find_template_keys(keys: Sequence[tuple[np.ndarray, np.ndarray]], min_documents: int = 2) -> frozenset[int]:
    """Hashes of normalised blocks that occur in at least `min_documents` distinct stories
    (`keys` holds each document's `block_keys`). A block that reads as a sentence (8+
    words) must recur in one story more: two articles sharing a sentence more likely
    copied it (a reused passage) than share a template."""
    stories = _stories(keys)
    seen_in: dict[int, set[int]] = defaultdict(set)
    sentence_like: set[int] = set()
    for story, (hashes, words) in zip(stories, keys):
        for key, count in zip(hashes.tolist(), words.tolist()):
            if count <= MAX_TEMPLATE_WORDS:
                seen_in[key].add(story)
                if count >= 8:
                    sentence_like.add(key)
    return frozenset(k for k, s in seen_in.items() if len(s) >= min_documents + (k in sentence_like))
