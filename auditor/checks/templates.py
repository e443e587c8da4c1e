"""Template lines: short blocks that recur across different articles of the batch.

A site's template (menus, footers, "Most read" lists, disclaimers) repeats on every page it
serves. We hash each block's normalised text and count in how many *distinct stories* it
occurs. Near-duplicate documents (one story published twice) are collapsed into one story
first, so that their shared paragraphs are not taken for a template. This runs once over
the whole batch before the per-document checks, which then read the result.
"""

from __future__ import annotations

from collections import defaultdict

from ..corpus import Document
from ..data import load_toml
from ..text import Segmentation, count_words, normalise_for_hashing
from ..unionfind import UnionFind

TUNING = load_toml("tuning.toml")["templates"]
MIN_KEY_CHARS = TUNING["min_key_chars"]
LONG_BLOCK_WORDS = TUNING["long_block_words"]  # blocks this long identify a story
MAX_TEMPLATE_WORDS = TUNING["max_template_words"]  # longer repeated blocks are reused passages
MAX_STORY_POSTINGS = TUNING["max_story_postings"]  # a key on more pages is template text


def block_keys(document: Document) -> list[tuple[str, int]]:
    """(normalised text, word count) of each block of a document."""
    seg = Segmentation(document.text, document.blocks)
    out = []
    for block in seg.blocks:
        chunk = document.text[block.start:block.end]
        out.append((normalise_for_hashing(chunk), count_words(chunk)))
    return out


def _stories(keys: list[list[tuple[str, int]]]) -> list[int]:
    """Story id per document: documents sharing at least half of their long blocks are
    one story (union-find over an inverted index of long blocks)."""
    sets = UnionFind(len(keys))
    long_sets = [{k for k, w in doc if w >= LONG_BLOCK_WORDS} for doc in keys]
    index: dict[str, list[int]] = defaultdict(list)
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


def find_template_keys(documents: list[Document], min_documents: int = 2) -> frozenset[str]:
    """Normalised blocks that occur in at least `min_documents` distinct stories. A block
    that reads as a sentence (8+ words) must recur in one story more: two articles sharing
    a sentence more likely copied it (a reused passage) than share a template."""
    keys = [block_keys(d) for d in documents]
    stories = _stories(keys)
    seen_in: dict[str, set[int]] = defaultdict(set)
    sentence_like: set[str] = set()
    for story, doc_keys in zip(stories, keys):
        for key, words in doc_keys:
            if len(key) >= MIN_KEY_CHARS and words <= MAX_TEMPLATE_WORDS:
                seen_in[key].add(story)
                if words >= 8:
                    sentence_like.add(key)
    return frozenset(k for k, s in seen_in.items() if len(s) >= min_documents + (k in sentence_like))
