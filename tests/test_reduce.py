"""Corpus steps as map and reduce tasks (shuffle.py, the checks' reduce steps, template
lines): the same results as the computations on everything in memory, whatever the
number of partitions, and the partitioned files they exchange."""

from __future__ import annotations

import itertools
import json
import random

import numpy as np
import pytest

from auditor.checks.duplicates import NearDuplicate
from auditor.checks.templates import block_keys, find_template_keys, template_keys
from auditor.config import Config
from auditor.corpus import Document
from auditor.engine import run_audit
from auditor.executors import SerialExecutor
from auditor.report.json import audit_dict
from auditor.shuffle import components, partition_of_ints, partition_of_key, split, split_list, sum_sparse
from auditor.signatures import exact_jaccard, shingle_hashes, verify_buckets
from auditor.text import text_blocks
from auditor.unionfind import UnionFind
from auditor.workspace import Workspace
from conftest import SEEDS, SHARED


def run(fn, items):
    return SerialExecutor().map(fn, items)


# --- the files ----------------------------------------------------------------------------


def test_partitioned_files_round_trip(tmp_path):
    workspace = Workspace(tmp_path)
    parts = [np.arange(3), None, {"a": [1, 2]}, None]
    name = workspace.write_parts("x", parts)
    assert [workspace.read_part(name, p) if p != 0 else workspace.read_part(name, p).tolist() for p in range(4)] == \
        [[0, 1, 2], None, {"a": [1, 2]}, None]
    assert workspace.read_parts([name, name], 2) == [{"a": [1, 2]}, {"a": [1, 2]}]
    with pytest.raises(ValueError, match="no partition 4 of 4"):
        workspace.read_part(name, 4)
    assert [p.name for p in tmp_path.iterdir()] == ["x"]  # no temporary file left behind


def test_partitions_are_the_same_in_every_process():
    """Fixed hashes, never Python's `hash` (which differs between processes)."""
    assert partition_of_key(("count", "model", ("latest",)), 97) == partition_of_key(("count", "model", ("latest",)), 97)
    assert partition_of_ints(np.array([0, 1, 2**40, -5], dtype=np.int64), 7).tolist() == \
        partition_of_ints(np.array([0, 1, 2**40, -5], dtype=np.int64), 7).tolist()
    rows = np.arange(20)
    where = partition_of_ints(rows, 3)
    parts = split(rows, where, 3)
    assert sorted(np.concatenate([p for p in parts if p is not None]).tolist()) == list(range(20))
    assert all(np.all(np.diff(p) > 0) for p in parts if p is not None)  # each part keeps the records' order
    assert split_list(list("abc"), [1, 1, 0], 3) == [["c"], ["a", "b"], None]


@pytest.mark.parametrize("files", [1, 2, 5, 8])
def test_components_equal_union_find(tmp_path, files):
    rng = random.Random(files)
    count = 300
    edges = [(rng.randrange(count), rng.randrange(count)) for _ in range(220)]
    edges = [(a, b) for a, b in edges if a != b]
    workspace = Workspace(tmp_path)
    names = []
    for n in range(files):
        mine = edges[n::files]
        names.append(f"edges-{n}")
        workspace.save_file(names[-1], {"a": np.array([a for a, _ in mine], dtype=np.int64),
                                        "b": np.array([b for _, b in mine], dtype=np.int64)})
    labels = workspace.load_array(components(run, workspace, names, count, "c"))
    sets = UnionFind(count)
    for a, b in edges:
        sets.union(a, b)
    groups = {}
    for i in range(count):
        groups.setdefault(sets.find(i), []).append(i)
    expected = np.full(count, -1)
    for members in groups.values():
        if len(members) > 1:
            expected[members] = min(members)
    assert labels.tolist() == expected.tolist()


def test_sums_two_by_two(tmp_path):
    workspace = Workspace(tmp_path)
    rng = np.random.default_rng(3)
    vectors = [np.unique(rng.integers(0, 50, 20)) for _ in range(7)]
    for n, v in enumerate(vectors):
        workspace.save_file(f"v{n}", (v, np.ones(len(v), dtype=np.int64)))
    keys, counts = sum_sparse(run, workspace, [f"v{n}" for n in range(7)], "s")
    expected = np.bincount(np.concatenate(vectors), minlength=50)
    assert dict(zip(keys.tolist(), counts.tolist())) == {k: int(c) for k, c in enumerate(expected) if c}


def test_buckets_verify_alike_in_any_order_or_split():
    """A bucket's edges depend on that bucket alone: verified together, in another order,
    or one by one in separate calls, the edges are the same."""
    rng = random.Random(5)
    words = [f"w{n}" for n in range(400)]
    base = [" ".join(rng.choice(words) for _ in range(200)) for _ in range(6)]
    texts = [t for b in base for t in (b, b.replace("w1 ", "w2 ", 3), b + " tail words here")]
    shingles = [shingle_hashes(t, 5) for t in texts]
    buckets = [sorted(rng.sample(range(len(texts)), 7)) for _ in range(12)]
    together = verify_buckets(buckets, shingles.__getitem__, 0.8)
    apart = {}
    for bucket in reversed(buckets):
        apart.update(verify_buckets([bucket], shingles.__getitem__, 0.8))
    assert together == apart
    assert all(exact_jaccard(shingles[i], shingles[j]) == s for (i, j), s in together.items())


# --- template lines ---------------------------------------------------------------------------


def _real_texts(limit: int = 600) -> list[str]:
    path = SHARED / "eval" / "real" / "real-farm.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts[:limit]


@pytest.mark.parametrize("partitions", [1, 3, 8])
def test_template_keys_equal_the_computation_in_memory(tmp_path, partitions):
    """Real articles with a site's template lines (short and sentence-like), some
    published twice (one story): the tasks find the keys the computation in memory does."""
    rng = random.Random(11)
    texts = _real_texts(300)
    footer = ["Share this article", "Read more stories like this on our site today", "All rights reserved."]
    docs = []
    for n, text in enumerate(texts):
        lines = text.split("\n") + (footer[: 1 + n % 3] if n % 4 else [])
        docs.append("\n".join(lines))
        if n % 10 == 0:
            docs.append("\n".join(lines))  # the same story twice
    keys = [block_keys(doc, text_blocks(doc)) for doc in docs]
    expected = find_template_keys(keys, 2)
    assert expected  # the test has template lines to find
    workspace = Workspace(tmp_path)
    units, first = [], 0
    for number, start in enumerate(range(0, len(keys), 37)):
        workspace.save(number, "blocks", keys[start:start + 37])
        units.append((number, first))
        first += len(keys[start:start + 37])
    rng.shuffle(units)  # units in any order
    assert template_keys(run, workspace, sorted(units), len(keys), partitions, 2) == expected


# --- whole reduce steps ------------------------------------------------------------------------


def _planted_batch() -> list[Document]:
    """Seeds, near-copies (clusters of 2-3), a passage lifted into another article, and
    rewrites with conflicting figures: every corpus step has work."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    docs = []
    for n, text in enumerate(seeds):
        docs.append(Document(id=f"s{n}", path=f"s{n}.txt", format="txt", text=text))
        docs.append(Document(id=f"c{n}", path=f"c{n}.txt", format="txt", text=text.replace(" the ", " a ", 4)))
        if n % 2:
            docs.append(Document(id=f"d{n}", path=f"d{n}.txt", format="txt", text=text + "\nOne more line at the end.\n"))
        paragraphs = text.split("\n\n")
        docs.append(Document(id=f"p{n}", path=f"p{n}.txt", format="txt",
                             text=seeds[(n + 1) % len(seeds)].split("\n\n")[0] + "\n\n" + "\n\n".join(paragraphs[2:4])))
        changed = text.replace("14", "19").replace("40", "90").replace("79", "61")
        docs.append(Document(id=f"r{n}", path=f"r{n}.txt", format="txt", text=changed))
    return docs


def test_reduce_steps_do_not_depend_on_partitions():
    docs = _planted_batch()
    config = Config(jobs=1)
    results = [audit_dict(run_audit(docs, [], config, partitions=p)) for p in (1, 2, 7)]
    assert results[0] == results[1] == results[2]
    corpus = results[0]["corpus"]
    assert corpus["duplicate_clusters"] and corpus["facts"] and any(f["conflict"] for f in corpus["facts"])
    rules = {f["rule"] for d in results[0]["documents"] for f in d["findings"]}
    assert {"DU001", "DU002", "CO001"} <= rules
    assert max(len(c["documents"]) for c in corpus["duplicate_clusters"]) >= 3
