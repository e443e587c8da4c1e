"""The pieces corpus steps are built from when they run as map and reduce tasks: which
partition a key goes to, splitting records by partition, connected components and sums by
tree reduction, all over files in the run's workspace (see workspace.write_parts).

Everything here is a pure function of its input, whatever the number of partitions or
workers: partitions only decide where a group of equal keys is handled, never what comes
out of it. Keys are spread with fixed hashes (never Python's `hash`, which differs from
process to process).

`run` is how a step hands tasks to the executor: `run(fn, items)` returns the results in
the order of `items` (engine/executors: a local process pool, or a Dask cluster).
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Iterable, Sequence

import numpy as np
import xxhash

from .unionfind import UnionFind
from .workspace import Workspace

Run = Callable[[Callable, Sequence], Iterable]

_MIX1 = np.uint64(0xFF51AFD7ED558CCD)
_MIX2 = np.uint64(0xC4CEB9FE1A85EC53)


def mix(values: np.ndarray) -> np.ndarray:
    """A fixed 64-bit bit mixer (MurmurHash3's finaliser) of integers: partitions of
    document numbers or hash values that are balanced whatever their pattern."""
    h = np.asarray(values).astype(np.uint64)
    h ^= h >> np.uint64(33)
    h *= _MIX1
    h ^= h >> np.uint64(33)
    h *= _MIX2
    h ^= h >> np.uint64(33)
    return h


def partition_of_ints(values: np.ndarray, partitions: int) -> np.ndarray:
    """The partition of each integer key."""
    return (mix(values) % np.uint64(partitions)).astype(np.int64)


def partition_of_key(key: Any, partitions: int) -> int:
    """The partition of a key made of strings, numbers and tuples (by its repr, which is
    the same in every process)."""
    return xxhash.xxh64_intdigest(repr(key).encode("utf-8")) % partitions


def split(records: np.ndarray, where: np.ndarray, partitions: int) -> list[np.ndarray | None]:
    """`records` (an array, one row per record) split by their partition `where`, each
    part in the records' order; None for an empty part."""
    order = np.argsort(where, kind="stable")
    counts = np.bincount(where, minlength=partitions)
    bounds = np.concatenate(([0], np.cumsum(counts)))
    return [records[order[bounds[p]:bounds[p + 1]]] if counts[p] else None for p in range(partitions)]


def split_list(items: Sequence[Any], where: Sequence[int], partitions: int) -> list[list[Any] | None]:
    """Like `split`, for a list of Python objects."""
    parts: list[list[Any] | None] = [None] * partitions
    for item, p in zip(items, where):
        if parts[p] is None:
            parts[p] = []
        parts[p].append(item)
    return parts


def concat(parts: Sequence[np.ndarray], dtype: Any) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


# --- connected components ---------------------------------------------------------------


def spanning_forest(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(nodes, roots) for the graph of edges a[k]-b[k]: every node that has an edge, sorted,
    with the smallest node of its component."""
    nodes = np.unique(np.concatenate((a, b))) if len(a) else np.zeros(0, dtype=np.int64)
    sets = UnionFind(len(nodes))
    for x, y in zip(np.searchsorted(nodes, a).tolist(), np.searchsorted(nodes, b).tolist()):
        sets.union(x, y)  # the smaller root wins: the smallest node is each set's root
    roots = nodes[np.fromiter((sets.find(i) for i in range(len(nodes))), dtype=np.int64, count=len(nodes))]
    return nodes.astype(np.int64), roots.astype(np.int64)


def _forest_of_edges(name: str, *, workspace: Workspace, out: str) -> str:
    edges = workspace.load_file(name)
    workspace.save_file(out, spanning_forest(edges["a"], edges["b"]))
    return out


def _merge_forests(pair: tuple[str, str], *, workspace: Workspace, out: str) -> str:
    (n1, r1), (n2, r2) = workspace.load_file(pair[0]), workspace.load_file(pair[1])
    workspace.save_file(out, spanning_forest(np.concatenate((n1, n2)), np.concatenate((r1, r2))))
    return out


def _labels(name: str, *, workspace: Workspace, count: int, out: str) -> str:
    nodes, roots = workspace.load_file(name)
    labels = np.full(count, -1, dtype=np.int64)
    labels[nodes] = roots
    workspace.save_array(out, labels)
    return out


def components(run: Run, workspace: Workspace, edge_files: Sequence[str], count: int, name: str) -> str:
    """Connected components of the edges in `edge_files` (each a pickled dict with arrays
    "a" and "b" of node numbers below `count`), computed on the workers: each file's
    spanning forest, forests merged two by two, then one array of `count` labels (the
    smallest node of the component; -1 for a node without edges), saved in the workspace
    under the returned name. No process holds more than two forests of nodes that have
    an edge; the main process holds none."""
    names = [f"{name}.forest-0-{i}" for i in range(len(edge_files))]
    names = list(_starmap(run, _forest_of_edges, edge_files, names, workspace=workspace))
    names = _pairwise(run, workspace, names, _merge_forests, f"{name}.forest")
    out = f"{name}.labels.npy"
    if not names:
        workspace.save_array(out, np.full(count, -1, dtype=np.int64))
        return out
    list(_starmap(run, _labels, names, [out], workspace=workspace, count=count))
    workspace.remove(names)
    return out


def _pairwise(run: Run, workspace: Workspace, names: list[str], merge: Callable, prefix: str) -> list[str]:
    """Merge the workspace files `names` two by two on the workers (`merge(pair, out=...,
    workspace=...)`), level after level, until one is left (none for none); each level's
    inputs are removed once merged. Returns the list of what is left."""
    level = 0
    while len(names) > 1:
        level += 1
        pairs = [(names[i], names[i + 1]) for i in range(0, len(names) - 1, 2)]
        outs = [f"{prefix}-{level}-{i}" for i in range(len(pairs))]
        merged = list(_starmap(run, merge, pairs, outs, workspace=workspace))
        workspace.remove([n for pair in pairs for n in pair])
        names = merged + (names[-1:] if len(names) % 2 else [])
    return names


def _starmap(run: Run, fn: Callable, items: Sequence, outs: Sequence[str], **kwargs) -> Iterable:
    """`fn(item, out=outs[k], **kwargs)` for every item, through `run`."""
    return run(functools.partial(_with_out, fn=fn, kwargs=kwargs), list(zip(items, outs)))


def _with_out(job: tuple[Any, str], *, fn: Callable, kwargs: dict) -> Any:
    item, out = job
    return fn(item, out=out, **kwargs)


# --- sums -------------------------------------------------------------------------------


def add_sparse(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The sum of two sparse count vectors given as (sorted unique indexes, counts)."""
    keys = np.concatenate((a[0], b[0]))
    counts = np.concatenate((a[1], b[1]))
    unique, inverse = np.unique(keys, return_inverse=True)
    total = np.zeros(len(unique), dtype=np.int64)
    np.add.at(total, inverse, counts)
    return unique, total


def _add_files(pair: tuple[str, str], *, workspace: Workspace, out: str) -> str:
    workspace.save_file(out, add_sparse(workspace.load_file(pair[0]), workspace.load_file(pair[1])))
    return out


def sum_sparse(run: Run, workspace: Workspace, files: Sequence[str], name: str) -> tuple[np.ndarray, np.ndarray]:
    """The sum of the sparse count vectors in `files` (each a pickled (indexes, counts)),
    added two by two on the workers; returns the total (its size is the number of distinct
    indexes, not the number of files)."""
    names = _pairwise(run, workspace, list(files), _add_files, f"{name}.sum")
    if not names:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    total = workspace.load_file(names[0])
    workspace.remove(names)
    return total
