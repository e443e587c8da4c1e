"""The rule registry: every rule is a small class whose docstring is its documentation.

A rule has a short code (ST001), a dotted name (statistics.unsupported) whose first part is
its family, a default severity and optional tunable options. Checks report findings
against rules; configuration can select, ignore, re-grade and tune rules by code, name or
family. The README's rule reference is generated from this registry.
"""

from __future__ import annotations

import inspect
import re
from typing import Any, ClassVar

from .findings import Severity

FAMILIES = ("duplicates", "boilerplate", "statistics", "consistency", "readability", "farm")
_CODE = re.compile(r"^[A-Z]{2}\d{3}$")
_NAME = re.compile(r"^[a-z]+\.[a-z][a-z0-9-]*$")

REGISTRY: dict[str, type["Rule"]] = {}


class Rule:
    """Base class; subclasses set `code`, `name`, `severity` and a docstring with a bad and a
    good example. `options` maps each tunable option to its default value."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    options: ClassVar[dict[str, Any]] = {}

    @classmethod
    def family(cls) -> str:
        return cls.name.split(".", 1)[0]

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().split("\n", 1)[0].strip()


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: validate a rule's metadata and add it to the registry."""
    if not _CODE.match(cls.code):
        raise ValueError(f"{cls.__name__}: rule code {cls.code!r} is not like 'ST001'")
    if not _NAME.match(cls.name) or cls.family() not in FAMILIES:
        raise ValueError(f"{cls.__name__}: rule name {cls.name!r} is not 'family.name' with a known family")
    if not cls.doc() or "Bad" not in cls.doc() or "Good" not in cls.doc():
        raise ValueError(f"{cls.__name__}: the docstring must document the rule with a Bad and a Good example")
    for other in REGISTRY.values():
        if other.code == cls.code or other.name == cls.name:
            if other is not cls and other.__qualname__ != cls.__qualname__:
                raise ValueError(f"{cls.__name__}: code or name already used by {other.__name__}")
    REGISTRY[cls.code] = cls
    return cls


def all_rules() -> list[type[Rule]]:
    """Every registered rule, sorted by code (imports the checks so they register)."""
    from . import checks  # noqa: F401  (registration happens on import)

    return sorted(REGISTRY.values(), key=lambda r: r.code)


def matches(rule: type[Rule], selector: str) -> bool:
    """True when a selector (code, code prefix such as 'ST', dotted name, or family)
    designates the rule."""
    s = selector.strip()
    return s in (rule.code, rule.name, rule.family()) or (s.isalpha() and s.isupper() and rule.code.startswith(s))


def resolve(selector: str) -> list[type[Rule]]:
    """Rules a selector designates; an empty list means the selector is unknown."""
    return [r for r in all_rules() if matches(r, selector)]
