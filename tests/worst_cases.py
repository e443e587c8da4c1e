"""Hostile article shapes for the linear-time tests and benchmarks/bench_worst_case.py.

Each generator returns a text of about `size` characters whose shape is what once made
(or could make) a backtracking pattern, a per-sentence rescan or a per-block loop blow up:
runs of capitals, open brackets before capitalised words, sentences with no end, lines of
one word, bullet lists, figure lists, a line with no space, and real prose repeated.
"""

from __future__ import annotations

from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _fill(unit: str, size: int, sep: str = " ") -> str:
    count = max(1, size // (len(unit) + len(sep)))
    return sep.join([unit] * count)


def caps_run(size: int) -> str:
    """ALL-CAPS words in one sentence, ended by a full stop."""
    return "Headline\n\n" + _fill("CAPS", size) + " said.\n"


def open_brackets(size: int) -> str:
    """'(' followed by a capitalised word, again and again, in one sentence."""
    return "Headline\n\n" + _fill("(Word", size) + " said\n"


def one_sentence(size: int) -> str:
    """One sentence of ordinary words with no full stop until the end."""
    words = "the ministry approved fourteen new models and said that more would follow".split()
    body = " ".join(words[i % len(words)] for i in range(max(1, size // 6)))
    return "Headline\n\nThe " + body + ".\n"


def one_word_lines(size: int) -> str:
    return _fill("Word", size, "\n") + "\n"


def bullet_lines(size: int) -> str:
    return "Headline\n\n" + _fill("- Transparency: disclose training data.", size, "\n") + "\n"


def figure_list(size: int) -> str:
    """Sentences packed with figures, percentages and sources (what the claim checks read)."""
    unit = "Revenue rose 12.5% to $3.4 billion in 2023, up from 1,200 units, according to IDC."
    return "Headline\n\n" + _fill(unit, size) + "\n"


def no_space_line(size: int) -> str:
    return "Headline\n\n" + "x" * size + "\n"


def real_prose(size: int) -> str:
    """A real article (seed 000) repeated, one paragraph per line, to `size` characters."""
    article = sorted(SEEDS.glob("000_*.txt"))[0].read_text(encoding="utf-8")
    copies = max(1, size // len(article))
    return "\n".join([article] * copies)


def real_prose_one_paragraph(size: int) -> str:
    """The same real prose with its line breaks removed: one block of many sentences (what
    wire copy looks like, and where a per-sentence rescan of the block is quadratic)."""
    return "Headline\n\n" + " ".join(real_prose(size).split())


def html_blocks(count: int) -> str:
    """An HTML page of `count` one-word paragraphs inside nested containers."""
    return "<html><body><div class='page'><article>" + "".join(f"<p>Word{i}</p>" for i in range(count)) + \
        "</article></div></body></html>"


def html_long_class(size: int) -> str:
    """An element whose class attribute is `size` characters (read by the furniture pattern)."""
    return f"<html><body><div class='{'advert_' * (size // 7)}x'><p>Text of the article.</p></div></body></html>"


def directives(count: int) -> str:
    """`count` suppression directives, each before a sentence with a relative date."""
    return "Headline\n\n" + "\n".join(f"<!-- auditor: ignore=all -->\nShares fell this week ({i})."
                                       for i in range(count)) + "\n"


# The shapes the linear-time test runs, with the size the brief asks for.
WORST_CASES = {
    "caps-5000-words": lambda: "Headline\n\n" + " ".join(["CAPS"] * 5000) + " said.\n",
    "brackets-2000": lambda: "Headline\n\n" + " ".join(["(Word"] * 2000) + " said\n",
    "one-sentence-100kb": lambda: one_sentence(100_000),
    "one-word-lines-10000": lambda: "\n".join(["Word"] * 10_000) + "\n",
    "bullet-lines-10000": lambda: "Headline\n\n" + "\n".join(["- Transparency: disclose training data."] * 10_000) + "\n",
    "no-space-line-1mb": lambda: no_space_line(1_000_000),
    "real-prose-2mb": lambda: real_prose(2_000_000),
    "real-prose-2mb-one-paragraph": lambda: real_prose_one_paragraph(2_000_000),
    "directives-10000": lambda: directives(10_000),
}

# HTML pages for the HTML reader (parsed, then checked like the text cases).
HTML_CASES = {
    "html-10000-blocks": lambda: html_blocks(10_000),
    "html-1mb-class": lambda: html_long_class(1_000_000),
}

# The shapes the benchmark times at several sizes.
BENCH_SHAPES = {
    "prose": real_prose,
    "caps": caps_run,
    "figures": figure_list,
    "bullets": bullet_lines,
}
