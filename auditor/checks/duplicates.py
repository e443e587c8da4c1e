"""Near-duplicates, reused passages and same-story rewrites across the batch.

Map (per document, in the worker): the body's word k-shingles (normalised: NFKC, case,
punctuation and digits folded) hashed with 64-bit xxhash and a MinHash signature of them
(datasketch's scheme, fixed seed), kept in the workspace; sent on: the signature's LSH
band keys, hashes of its normalised sentences with their spans, and the hashed terms of
its body (sublinear term weights stay in the workspace) for TF-IDF.

Reduce: LSH buckets (band keys sorted) propose candidates; every candidate is verified with
the exact Jaccard of the two shingle sets, read from the workspace, and only verified pairs
are reported, with the exact score. Reused passages are runs of consecutive sentences that
documents share. Same-story rewrites share facts but not wording: TF-IDF similarity of the
bodies (hashed terms, document frequencies summed over the batch) together with the figures
both report. Every step is linear in the batch: findings are one per document per cluster
or passage, naming a few others.

The reduce runs as map and reduce tasks on the run's executor (a local pool or a cluster),
exchanging partitioned files through the workspace (see shuffle.py), so that no process
holds every document's signals and the same code gives the same result on one machine
and on many:

1. per unit: band keys, sentence hashes and figure keys into partitions by key; term
   counts per unit (summed two by two for the document frequencies);
2. near-duplicates: per partition, LSH buckets (sorted band keys) verified head by head
   (`signatures.verify_buckets`, shingles read from the workspace); connected components
   of the verified edges by merging spanning forests; edges regrouped by component, where
   each cluster and its findings are made;
3. reused passages: per partition, sentences grouped by hash give pairs of documents; pairs
   regrouped by (document, document) give runs of sentences; runs regrouped by document
   give one finding per passage;
4. same story: per partition, figure keys give candidate pairs; pairs regrouped and counted
   are compared by TF-IDF and shared facts; components and clusters as for near-duplicates.
"""

from __future__ import annotations

import functools
import heapq
import itertools
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import xxhash
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..claim import StatedClaim, claim_record
from ..config import Config
from ..context import (ARCHIVE_MATCHES, STORY_LABELS, CorpusBatch, CorpusView, DocumentContext, Mapped, Pending,
                       PendingFinding)
from ..data import load_toml
from ..findings import Related, Severity
from ..rules import Rule
from ..shuffle import components, concat, partition_of_ints, partition_of_key, split, split_list, sum_sparse
from ..signatures import (SignatureParams, band_key_array, exact_jaccard, minhash_values, shingles_of_words,
                          verify_buckets, word_hashes)
from ..text import in_pasted_tweet, normalise_for_hashing, tweet_signatures
from .consistency import ConsistencyCheck

TUNING = load_toml("tuning.toml")["duplicates"]
MATRIX_MAX_DOCUMENTS = TUNING["matrix_max_documents"]
MAX_STORY_KEY_DOCUMENTS = TUNING["max_story_key_documents"]
MAX_SENTENCE_POSTINGS = TUNING["max_sentence_postings"]
MIN_SENTENCE_WORDS = TUNING["min_sentence_words"]
SERIES_OPENING_DOCUMENTS = TUNING["series_opening_documents"]
MAX_RELATED = TUNING["max_related"]  # other documents a finding names and links ("and N more")
MAX_FACTS_SHOWN = TUNING["max_facts_shown"]  # shared facts a same-story message lists


class NearDuplicate(Rule):
    """The document is a near-copy of another one in the batch (or in the archive).

    Jaccard similarity of the two bodies' word 5-shingles is at least `threshold`
    (default 0.8), verified exactly. Both documents are flagged, each linking the other.

    Bad: the same article published twice with a new headline and a few words changed.

    Good: one article, or two that tell their story in their own words.
    """

    code = "DU001"
    name = "duplicates.near-duplicate"
    severity = Severity.WARNING
    options = {"threshold": 0.8, "shingle": 5, "num_perm": 128}
    limits = {"threshold": (0.05, 1.0), "shingle": (1, 20), "num_perm": (16, 1024)}


class ReusedPassage(Rule):
    """A run of sentences copied from another document of the batch.

    Sentences match after normalisation (case, punctuation and figures folded), so light
    edits do not hide a copy. Runs of at least `min_sentences` sentences (default 2), or one
    sentence of at least `min_words` words (default 25), are reported on both sides. Tweets
    pasted with their signature ("Name (@handle) July 25, 2017") are quoted, not written:
    two articles that embed the same tweets share no passage. Nor is a series' standing
    opening, the same first sentences in five documents or more.

    Bad: a paragraph lifted word for word into an otherwise different article.

    Good: a short quotation, attributed; the same tweet embedded in two articles.
    """

    code = "DU002"
    name = "duplicates.reused-passage"
    severity = Severity.INFO  # a note until measured at 0.90 or more: shared quotations and tweets pass
    options = {"min_sentences": 2, "min_words": 25}
    limits = {"min_sentences": (1, 1000), "min_words": (1, 100_000)}


class SameStory(Rule):
    """Rewrites of one story: different wording, the same facts.

    Two documents are one story when they report at least `min_shared_facts` of the same
    figures (default 2) and their TF-IDF similarity is at least `min_similarity` (0.25).
    Shown so an editor can compare the versions.

    Bad: three "different" articles, each reporting "more than 40" models approved and
    "14" in the latest batch, rewritten from one wire story.

    Good: one article citing the wire story it is based on.
    """

    code = "DU003"
    name = "duplicates.same-story"
    severity = Severity.INFO
    options = {"min_shared_facts": 2, "min_similarity": 0.25}
    limits = {"min_shared_facts": (1, 1000), "min_similarity": (0.0, 1.0)}


RULES = (NearDuplicate, ReusedPassage, SameStory)


def signature_params(config: Config) -> SignatureParams:
    """The signature parameters this configuration asks for (the archive must match)."""
    return SignatureParams(config.option(NearDuplicate, "shingle"), config.option(NearDuplicate, "num_perm"),
                           config.option(NearDuplicate, "threshold"))


TERM_FEATURES = 1 << 20  # hashed term space for TF-IDF (collisions are rare and harmless here)


@dataclass(frozen=True)
class DuplicateSignal:
    """The light signal: small enough for the main process to hold for every document."""

    band_keys: np.ndarray  # int64, one per LSH band (empty: a body with no words)
    sentences: np.ndarray  # int64 rows (hash bits, start, end, words, first line, last line), 6+ words
    span: tuple[int, int]  # first and last body offsets
    terms: np.ndarray  # uint32 hashed terms of the body, sorted and unique
    span_lines: tuple[int, int] = (0, 0)  # the lines of the text the body starts and ends on


HEAVY = ("shingles", "minhash", "tf")


def term_weights(words: list[str], hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sorted unique hashed terms, sublinear term frequencies 1 + ln(count)) of a body's
    normalised words, reusing their hashes: words of two letters or more, English stop
    words and numbers (folded to zeros by the normaliser) left out."""
    keep = np.fromiter((len(w) > 1 and w not in ENGLISH_STOP_WORDS and not w.isdigit() for w in words),
                       dtype=bool, count=len(words))
    terms, counts = np.unique((hashes[keep] % np.uint64(TERM_FEATURES)).astype(np.uint32), return_counts=True)
    return terms, (1.0 + np.log(counts)).astype(np.float32)


def signature(ctx: DocumentContext) -> Mapped:
    """The map step: one normalisation per body sentence serves the sentence hashes, the
    body's shingles (its words are its sentences' words, in order) and its terms."""
    params = signature_params(ctx.config)
    blocks = ctx.prose_blocks()
    rows_out, words = [], []
    tweets = tweet_signatures(ctx.text) if "(@" in ctx.text else []
    for _i, s in ctx.body_sentences():
        key = normalise_for_hashing(ctx.text[s.start:s.end])
        sentence_words = key.split()
        words += sentence_words
        # A pasted tweet is quoted, not written: articles that embed the same tweet share
        # no passage (it still counts in the body's shingles for near-copies).
        if len(sentence_words) >= MIN_SENTENCE_WORDS and not (tweets and in_pasted_tweet(tweets, s.start)):
            rows_out.append((np.uint64(xxhash.xxh64_intdigest(key.encode("utf-8"))).view(np.int64), s.start, s.end,
                             len(sentence_words), ctx.line_of(s.start), ctx.line_of(max(s.start, s.end - 1))))
    hashes = word_hashes(words)
    shingles = shingles_of_words(hashes, params.shingle)
    minhash = minhash_values(shingles, params.num_perm)
    sentences = np.array(rows_out, dtype=np.int64).reshape(-1, 6)
    span = (blocks[0].start, blocks[-1].end) if blocks else (0, 0)
    span_lines = (ctx.line_of(span[0]), ctx.line_of(max(span[0], span[1] - 1))) if blocks else (0, 0)
    terms, tf = term_weights(words, hashes)
    bands, rows = params.banding
    keys = band_key_array(minhash, bands, rows) if shingles.size else np.zeros(0, dtype=np.int64)
    return Mapped(DuplicateSignal(keys, sentences, span, terms, span_lines),
                  {"shingles": shingles, "minhash": minhash, "tf": tf})


# Records exchanged between the reduce step's tasks.
BAND = np.dtype([("band", "<i8"), ("key", "<i8"), ("doc", "<i8")])
SENTENCE = np.dtype([("hash", "<i8"), ("doc", "<i8"), ("n", "<i8"), ("start", "<i8"), ("end", "<i8"),
                     ("words", "<i8"), ("line", "<i8"), ("end_line", "<i8")])
MATCH = np.dtype([("a", "<i8"), ("b", "<i8"), ("na", "<i8"), ("nb", "<i8"), ("a_start", "<i8"), ("a_end", "<i8"),
                  ("a_words", "<i8"), ("b_start", "<i8"), ("b_end", "<i8"), ("a_line", "<i8"),
                  ("a_end_line", "<i8"), ("b_line", "<i8"), ("b_end_line", "<i8")])
PASSAGE = np.dtype([("d", "<i8"), ("first", "<i8"), ("last", "<i8"), ("start", "<i8"), ("end", "<i8"),
                    ("o", "<i8"), ("of", "<i8"), ("ol", "<i8"), ("o_start", "<i8"), ("o_end", "<i8"),
                    ("o_line", "<i8"), ("o_end_line", "<i8")])
PAIR = np.dtype([("a", "<i8"), ("b", "<i8")])

# The order of corpus findings on one document: the order the steps report them in.
ORDER_NEAR, ORDER_PASSAGE, ORDER_STORY, ORDER_ARCHIVED = 2, 3, 4, 5


class DuplicatesCheck:
    name = "duplicates"
    key = "duplicates"
    heavy = HEAVY

    def map(self, ctx: DocumentContext) -> Mapped:
        return signature(ctx)

    def reduce(self, batch: CorpusBatch) -> None:
        view = batch.view
        with batch.step("duplicates: similarity matrix"):
            self._similarity_matrix(batch)
        with batch.step("duplicates: shuffle"):
            shuffled = list(batch.run(functools.partial(_shuffle_unit, view=view), range(view.units)))
        with batch.step("duplicates: near-copies"):
            labels = self._near_duplicates(batch, [s["bands"] for s in shuffled])
        with batch.step("duplicates: reused passages"):
            self._reused_passages(batch, [s["sentences"] for s in shuffled], labels)
        with batch.step("duplicates: same stories"):
            stories = self._same_stories(batch, [s["facts"] for s in shuffled], [s["terms"] for s in shuffled])
        with batch.step("duplicates: story labels"):
            self._story_labels(batch, [labels] + ([stories] if stories else []))
        batch.workspace.remove([labels] + ([stories] if stories else []))
        if batch.archive is not None:
            with batch.step("duplicates: against the archive"):
                self._against_archive(batch)
            if batch.archive_add:
                with batch.step("duplicates: add to the archive"):
                    self._add_to_archive(batch)

    # --- the archive of earlier drops --------------------------------------------------

    def _against_archive(self, batch: CorpusBatch) -> None:
        """Each document against the archive, unit by unit on the workers (each task opens
        the archive itself)."""
        matches = []
        threshold = batch.config.option(NearDuplicate, "threshold")
        task = functools.partial(_against_archive, view=batch.view, archive=batch.archive, threshold=threshold)
        for found, pending in batch.run(task, range(batch.view.units)):
            matches += found
            batch.pending.append(pending)
        batch.corpus["archive_matches"] = [{k: v for k, v in m.items() if k != "index"} for m in matches]
        copies: dict[int, set[tuple[str, str]]] = {}
        for m in matches:
            copies.setdefault(m["index"], set()).add((m["archived"], m["path"]))
        batch.workspace.save_file(ARCHIVE_MATCHES, copies)

    def _add_to_archive(self, batch: CorpusBatch) -> None:
        """Record the batch, read unit by unit from the workspace (one writer, here)."""
        view = batch.view

        def entries():
            for unit in range(view.units):
                for document, doc_claims in zip(view.infos(unit), view.light_unit(ConsistencyCheck.key, unit)):
                    stored = view.heavy(self.key, document.index, ("shingles", "minhash"))
                    yield (document.content_hash, document.id, document.path, document.title,
                           np.asarray(stored["shingles"]), np.asarray(stored["minhash"]),
                           [claim_record(stated.claim) for stated in (doc_claims or [])])

        batch.corpus["archive_added"] = batch.archive.add(entries())

    # --- similarity matrix (small batches) ----------------------------------------------

    def _similarity_matrix(self, batch: CorpusBatch) -> None:
        """Exact shingle Jaccard between every two documents, for batches small enough to
        show as a matrix on the index page."""
        if not 2 <= len(batch.documents) <= MATRIX_MAX_DOCUMENTS:
            return
        shingles = [batch.view.heavy(self.key, i, ("shingles",))["shingles"] for i in range(len(batch.documents))]
        matrix = [[1.0 if i == j else round(exact_jaccard(a, b), 3) for j, b in enumerate(shingles)]
                  for i, a in enumerate(shingles)]
        batch.corpus["similarity"] = {"documents": [d.id for d in batch.documents], "jaccard": matrix}

    # --- near-duplicates ---------------------------------------------------------------

    def _near_duplicates(self, batch: CorpusBatch, bands: list[str]) -> str:
        """Clusters of near-copies; one finding per document per cluster, naming its
        closest copies (at most MAX_RELATED, "and N more"). Returns the workspace file of
        each document's cluster label (-1 when it has no copy)."""
        view = batch.view
        threshold = signature_params(batch.config).threshold
        edges = list(batch.run(functools.partial(_verify_buckets, view=view, sources=bands, threshold=threshold),
                               range(view.partitions)))
        batch.workspace.remove(bands)
        labels = components(batch.run, batch.workspace, edges, view.count, "near")
        clusters = _clusters(batch, edges, labels, _near_duplicate_clusters, "near")
        batch.corpus["duplicate_clusters"] = clusters
        return labels

    # --- reused passages ---------------------------------------------------------------

    def _reused_passages(self, batch: CorpusBatch, sentences: list[str], labels: str) -> None:
        """Runs of sentences two documents share, reported once per document and passage,
        listing the documents that share it (at most MAX_RELATED, "and N more"). A sentence
        in more than MAX_SENTENCE_POSTINGS documents is a stock phrase, left out, so the
        pairs compared stay linear in the batch."""
        view = batch.view
        with batch.step("duplicates: reused passages: sentence pairs"):
            matches = list(batch.run(functools.partial(_sentence_pairs, view=view, sources=sentences),
                                     range(view.partitions)))
        batch.workspace.remove(sentences)
        with batch.step("duplicates: reused passages: runs"):
            passages = list(batch.run(functools.partial(
                _passages, view=view, sources=matches, labels=labels,
                min_sentences=batch.config.option(ReusedPassage, "min_sentences"),
                min_words=batch.config.option(ReusedPassage, "min_words")), range(view.partitions)))
        batch.workspace.remove(matches)
        with batch.step("duplicates: reused passages: findings"):
            batch.pending.extend(batch.run(functools.partial(_passage_findings, view=view, sources=passages),
                                           range(view.partitions)))
        batch.workspace.remove(passages)

    # --- same story --------------------------------------------------------------------

    def _same_stories(self, batch: CorpusBatch, facts: list[str], terms: list[str]) -> str | None:
        """Rewrites of one story; returns the workspace file of each document's story
        label (-1 when it has none), None for a batch of one."""
        view = batch.view
        if view.count < 2:
            batch.corpus["story_clusters"] = []
            batch.workspace.remove(facts + terms)
            return None
        # smooth idf of the terms the batch has (document frequencies summed on the workers)
        terms_present, frequency = sum_sparse(batch.run, batch.workspace, terms, "terms")
        batch.workspace.save_file("stories.idf", (terms_present, np.log((1.0 + view.count) / (1.0 + frequency)) + 1.0))
        del terms_present, frequency
        pairs = list(batch.run(functools.partial(_story_pairs, view=view, sources=facts), range(view.partitions)))
        batch.workspace.remove(facts)
        edges = list(batch.run(functools.partial(
            _story_edges, view=view, sources=pairs, idf="stories.idf",
            min_shared=batch.config.option(SameStory, "min_shared_facts"),
            min_similarity=batch.config.option(SameStory, "min_similarity")), range(view.partitions)))
        batch.workspace.remove(pairs + ["stories.idf"])
        labels = components(batch.run, batch.workspace, edges, view.count, "stories")
        batch.corpus["story_clusters"] = _clusters(batch, edges, labels, _story_clusters, "stories")
        return labels

    def _story_labels(self, batch: CorpusBatch, labelings: list[str]) -> None:
        """Each document's story for the consistency step: near-copies and rewrites of one
        another, joined (a copy of a rewrite tells the same story), -1 for a document on
        its own. Saved as STORY_LABELS."""
        edge_files = list(batch.run(functools.partial(_label_edges, view=batch.view), labelings))
        joined = components(batch.run, batch.workspace, edge_files, batch.view.count, "story")
        assert joined == STORY_LABELS, joined  # shuffle.components names its output "<name>.labels.npy"
        batch.workspace.remove(edge_files)


# --- tasks: the map over units -------------------------------------------------------------


def _label_edges(labels: str, *, view: CorpusView) -> str:
    """Edges from each labelled document to its component's label, for joining labelings."""
    array = view.workspace.load_array(labels)
    members = np.flatnonzero(array >= 0)
    name = f"{labels}.edges"
    view.workspace.save_file(name, {"a": members.astype(np.int64), "b": array[members].astype(np.int64)})
    return name


def _shuffle_unit(unit: int, *, view: CorpusView) -> dict[str, str]:
    """One unit's light signals into partitions: band keys and sentence hashes by hash,
    figure keys by key; its documents' term counts as one sparse vector."""
    signals: list[DuplicateSignal] = view.light_unit(DuplicatesCheck.key, unit)
    claims = view.light_unit(ConsistencyCheck.key, unit)
    documents = view.unit_range(unit)
    partitions = view.partitions
    bands, sentences, fact_postings, terms = [], [], [], []
    for d, sig, doc_claims in zip(documents, signals, claims):
        if sig.band_keys.size:
            rows = np.zeros(sig.band_keys.size, dtype=BAND)
            rows["band"], rows["key"], rows["doc"] = np.arange(sig.band_keys.size), sig.band_keys, d
            bands.append(rows)
        if len(sig.sentences):
            rows = np.zeros(len(sig.sentences), dtype=SENTENCE)
            rows["hash"], rows["doc"], rows["n"] = sig.sentences[:, 0], d, np.arange(len(sig.sentences))
            for n, field in enumerate(("start", "end", "words", "line", "end_line"), start=1):
                rows[field] = sig.sentences[:, n]
            sentences.append(rows)
        fact_postings += [(key, d) for key in fact_keys(doc_claims or [])]
        terms.append(sig.terms)
    band_rows, sentence_rows = concat(bands, BAND), concat(sentences, SENTENCE)
    all_terms, term_counts = np.unique(concat(terms, np.uint32), return_counts=True)
    workspace = view.workspace
    workspace.save_file(f"terms-{unit}", (all_terms.astype(np.int64), term_counts.astype(np.int64)))
    return {
        "bands": workspace.write_parts(f"bands-{unit}", split(band_rows, partition_of_ints(band_rows["key"],
                                                                                         partitions), partitions)),
        "sentences": workspace.write_parts(f"sentences-{unit}", split(
            sentence_rows, partition_of_ints(sentence_rows["hash"], partitions), partitions)),
        "facts": workspace.write_parts(f"facts-{unit}", split_list(
            fact_postings, [partition_of_key(key, partitions) for key, _d in fact_postings], partitions)),
        "terms": f"terms-{unit}",
    }


def _against_archive(unit: int, *, view: CorpusView, archive: Any, threshold: float) -> tuple[list[dict], str]:
    """A unit's documents against the archive: matches for the corpus section, and one
    finding per document naming its closest archived copy."""
    matches, pending = [], []
    for index, sig in zip(view.unit_range(unit), view.light_unit(DuplicatesCheck.key, unit)):
        if not sig.band_keys.size:
            continue
        document = view.info(index)
        stored = view.heavy(DuplicatesCheck.key, index, ("shingles", "minhash"))
        found = archive.near_duplicates(stored["minhash"], stored["shingles"], threshold, document.content_hash)
        for match in found:
            matches.append({"index": index, "document": document.id, "archived": match.id, "path": match.path,
                            "title": match.title, "jaccard": match.jaccard})
        if found:  # one finding per document, naming the closest archived copy
            best = found[0]
            more = f" and {len(found) - 1} more" if len(found) > 1 else ""
            pending.append(Pending(index, (ORDER_ARCHIVED,), PendingFinding(
                NearDuplicate.code, *sig.span,
                f"near-duplicate of archived {best.title or best.id} ({best.path}, Jaccard {best.jaccard:.2f}){more}",
                data={"jaccard": best.jaccard, "archived": best.path, "copies": len(found)}, key="archived-copy"), {}))
    return matches, view.write_pending(f"archived.pending-{unit}", pending)


# --- tasks: near-duplicates ------------------------------------------------------------------


def _verify_buckets(partition: int, *, view: CorpusView, sources: list[str], threshold: float) -> str:
    """The LSH buckets of one partition's band keys (documents sharing a band's key),
    verified head by head; their edges {a, b, score}, a < b, sorted."""
    rows = concat(view.workspace.read_parts(sources, partition), BAND)
    rows = rows[np.lexsort((rows["doc"], rows["key"], rows["band"]))]
    same = (rows["band"][1:] == rows["band"][:-1]) & (rows["key"][1:] == rows["key"][:-1])
    bounds = np.concatenate(([0], np.flatnonzero(~same) + 1, [len(rows)])) if len(rows) else np.zeros(1, np.int64)
    docs = rows["doc"]
    buckets = (docs[start:end].tolist() for start, end in zip(bounds[:-1], bounds[1:]) if end - start > 1)
    found = verify_buckets(buckets, lambda i: view.heavy(DuplicatesCheck.key, i, ("shingles",))["shingles"], threshold)
    edges = sorted((i, j, round(score, 4)) for (i, j), score in found.items())
    name = f"near.edges-{partition}"
    view.workspace.save_file(name, {"a": np.array([e[0] for e in edges], dtype=np.int64),
                                    "b": np.array([e[1] for e in edges], dtype=np.int64),
                                    "payload": [e[2] for e in edges]})
    return name


def _near_duplicate_clusters(view: CorpusView, root: int, edges: list[tuple[int, int, Any]]) -> tuple[dict, list]:
    """One cluster of near-copies (its verified edges, sorted): its entry in the corpus
    section, and one finding per member naming its closest copies."""
    members = sorted({i for i, j, _s in edges} | {j for i, j, _s in edges})
    partners: dict[int, list[tuple[float, int]]] = {}
    for i, j, score in edges:
        partners.setdefault(i, []).append((score, j))
        partners.setdefault(j, []).append((score, i))
    record = {"documents": [view.info(i).id for i in members],
              "pairs": [{"a": view.info(i).id, "b": view.info(j).id, "jaccard": score} for i, j, score in edges]}
    pending = []
    for i in members:
        direct = [j for _score, j in sorted(partners.get(i, []), key=lambda p: (-p[0], p[1]))]
        others = direct + [j for j in members if j != i and j not in set(direct)]
        best = max(partners[i])[0]
        shown = others[:MAX_RELATED]
        finding = PendingFinding(NearDuplicate.code, *_signal(view, i).span,
                                 f"near-duplicate of {_names(view, shown, len(others))} (Jaccard {best:.2f})",
                                 tuple(_related_body(view, j) for j in shown),
                                 {"jaccard": best, "copies": len(others)}, "near-duplicate")
        pending.append(Pending(i, (ORDER_NEAR, root), finding, _titles(view, shown)))
    return record, pending


# --- tasks: clusters from components -----------------------------------------------------------


def _clusters(batch: CorpusBatch, edges: list[str], labels: str,
              make: Callable[[CorpusView, int, list[tuple[int, int, Any]]], tuple[dict, list]], name: str) -> list[dict]:
    """Edges regrouped by component (the label of their nodes), each component made into
    its corpus entry and findings (`make`) on the workers; the entries, in the order of
    their smallest member, merged here."""
    view = batch.view
    grouped = list(batch.run(functools.partial(_edges_by_component, view=view, labels=labels), edges))
    batch.workspace.remove(edges)
    made = list(batch.run(functools.partial(_make_clusters, view=view, sources=grouped, make=make, name=name),
                          range(view.partitions)))
    batch.workspace.remove(grouped)
    batch.pending.extend(pending for _records, pending in made)
    records = heapq.merge(*(batch.workspace.load_file(name) for name, _pending in made), key=lambda item: item[0])
    out = [record for _root, record in records]
    batch.workspace.remove([records for records, _pending in made])
    return out


def _edges_by_component(name: str, *, view: CorpusView, labels: str) -> str:
    edges = view.workspace.load_file(name)
    roots = view.workspace.load_array(labels)[edges["a"]] if len(edges["a"]) else np.zeros(0, dtype=np.int64)
    rows = list(zip(roots.tolist(), edges["a"].tolist(), edges["b"].tolist(), edges["payload"]))
    where = partition_of_ints(roots, view.partitions) if len(roots) else []
    return view.workspace.write_parts(f"{name}.grouped", split_list(rows, where, view.partitions))


def _make_clusters(partition: int, *, view: CorpusView, sources: list[str],
                   make: Callable[[CorpusView, int, list[tuple[int, int, Any]]], tuple[dict, list]],
                   name: str) -> tuple[str, str]:
    rows = sorted({(root, a, b): payload for part in view.workspace.read_parts(sources, partition)
                   for root, a, b, payload in part}.items())
    view.prefetch((i for (_root, a, b), _payload in rows for i in (a, b)), light=(DuplicatesCheck.key,))
    records, pending = [], []
    for root, group in itertools.groupby(rows, key=lambda item: item[0][0]):
        record, found = make(view, root, [(a, b, payload) for (_root, a, b), payload in group])
        records.append((root, record))
        pending += found
    view.workspace.save_file(f"{name}.clusters-{partition}", records)
    return f"{name}.clusters-{partition}", view.write_pending(f"{name}.pending-{partition}", pending)


# --- tasks: reused passages --------------------------------------------------------------------


def _sentence_pairs(partition: int, *, view: CorpusView, sources: list[str]) -> str:
    """Sentences grouped by hash: every two documents that share one (postings of at most
    MAX_SENTENCE_POSTINGS), as matches (a, b, sentence in a, sentence in b), a < b,
    regrouped by the pair of documents. In numpy, postings of one size at a time."""
    rows = concat(view.workspace.read_parts(sources, partition), SENTENCE)
    rows = rows[np.lexsort((rows["n"], rows["doc"], rows["hash"]))]
    bounds = np.concatenate(([0], np.flatnonzero(rows["hash"][1:] != rows["hash"][:-1]) + 1, [len(rows)])) \
        if len(rows) else np.zeros(1, np.int64)
    starts, sizes = bounds[:-1], np.diff(bounds)
    firsts, seconds = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for size in np.unique(sizes[(sizes >= 2) & (sizes <= MAX_SENTENCE_POSTINGS)]).tolist():
        i, j = np.triu_indices(size, k=1)  # every two postings of a group, in order
        at = starts[sizes == size][:, None]
        firsts.append((at + i).ravel())
        seconds.append((at + j).ravel())
    x, y = np.concatenate(firsts), np.concatenate(seconds)
    keep = rows["doc"][x] != rows["doc"][y]  # postings are sorted by document: x's is the smaller
    x, y = x[keep], y[keep]
    out = np.zeros(len(x), dtype=MATCH)
    for field, source, side in (("a", "doc", x), ("b", "doc", y), ("na", "n", x), ("nb", "n", y),
                                ("a_start", "start", x), ("a_end", "end", x), ("a_words", "words", x),
                                ("b_start", "start", y), ("b_end", "end", y), ("a_line", "line", x),
                                ("a_end_line", "end_line", x), ("b_line", "line", y), ("b_end_line", "end_line", y)):
        out[field] = rows[source][side]
    where = partition_of_ints(out["a"] * max(view.count, 1) + out["b"], view.partitions)
    return view.workspace.write_parts(f"sentences.pairs-{partition}", split(out, where, view.partitions))


def _passages(partition: int, *, view: CorpusView, sources: list[str], labels: str, min_sentences: int,
              min_words: int) -> str:
    """Matches grouped by pair of documents: runs of sentences consecutive on both sides,
    long enough, as passages on each side, regrouped by the document they are on. Pairs in
    one near-duplicate cluster are left out (the near-duplicate finding says it). In numpy:
    a match continues a run when the one before it (in order of pair, then sentences) is
    the same pair's previous sentence on both sides."""
    rows = concat(view.workspace.read_parts(sources, partition), MATCH)
    rows = rows[np.lexsort((rows["nb"], rows["na"], rows["b"], rows["a"]))]
    cluster = view.workspace.load_array(labels)
    rows = rows[~((cluster[rows["a"]] >= 0) & (cluster[rows["a"]] == cluster[rows["b"]]))] if len(rows) else rows
    passages = _passage_rows(rows, min_sentences, min_words) if len(rows) else np.zeros(0, dtype=PASSAGE)
    where = partition_of_ints(passages["d"], view.partitions)
    return view.workspace.write_parts(f"sentences.passages-{partition}", split(passages, where, view.partitions))


def _passage_rows(rows: np.ndarray, min_sentences: int, min_words: int) -> np.ndarray:
    """The passages (PASSAGE rows, each on both sides) of matches sorted by pair, then sentences."""
    continues = np.zeros(len(rows), dtype=bool)
    continues[1:] = ((rows["a"][1:] == rows["a"][:-1]) & (rows["b"][1:] == rows["b"][:-1])
                     & (rows["na"][1:] == rows["na"][:-1] + 1) & (rows["nb"][1:] == rows["nb"][:-1] + 1))
    first = np.flatnonzero(~continues)
    last = np.concatenate((first[1:], [len(rows)])) - 1
    sentences = last - first + 1
    words = np.add.reduceat(rows["a_words"], first)
    keep = ~((sentences < min_sentences) & (words < min_words))
    head, tail = rows[first[keep]], rows[last[keep]]
    passages = np.zeros(2 * len(head), dtype=PASSAGE)
    one, other = passages[0::2], passages[1::2]  # each passage on both sides, side by side
    for side, (d, df, dl, ds, de), (o, of, ol, os_, oe, ol_line, oel) in (
            (one, (head["a"], head["na"], tail["na"], head["a_start"], tail["a_end"]),
             (head["b"], head["nb"], tail["nb"], head["b_start"], tail["b_end"], head["b_line"], tail["b_end_line"])),
            (other, (head["b"], head["nb"], tail["nb"], head["b_start"], tail["b_end"]),
             (head["a"], head["na"], tail["na"], head["a_start"], tail["a_end"], head["a_line"], tail["a_end_line"]))):
        side["d"], side["first"], side["last"], side["start"], side["end"] = d, df, dl, ds, de
        side["o"], side["of"], side["ol"], side["o_start"], side["o_end"] = o, of, ol, os_, oe
        side["o_line"], side["o_end_line"] = ol_line, oel
    return passages


def _series_openings(rows: np.ndarray) -> np.ndarray:
    """Which passages (PASSAGE rows sorted by document) are a series' standing opening: a
    passage that opens the document and opens the other one too, where the document shares
    such an opening with SERIES_OPENING_DOCUMENTS - 1 others or more (nine Reuters "Trump on
    Twitter" editions open with the same two sentences). Three rewrites of one story that
    share their lead stay reported."""
    opening = (rows["first"] == 0) & (rows["of"] == 0)
    if not opening.any():
        return opening
    documents, counts = np.unique(rows["d"][opening], return_counts=True)
    series = documents[counts >= SERIES_OPENING_DOCUMENTS - 1]
    return opening & np.isin(rows["d"], series)


def _passage_findings(partition: int, *, view: CorpusView, sources: list[str]) -> str:
    """One finding per document and passage, listing the documents that share it."""
    rows = concat(view.workspace.read_parts(sources, partition), PASSAGE)
    rows = rows[np.lexsort((rows["ol"], rows["of"], rows["o"], rows["last"], rows["first"], rows["d"]))]
    rows = rows[~_series_openings(rows)]
    view.prefetch(rows["o"].tolist())
    pending = []
    for (d, first, last), group in itertools.groupby(rows.tolist(), key=lambda r: r[:3]):
        others = list(group)
        shown = others[:MAX_RELATED]
        start, end = others[0][3], others[0][4]
        finding = PendingFinding(
            ReusedPassage.code, start, end,
            f"{last - first + 1} sentence(s) also in {_names(view, [o[5] for o in shown], len(others))}",
            tuple(Related(view.info(o[5]).id, o[8], o[9], line=o[10], message=view.info(o[5]).path, end_line=o[11])
                  for o in shown),
            {"documents": len(others)})
        pending.append(Pending(d, (ORDER_PASSAGE, first, last), finding, _titles(view, [o[5] for o in shown])))
    return view.write_pending(f"sentences.pending-{partition}", pending)


# --- tasks: same story -------------------------------------------------------------------------


def _story_pairs(partition: int, *, view: CorpusView, sources: list[str]) -> str:
    """Documents grouped by figure key: every two that report the same figure (keys
    reported by more than MAX_STORY_KEY_DOCUMENTS documents identify no story), one
    record per key they share, regrouped by the pair."""
    index: dict[tuple, set[int]] = {}
    for part in view.workspace.read_parts(sources, partition):
        for key, d in part:
            index.setdefault(key, set()).add(d)
    pairs = []
    for members in index.values():
        if len(members) > MAX_STORY_KEY_DOCUMENTS:
            continue
        pairs += itertools.combinations(sorted(members), 2)
    out = np.array(pairs, dtype=PAIR)
    where = partition_of_ints(out["a"] * max(view.count, 1) + out["b"], view.partitions)
    return view.workspace.write_parts(f"stories.pairs-{partition}", split(out, where, view.partitions))


def _story_edges(partition: int, *, view: CorpusView, sources: list[str], idf: str, min_shared: int,
                 min_similarity: float) -> str:
    """Pairs that share at least `min_shared` figure keys, compared by TF-IDF cosine of
    their bodies and by the facts they share: the edges {a, b, shared facts}."""
    pairs = concat(view.workspace.read_parts(sources, partition), PAIR)
    unique, counts = np.unique(pairs, return_counts=True) if len(pairs) else (pairs, np.zeros(0, np.int64))
    candidates = [(int(a), int(b)) for a, b in unique[counts >= min_shared].tolist()]
    # Candidates name documents all over the batch: read each unit's signals once for all of them.
    view.prefetch((i for pair in candidates for i in pair), light=(DuplicatesCheck.key, ConsistencyCheck.key))
    terms_present, weights = view.workspace.load_file(idf)
    signals = functools.lru_cache(maxsize=4096)(lambda i: view.light(DuplicatesCheck.key, i))
    keys = functools.lru_cache(maxsize=4096)(lambda i: fact_keys(view.light(ConsistencyCheck.key, i) or []))
    similarities = tfidf_cosines(candidates, lambda i: signals(i).terms,
                                 lambda i: view.heavy(DuplicatesCheck.key, i, ("tf",))["tf"],
                                 lambda terms: weights[np.searchsorted(terms_present, terms)])
    edges = []
    for (i, j), similarity in zip(candidates, similarities):
        if similarity < min_similarity:
            continue
        facts = _shared_facts(keys(i), keys(j))
        if len(facts) >= min_shared:
            edges.append((i, j, facts))
    name = f"stories.edges-{partition}"
    view.workspace.save_file(name, {"a": np.array([e[0] for e in edges], dtype=np.int64),
                                    "b": np.array([e[1] for e in edges], dtype=np.int64),
                                    "payload": [e[2] for e in edges]})
    return name


def tfidf_cosines(pairs: list[tuple[int, int]], terms_of: Callable[[int], np.ndarray],
                  tf_of: Callable[[int], np.ndarray], idf: Callable[[np.ndarray], np.ndarray]) -> list[float]:
    """TF-IDF cosine similarity of the bodies of each pair (smooth idf over the batch,
    `idf(terms)`; sublinear tf, l2 norm: scikit-learn's TfidfVectorizer, over hashed
    terms)."""
    vectors: dict[int, np.ndarray] = {}

    def weighted(i: int) -> np.ndarray:
        if i not in vectors:
            w = tf_of(i).astype(np.float64) * idf(terms_of(i))
            norm = np.sqrt((w * w).sum())
            vectors[i] = w / norm if norm else w
        return vectors[i]

    out = []
    for i, j in pairs:
        common, at_i, at_j = np.intersect1d(terms_of(i), terms_of(j), assume_unique=True, return_indices=True)
        out.append(float(np.dot(weighted(i)[at_i], weighted(j)[at_j])) if common.size else 0.0)
    return out


def _story_clusters(view: CorpusView, root: int, edges: list[tuple[int, int, Any]]) -> tuple[dict, list]:
    """One story (its edges with the facts each pair shares): its entry in the corpus
    section (every member, every fact), and one finding per member naming the documents it
    shares facts with itself and those facts. A story chains: in a running story A may
    share two figures with B and B two others with C, while A and C share none, and "same
    story as C; shared facts: ..." would name facts A does not report."""
    members = sorted({i for i, j, _f in edges} | {j for i, j, _f in edges})
    facts = sorted({fact for _i, _j, shared in edges for fact in shared})
    record = {"documents": [view.info(i).id for i in members], "shared_facts": facts}
    partners: dict[int, dict[int, list[str]]] = {i: {} for i in members}
    for i, j, shared in edges:
        partners[i][j] = partners[j][i] = shared
    pending = []
    for i in members:
        others = sorted(partners[i])
        own = sorted({fact for j in others for fact in partners[i][j]})
        shown = others[:MAX_RELATED]
        finding = PendingFinding(
            SameStory.code, *_signal(view, i).span,
            f"same story as {_names(view, shown, len(others))}; shared facts: "
            f"{', '.join(own[:MAX_FACTS_SHOWN])}" + (f" and {len(own) - MAX_FACTS_SHOWN} more"
                                                     if len(own) > MAX_FACTS_SHOWN else ""),
            tuple(_related_body(view, j) for j in shown), {}, "same-story")
        pending.append(Pending(i, (ORDER_STORY, root), finding, _titles(view, shown)))
    return record, pending


# --- helpers -------------------------------------------------------------------------------------


def _signal(view: CorpusView, index: int) -> DuplicateSignal:
    return view.light(DuplicatesCheck.key, index)


def _related_body(view: CorpusView, j: int) -> Related:
    """A link to another document's whole body (its first and last body lines)."""
    sig = _signal(view, j)
    first, last = sig.span_lines
    info = view.info(j)
    return Related(info.id, *sig.span, line=first, message=info.path, end_line=last)


def _titles(view: CorpusView, indexes: list[int]) -> dict[str, str]:
    return {view.info(j).id: view.info(j).title or view.info(j).id for j in indexes}


def _names(view: CorpusView, shown: list[int], total: int) -> str:
    """"A, B and C", or "A, B, C and 12 more" when the list is capped."""
    names = [view.info(j).title or view.info(j).id for j in shown]
    if total > len(shown):
        return ", ".join(names) + f" and {total - len(shown)} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def fact_keys(doc_claims: list[StatedClaim]) -> dict[tuple, tuple[str, str]]:
    """A document's figures by (value, unit, what is counted), with their text."""
    keys: dict[tuple, tuple[str, str]] = {}
    for stated in doc_claims:
        claim = stated.claim
        if claim.counted:
            keys.setdefault((round(claim.value, 6), claim.unit, claim.counted.split()[-1]), (claim.text, claim.counted))
    return keys


def _shared_facts(a: dict[tuple, tuple[str, str]], b: dict[tuple, tuple[str, str]]) -> list[str]:
    """Figures both documents report: the same value in the same unit, counting the same
    kind of thing ("more than 40 AI models" and "over 40 models")."""
    out = []
    for key in a.keys() & b.keys():
        (text_a, counted), (text_b, _) = a[key], b[key]
        texts = text_a if text_a.lower() == text_b.lower() else f"{text_a} / {text_b}"
        out.append(f"{texts} {counted}")
    return sorted(out)
