"""Linear-time regular expressions for article text (google-re2).

Article text is untrusted: a backtracking engine can spend exponential time on a crafted
(or merely unlucky) sentence, such as a long run of ALL-CAPS words against a pattern with
two alternatives that both match a capitalised word. RE2 runs in time linear in the input
whatever the pattern, at the price of no lookaround and no backreferences; patterns that
need context check it with plain string code in a bounded window instead.

Two rules keep the whole statistics family linear:

- search small slices (one sentence, or a window of a few dozen characters), never a big
  text with `pos`/`endpos`: the wrapper re-encodes the whole string on every call;
- compile through `compile()` here, so that a test can check every pattern is RE2's.

RE2's `\\w`, `\\d` and `\\b` are ASCII; use `\\p{L}` and `\\p{Lu}` where letters of other
scripts matter. Python's `\\Z` is RE2's `\\z`.
"""

from __future__ import annotations

import functools

import re2

Pattern = re2._Regexp  # the compiled type, for annotations


@functools.lru_cache(maxsize=None)
def compile(pattern: str, ignore_case: bool = False) -> Pattern:  # noqa: A001 - mirrors re.compile
    """Compile `pattern` with RE2 (leftmost-first, like Python's `re`)."""
    options = re2.Options()
    options.case_sensitive = not ignore_case
    return re2.compile(pattern, options)

