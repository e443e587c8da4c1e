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
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import xxhash
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..claim import StatedClaim, claim_record
from ..config import Config
from ..context import CorpusBatch, DocumentContext, Mapped
from ..data import load_toml
from ..findings import Related, Severity
from ..rules import Rule
from ..signatures import (SignatureParams, band_key_array, exact_jaccard, minhash_values, shingles_of_words,
                          verified_edges, word_hashes)
from ..text import normalise_for_hashing
from ..unionfind import UnionFind
from .consistency import ConsistencyCheck

TUNING = load_toml("tuning.toml")["duplicates"]
MATRIX_MAX_DOCUMENTS = TUNING["matrix_max_documents"]
MAX_STORY_KEY_DOCUMENTS = TUNING["max_story_key_documents"]
MAX_SENTENCE_POSTINGS = TUNING["max_sentence_postings"]
MIN_SENTENCE_WORDS = TUNING["min_sentence_words"]
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
    sentence of at least `min_words` words (default 25), are reported on both sides.

    Bad: a paragraph lifted word for word into an otherwise different article.

    Good: a short quotation, attributed.
    """

    code = "DU002"
    name = "duplicates.reused-passage"
    severity = Severity.WARNING
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
    for _i, s in ctx.body_sentences():
        key = normalise_for_hashing(ctx.text[s.start:s.end])
        sentence_words = key.split()
        words += sentence_words
        if len(sentence_words) >= MIN_SENTENCE_WORDS:
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


class DuplicatesCheck:
    name = "duplicates"
    key = "duplicates"
    heavy = HEAVY

    def map(self, ctx: DocumentContext) -> Mapped:
        return signature(ctx)

    def reduce(self, batch: CorpusBatch) -> None:
        sigs: list[DuplicateSignal] = batch.signals(self.key)
        self._similarity_matrix(batch, sigs)
        cluster_of = self._near_duplicates(batch, sigs)
        self._reused_passages(batch, sigs, cluster_of)
        self._same_stories(batch, sigs)
        if batch.archive is not None:
            self._against_archive(batch, sigs)
            if batch.archive_add:
                self._add_to_archive(batch, sigs)

    def _shingles(self, batch: CorpusBatch, index: int) -> np.ndarray:
        return batch.heavy(self.key, index, ("shingles",))["shingles"]

    # --- the archive of earlier drops --------------------------------------------------

    def _against_archive(self, batch: CorpusBatch, sigs) -> None:
        threshold = batch.config.option(NearDuplicate, "threshold")
        matches = []
        for document, sig in zip(batch.documents, sigs):
            if not sig.band_keys.size:
                continue
            stored = batch.heavy(self.key, document.index, ("shingles", "minhash"))
            found = batch.archive.near_duplicates(stored["minhash"], stored["shingles"], threshold,
                                                  document.content_hash)
            for match in found:
                matches.append({"document": document.id, "archived": match.id, "path": match.path,
                                "title": match.title, "jaccard": match.jaccard})
            if found:  # one finding per document, naming the closest archived copy
                best = found[0]
                more = f" and {len(found) - 1} more" if len(found) > 1 else ""
                batch.report(document, NearDuplicate, *sig.span,
                             f"near-duplicate of archived {best.title or best.id} ({best.path}, Jaccard "
                             f"{best.jaccard:.2f}){more}",
                             data={"jaccard": best.jaccard, "archived": best.path, "copies": len(found)},
                             key="archived-copy")
        batch.corpus["archive_matches"] = matches

    def _add_to_archive(self, batch: CorpusBatch, sigs) -> None:
        claims = batch.signals(ConsistencyCheck.key)

        def entries():
            for document, doc_claims in zip(batch.documents, claims):
                stored = batch.heavy(self.key, document.index, ("shingles", "minhash"))
                yield (document.content_hash, document.id, document.path, document.title,
                       np.asarray(stored["shingles"]), np.asarray(stored["minhash"]),
                       [claim_record(stated.claim) for stated in (doc_claims or [])])

        batch.corpus["archive_added"] = batch.archive.add(entries())

    # --- similarity matrix (small batches) ----------------------------------------------

    def _similarity_matrix(self, batch: CorpusBatch, sigs) -> None:
        """Exact shingle Jaccard between every two documents, for batches small enough to
        show as a matrix on the index page."""
        if not 2 <= len(sigs) <= MATRIX_MAX_DOCUMENTS:
            return
        shingles = [self._shingles(batch, i) for i in range(len(sigs))]
        matrix = [[1.0 if i == j else round(exact_jaccard(a, b), 3) for j, b in enumerate(shingles)]
                  for i, a in enumerate(shingles)]
        batch.corpus["similarity"] = {"documents": [d.id for d in batch.documents], "jaccard": matrix}

    # --- near-duplicates ---------------------------------------------------------------

    def _near_duplicates(self, batch: CorpusBatch, sigs) -> list[int]:
        """Clusters of near-copies; one finding per document per cluster, naming its
        closest copies (at most MAX_RELATED, "and N more"). Returns each document's
        cluster id (-1 when it has no copy)."""
        params = signature_params(batch.config)
        edges = verified_edges([s.band_keys for s in sigs], lambda i: self._shingles(batch, i), params.threshold)
        sets = UnionFind(len(sigs))
        for i, j, _score in edges:
            sets.union(i, j)
        clusters = sets.groups(min_size=2)
        cluster_of = [-1] * len(sigs)
        for c, members in enumerate(clusters):
            for i in members:
                cluster_of[i] = c
        by_cluster: dict[int, list[tuple[int, int, float]]] = {}
        partners: dict[int, list[tuple[float, int]]] = {}
        for i, j, score in edges:
            by_cluster.setdefault(cluster_of[i], []).append((i, j, score))
            partners.setdefault(i, []).append((score, j))
            partners.setdefault(j, []).append((score, i))
        batch.corpus["duplicate_clusters"] = [
            {"documents": [batch.documents[i].id for i in members],
             "pairs": [{"a": batch.documents[i].id, "b": batch.documents[j].id, "jaccard": score}
                       for i, j, score in by_cluster.get(c, [])]}
            for c, members in enumerate(clusters)
        ]
        for members in clusters:
            for i in members:
                direct = [j for _score, j in sorted(partners.get(i, []), key=lambda p: (-p[0], p[1]))]
                others = direct + [j for j in members if j != i and j not in set(direct)]
                best = max(partners[i])[0]
                shown = others[:MAX_RELATED]
                doc = batch.documents[i]
                batch.report(doc, NearDuplicate, *sigs[i].span,
                             f"near-duplicate of {_names(batch, shown, len(others))} (Jaccard {best:.2f})",
                             related=[_related_body(batch, sigs, j)
                                      for j in shown],
                             data={"jaccard": best, "copies": len(others)}, key="near-duplicate")
        return cluster_of

    # --- reused passages ---------------------------------------------------------------

    def _reused_passages(self, batch: CorpusBatch, sigs, cluster_of: list[int]) -> None:
        """Runs of sentences two documents share, reported once per document and passage,
        listing the documents that share it (at most MAX_RELATED, "and N more"). A sentence
        in more than MAX_SENTENCE_POSTINGS documents is a stock phrase, left out, so the
        pairs compared stay linear in the batch."""
        min_sentences = batch.config.option(ReusedPassage, "min_sentences")
        min_words = batch.config.option(ReusedPassage, "min_words")
        index: dict[int, list[tuple[int, int]]] = {}
        for d, sig in enumerate(sigs):
            for n, h in enumerate(sig.sentences[:, 0].tolist()):
                index.setdefault(h, []).append((d, n))
        shared: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for postings in index.values():
            if len(postings) > MAX_SENTENCE_POSTINGS:
                continue
            for (d1, n1), (d2, n2) in itertools.combinations(postings, 2):
                if d1 != d2:
                    key = (d1, d2) if d1 < d2 else (d2, d1)
                    shared.setdefault(key, []).append((n1, n2) if d1 < d2 else (n2, n1))
        passages: dict[tuple[int, int, int], list[tuple[int, int, int]]] = {}  # (doc, first, last) -> partners
        for (a, b), matches in sorted(shared.items()):
            if cluster_of[a] >= 0 and cluster_of[a] == cluster_of[b]:
                continue  # the whole document is a copy; the near-duplicate finding says it
            for run in _runs(sorted(set(matches))):
                words = int(sum(sigs[a].sentences[n, 3] for n, _ in run))
                if len(run) < min_sentences and words < min_words:
                    continue
                span_a = (run[0][0], run[-1][0])
                span_b = (run[0][1], run[-1][1])
                passages.setdefault((a, *span_a), []).append((b, *span_b))
                passages.setdefault((b, *span_b), []).append((a, *span_a))
        for (d, first, last), others in sorted(passages.items()):
            others.sort()
            shown = others[:MAX_RELATED]
            sentences = sigs[d].sentences
            batch.report(batch.documents[d], ReusedPassage, int(sentences[first, 1]), int(sentences[last, 2]),
                         f"{last - first + 1} sentence(s) also in {_names(batch, [o for o, _f, _l in shown], len(others))}",
                         related=[Related(batch.documents[o].id, int(sigs[o].sentences[f, 1]),
                                          int(sigs[o].sentences[l, 2]), line=int(sigs[o].sentences[f, 4]),
                                          message=batch.documents[o].path, end_line=int(sigs[o].sentences[l, 5]))
                                  for o, f, l in shown],
                         data={"documents": len(others)})

    # --- same story --------------------------------------------------------------------

    def _same_stories(self, batch: CorpusBatch, sigs) -> None:
        if len(sigs) < 2:
            batch.corpus["story_clusters"] = []
            return
        min_shared = batch.config.option(SameStory, "min_shared_facts")
        min_similarity = batch.config.option(SameStory, "min_similarity")
        keys = [fact_keys(signal or []) for signal in batch.signals(ConsistencyCheck.key)]
        edges, shared_facts = [], {}
        # Candidate pairs share at least one figure key (value, unit, what is counted); a
        # key reported by very many documents identifies no story, so it is left out.
        index: dict[tuple, set[int]] = {}
        for i, doc_keys in enumerate(keys):
            for key in doc_keys:
                index.setdefault(key, set()).add(i)
        pair_keys: dict[tuple[int, int], int] = {}
        for members in index.values():
            if len(members) > MAX_STORY_KEY_DOCUMENTS:
                continue
            for i, j in itertools.combinations(sorted(members), 2):
                pair_keys[(i, j)] = pair_keys.get((i, j), 0) + 1
        candidates = sorted(p for p, count in pair_keys.items() if count >= min_shared)
        similarities = self._tfidf_cosines(batch, sigs, candidates)
        for (i, j), similarity in zip(candidates, similarities):
            if similarity < min_similarity:
                continue
            facts = _shared_facts(keys[i], keys[j])
            if len(facts) >= min_shared:
                edges.append((i, j))
                shared_facts[(i, j)] = facts
        sets = UnionFind(len(sigs))
        for i, j in edges:
            sets.union(i, j)
        facts_of: dict[int, set[str]] = {}
        for (i, j), facts in shared_facts.items():
            facts_of.setdefault(sets.find(i), set()).update(facts)
        stories = []
        for members in sets.groups(min_size=2):
            facts = sorted(facts_of.get(sets.find(members[0]), ()))
            stories.append({"documents": [batch.documents[i].id for i in members], "shared_facts": facts})
            for i in members:
                others = [j for j in members if j != i]
                shown = others[:MAX_RELATED]
                batch.report(batch.documents[i], SameStory, *sigs[i].span,
                             f"same story as {_names(batch, shown, len(others))}; shared facts: "
                             f"{', '.join(facts[:MAX_FACTS_SHOWN])}" + (f" and {len(facts) - MAX_FACTS_SHOWN} more"
                                                                        if len(facts) > MAX_FACTS_SHOWN else ""),
                             related=[_related_body(batch, sigs, j)
                                      for j in shown],
                             key="same-story")
        batch.corpus["story_clusters"] = stories


    def _tfidf_cosines(self, batch: CorpusBatch, sigs, pairs: list[tuple[int, int]]) -> list[float]:
        """TF-IDF cosine similarity of the bodies of each pair (smooth idf over the batch,
        sublinear tf, l2 norm: scikit-learn's TfidfVectorizer, over hashed terms)."""
        if not pairs:
            return []
        frequency = np.zeros(TERM_FEATURES, dtype=np.int64)
        for sig in sigs:
            frequency[sig.terms] += 1
        idf = np.log((1.0 + len(sigs)) / (1.0 + frequency)) + 1.0
        vectors: dict[int, np.ndarray] = {}

        def weighted(i: int) -> np.ndarray:
            if i not in vectors:
                w = batch.heavy(self.key, i, ("tf",))["tf"].astype(np.float64) * idf[sigs[i].terms]
                norm = np.sqrt((w * w).sum())
                vectors[i] = w / norm if norm else w
            return vectors[i]

        out = []
        for i, j in pairs:
            common, at_i, at_j = np.intersect1d(sigs[i].terms, sigs[j].terms, assume_unique=True, return_indices=True)
            out.append(float(np.dot(weighted(i)[at_i], weighted(j)[at_j])) if common.size else 0.0)
        return out


def _related_body(batch: CorpusBatch, sigs, j: int) -> Related:
    """A link to another document's whole body (its first and last body lines)."""
    first, last = sigs[j].span_lines
    return Related(batch.documents[j].id, *sigs[j].span, line=first, message=batch.documents[j].path, end_line=last)


def _names(batch: CorpusBatch, shown: list[int], total: int) -> str:
    """"A, B and C", or "A, B, C and 12 more" when the list is capped."""
    names = [batch.documents[j].title or batch.documents[j].id for j in shown]
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


def _runs(matches: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Group matching sentence pairs into runs consecutive on both sides."""
    runs: list[list[tuple[int, int]]] = []
    for n1, n2 in matches:
        if runs and runs[-1][-1] == (n1 - 1, n2 - 1):
            runs[-1].append((n1, n2))
        else:
            runs.append([(n1, n2)])
    return runs
