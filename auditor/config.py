"""Configuration: discovery, parsing, validation and merging into one immutable Config.

Where it comes from, first match wins: `--config FILE`; else the nearest `.auditor.toml`
or `pyproject.toml` with a `[tool.auditor]` table, walking up from the working folder.
Command-line options override the file. Unknown keys and bad values are errors that name
the key, so a typo never silently disables a check.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import asdict, dataclass, field, replace
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, Sequence

from .corpus.load import DEFAULT_MAX_BYTES
from .findings import Severity
from .rules import Rule, matches, resolve

Rules = Sequence[type[Rule]]


class ConfigError(Exception):
    """A configuration problem; the message names the file and the key."""


FAIL_LEVELS = ("error", "warning", "info", "never")


@dataclass(frozen=True)
class RuleSettings:
    severity: Severity | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Vocabulary:
    """A desk's own words, added to (never replacing) the built-in data:

    - trusted_sources: sources whose figures need no link (statistics.unlinked-source is
      silent when the named source contains one of them, case-insensitively);
    - vague_cues: phrases that make a figure's attribution vague, like "experts say"
      (statistics.vague-attribution);
    - boilerplate_phrases: a line that holds one of them is the site's template
      (boilerplate.template)."""

    trusted_sources: tuple[str, ...] = ()
    vague_cues: tuple[str, ...] = ()
    boilerplate_phrases: tuple[str, ...] = ()


VOCABULARY_KEYS = {"trusted-sources": "trusted_sources", "vague-cues": "vague_cues",
                   "boilerplate-phrases": "boilerplate_phrases"}
MAX_PHRASES, MAX_PHRASE_CHARS = 1000, 200


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()  # empty: every rule
    ignore: tuple[str, ...] = ()
    rules: dict[str, RuleSettings] = field(default_factory=dict)  # by rule code
    max_file_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 0  # 0: one per core
    time_budget: float = 60.0  # seconds one document may take before it becomes a load error
    fail_on: str | None = None  # None: the command's default (check: error, audit: never)
    archive: str | None = None  # SQLite archive of earlier drops
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, selectors)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    source: str = ""  # the file it was read from, for `auditor config`

    def enabled(self, rule: type[Rule]) -> bool:
        if self.select and not any(matches(rule, s) for s in self.select):
            return False
        return not any(matches(rule, s) for s in self.ignore)

    def ignored_at(self, path: str, rule: type[Rule]) -> bool:
        """True when a per-path ignore covers this rule for this document path."""
        normalised = path.replace("\\", "/")
        return any(fnmatch(normalised, glob) and any(matches(rule, s) for s in selectors)
                   for glob, selectors in self.per_path_ignores)

    def severity_of(self, rule: type[Rule]) -> Severity:
        settings = self.rules.get(rule.code)
        return settings.severity if settings and settings.severity else rule.severity

    def option(self, rule: type[Rule], key: str) -> Any:
        settings = self.rules.get(rule.code)
        if settings and key in settings.options:
            return settings.options[key]
        return rule.options[key]

    def effective_jobs(self) -> int:
        return self.jobs or os.cpu_count() or 1

    def as_dict(self, rules: Rules) -> dict[str, Any]:
        """The effective configuration, every rule with its severity and options."""
        out = {k: v for k, v in asdict(self).items() if k not in ("rules", "source")}
        out["select"], out["ignore"] = list(self.select), list(self.ignore)
        out["vocabulary"] = {key: list(getattr(self.vocabulary, attr)) for key, attr in VOCABULARY_KEYS.items()}
        out["rules"] = {
            r.name: {
                "code": r.code,
                "enabled": self.enabled(r),
                "severity": self.severity_of(r).label,
                **{k: self.option(r, k) for k in r.options},
            }
            for r in rules
        }
        return out


_TOOL_AUDITOR = re.compile(r"^\s*\[\s*tool\s*\.\s*auditor\b", re.MULTILINE)
_TOP_KEYS = {"select", "ignore", "rules", "max-file-bytes", "jobs", "fail-on", "archive", "per-path-ignores",
             "time-budget", "vocabulary"}
TIME_BUDGET_LIMITS = (0.1, 86400.0)


def find_config_file(start: Path | None = None) -> tuple[Path, bool] | None:
    """The nearest `.auditor.toml`, or `pyproject.toml` with `[tool.auditor]`, walking up.
    Returns (path, is_pyproject)."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / ".auditor.toml"
        if own.is_file():
            return own, False
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file():
            try:
                raw = pyproject.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{pyproject}: cannot be read ({exc})") from None
            try:
                data = tomllib.loads(raw)
            except tomllib.TOMLDecodeError as exc:
                if _TOOL_AUDITOR.search(raw):
                    raise ConfigError(f"{pyproject}: not valid TOML ({exc}); it holds [tool.auditor], "
                                      "so auditor will not guess its configuration") from None
                continue  # someone else's broken pyproject, with no auditor table in it
            if "auditor" in data.get("tool", {}):
                return pyproject, True
    return None


def load_config(path: str | None = None, *, rules: Rules, start: Path | None = None) -> Config:
    """Read the configuration named by `path`, or discover one; defaults when none.
    `rules` is every rule there is (selectors and rule tables are checked against it)."""
    if path is not None:
        file, is_pyproject = Path(path), Path(path).name == "pyproject.toml"
        if not file.is_file():
            raise ConfigError(f"{path}: configuration file not found")
    else:
        found = find_config_file(start)
        if found is None:
            return Config()
        file, is_pyproject = found
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: not valid TOML: {exc}") from None
    if is_pyproject:
        data = data.get("tool", {}).get("auditor", {})
    return parse_config(data, str(file), rules=rules)


def parse_config(data: dict[str, Any], source: str = "<config>", *, rules: Rules) -> Config:
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise ConfigError(f"{source}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_TOP_KEYS))})")
    config = Config(source=source)
    if "select" in data:
        config = replace(config, select=_selectors(data["select"], "select", source, rules))
    if "ignore" in data:
        config = replace(config, ignore=_selectors(data["ignore"], "ignore", source, rules))
    if "max-file-bytes" in data:
        config = replace(config, max_file_bytes=_positive_int(data["max-file-bytes"], "max-file-bytes", source))
    if "jobs" in data:
        config = replace(config, jobs=_positive_int(data["jobs"], "jobs", source, allow_zero=True))
    if "time-budget" in data:
        config = replace(config, time_budget=time_budget(data["time-budget"], f"{source}: time-budget"))
    if "fail-on" in data:
        config = replace(config, fail_on=_fail_level(data["fail-on"], f"{source}: fail-on"))
    if "rules" in data:
        config = replace(config, rules=_rule_settings(data["rules"], source, rules))
    if "per-path-ignores" in data:
        table = data["per-path-ignores"]
        if not isinstance(table, dict):
            raise ConfigError(f"{source}: per-path-ignores must be a table of glob = [rules]")
        config = replace(config, per_path_ignores=tuple(
            (glob, _selectors(sel, f"per-path-ignores.{glob}", source, rules)) for glob, sel in sorted(table.items())))
    if "archive" in data:
        if not isinstance(data["archive"], str) or not data["archive"].strip():
            raise ConfigError(f"{source}: archive must be a file path")
        config = replace(config, archive=data["archive"])
    if "vocabulary" in data:
        config = replace(config, vocabulary=_vocabulary(data["vocabulary"], source))
    return config


def _vocabulary(table: Any, source: str) -> Vocabulary:
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: vocabulary must be a table of lists ({', '.join(sorted(VOCABULARY_KEYS))})")
    unknown = sorted(set(table) - set(VOCABULARY_KEYS))
    if unknown:
        raise ConfigError(f"{source}: vocabulary: unknown key {unknown[0]!r} (known: {', '.join(sorted(VOCABULARY_KEYS))})")
    values = {}
    for key, attr in VOCABULARY_KEYS.items():
        phrases = table.get(key, [])
        where = f"{source}: vocabulary.{key}"
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise ConfigError(f"{where} must be a list of phrases")
        if len(phrases) > MAX_PHRASES:
            raise ConfigError(f"{where} holds {len(phrases)} phrases (at most {MAX_PHRASES})")
        cleaned = []
        for phrase in phrases:
            phrase = " ".join(phrase.split())
            if not phrase or len(phrase) > MAX_PHRASE_CHARS:
                raise ConfigError(f"{where}: phrases must be 1 to {MAX_PHRASE_CHARS} characters, got {phrase[:40]!r}")
            cleaned.append(phrase)
        values[attr] = tuple(sorted(set(cleaned)))
    return Vocabulary(**values)


def _selectors(value: Any, key: str, source: str, rules: Rules) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{source}: {key} must be a list of rule codes, names or families")
    for selector in value:
        if not resolve(selector, rules):
            raise ConfigError(f"{source}: {key}: no rule matches {selector!r}")
    return tuple(value)


def _positive_int(value: Any, key: str, source: str, allow_zero: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < (0 if allow_zero else 1):
        raise ConfigError(f"{source}: {key} must be a {'non-negative' if allow_zero else 'positive'} integer, got {value!r}")
    return value


def _fail_level(value: Any, where: str) -> str:
    if value not in FAIL_LEVELS:
        raise ConfigError(f"{where} must be one of {', '.join(FAIL_LEVELS)}, got {value!r}")
    return value


def _rule_settings(table: Any, source: str, all_rules: Rules) -> dict[str, RuleSettings]:
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: rules must be a table keyed by rule code or name")
    out: dict[str, RuleSettings] = {}
    for selector, settings in table.items():
        designated = resolve(selector, all_rules)
        if len(designated) != 1:
            raise ConfigError(f"{source}: rules.{selector}: not a rule code or rule name")
        rule = designated[0]
        if not isinstance(settings, dict):
            raise ConfigError(f"{source}: rules.{selector} must be a table")
        severity = None
        options = {}
        for key, value in settings.items():
            where = f"{source}: rules.{selector}.{key}"
            if key == "severity":
                try:
                    severity = Severity.parse(str(value))
                except ValueError as exc:
                    raise ConfigError(f"{where}: {exc}") from None
            elif key in rule.options:
                options[key] = _option_value(rule, key, value, where)
            else:
                known = ", ".join(["severity", *rule.options])
                raise ConfigError(f"{where}: unknown option (known: {known})")
        out[rule.code] = RuleSettings(severity, options)
    return out


def time_budget(value: Any, where: str) -> float:
    """Seconds per document, a finite number within TIME_BUDGET_LIMITS."""
    low, high = TIME_BUDGET_LIMITS
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not low <= value <= high:
        raise ConfigError(f"{where} must be a number of seconds between {low:g} and {high:g}, got {value!r}")
    return float(value)


def _option_value(rule: type[Rule], key: str, value: Any, where: str) -> Any:
    """A rule option's value, checked against its default's type and its limits."""
    default = rule.options[key]
    if isinstance(value, bool) != isinstance(default, bool) or (
            type(value) is not type(default) and not (isinstance(default, float) and isinstance(value, int))):
        raise ConfigError(f"{where} must be {type(default).__name__}, got {value!r}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        low, high = rule.limits[key]
        if not math.isfinite(value) or not low <= value <= high:
            raise ConfigError(f"{where} must be between {low:g} and {high:g}, got {value!r}")
        value = float(value) if isinstance(default, float) else value
    return value


def with_overrides(config: Config, *, rules: Rules, **overrides: Any) -> Config:
    """Apply command-line values (None means: not given)."""
    given = {k: v for k, v in overrides.items() if v is not None}
    if "fail_on" in given:
        _fail_level(given["fail_on"], "--fail-on")
    for key in ("select", "ignore"):
        if key in given:
            given[key] = _selectors(list(given[key]), f"--{key}", "command line", rules)
    return replace(config, **given)
