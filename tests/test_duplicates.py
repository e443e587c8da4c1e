"""Near-duplicates, reused passages and same-story clusters: exact spans, exact scores,
determinism, and the seeds' story cluster."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.signatures import exact_jaccard, shingle_hashes
import numpy as np

from auditor.config import Config
from auditor.corpus import Document, load_inputs
from auditor.engine import run_audit
from auditor.report.json import render
from auditor.text import normalise_for_hashing
from conftest import SEEDS

WORDS = ("model approval ministry market growth data share rise fall report company city region policy "
         "investor export chip research startup license").split()


def article(rng: random.Random, sentences: int = 12) -> str:
    body = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(10, 18))]
        body.append(words[0].capitalize() + " " + " ".join(words[1:]) + ".")
    return "Headline\n\n" + " ".join(body) + "\n"


def doc(i: int, text: str) -> Document:
    return Document(id=f"d{i}", path=f"d{i}.txt", format="txt", text=text, title="Headline")


def test_seed_story_cluster_is_exactly_000_001_002():
    docs, errors = load_inputs([str(SEEDS)])
    result = run_audit(docs, errors, Config(jobs=1))
    clusters = result.corpus["story_clusters"]
    assert [[d[:3] for d in c["documents"]] for c in clusters] == [["000", "001", "002"]]
    facts = clusters[0]["shared_facts"]
    assert "14 ai model" in facts and any("40" in f for f in facts)
    assert result.corpus["duplicate_clusters"] == []


def test_reused_passage_spans_on_both_sides_link_each_other():
    shared = "The ministry approved fourteen new models on Monday. It said more approvals would follow in the spring."
    a = "Markets\n\nShares rose on Tuesday as investors weighed new data. " + shared + " Analysts expect steady rates.\n"
    b = "Approvals\n\n" + shared + " Critics say the process remains slow and opaque for smaller firms.\n"
    result = run_audit([doc(0, a), doc(1, b)], [], Config(select=("DU002",), jobs=1))
    (fa,), (fb,) = (x.findings for x in result.documents)
    assert fa.text == shared and fb.text == shared
    assert (fa.span.start, fa.span.end) == (a.index(shared), a.index(shared) + len(shared))
    assert fa.related[0].document == "d1" and (fa.related[0].start, fa.related[0].end) == (fb.span.start, fb.span.end)
    assert fb.related[0].document == "d0" and (fb.related[0].start, fb.related[0].end) == (fa.span.start, fa.span.end)


def edited(rng: random.Random, text: str, share: float) -> str:
    words = text.split(" ")
    for i in rng.sample(range(2, len(words)), int(len(words) * share)):
        words[i] = rng.choice(WORDS)
    return " ".join(words)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), share=st.floats(0.0, 0.15))
def test_reported_jaccard_equals_the_exact_one(seed, share):
    rng = random.Random(seed)
    original = article(rng)
    copy = edited(rng, original, share)
    result = run_audit([doc(0, original), doc(1, copy)], [], Config(select=("DU001",), jobs=1))
    k = 5

    def grams(text: str) -> set[str]:
        body = text.split("\n\n", 1)[1].strip()
        w = normalise_for_hashing(body).split()
        return {" ".join(w[i:i + k]) for i in range(len(w) - k + 1)}

    ga, gb = grams(original), grams(copy)
    expected = len(ga & gb) / len(ga | gb)
    assert abs(exact_jaccard(shingle_hashes(original.split("\n\n", 1)[1].strip(), k),
                             shingle_hashes(copy.split("\n\n", 1)[1].strip(), k)) - expected) < 1e-12
    pairs = [p for c in result.corpus["duplicate_clusters"] for p in c["pairs"]]
    # Every reported score is the exact one, and nothing under the threshold is reported.
    # (LSH may, rarely, miss a pair just above it: recall is measured by the benchmark.)
    assert all(round(p["jaccard"], 4) == round(expected, 4) for p in pairs)
    if expected < 0.8:
        assert pairs == []


def test_output_is_identical_across_job_counts_with_duplicates():
    rng = random.Random(3)
    texts = [article(rng) for _ in range(6)]
    texts.append(edited(rng, texts[0], 0.03))
    texts.append(texts[1].replace("Headline", "Other headline"))
    docs = [doc(i, t) for i, t in enumerate(texts)]
    one = render(run_audit(docs, [], Config(jobs=1)))
    two = render(run_audit(docs, [], Config(jobs=2)))
    assert one == two
    assert '"duplicates.near-duplicate"' in one


def test_minhash_values_equal_datasketch_update_batch():
    """The whole-document numpy computation is datasketch's affine64 update_batch, value
    for value (empty, tiny, ordinary and large shingle sets, and more rows than a block)."""
    from auditor.signatures import minhash_reference, minhash_values

    rng = np.random.default_rng(3)
    for size in (0, 1, 7, 350, 9000):
        shingles = np.unique(rng.integers(0, np.iinfo(np.uint64).max, size=size, dtype=np.uint64))
        for num_perm in (16, 128):
            assert np.array_equal(minhash_values(shingles, num_perm), minhash_reference(shingles, num_perm).hashvalues)


def test_signature_shingles_are_the_body_shingles(seeds):
    """One normalisation per sentence serves the body: its shingles equal those of the
    body text (prose blocks joined), for every seed."""
    from auditor.checks.boilerplate import BoilerplateCheck
    from auditor.checks.duplicates import signature
    from auditor.context import DocumentContext
    from auditor.corpus import load_inputs as load
    from auditor.text import Segmentation

    documents, _ = load([str(seeds)])
    for document in documents:
        ctx = DocumentContext(document, Config(), Segmentation(document.text, document.blocks))
        BoilerplateCheck().run(ctx)
        body = "\n".join(document.text[b.start:b.end] for b in ctx.prose_blocks())
        assert np.array_equal(signature(ctx).heavy["shingles"], shingle_hashes(body, 5)), document.id
