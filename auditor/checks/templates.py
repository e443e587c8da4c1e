"""Template lines: short blocks that recur across different articles of the batch.

A site's template (menus, footers, "Most read" lists, disclaimers) repeats on every page it
serves. We hash each block's normalised text and count in how many *distinct stories* it
occurs. Near-duplicate documents (one story published twice) are collapsed into one story
first, so that their shared paragraphs are not taken for a template. This runs once over
the whole batch before the per-document checks, which then read the result.

`find_template_keys` is the computation on documents' block keys held in memory;
`template_keys` is the same computation as tasks on the run's executor, over block keys
the load pass left in the workspace (see shuffle.py), so that no process holds every
document's blocks: long blocks shuffled by key give the pairs of documents that share
them, counted per pair; stories are the connected components of the pairs that share
enough; blocks shuffled by key again, with their story, give the template keys.
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from typing import Sequence

import numpy as np
import xxhash

from ..data import load_toml
from ..shuffle import Run, components, concat, partition_of_ints, split
from ..text import count_words, normalise_for_hashing
from ..unionfind import UnionFind
from ..workspace import Workspace

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


# --- the same, as tasks over the workspace ------------------------------------------------

BLOCKS = "blocks"  # the per-unit workspace file of each document's block_keys
POSTING = np.dtype([("key", "<u8"), ("doc", "<i8"), ("long", "<i8")])
PAIR = np.dtype([("a", "<i8"), ("b", "<i8"), ("na", "<i8"), ("nb", "<i8")])
USE = np.dtype([("key", "<u8"), ("story", "<i8"), ("sentence", "?")])


def template_keys(run: Run, workspace: Workspace, units: Sequence[tuple[int, int]], count: int, partitions: int,
                  min_documents: int = 2) -> frozenset[int]:
    """`find_template_keys` of the `count` documents whose block keys the units' BLOCKS
    files hold (`units`: each unit's number and the number of its first document), as
    tasks through `run`."""
    postings = list(run(functools.partial(_long_blocks, workspace=workspace, partitions=partitions), units))
    pairs = list(run(functools.partial(_pairs, workspace=workspace, sources=postings, partitions=partitions,
                                       count=count), range(partitions)))
    workspace.remove(postings)
    edges = list(run(functools.partial(_edges, workspace=workspace, sources=pairs), range(partitions)))
    workspace.remove(pairs)
    labels = components(run, workspace, edges, count, "templates.stories")
    workspace.remove(edges)
    uses = list(run(functools.partial(_uses, workspace=workspace, labels=labels, partitions=partitions), units))
    found = list(run(functools.partial(_keys, workspace=workspace, sources=uses, min_documents=min_documents),
                     range(partitions)))
    workspace.remove(uses + [labels])
    return frozenset(key for part in found for key in part)


def _long_blocks(unit: tuple[int, int], *, workspace: Workspace, partitions: int) -> str:
    """A unit's long blocks (each document's distinct keys, with how many it has), into
    partitions by key."""
    number, first = unit
    rows = []
    for d, (hashes, words) in enumerate(workspace.load(number, BLOCKS), start=first):
        long_keys = np.unique(hashes[words >= LONG_BLOCK_WORDS])
        part = np.zeros(len(long_keys), dtype=POSTING)
        part["key"], part["doc"], part["long"] = long_keys, d, len(long_keys)
        rows.append(part)
    out = concat(rows, POSTING)
    return workspace.write_parts(f"templates.long-{number}", split(out, partition_of_ints(out["key"], partitions),
                                                                   partitions))


def _pairs(partition: int, *, workspace: Workspace, sources: list[str], partitions: int, count: int) -> str:
    """Documents grouped by long block: every two that share one (keys on at most
    MAX_STORY_POSTINGS pages), one record per key they share, regrouped by the pair."""
    rows = concat(workspace.read_parts(sources, partition), POSTING)
    rows = rows[np.lexsort((rows["doc"], rows["key"]))]
    bounds = np.concatenate(([0], np.flatnonzero(rows["key"][1:] != rows["key"][:-1]) + 1, [len(rows)])) \
        if len(rows) else np.zeros(1, np.int64)
    pairs = []
    for start, end in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        if end - start > MAX_STORY_POSTINGS:
            continue  # a key on that many pages is template text, not a story
        docs = list(zip(rows["doc"][start:end].tolist(), rows["long"][start:end].tolist()))
        pairs += [(a, b, na, nb) for (a, na), (b, nb) in itertools.combinations(docs, 2)]
    out = np.array(pairs, dtype=PAIR)
    where = partition_of_ints(out["a"] * max(count, 1) + out["b"], partitions)
    return workspace.write_parts(f"templates.pairs-{partition}", split(out, where, partitions))


def _edges(partition: int, *, workspace: Workspace, sources: list[str]) -> str:
    """Pairs that share at least half of the long blocks of the one that has fewer: one
    story."""
    rows = concat(workspace.read_parts(sources, partition), PAIR)
    unique, shared = np.unique(rows, return_counts=True) if len(rows) else (rows, np.zeros(0, np.int64))
    keep = shared * 2 >= np.minimum(unique["na"], unique["nb"])
    name = f"templates.edges-{partition}"
    workspace.save_file(name, {"a": unique["a"][keep].astype(np.int64), "b": unique["b"][keep].astype(np.int64)})
    return name


def _uses(unit: tuple[int, int], *, workspace: Workspace, labels: str, partitions: int) -> str:
    """A unit's short blocks with the story of their document (its smallest member) and
    whether they read as a sentence, into partitions by key."""
    number, first = unit
    story = workspace.load_array(labels)
    rows = []
    for d, (hashes, words) in enumerate(workspace.load(number, BLOCKS), start=first):
        short = words <= MAX_TEMPLATE_WORDS
        part = np.zeros(int(short.sum()), dtype=USE)
        part["key"], part["story"], part["sentence"] = hashes[short], story[d] if story[d] >= 0 else d, \
            words[short] >= 8
        rows.append(part)
    out = concat(rows, USE)
    return workspace.write_parts(f"templates.uses-{number}", split(out, partition_of_ints(out["key"], partitions),
                                                                   partitions))


def _keys(partition: int, *, workspace: Workspace, sources: list[str], min_documents: int) -> list[int]:
    """The keys of one partition seen in enough distinct stories (one more for a block
    that reads as a sentence)."""
    rows = concat(workspace.read_parts(sources, partition), USE)
    rows = rows[np.lexsort((rows["story"], rows["key"]))]
    bounds = np.concatenate(([0], np.flatnonzero(rows["key"][1:] != rows["key"][:-1]) + 1, [len(rows)])) \
        if len(rows) else np.zeros(1, np.int64)
    out = []
    for start, end in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        stories = len(np.unique(rows["story"][start:end]))
        if stories >= min_documents + bool(rows["sentence"][start:end].any()):
            out.append(int(rows["key"][start]))
    return out
