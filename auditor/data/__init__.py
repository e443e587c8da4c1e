"""Data files (phrase lists and patterns) shipped with the package, loaded once."""

from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources


@functools.lru_cache(maxsize=None)
def load_toml(name: str) -> dict:
    """Parse `auditor/data/<name>` (a TOML file)."""
    return tomllib.loads(resources.files("auditor.data").joinpath(name).read_text(encoding="utf-8"))


def phrase_alternation(phrases) -> str:
    """A regex alternation of literal phrases, longest first (so "more than" beats "more")."""
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
