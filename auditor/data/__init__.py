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


# SARIF's precision levels, from the lowest measured precision each one needs.
PRECISION_LEVELS = (("very-high", 0.90), ("high", 0.70), ("medium", 0.40), ("low", 0.0))


@functools.lru_cache(maxsize=None)
def measured_precision() -> dict[str, tuple[float, float]]:
    """Each judged rule's measured precision as (low, high) (equal for a single figure),
    from `precision.toml`."""
    out = {}
    for code, value in load_toml("precision.toml")["precision"].items():
        low, high = (value, value) if isinstance(value, (int, float)) else value
        out[code] = (float(low), float(high))
    return out


def precision_level(code: str) -> str | None:
    """SARIF's `precision` (very-high, high, medium, low) for a rule, from the lower end of
    its measured precision; None for a rule that was not judged."""
    figure = measured_precision().get(code)
    if figure is None:
        return None
    return next(level for level, floor in PRECISION_LEVELS if figure[0] >= floor)


def phrase_alternation(phrases) -> str:
    """A regex alternation of literal phrases, longest first (so "more than" beats "more")."""
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
