"""Small inline SVG charts for the index page, built as view-models (the template draws
them). Every chart has a title, a description and a text alternative, so nothing is
conveyed by the picture alone."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 320, 140, 24


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # for the <title> tooltip and the text alternative
    value: float


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    axis: tuple[str, ...] = ()  # labels along the bottom (first, middle, last)
    width: int = WIDTH
    height: int = HEIGHT


@dataclass(frozen=True)
class Cell:
    x: float
    y: float
    size: float
    opacity: float
    label: str


@dataclass(frozen=True)
class Matrix:
    title: str
    description: str
    cells: tuple[Cell, ...]
    names: tuple[str, ...]
    size: int


def histogram(id_: str, title: str, values: list[float], low: float, high: float, bins: int, unit: str) -> Chart:
    counts = [0] * bins
    step = (high - low) / bins
    for v in values:
        i = min(bins - 1, max(0, int((v - low) / step)))
        counts[i] += 1
    top = max(counts) or 1
    bar_w = (WIDTH - 2 * PAD) / bins
    bars = []
    for i, c in enumerate(counts):
        h = (HEIGHT - 2 * PAD) * c / top
        lo, hi = low + i * step, low + (i + 1) * step
        bars.append(Bar(PAD + i * bar_w + 1, HEIGHT - PAD - h, bar_w - 2, h, f"{lo:g}–{hi:g} {unit}: {c}", c))
    described = ", ".join(b.label for b in bars if b.value)
    return Chart(id_, title, f"{len(values)} documents. {described}.", tuple(bars), (f"{low:g}", f"{(low + high) / 2:g}", f"{high:g}"))


def findings_per_rule(counts: Counter) -> Chart:
    """Findings per rule code (the 12 most frequent)."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:12]
    top = max((c for _r, c in items), default=1)
    height = PAD + 16 * max(1, len(items)) + 8
    bars = tuple(
        Bar(70, PAD + 16 * i, (WIDTH - 90) * c / top, 12, f"{rule}: {c}", c) for i, (rule, c) in enumerate(items)
    )
    described = ", ".join(b.label for b in bars) or "no findings"
    return Chart("findings-per-rule", "Findings per rule", f"Most frequent rules: {described}.", bars, (), WIDTH, height)


def similarity_matrix(similarity: dict | None, titles: dict[str, str]) -> Matrix | None:
    if not similarity:
        return None
    ids = similarity["documents"]
    values = similarity["jaccard"]
    size = max(8, min(24, 240 // max(1, len(ids))))
    cells = []
    pairs = []
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            cells.append(Cell(j * size, i * size, size - 1, round(max(0.05, v), 3), f"{ids[i]} × {ids[j]}: {v:.2f}"))
            if i < j and v >= 0.1:
                pairs.append(f"{titles.get(ids[i], ids[i])} and {titles.get(ids[j], ids[j])}: {v:.2f}")
    description = ("Word 5-shingle Jaccard similarity between every two documents. "
                   + ("Pairs at 0.10 or more: " + "; ".join(pairs) + "." if pairs else "No pair reaches 0.10."))
    return Matrix("Similarity matrix", description, tuple(cells), tuple(ids), size * len(ids))
