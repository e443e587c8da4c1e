"""Rules: every rule is a small class whose docstring is its documentation.

A rule has a short code (ST001), a dotted name (statistics.unsupported) whose first part is
its family, a default severity and optional tunable options. The checks package lists its
rules explicitly (`checks.get_rules()`); configuration selects, ignores, re-grades and tunes
them by code, name or family. The README's rule reference is generated from that list.
"""

from __future__ import annotations

import inspect
import re
from typing import Any, ClassVar, Iterable

from .findings import Severity

FAMILIES = ("duplicates", "boilerplate", "statistics", "consistency", "readability", "farm")
_CODE = re.compile(r"^[A-Z]{2}\d{3}$")
_NAME = re.compile(r"^[a-z]+\.[a-z][a-z0-9-]*$")


class Rule:
    """Base class; subclasses set `code`, `name`, `severity` and a docstring with a bad and a
    good example. `options` maps each tunable option to its default value, `limits` each
    numeric option to the (lowest, highest) value it accepts."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    options: ClassVar[dict[str, Any]] = {}
    limits: ClassVar[dict[str, tuple[float, float]]] = {}

    @classmethod
    def family(cls) -> str:
        return cls.name.split(".", 1)[0]

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        """The docstring's first paragraph, on one line."""
        return " ".join(cls.doc().split("\n\n", 1)[0].split())


def validate_rules(rules: Iterable[type[Rule]]) -> list[type[Rule]]:
    """Check every rule's metadata (code and name shapes, known family, a documented bad
    and good example, no code or name used twice); returns the rules sorted by code."""
    seen: dict[str, type[Rule]] = {}
    for cls in rules:
        if not _CODE.match(cls.code):
            raise ValueError(f"{cls.__name__}: rule code {cls.code!r} is not like 'ST001'")
        if not _NAME.match(cls.name) or cls.family() not in FAMILIES:
            raise ValueError(f"{cls.__name__}: rule name {cls.name!r} is not 'family.name' with a known family")
        if not cls.doc() or "Bad" not in cls.doc() or "Good" not in cls.doc():
            raise ValueError(f"{cls.__name__}: the docstring must document the rule with a Bad and a Good example")
        for option, default in cls.options.items():
            if isinstance(default, (int, float)) and not isinstance(default, bool):
                low, high = cls.limits.get(option, (None, None))
                if low is None or not low <= default <= high:
                    raise ValueError(f"{cls.__name__}: option {option!r} needs limits that hold its default")
        for key in (cls.code, cls.name):
            if key in seen and seen[key] is not cls:
                raise ValueError(f"{cls.__name__}: code or name {key!r} already used by {seen[key].__name__}")
            seen[key] = cls
    return sorted(set(seen.values()), key=lambda r: r.code)


def matches(rule: type[Rule], selector: str) -> bool:
    """True when a selector (code, code prefix such as 'ST', dotted name, or family)
    designates the rule."""
    s = selector.strip()
    return s in (rule.code, rule.name, rule.family()) or (s.isalpha() and s.isupper() and rule.code.startswith(s))


def resolve(selector: str, rules: Iterable[type[Rule]]) -> list[type[Rule]]:
    """Rules a selector designates; an empty list means the selector is unknown."""
    return [r for r in rules if matches(r, selector)]
